"""`landfall:network`: the VPCs of a stack, their tiers, NAT, endpoints and flow logs."""

from __future__ import annotations

import difflib
import ipaddress
import re
from enum import Enum
from typing import Any, Optional

from pydantic import Field

from landfall.plan.addresses import TierSpec, TierType, az_slot, validate_layout
from landfall.plan.service_names import endpoint_service_problem

from .accounts import check_account_ref
from .base import StrictModel
from .context import Context
from .errors import Problem
from .tags import tier_tag_problems

SECTION = "landfall:network"

# CloudWatch Logs accepts only these retention periods (days).
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
DEFAULT_FLOW_LOG_RETENTION_DAYS = 365  # CIS/FSBP auditors look for a year of network evidence
GATEWAY_ENDPOINT_SERVICES = ("s3", "dynamodb")  # the only two gateway endpoints AWS offers
# Interface (and gateway) service names are checked against botocore's endpoint data: see landfall.plan.service_names.
INTERFACE_SERVICE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")


class NatStrategy(str, Enum):
    """How private_with_egress tiers reach the internet."""

    NONE = "none"  # no NAT: egress tiers need a transit gateway default route instead
    SINGLE = "single"  # one NAT for all AZs: cheapest, one AZ is a single point of failure
    ONE_PER_AZ = "one_per_az"  # a NAT in each AZ: survives an AZ outage, each AZ's traffic stays in its AZ


class FlowLogTraffic(str, Enum):
    ALL = "ALL"
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"


class TierConfig(StrictModel):
    name: str = Field(description="Stable key of the tier; part of every subnet's logical name.")
    type: TierType
    prefix: int = Field(description="Prefix length of each subnet of this tier (one per AZ).")
    reserved: bool = Field(
        default=False,
        description="Keep the tier's address room but create no subnets: retire a tier without moving the tiers after it.",
    )
    tags: dict[str, str] = Field(
        default_factory=dict,
        description="Extra tags on this tier's subnets (e.g. kubernetes.io/role/elb: '1' for load-balancer "
        "controllers), merged with the stack's tags; Name, tier and tier-type stay landfall's. Default: none.",
    )

    def spec(self) -> TierSpec:
        return TierSpec(self.name, self.type, self.prefix, self.reserved)


class FlowLogConfig(StrictModel):
    traffic_type: FlowLogTraffic = Field(default=FlowLogTraffic.ALL, description="Default: ALL (EC2.6 accepts REJECT; ALL also helps debugging).")
    retention_days: int = Field(default=DEFAULT_FLOW_LOG_RETENTION_DAYS, description="Default: 365 (a year of evidence).")


class EndpointsConfig(StrictModel):
    gateway: list[str] = Field(
        default_factory=lambda: list(GATEWAY_ENDPOINT_SERVICES),
        description="Gateway endpoints on every private and isolated route table. Default: s3 and dynamodb (free).",
    )
    interface: list[str] = Field(
        default_factory=list,
        description="Interface endpoint services (e.g. ssm, ecr.api). Default: none (each costs per AZ-hour).",
    )
    interface_tier: Optional[str] = Field(
        default=None, description="Tier whose subnets (one per AZ) hold the interface endpoints. Default: the first non-public tier."
    )
    policies: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Optional endpoint policy documents keyed by service name."
    )


class NaclRule(StrictModel):
    rule_number: int
    action: str = Field(pattern="^(allow|deny)$")
    protocol: str = Field(description="tcp, udp, icmp or -1 (all)")
    cidr: str
    from_port: int = 0
    to_port: int = 0


class NaclConfig(StrictModel):
    ingress: list[NaclRule] = Field(default_factory=list)
    egress: list[NaclRule] = Field(default_factory=list)


class VpcConfig(StrictModel):
    account: Optional[str] = Field(default=None, description="Account (landfall:accounts key). Default: the stack's account.")
    cidr: str
    az_ids: list[str] = Field(description="AZ ids (e.g. euw1-az1): the same physical AZ in every account, unlike AZ names.")
    az_block_prefix: Optional[int] = Field(
        default=None, description="Prefix of each AZ's fixed block. Default: VPC prefix + 2 (four AZ blocks)."
    )
    tiers: list[TierConfig]
    nat: NatStrategy = Field(default=NatStrategy.ONE_PER_AZ, description="Default: one_per_az (awsx and aws-cdk default; production-safe).")
    nat_az_id: Optional[str] = Field(
        default=None,
        description="AZ of the NAT under nat: single. Default: the lowest-numbered AZ id, so reordering az_ids never moves the NAT.",
    )
    flow_logs: FlowLogConfig = Field(default_factory=FlowLogConfig)
    endpoints: EndpointsConfig = Field(default_factory=EndpointsConfig)
    nacls: dict[str, NaclConfig] = Field(default_factory=dict, description="Network ACLs per tier. Default: none (the default NACL).")
    allow_public_cidr: bool = Field(default=False, description="Allow a CIDR outside the private ranges. Default: false.")

    @property
    def single_nat_az_id(self) -> str:
        return self.nat_az_id or min(self.az_ids, key=az_slot)

    def tier(self, name: str) -> Optional[TierConfig]:
        return next((t for t in self.tiers if t.name == name), None)

    @property
    def active_tiers(self) -> list[TierConfig]:
        return [t for t in self.tiers if not t.reserved]

    def first_tier(self, tier_type: TierType) -> Optional[TierConfig]:
        return next((t for t in self.active_tiers if t.type == tier_type), None)

    def function_tier(self, wanted: Optional[str] = None) -> Optional[TierConfig]:
        """Where VPC functions run: the tier named `wanted` (landfall:services.function_tier), else the first private
        tier with egress, else the first isolated one."""
        if wanted:
            return next((t for t in self.active_tiers if t.name == wanted), None)
        return self.first_tier(TierType.PRIVATE_WITH_EGRESS) or self.first_tier(TierType.ISOLATED)

    def has_tier_type(self, tier_type: TierType) -> bool:
        return any(t.type == tier_type for t in self.active_tiers)

    @property
    def interface_endpoint_tier(self) -> Optional[str]:
        if self.endpoints.interface_tier:
            return self.endpoints.interface_tier
        return next((t.name for t in self.active_tiers if t.type != TierType.PUBLIC), None)

    def problems(self, name: str, ctx: Context, egress_via_transit: bool = False) -> list[Problem]:
        path = f"{SECTION}.vpcs.{name}"
        found: list[Problem] = []
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,23}", name):
            found.append(Problem(path, "VPC names must be 1-24 lowercase letters, digits or hyphens", "rename the key, e.g. main", name))
        if self.account is not None:
            found += check_account_ref(self.account, f"{path}.account", ctx.accounts)
        for i, tier in enumerate(self.tiers):
            # A tier's name is part of its subnets' and route tables' logical names and Name tags: keep it a key.
            if not re.fullmatch(r"[a-z][a-z0-9-]{0,31}", tier.name):
                found.append(Problem(f"{path}.tiers[{i}].name", "tier names must be 1-32 lowercase letters, digits or "
                                     "hyphens, starting with a letter", "rename the tier, e.g. app or data", tier.name))
            found += tier_tag_problems(tier.tags, f"{path}.tiers[{i}].tags", ctx.settings.tags)
        found += validate_layout(
            path, self.cidr, self.az_ids, [t.spec() for t in self.tiers], ctx.region, self.az_block_prefix, self.allow_public_cidr
        )
        has_public = self.has_tier_type(TierType.PUBLIC)
        needs_egress = self.has_tier_type(TierType.PRIVATE_WITH_EGRESS)
        if self.nat != NatStrategy.NONE and not has_public:
            found.append(Problem(f"{path}.nat", "a NAT gateway needs a public tier to live in", "add a tier with type: public, or set nat: none", self.nat.value))
        if needs_egress and self.nat == NatStrategy.NONE and not egress_via_transit:
            found.append(Problem(f"{path}.nat", "private_with_egress tiers need a way out, but nat is none and no transit default route is configured", "set nat: single or one_per_az, route 0.0.0.0/0 to the transit gateway, or make those tiers isolated", self.nat.value))
        if self.nat_az_id is not None:
            if self.nat != NatStrategy.SINGLE:
                found.append(Problem(f"{path}.nat_az_id", "only applies to nat: single", "remove it, or set nat: single", self.nat_az_id))
            elif self.nat_az_id not in self.az_ids:
                found.append(Problem(f"{path}.nat_az_id", "is not one of the VPC's az_ids", f"use one of {self.az_ids}", self.nat_az_id))
        if self.flow_logs.retention_days not in LOG_RETENTION_DAYS:
            found.append(Problem(f"{path}.flow_logs.retention_days", "is not a retention period CloudWatch Logs accepts", f"use one of {', '.join(map(str, LOG_RETENTION_DAYS))}", self.flow_logs.retention_days))
        partition = ctx.settings.partition
        for i, svc in enumerate(self.endpoints.gateway):
            where = f"{path}.endpoints.gateway[{i}]"
            if svc not in GATEWAY_ENDPOINT_SERVICES:
                close = difflib.get_close_matches(str(svc), GATEWAY_ENDPOINT_SERVICES, n=1, cutoff=0.5)
                if close:
                    fix = f"did you mean {close[0]}?"
                elif endpoint_service_problem(str(svc), ctx.region, partition) is None:
                    fix = "move it to endpoints.interface"
                else:
                    fix = "list only s3 or dynamodb here"
                found.append(Problem(where, "AWS offers gateway endpoints only for s3 and dynamodb", fix, svc))
            elif (bad := endpoint_service_problem(svc, ctx.region, partition)) is not None:
                found.append(Problem(where, *bad, svc))
        for i, svc in enumerate(self.endpoints.interface):
            where = f"{path}.endpoints.interface[{i}]"
            if not INTERFACE_SERVICE_PATTERN.match(svc) or svc.startswith("com.amazonaws"):
                found.append(Problem(where, "is not a short service name", "write the part after com.amazonaws.<region>., e.g. ecr.api", svc))
            elif (bad := endpoint_service_problem(svc, ctx.region, partition)) is not None:
                found.append(Problem(where, *bad, svc))
        if len(set(self.endpoints.interface)) != len(self.endpoints.interface):
            found.append(Problem(f"{path}.endpoints.interface", "lists a service twice", "list each service once", self.endpoints.interface))
        if self.endpoints.interface:
            tier_name = self.interface_endpoint_tier
            tier = self.tier(tier_name) if tier_name else None
            if tier is None or tier.reserved:
                found.append(Problem(f"{path}.endpoints.interface_tier", "names no active tier of this VPC", f"use one of {[t.name for t in self.active_tiers]}", tier_name))
        known_services = set(self.endpoints.gateway) | set(self.endpoints.interface)
        for svc in self.endpoints.policies:
            if svc not in known_services:
                found.append(Problem(f"{path}.endpoints.policies.{svc}", "is a policy for an endpoint this VPC does not create", "add the service to endpoints.gateway or endpoints.interface", svc))
        for tier_name, nacl in self.nacls.items():
            tier = self.tier(tier_name)
            if tier is None or tier.reserved:
                found.append(Problem(f"{SECTION}.vpcs.{name}.nacls.{tier_name}", "names no active tier of this VPC", f"use one of {[t.name for t in self.active_tiers]}", tier_name))
            for direction, rules in (("ingress", nacl.ingress), ("egress", nacl.egress)):
                numbers = [r.rule_number for r in rules]
                for i, rule in enumerate(rules):
                    where = f"{path}.nacls.{tier_name}.{direction}[{i}]"
                    if not 1 <= rule.rule_number <= 32766:
                        found.append(Problem(f"{where}.rule_number", "must be 1-32766", "renumber the rule", rule.rule_number))
                    if numbers.count(rule.rule_number) > 1:
                        found.append(Problem(f"{where}.rule_number", "is used twice in this direction", "give each rule a unique number", rule.rule_number))
                    if rule.protocol not in ("tcp", "udp", "icmp", "-1"):
                        found.append(Problem(f"{where}.protocol", "is not tcp, udp, icmp or -1", "use one of those", rule.protocol))
                    found += _nacl_rule_problems(where, rule)
        return found


PORT_MAX = 65_535


def _nacl_rule_problems(where: str, rule: NaclRule) -> list[Problem]:
    """A NACL entry's range and ports as EC2 takes them: an IPv4 network (cidr_block), ports 0-65535 and from <= to
    for tcp and udp (other protocols ignore ports)."""
    found: list[Problem] = []
    try:
        net = ipaddress.ip_network(rule.cidr, strict=True)
    except ValueError as err:
        found.append(Problem(f"{where}.cidr", f"is not an IPv4 network ({err})", "write it like 10.0.0.0/16 or 0.0.0.0/0", rule.cidr))
    else:
        if net.version != 4:
            found.append(Problem(f"{where}.cidr", "is an IPv6 range; these rules set the IPv4 cidr_block", "use an IPv4 range", rule.cidr))
    if rule.protocol in ("tcp", "udp"):
        for key in ("from_port", "to_port"):
            port = getattr(rule, key)
            if not 0 <= port <= PORT_MAX:
                found.append(Problem(f"{where}.{key}", f"ports are 0-{PORT_MAX}", "use a port in that range", port))
        if 0 <= rule.from_port <= PORT_MAX and 0 <= rule.to_port <= PORT_MAX and rule.from_port > rule.to_port:
            found.append(Problem(f"{where}.to_port", f"is below from_port ({rule.from_port}): the range would be empty",
                                 "swap the two, or set to_port to from_port for a single port", rule.to_port))
    return found


class NetworkConfig(StrictModel):
    vpcs: dict[str, VpcConfig] = Field(default_factory=dict, description="VPCs keyed by a stable name.")

    def problems(self, ctx: Context, egress_via_transit: frozenset[str] = frozenset()) -> list[Problem]:
        found: list[Problem] = []
        for name, vpc in self.vpcs.items():
            found += vpc.problems(name, ctx, egress_via_transit=name in egress_via_transit)
        return found

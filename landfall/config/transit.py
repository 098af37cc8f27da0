"""`landfall:transit`: the transit gateway hub (network stack) and the VPCs that attach to it (every stack).

The network stack declares the hub: the transit gateway, one route table per segment, the rules between
segments, the RAM share and optional central egress. A workload stack names the hub by its stack reference
(`hub_stack`) and lists its attachments: per VPC, the segment it joins, the tier whose subnets hold the
attachment and the destinations its route tables send to the transit gateway.

A spoke creates the hub side of its attachment too (accepter, association, propagations, through the
network account's provider), so it must know the hub's segments and rules before any resource exists:
they are read from the hub's stack file in the same project (the ids come later, through a StackReference).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from pydantic import Field, ValidationError

from landfall.plan.addresses import TierType
from landfall.plan.regions import partition_of
from landfall.plan.segments import (
    ANYWHERE,
    PRIVATE_RANGES,
    AttachmentSpec,
    Rule,
    SegmentSpec,
    reach,
    validate_cidrs,
    validate_segment_ref,
    validate_segments,
)

from .accounts import AccountConfig
from .base import StrictModel
from .context import Context
from .errors import ConfigError, Problem
from .network import NatStrategy
from .references import PROJECT, stack_of
from .stack import StackKind, StackSettings
from .tags import tag_value_problem
from .yaml_text import read_stack_config

if TYPE_CHECKING:
    from .network import NetworkConfig, VpcConfig

SECTION = "landfall:transit"
DEFAULT_ASN = 64512  # the first private ASN, the AWS default
PRIVATE_ASN_RANGES = ((64512, 65534), (4_200_000_000, 4_294_967_294))  # what AWS accepts for amazon_side_asn
DEFAULT_ATTACHMENT_TIER = "transit"  # AWS recommends a small dedicated subnet (/28) per AZ for attachments
STACK_REFERENCE = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){0,2}$")

_PARTITION = r"arn:(aws|aws-us-gov|aws-cn)"
ORG_ARN = re.compile(_PARTITION + r":organizations::\d{12}:organization/(o-[a-z0-9]{10,32})$")
OU_ARN = re.compile(_PARTITION + r":organizations::\d{12}:ou/o-[a-z0-9]{10,32}/(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$")
ACCOUNT_ID = re.compile(r"^\d{12}$")


class SegmentConfig(StrictModel):
    isolated: bool = Field(
        default=True,
        description="Attachments of this segment do not reach each other (LZA's segregated pattern). Default: true, so a "
        "VPC reaches only what a rule allows; set false for a segment whose members talk to each other (shared services).",
    )
    description: str = Field(default="", description="What the segment is for; tags its route table.")

    def spec(self, name: str) -> SegmentSpec:
        return SegmentSpec(name, self.isolated)


class RuleConfig(StrictModel):
    source: str = Field(alias="from", description="Segment whose attachments may send.")
    target: str = Field(alias="to", description="Segment they may send to.")
    one_way: bool = Field(
        default=False,
        description="Routes only from `from` to `to`, none back. Default: false (two-way): replies need a route back, "
        "so an asymmetric rule must be asked for explicitly.",
    )

    def rule(self) -> Rule:
        return Rule(self.source, self.target, self.one_way)


class ShareConfig(StrictModel):
    name: str = Field(default="landfall-transit", description="Name of the RAM resource share.")
    principals: list[str] = Field(
        default_factory=list,
        description="Who may attach: account names (keys of landfall:accounts), account ids, OU ARNs or the organization "
        "ARN. Never outside the organization (the share sets allow_external_principals: false).",
    )

    def resolved(self, accounts: dict[str, AccountConfig]) -> dict[str, str]:
        """Stable logical-name key -> RAM principal: account names become their ids; ARNs are keyed o-... / ou-...."""
        out = {}
        for principal in self.principals:
            if principal in accounts:
                out[principal] = accounts[principal].id
                continue
            key = principal
            for pattern in (ORG_ARN, OU_ARN):
                match = pattern.match(principal)
                if match:
                    key = match.group(2)
            out[key] = principal
        return out

    def shares_with(self, account_id: str, accounts: dict[str, AccountConfig]) -> bool:
        return self.covers_organization_units or account_id in self.resolved(accounts).values()

    @property
    def covers_organization_units(self) -> bool:
        return any(ORG_ARN.match(p) or OU_ARN.match(p) for p in self.principals)


class EgressConfig(StrictModel):
    vpc: str = Field(description="The egress VPC: a key of landfall:network.vpcs of the network stack (public tier and NAT).")
    attachment_tier: str = Field(
        default=DEFAULT_ATTACHMENT_TIER,
        description="Tier (private_with_egress, so it routes to the NAT of its AZ) holding the egress attachment. Default: transit.",
    )
    segment: str = Field(description="Segment of the egress attachment; it must reach every segment in `segments` (the return path).")
    segments: list[str] = Field(description="Segments whose 0.0.0.0/0 leaves through the egress VPC.")
    spoke_cidrs: list[str] = Field(
        default_factory=lambda: ["10.0.0.0/8"],
        description="Ranges the egress VPC's public route tables send back to the transit gateway (the spokes' replies). "
        "Default: 10.0.0.0/8.",
    )
    blackhole_cidrs: list[str] = Field(
        default_factory=lambda: list(PRIVATE_RANGES),
        description="Ranges dropped in the egress segments' tables, so traffic to a segment without a rule cannot "
        "hairpin through the NAT gateways. Default: the RFC 1918 ranges.",
    )


class HubConfig(StrictModel):
    amazon_side_asn: int = Field(default=DEFAULT_ASN, description="Private ASN of the transit gateway. Default: 64512.")
    dns_support: bool = Field(default=True, description="Resolve public DNS names of attached VPCs to private IPs. Default: true.")
    segments: dict[str, SegmentConfig] = Field(description="One transit gateway route table per segment, keyed by a stable name.")
    rules: list[RuleConfig] = Field(default_factory=list, description="Which segments may reach which. Default: none.")
    share: ShareConfig = Field(default_factory=ShareConfig)
    egress: Optional[EgressConfig] = Field(default=None, description="Central egress through a NAT VPC in the hub. Default: none.")

    def segment_specs(self) -> dict[str, SegmentSpec]:
        return {name: s.spec(name) for name, s in self.segments.items()}

    def rule_specs(self) -> list[Rule]:
        return [r.rule() for r in self.rules]

    def egress_segments(self) -> frozenset[str]:
        return frozenset(self.egress.segments) if self.egress else frozenset()

    def problems(self, ctx: Context, network: "NetworkConfig") -> list[Problem]:
        path = f"{SECTION}.hub"
        found = validate_segments(path, self.segment_specs(), self.rule_specs())
        for name, segment in self.segments.items():
            found += tag_value_problem(segment.description, f"{path}.segments.{name}.description")
        # The share's name is also its Name tag, so AWS's tag value rules bound it.
        if not self.share.name.strip():
            found.append(Problem(f"{path}.share.name", "is empty", "name the share, e.g. landfall-transit", self.share.name))
        else:
            found += tag_value_problem(self.share.name, f"{path}.share.name")
        if not any(lo <= self.amazon_side_asn <= hi for lo, hi in PRIVATE_ASN_RANGES):
            found.append(Problem(f"{path}.amazon_side_asn", "is not a private ASN", "use 64512-65534 or 4200000000-4294967294", self.amazon_side_asn))
        for i, principal in enumerate(self.share.principals):
            if not (principal in ctx.accounts or ORG_ARN.match(principal) or OU_ARN.match(principal) or ACCOUNT_ID.match(principal)):
                found.append(Problem(f"{path}.share.principals[{i}]", "is not a known account, an account id, an OU ARN or the organization ARN",
                                     f"use a key of landfall:accounts ({', '.join(sorted(ctx.accounts))}), a 12-digit id, or arn:aws:organizations::<management id>:organization/o-...", principal))
        if len(set(self.share.resolved(ctx.accounts).values())) != len(self.share.principals):
            found.append(Problem(f"{path}.share.principals", "lists a principal twice", "list each principal once", self.share.principals))
        if self.egress is not None:
            found += self._egress_problems(f"{path}.egress", network)
        return found

    def _egress_problems(self, path: str, network: "NetworkConfig") -> list[Problem]:
        egress = self.egress
        found: list[Problem] = []
        vpc = network.vpcs.get(egress.vpc)
        if vpc is None:
            found.append(Problem(f"{path}.vpc", "names no VPC of this stack", f"use one of {sorted(network.vpcs)} or declare it under landfall:network.vpcs", egress.vpc))
        else:
            if not vpc.has_tier_type(TierType.PUBLIC) or vpc.nat == NatStrategy.NONE:
                found.append(Problem(f"{path}.vpc", "the egress VPC needs a public tier and NAT gateways", f"give landfall:network.vpcs.{egress.vpc} a public tier and nat: one_per_az", egress.vpc))
            tier = vpc.tier(egress.attachment_tier)
            if tier is None or tier.reserved or tier.type != TierType.PRIVATE_WITH_EGRESS:
                found.append(Problem(f"{path}.attachment_tier", "must name an active private_with_egress tier of the egress VPC (its route tables send 0.0.0.0/0 to the NAT)",
                                     f"add {{name: {egress.attachment_tier}, type: private_with_egress, prefix: 28}} at the end of its tiers", egress.attachment_tier))
        segments = self.segment_specs()
        found += validate_segment_ref(f"{path}.segment", egress.segment, segments, f"{SECTION}.hub.segments")
        if not egress.segments:
            found.append(Problem(f"{path}.segments", "names no segment", "list the segments whose internet traffic leaves through the egress VPC"))
        reaches = reach(segments, self.rule_specs())
        for i, user in enumerate(egress.segments):
            problems = validate_segment_ref(f"{path}.segments[{i}]", user, segments, f"{SECTION}.hub.segments")
            found += problems
            if problems or egress.segment not in segments:
                continue
            if user == egress.segment:
                found.append(Problem(f"{path}.segments[{i}]", "is the egress attachment's own segment", "list only the segments that send to the egress VPC", user))
            elif user not in reaches[egress.segment]:
                found.append(Problem(f"{path}.segments[{i}]", f"replies from the egress VPC (segment {egress.segment}) have no route back to {user}",
                                     f"add a rule {{from: {user}, to: {egress.segment}}} under {SECTION}.hub.rules", user))
        if len(set(egress.segments)) != len(egress.segments):
            found.append(Problem(f"{path}.segments", "lists a segment twice", "list each segment once", egress.segments))
        found += validate_cidrs(f"{path}.spoke_cidrs", egress.spoke_cidrs, allow_default=False)
        found += validate_cidrs(f"{path}.blackhole_cidrs", egress.blackhole_cidrs, allow_default=False)
        return found


class AttachmentConfig(StrictModel):
    segment: str = Field(description="The hub segment this VPC joins (a key of the hub's landfall:transit.hub.segments).")
    tier: str = Field(default=DEFAULT_ATTACHMENT_TIER, description="Tier whose subnets (one per AZ) hold the attachment. Default: transit (a /28 per AZ).")
    destinations: list[str] = Field(
        description="Ranges the VPC's private and isolated route tables send to the transit gateway, e.g. [10.0.0.0/8]; "
        "0.0.0.0/0 sends internet traffic to the hub's central egress (then set nat: none; isolated tiers never get it)."
    )


@dataclass(frozen=True)
class HubView:
    """What a stack knows about its hub: the hub's own stack settings, accounts and hub section."""

    stack: str
    reference: str
    settings: StackSettings
    accounts: dict[str, AccountConfig]
    hub: HubConfig

    @property
    def account_name(self) -> str:
        return self.settings.account

    @property
    def account_id(self) -> str:
        return self.accounts[self.settings.account].id

    @property
    def region(self) -> str:
        return self.accounts[self.settings.account].region or self.settings.region


class TransitConfig(StrictModel):
    hub: Optional[HubConfig] = Field(default=None, description="The hub. Only in the network stack (landfall:stack.kind: network).")
    hub_stack: Optional[str] = Field(
        default=None,
        description="The hub's stack (a spoke stack): its name alone, e.g. network, which the program completes "
        "with the organization and project it runs in (a full <organization>/landfall/<stack> must name that "
        "organization). Its stack file Pulumi.<stack>.yaml must be in this project.",
    )
    attachments: dict[str, AttachmentConfig] = Field(default_factory=dict, description="Attachments keyed by the VPC name (one per VPC).")

    @property
    def is_empty(self) -> bool:
        return self.hub is None and self.hub_stack is None and not self.attachments

    def egress_vpcs(self) -> frozenset[str]:
        """VPCs whose default route goes to the transit gateway (their egress tiers need no NAT)."""
        return frozenset(name for name, a in self.attachments.items() if ANYWHERE in a.destinations)

    def attachment_specs(self) -> list[AttachmentSpec]:
        return [AttachmentSpec(name, a.segment) for name, a in self.attachments.items()]

    def resolve(self, ctx: Context, project_dir: Path) -> Union[HubView, Problem, None]:
        """The hub this stack attaches to: itself (network stack), another stack file, or None."""
        if self.hub is not None:
            return HubView(ctx.stack_name, ctx.stack_name, ctx.settings, dict(ctx.accounts), self.hub)
        if self.hub_stack is None or not STACK_REFERENCE.match(self.hub_stack):
            return None
        return load_hub(Path(project_dir), self.hub_stack)

    def problems(self, ctx: Context, network: "NetworkConfig", hub: Union[HubView, Problem, None]) -> list[Problem]:
        found: list[Problem] = []
        kind = ctx.settings.kind
        if kind == StackKind.MANAGEMENT and not self.is_empty:
            return [Problem(SECTION, "the management stack attaches no VPC", "move this section to the network or a workload stack")]
        if self.hub is not None and kind != StackKind.NETWORK:
            found.append(Problem(f"{SECTION}.hub", "only the network stack (landfall:stack.kind: network) defines the hub", "remove it and set hub_stack to the network stack's reference"))
        if kind == StackKind.NETWORK:
            if self.hub is None:
                found.append(Problem(f"{SECTION}.hub", "is required in the network stack", "declare the transit gateway's segments under landfall:transit.hub"))
            if self.hub_stack is not None:
                found.append(Problem(f"{SECTION}.hub_stack", "the network stack is the hub itself", "remove hub_stack", self.hub_stack))
        if self.hub is not None:
            found += self.hub.problems(ctx, network)
        if self.hub_stack is not None:
            found += self._reference_problems(ctx, hub)
        elif self.attachments and self.hub is None:
            found.append(Problem(f"{SECTION}.hub_stack", "is required to attach VPCs", "set it to the network stack's name, e.g. network"))
        if self.hub is not None and self.hub.egress is not None and self.hub.egress.vpc in self.attachments:
            found.append(Problem(f"{SECTION}.attachments.{self.hub.egress.vpc}", "the egress VPC is attached by hub.egress already", "remove this attachment"))
        view = hub if isinstance(hub, HubView) else None
        for name, attachment in self.attachments.items():
            found += self._attachment_problems(name, attachment, ctx, network, view)
        return found

    def _reference_problems(self, ctx: Context, hub: Union[HubView, Problem, None]) -> list[Problem]:
        path = f"{SECTION}.hub_stack"
        ref = self.hub_stack
        if not STACK_REFERENCE.match(ref):
            return [Problem(path, "is not a stack reference", "write the stack's name, e.g. network", ref)]
        parts = ref.split("/")
        if len(parts) >= 2 and parts[-2] != PROJECT:
            return [Problem(path, f"names project {parts[-2]!r}; the hub's stack file must be in this project ({PROJECT})", f"write the stack's name alone ({parts[-1]})", ref)]
        if isinstance(hub, Problem):
            return [hub]
        if hub is None:
            return []
        found: list[Problem] = []
        if hub.stack == ctx.stack_name:
            found.append(Problem(path, "names this stack", "name the network stack", ref))
        # A region that does not exist is landfall:stack.region's own problem, not the hub's.
        if hub.region != ctx.region and partition_of(ctx.region) is not None:
            found.append(Problem(path, f"the hub is in {hub.region} but this stack is in {ctx.region}; attachments must be in the transit gateway's region", "attach to a hub in this region", ref))
        mine = ctx.accounts.get(hub.account_name)
        if mine is None:
            found.append(Problem("landfall:accounts", f"lacks the hub's account {hub.account_name!r} ({hub.account_id}); the accepter, association and propagations are created through it",
                                 f"add {hub.account_name}: {{id: \"{hub.account_id}\"}}", sorted(ctx.accounts)))
        elif mine.id != hub.account_id:
            found.append(Problem(f"landfall:accounts.{hub.account_name}.id", f"differs from the hub stack's account id {hub.account_id}", f"use \"{hub.account_id}\"", mine.id))
        return found

    def _attachment_problems(self, name: str, attachment: AttachmentConfig, ctx: Context, network: "NetworkConfig", hub: Optional[HubView]) -> list[Problem]:
        path = f"{SECTION}.attachments.{name}"
        found: list[Problem] = []
        vpc: Optional["VpcConfig"] = network.vpcs.get(name)
        if vpc is None:
            return [Problem(path, "names no VPC of this stack", f"key attachments by a VPC name: {sorted(network.vpcs)}", name)]
        tier = vpc.tier(attachment.tier)
        if tier is None or tier.reserved:
            found.append(Problem(f"{path}.tier", "names no active tier of the VPC", f"add {{name: {attachment.tier}, type: isolated, prefix: 28}} at the end of landfall:network.vpcs.{name}.tiers (appending moves nothing)", attachment.tier))
        elif tier.type == TierType.PUBLIC:
            found.append(Problem(f"{path}.tier", "is a public tier; attachment subnets should not route to the internet gateway", "use a dedicated isolated tier such as transit (/28)", attachment.tier))
        if not attachment.destinations:
            found.append(Problem(f"{path}.destinations", "lists no destination", "list the ranges to send to the transit gateway, e.g. [10.0.0.0/8]"))
        found += validate_cidrs(f"{path}.destinations", attachment.destinations)
        own = _network(vpc.cidr)
        for i, cidr in enumerate(attachment.destinations):
            net = _network(cidr)
            if net is not None and own is not None and net.prefixlen > 0 and net.subnet_of(own):
                found.append(Problem(f"{path}.destinations[{i}]", f"lies inside the VPC's own range {vpc.cidr}; the local route always wins", "route other VPCs' ranges or a supernet, e.g. 10.0.0.0/8", cidr))
            if cidr == ANYWHERE and vpc.nat != NatStrategy.NONE:
                found.append(Problem(f"{path}.destinations[{i}]", f"0.0.0.0/0 already goes to the VPC's NAT gateways (nat: {vpc.nat.value})",
                                     f"set landfall:network.vpcs.{name}.nat: none to use the hub's central egress, or drop 0.0.0.0/0", cidr))
        if hub is None:
            return found
        where = f"{SECTION}.hub.segments" + ("" if hub.stack == ctx.stack_name else f" of Pulumi.{hub.stack}.yaml")
        segment_problems = validate_segment_ref(f"{path}.segment", attachment.segment, hub.hub.segments, where)
        found += segment_problems
        if ANYWHERE in attachment.destinations and not segment_problems and attachment.segment not in hub.hub.egress_segments():
            found.append(Problem(f"{path}.destinations", f"sends 0.0.0.0/0 to the hub, but segment {attachment.segment} has no central egress",
                                 f"add {attachment.segment} to the hub's {SECTION}.hub.egress.segments, or keep a NAT in this VPC", ANYWHERE))
        owner = ctx.accounts.get(vpc.account or ctx.settings.account)
        account_id = owner.id if owner else ""
        if account_id and account_id != hub.account_id and not hub.hub.share.shares_with(account_id, hub.accounts):
            found.append(Problem(f"{path}", f"the hub does not share its transit gateway with account {account_id}",
                                 f"add the organization ARN or {account_id} to {SECTION}.hub.share.principals of Pulumi.{hub.stack}.yaml", name))
        return found


def hub_stack_name(reference: str) -> str:
    """`network` or `organization/landfall/network` -> `network` (the stack file Pulumi.network.yaml)."""
    return stack_of(reference)


_HUBS: dict[tuple, Union[HubView, Problem]] = {}


def load_hub(project_dir: Path, reference: str) -> Union[HubView, Problem]:
    """Read the hub's stack file (its stack, accounts and transit sections); memoized on the file's stamp."""
    stack = hub_stack_name(reference)
    path = project_dir / f"Pulumi.{stack}.yaml"
    where = f"{SECTION}.hub_stack"
    if not path.exists():
        known = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in project_dir.glob("Pulumi.*.yaml"))
        return Problem(where, f"names stack {stack!r} but {path.name} is not in this project", f"use one of the stacks {known}", reference)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, reference)
    if key not in _HUBS:
        _HUBS[key] = _read_hub(path, stack, reference)
    return _HUBS[key]


def _read_hub(path: Path, stack: str, reference: str) -> Union[HubView, Problem]:
    where = f"{SECTION}.hub_stack"
    fix = f"fix {path.name} first (make preview STACK={stack} lists its problems)"
    try:
        config = read_stack_config(path)
    except ConfigError as err:
        first = err.problems[0]
        return Problem(where, f"{path.name} cannot be read ({first.path}: {first.message})", fix, reference)
    try:
        settings = StackSettings.model_validate(config.get("landfall:stack"))
        accounts = {k: AccountConfig.model_validate(v) for k, v in (config.get("landfall:accounts") or {}).items()}
        transit = TransitConfig.model_validate(config.get("landfall:transit") or {})
    except (ValidationError, AttributeError, TypeError) as err:
        return Problem(where, f"{path.name} does not hold a valid hub ({type(err).__name__})", fix, reference)
    if settings.kind != StackKind.NETWORK or transit.hub is None:
        return Problem(where, f"{path.name} is not a network stack with a landfall:transit.hub", "name the network stack", reference)
    if settings.account not in accounts:
        return Problem(where, f"{path.name} does not declare its own account {settings.account!r}", fix, reference)
    return HubView(stack, reference, settings, accounts, transit.hub)


def _network(cidr: str):
    try:
        return ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return None

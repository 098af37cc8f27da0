"""Pure subnet address planning (no pulumi import).

The layout is chosen so that live VPCs never move:

* **Fixed per-AZ blocks.** The VPC is cut into ``2 ** (az_block_prefix - vpc_prefix)`` equal
  blocks. An AZ's block is chosen by the number in its AZ *id* (``euw1-az3`` -> block 2), not by its
  position in a list, so adding, removing or reordering AZs never moves another AZ's subnets.
* **Fixed tier offsets.** Inside every AZ block the tiers are laid out in declaration order, each
  aligned to its own size. Appending a tier never moves an earlier one; a retired tier is kept as
  ``reserved`` so the tiers after it keep their offsets.
* **Reserved room.** Whatever the tiers do not use stays free at the end of each AZ block.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Sequence

from landfall.config.errors import Problem
from landfall.plan.regions import partition_of

VPC_MIN_PREFIX = 16  # AWS: a VPC CIDR block is between /16 and /28
VPC_MAX_PREFIX = 28
SUBNET_MAX_PREFIX = 28  # AWS: the smallest subnet is a /28
DEFAULT_AZ_SLOTS_BITS = 2  # 4 AZ blocks by default: every region's AZ ids 1-4 fit, with room per AZ

# RFC 1918 plus the shared address space AWS also accepts for VPCs.
PRIVATE_RANGES = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)

AZ_ID_PATTERN = re.compile(r"^(?P<region>[a-z]+\d+)-az(?P<number>\d+)$")

_DIRECTIONS = {
    "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
    "north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
}


class TierType(str, Enum):
    """Routing intent of a subnet tier (aws-cdk SubnetType names)."""

    PUBLIC = "public"  # default route to the internet gateway
    PRIVATE_WITH_EGRESS = "private_with_egress"  # default route to a NAT gateway or the transit gateway
    ISOLATED = "isolated"  # no default route


@dataclass(frozen=True)
class TierSpec:
    name: str
    type: TierType
    prefix: int
    reserved: bool = False


@dataclass(frozen=True)
class SubnetPlan:
    tier: str
    tier_type: TierType
    az_id: str
    cidr: str

    @property
    def key(self) -> str:
        """Stable key for logical names: tier and AZ id, never list positions."""
        return f"{self.tier}-{self.az_id}"


@dataclass(frozen=True)
class AzPlan:
    az_id: str
    slot: int
    block: str


@dataclass(frozen=True)
class VpcPlan:
    cidr: str
    azs: tuple[AzPlan, ...]
    subnets: tuple[SubnetPlan, ...]

    def subnets_in_tier(self, tier: str) -> tuple[SubnetPlan, ...]:
        return tuple(s for s in self.subnets if s.tier == tier)

    def subnet(self, tier: str, az_id: str) -> SubnetPlan:
        for s in self.subnets:
            if s.tier == tier and s.az_id == az_id:
                return s
        raise KeyError(f"{tier}-{az_id}")


def az_id_prefix(region: str) -> str:
    """The AZ id prefix AWS uses for a region: eu-west-1 -> euw1, ap-northeast-1 -> apne1, us-gov-west-1 -> usgw1."""
    parts = region.split("-")
    number = parts[-1]
    head = parts[0]
    middle = parts[1:-1]
    if middle and middle[0] == "gov":
        head += "g"
        middle = middle[1:]
    return head + "".join(_DIRECTIONS.get(m, m[:1]) for m in middle) + number


def az_slot(az_id: str) -> int:
    match = AZ_ID_PATTERN.match(az_id)
    if not match:
        raise ValueError(f"not an AZ id: {az_id}")
    return int(match.group("number")) - 1


def default_az_block_prefix(vpc_cidr: str) -> int:
    return ipaddress.ip_network(vpc_cidr).prefixlen + DEFAULT_AZ_SLOTS_BITS


def validate_layout(
    path: str,
    cidr: str,
    az_ids: Sequence[str],
    tiers: Sequence[TierSpec],
    region: str,
    az_block_prefix: int | None = None,
    allow_public_cidr: bool = False,
) -> list[Problem]:
    """Every problem with a VPC's address layout; an empty list means :func:`plan_vpc` will succeed."""
    found: list[Problem] = []
    net = None
    try:
        net = ipaddress.ip_network(cidr, strict=True)
    except ValueError as err:
        found.append(Problem(f"{path}.cidr", f"is not a valid IPv4 network ({err})", "write it as a network address with a prefix, e.g. 10.10.0.0/16", cidr))
    if net is not None and net.version != 4:
        found.append(Problem(f"{path}.cidr", "must be an IPv4 network", "use an IPv4 CIDR such as 10.10.0.0/16", cidr))
        net = None
    if net is not None:
        if not VPC_MIN_PREFIX <= net.prefixlen <= VPC_MAX_PREFIX:
            found.append(Problem(f"{path}.cidr", f"prefix /{net.prefixlen} is outside the /{VPC_MIN_PREFIX}-/{VPC_MAX_PREFIX} AWS allows for a VPC", "choose a prefix between /16 and /28", cidr))
        if not allow_public_cidr and not any(net.subnet_of(r) for r in PRIVATE_RANGES):
            found.append(Problem(f"{path}.cidr", "is not inside a private range (10/8, 172.16/12, 192.168/16, 100.64/10)", "use a private range, or set allow_public_cidr: true if you own this public range", cidr))

    # Without a usable CIDR the AZ ids and tiers are still checked; only the sizes are skipped.
    block_prefix = None
    if net is not None:
        block_prefix = az_block_prefix if az_block_prefix is not None else net.prefixlen + DEFAULT_AZ_SLOTS_BITS
        if block_prefix < net.prefixlen or block_prefix > SUBNET_MAX_PREFIX:
            found.append(Problem(f"{path}.az_block_prefix", f"must be between the VPC prefix /{net.prefixlen} and /{SUBNET_MAX_PREFIX}", f"use /{net.prefixlen + DEFAULT_AZ_SLOTS_BITS} (4 AZ blocks) or /{net.prefixlen + 3} (8 AZ blocks)", block_prefix))
            block_prefix = None
    slots = 2 ** (block_prefix - net.prefixlen) if block_prefix is not None else None

    expected_prefix = az_id_prefix(region)
    if not az_ids:
        found.append(Problem(f"{path}.az_ids", "lists no availability zones", "list at least one AZ id, e.g. [" + expected_prefix + "-az1, " + expected_prefix + "-az2]", list(az_ids)))
    seen: set[str] = set()
    for i, az in enumerate(az_ids):
        where = f"{path}.az_ids[{i}]"
        match = AZ_ID_PATTERN.match(az)
        if not match:
            found.append(Problem(where, "is not an AZ id", f"use AZ ids such as {expected_prefix}-az1 (ids, not names like {region}a, are the same in every account)", az))
            continue
        # Only against a real region: a misspelt one is landfall:stack.region's problem, not the AZ ids'.
        if match.group("region") != expected_prefix and partition_of(region) is not None:
            found.append(Problem(where, f"is not in the stack's region {region}", f"use an AZ id starting with {expected_prefix}-", az))
        if az in seen:
            found.append(Problem(where, "is listed twice", "list each AZ id once", az))
        seen.add(az)
        if slots is not None and az_slot(az) >= slots:
            found.append(Problem(where, f"needs AZ block {az_slot(az)} but the VPC only has {slots} blocks of /{block_prefix}", f"set az_block_prefix to /{block_prefix + 1} or smaller blocks, or use a larger VPC", az))

    names: set[str] = set()
    for i, tier in enumerate(tiers):
        if tier.name in names:
            found.append(Problem(f"{path}.tiers[{i}].name", "is used by another tier", "give every tier a unique name", tier.name))
        names.add(tier.name)
    if block_prefix is None:
        return found
    offset_end = 0  # in addresses within the AZ block
    block_size = 2 ** (32 - block_prefix)
    for i, tier in enumerate(tiers):
        where = f"{path}.tiers[{i}]"
        if not block_prefix <= tier.prefix <= SUBNET_MAX_PREFIX:
            found.append(Problem(f"{where}.prefix", f"must be between the AZ block /{block_prefix} and /{SUBNET_MAX_PREFIX}", f"use a prefix from /{block_prefix} to /{SUBNET_MAX_PREFIX}", tier.prefix))
            continue
        size = 2 ** (32 - tier.prefix)
        start = -(-offset_end // size) * size  # align up to the tier's own size
        if start + size > block_size:
            found.append(Problem(f"{where}.prefix", f"tier {tier.name!r} does not fit: the tiers need more than the /{block_prefix} each AZ gets", "use smaller tiers (a larger prefix), a larger az_block_prefix block, or a larger VPC", tier.prefix))
        offset_end = start + size
    return found


def plan_vpc(cidr: str, az_ids: Iterable[str], tiers: Sequence[TierSpec], az_block_prefix: int | None = None) -> VpcPlan:
    """Allocate every subnet. Call :func:`validate_layout` first; this raises ValueError on a bad layout."""
    net = ipaddress.ip_network(cidr)
    block_prefix = az_block_prefix if az_block_prefix is not None else net.prefixlen + DEFAULT_AZ_SLOTS_BITS
    blocks = list(net.subnets(new_prefix=block_prefix))
    offsets: list[tuple[TierSpec, int]] = []
    end = 0
    for tier in tiers:
        size = 2 ** (32 - tier.prefix)
        start = -(-end // size) * size
        offsets.append((tier, start))
        end = start + size
    if end > 2 ** (32 - block_prefix):
        raise ValueError("tiers do not fit in the AZ block")

    azs = []
    subnets = []
    for az in az_ids:
        block = blocks[az_slot(az)]
        azs.append(AzPlan(az, az_slot(az), str(block)))
        for tier, start in offsets:
            if tier.reserved:
                continue
            subnet = ipaddress.ip_network((int(block.network_address) + start, tier.prefix))
            subnets.append(SubnetPlan(tier.name, tier.type, az, str(subnet)))
    return VpcPlan(str(net), tuple(azs), tuple(subnets))


def find_overlaps(networks: Sequence[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """Every pair of labelled networks that overlap: (label_a, cidr_a, label_b, cidr_b)."""
    parsed = []
    for label, cidr in networks:
        try:
            parsed.append((label, cidr, ipaddress.ip_network(cidr, strict=False)))
        except ValueError:
            continue  # reported by the per-VPC validation
    pairs = []
    for i, (la, ca, na) in enumerate(parsed):
        for lb, cb, nb in parsed[i + 1 :]:
            if na.overlaps(nb):
                pairs.append((la, ca, lb, cb))
    return pairs

"""Pure planning of VPC routes to a transit gateway or a peering connection (no pulumi import).

A route is keyed by its route table (the subnet key `<tier>-<az id>`) and its destination, so adding a
destination or an AZ adds routes and never renames one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from .addresses import TierType, VpcPlan
from .segments import ANYWHERE, cidr_key


@dataclass(frozen=True)
class RoutePlan:
    table: str  # subnet key of the route table: `<tier>-<az id>`
    cidr: str

    @property
    def key(self) -> str:
        return f"{self.table}-{cidr_key(self.cidr)}"


def tier_routes(plan: VpcPlan, destinations: Sequence[str], tier_types: Iterable[TierType], skip_tiers: Iterable[str] = ()) -> tuple[RoutePlan, ...]:
    """A route to every destination in the route table of every subnet of the given tier types."""
    types, skip = set(tier_types), set(skip_tiers)
    return tuple(
        RoutePlan(s.key, cidr)
        for s in plan.subnets
        if s.tier_type in types and s.tier not in skip
        for cidr in destinations
    )


def spoke_routes(plan: VpcPlan, destinations: Sequence[str], attachment_tier: str) -> tuple[RoutePlan, ...]:
    """Routes from a spoke VPC to its transit gateway attachment.

    private_with_egress tables get every destination (0.0.0.0/0 too, under central egress); isolated
    tables get every destination except 0.0.0.0/0, so an isolated tier never gains a way to the internet.
    The attachment's own tier gets none: its subnets only hold the attachment's interfaces.
    """
    egress = tier_routes(plan, destinations, [TierType.PRIVATE_WITH_EGRESS], skip_tiers=[attachment_tier])
    internal = [d for d in destinations if d != ANYWHERE]
    isolated = tier_routes(plan, internal, [TierType.ISOLATED], skip_tiers=[attachment_tier])
    return tuple(sorted(egress + isolated, key=lambda r: r.key))


def peer_routes(plan: VpcPlan, peer_cidr: str) -> tuple[RoutePlan, ...]:
    """Routes to a peered VPC: its exact CIDR only (CIS 5.5 "least access"), from every non-public table."""
    return tier_routes(plan, [peer_cidr], [TierType.PRIVATE_WITH_EGRESS, TierType.ISOLATED])

"""`landfall:peering`: VPC peering connections, the alternative to the transit gateway for a few VPC pairs.

The requester is a VPC of this stack; the peer is another VPC of this stack (possibly in another account)
or a VPC landfall does not manage, given by account, id, CIDR and the route tables that get the return route.
Routes on both sides go to the peer's exact CIDR only, never 0.0.0.0/0 (CIS 5.5 "least access"), and two
overlapping ranges can never be peered (AWS refuses the connection; we refuse the config first).
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING, Optional

from pydantic import Field

from landfall.plan.addresses import VPC_MAX_PREFIX, VPC_MIN_PREFIX, find_overlaps

from .accounts import check_account_ref
from .base import StrictModel
from .context import Context
from .errors import Problem

if TYPE_CHECKING:
    from .network import NetworkConfig

SECTION = "landfall:peering"
VPC_ID = re.compile(r"^vpc-[0-9a-f]{8,17}$")
ROUTE_TABLE_ID = re.compile(r"^rtb-[0-9a-f]{8,17}$")
CONNECTION_NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


class PeerConfig(StrictModel):
    vpc: Optional[str] = Field(default=None, description="A VPC of this stack (a key of landfall:network.vpcs).")
    account: Optional[str] = Field(default=None, description="A VPC landfall does not manage: its account (a key of landfall:accounts); that account's provider accepts.")
    vpc_id: Optional[str] = Field(default=None, description="A VPC landfall does not manage: its id.")
    cidr: Optional[str] = Field(default=None, description="A VPC landfall does not manage: its CIDR (the only destination routed to it).")
    route_table_ids: list[str] = Field(default_factory=list, description="A VPC landfall does not manage: route tables that get the return route.")

    @property
    def external(self) -> bool:
        return self.vpc is None


class PeeringConnectionConfig(StrictModel):
    vpc: str = Field(description="The requester: a VPC of this stack.")
    peer: PeerConfig
    dns_resolution: bool = Field(
        default=True,
        description="Each side resolves the other's private DNS hostnames to private IPs. Default: true "
        "(otherwise public hostnames resolve to public IPs and traffic leaves the peering).",
    )


class PeeringConfig(StrictModel):
    connections: dict[str, PeeringConnectionConfig] = Field(default_factory=dict, description="Peering connections keyed by a stable name.")

    def peer_cidr(self, name: str, network: "NetworkConfig") -> Optional[str]:
        peer = self.connections[name].peer
        if peer.vpc is not None:
            vpc = network.vpcs.get(peer.vpc)
            return vpc.cidr if vpc else None
        return peer.cidr

    def problems(self, ctx: Context, network: "NetworkConfig") -> list[Problem]:
        found: list[Problem] = []
        pairs: dict[frozenset, str] = {}
        for name, conn in self.connections.items():
            path = f"{SECTION}.connections.{name}"
            peer = conn.peer
            if not CONNECTION_NAME.match(name):
                found.append(Problem(path, "connection names must be 1-32 lowercase letters, digits or hyphens", "rename the key", name))
            own = network.vpcs.get(conn.vpc)
            if own is None:
                found.append(Problem(f"{path}.vpc", "names no VPC of this stack", f"use one of {sorted(network.vpcs)}", conn.vpc))
            external_keys = [k for k in ("account", "vpc_id", "cidr") if getattr(peer, k) is not None] + (["route_table_ids"] if peer.route_table_ids else [])
            if peer.vpc is not None:
                if external_keys:
                    found.append(Problem(f"{path}.peer", f"names a VPC of this stack and also {', '.join(external_keys)}", "give either vpc, or account, vpc_id and cidr", external_keys))
                if peer.vpc not in network.vpcs:
                    found.append(Problem(f"{path}.peer.vpc", "names no VPC of this stack", f"use one of {sorted(network.vpcs)}, or give account, vpc_id and cidr for a VPC landfall does not manage", peer.vpc))
                elif peer.vpc == conn.vpc:
                    found.append(Problem(f"{path}.peer.vpc", "is the requester itself", "name another VPC", peer.vpc))
                peer_label = peer.vpc
            else:
                for key in ("account", "vpc_id", "cidr"):
                    if getattr(peer, key) is None:
                        found.append(Problem(f"{path}.peer.{key}", "is required for a VPC landfall does not manage", "add it, or name a VPC of this stack with peer.vpc"))
                if peer.account is not None:
                    found += check_account_ref(peer.account, f"{path}.peer.account", ctx.accounts)
                if peer.vpc_id is not None and not VPC_ID.match(peer.vpc_id):
                    found.append(Problem(f"{path}.peer.vpc_id", "is not a VPC id", "write it as vpc-0123456789abcdef0", peer.vpc_id))
                for i, rtb in enumerate(peer.route_table_ids):
                    if not ROUTE_TABLE_ID.match(rtb):
                        found.append(Problem(f"{path}.peer.route_table_ids[{i}]", "is not a route table id", "write it as rtb-0123456789abcdef0", rtb))
                if len(set(peer.route_table_ids)) != len(peer.route_table_ids):
                    found.append(Problem(f"{path}.peer.route_table_ids", "lists a route table twice", "list each once", peer.route_table_ids))
                if peer.cidr is not None:
                    found += _peer_cidr_problems(f"{path}.peer.cidr", peer.cidr)
                peer_label = peer.vpc_id or "peer"
            peer_cidr = self.peer_cidr(name, network)
            if own is not None and peer_cidr is not None:
                for _, a_cidr, _, b_cidr in find_overlaps([(conn.vpc, own.cidr), (peer_label, peer_cidr)]):
                    where = f"{path}.peer.vpc" if peer.vpc is not None else f"{path}.peer.cidr"
                    found.append(Problem(where, f"{b_cidr} overlaps the requester VPC {conn.vpc!r} ({a_cidr}); AWS cannot route between overlapping ranges",
                                         "peer only VPCs with disjoint ranges, or connect them through the transit gateway after renumbering", peer_cidr))
            pair = frozenset({conn.vpc, peer.vpc or peer.vpc_id or name})
            if pair in pairs:
                found.append(Problem(path, f"peers the same two VPCs as connection {pairs[pair]!r}", "keep one connection per pair"))
            pairs.setdefault(pair, name)
        return found


def _peer_cidr_problems(path: str, cidr: str) -> list[Problem]:
    try:
        net = ipaddress.ip_network(cidr, strict=True)
    except ValueError as err:
        return [Problem(path, f"is not a valid IPv4 network ({err})", "write the peer VPC's CIDR, e.g. 10.99.0.0/16", cidr)]
    if net.version != 4 or not VPC_MIN_PREFIX <= net.prefixlen <= VPC_MAX_PREFIX:
        # A peer is one VPC: /16-/28. Anything wider (0.0.0.0/0 above all) would route more than the peer (CIS 5.5).
        return [Problem(path, f"is not a VPC range (/{VPC_MIN_PREFIX}-/{VPC_MAX_PREFIX}); peering routes name the peer's exact CIDR only (CIS 5.5)", "write the peer VPC's own CIDR", cidr)]
    return []

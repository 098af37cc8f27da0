"""The Peering component: a VPC peering connection requested in one account and accepted in the peer's.

Routes on both sides name the other side's exact CIDR only (CIS 5.5); DNS resolution is set per side, each
through its own account (for a cross-account peering AWS lets each owner change only its own side).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class PeerSide:
    label: str  # stable naming key: the VPC's name (or the id of a VPC landfall does not manage)
    vpc_id: pulumi.Input[str]
    cidr: str
    account_id: str
    region: str
    route_table_ids: Mapping[str, pulumi.Input[str]]  # stable key (subnet key or rtb id) -> table that routes to the other side
    provider: Optional[aws.Provider] = None  # None: the component's (requester's) provider


@dataclass(frozen=True)
class PeeringArgs:
    requester: PeerSide
    accepter: PeerSide
    dns_resolution: bool
    environment: str


class Peering(pulumi.ComponentResource):
    """`landfall:network:Peering`: children `<name>` (connection, accepter), `<name>-requester|accepter` (options),
    `<name>-<side label>-<table key>` (routes)."""

    def __init__(self, name: str, args: PeeringArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:network:Peering", name, None, opts)
        req, acc = args.requester, args.accepter
        child = pulumi.ResourceOptions(parent=self)
        peer_opts = pulumi.ResourceOptions(parent=self, provider=acc.provider) if acc.provider else child
        tags = {"Name": f"{args.environment}-{name}"}

        self.connection = aws.ec2.VpcPeeringConnection(
            name,
            vpc_id=req.vpc_id,
            peer_vpc_id=acc.vpc_id,
            peer_owner_id=acc.account_id,
            peer_region=acc.region if acc.region != req.region else None,
            auto_accept=False,  # accepted below, by the peer's own account
            tags=tags,
            opts=child,
        )
        self.accepter = aws.ec2.VpcPeeringConnectionAccepter(
            name, vpc_peering_connection_id=self.connection.id, auto_accept=True, tags=tags, opts=peer_opts
        )
        active = self.accepter.vpc_peering_connection_id  # options and routes wait for the acceptance

        dns = aws.ec2.PeeringConnectionOptionsRequesterArgs(allow_remote_vpc_dns_resolution=args.dns_resolution)
        aws.ec2.PeeringConnectionOptions(f"{name}-requester", vpc_peering_connection_id=active, requester=dns, opts=child)
        dns = aws.ec2.PeeringConnectionOptionsAccepterArgs(allow_remote_vpc_dns_resolution=args.dns_resolution)
        aws.ec2.PeeringConnectionOptions(f"{name}-accepter", vpc_peering_connection_id=active, accepter=dns, opts=peer_opts)

        self.routes: dict[str, aws.ec2.Route] = {}
        for side, other, side_opts in ((req, acc, child), (acc, req, peer_opts)):
            for key, table_id in sorted(side.route_table_ids.items()):
                route_name = f"{name}-{side.label}-{key}"
                self.routes[route_name] = aws.ec2.Route(
                    route_name,
                    route_table_id=table_id,
                    destination_cidr_block=other.cidr,  # the peer's exact range, never 0.0.0.0/0 (CIS 5.5)
                    vpc_peering_connection_id=active,
                    opts=side_opts,
                )
        self.register_outputs(
            {
                "peering_connection_id": active,
                "requester_cidr": req.cidr,
                "accepter_cidr": acc.cidr,
                "route_count": len(self.routes),
            }
        )

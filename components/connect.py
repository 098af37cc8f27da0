"""Wiring a stack's VPCs to other networks: transit gateway attachments and VPC peering connections.

Builders call these after the VPCs exist; the functions only turn config into plans and loop over them.
"""

from __future__ import annotations

from typing import Callable

import pulumi
import pulumi_aws as aws

from landfall.config.model import StackConfig
from landfall.config.transit import HubView
from landfall.plan.routes import peer_routes, spoke_routes
from landfall.plan.segments import plan_segments

from .network.peering import Peering, PeeringArgs, PeerSide
from .network.transit import TransitAttachment, TransitAttachmentArgs
from .network.vpc import Vpc
from .providers import AccountProviders


def attach_vpcs(
    config: StackConfig,
    providers: AccountProviders,
    vpcs: dict[str, Vpc],
    hub: HubView,
    transit_gateway_id: pulumi.Input[str],
    table_id: Callable[[str], pulumi.Input[str]],
) -> dict[str, TransitAttachment]:
    """One TransitAttachment per `landfall:transit.attachments` entry, joined as the segment plan says."""
    attachments = config.transit.attachments
    if not attachments:
        return {}
    plan = plan_segments(hub.hub.segment_specs(), hub.hub.rule_specs(), config.transit.attachment_specs())
    out = {}
    for name, att in attachments.items():
        vpc, cfg = vpcs[name], config.network.vpcs[name]
        account = cfg.account or config.stack.account
        cross_account = providers.account_id(account) != hub.account_id
        out[name] = TransitAttachment(
            f"{name}-transit",
            TransitAttachmentArgs(
                vpc_name=name,
                vpc_id=vpc.vpc.id,
                subnet_ids=vpc.subnet_ids(att.tier),
                transit_gateway_id=transit_gateway_id,
                segment=plan.associated_with(name),
                association_table_id=table_id(plan.associated_with(name)),
                propagation_table_ids={segment: table_id(segment) for segment in plan.propagated_into(name)},
                vpc_route_table_ids={k: t.id for k, t in vpc.route_tables.items()},
                routes=spoke_routes(vpc.plan, att.destinations, att.tier),
                environment=config.stack.environment,
                hub_provider=providers.get(hub.account_name) if cross_account else None,
            ),
            providers.opts(account),
        )
    return out


def attach_to_hub(config: StackConfig, providers: AccountProviders, vpcs: dict[str, Vpc]) -> dict[str, TransitAttachment]:
    """A spoke stack's attachments: the hub's ids come from its stack outputs (a StackReference)."""
    if not config.transit.attachments:
        return {}
    hub = config.hub()
    if hub is None:  # validation guarantees a hub when there are attachments
        raise RuntimeError("landfall:transit.hub_stack does not resolve to a hub")
    # The hub's segments and rules come from its stack file (known before deploy); only the ids come from
    # its outputs, and they are used only as resource inputs.
    reference = pulumi.StackReference(config.hub_reference(pulumi.get_organization()))
    tables = reference.require_output("route_table_ids")
    return attach_vpcs(
        config,
        providers,
        vpcs,
        hub,
        reference.require_output("transit_gateway_id"),
        lambda segment: tables.apply(lambda ids: ids[segment]),
    )


def build_peering(config: StackConfig, providers: AccountProviders, vpcs: dict[str, Vpc]) -> dict[str, Peering]:
    out = {}
    for name, conn in config.peering.connections.items():
        requester_account = config.network.vpcs[conn.vpc].account or config.stack.account
        requester_vpc = vpcs[conn.vpc]
        peer = conn.peer
        if peer.vpc is not None:
            peer_vpc = vpcs[peer.vpc]
            peer_account = config.network.vpcs[peer.vpc].account or config.stack.account
            peer_tables = {r.table: peer_vpc.route_tables[r.table].id for r in peer_routes(peer_vpc.plan, requester_vpc.cidr)}
            accepter = _side(providers, peer.vpc, peer_vpc.vpc.id, peer_vpc.cidr, peer_account, peer_tables, requester_account)
        else:
            accepter = _side(providers, peer.vpc_id, peer.vpc_id, peer.cidr, peer.account, {rtb: rtb for rtb in peer.route_table_ids}, requester_account)
        requester_tables = {r.table: requester_vpc.route_tables[r.table].id for r in peer_routes(requester_vpc.plan, accepter.cidr)}
        requester = _side(providers, conn.vpc, requester_vpc.vpc.id, requester_vpc.cidr, requester_account, requester_tables, requester_account)
        out[name] = Peering(
            name,
            PeeringArgs(requester=requester, accepter=accepter, dns_resolution=conn.dns_resolution, environment=config.stack.environment),
            providers.opts(requester_account),
        )
    return out


def _side(providers: AccountProviders, label: str, vpc_id: pulumi.Input[str], cidr: str, account: str, tables: dict, requester_account: str) -> PeerSide:
    """One side of a peering; the peer side gets its own account's provider (None: the requester's)."""
    provider: aws.Provider | None = providers.get(account) if account != requester_account else None
    return PeerSide(label, vpc_id, cidr, providers.account_id(account), providers.region(account), tables, provider)

"""Composition of the network stack: the transit gateway hub, its segments, the RAM share, central egress."""

from __future__ import annotations

from typing import Any

from landfall.config.model import StackConfig
from landfall.plan.addresses import TierType
from landfall.plan.routes import tier_routes
from landfall.plan.segments import AttachmentSpec, plan_egress_routes, plan_segments

from .baseline import build_baselines
from .connect import attach_vpcs, build_peering
from .network.transit import CentralEgress, CentralEgressArgs, TransitAttachmentArgs, TransitHub, TransitHubArgs
from .providers import AccountProviders
from .workload import AccountKeys, build_vpcs, vpc_outputs


def build_network(config: StackConfig) -> dict[str, Any]:
    providers = AccountProviders(config)
    keys = AccountKeys(config, providers)
    hub_cfg = config.transit.hub
    env = config.stack.environment
    hub = TransitHub(
        "transit",
        TransitHubArgs(
            environment=env,
            amazon_side_asn=hub_cfg.amazon_side_asn,
            dns_support=hub_cfg.dns_support,
            segments={name: s.description for name, s in hub_cfg.segments.items()},
            share_name=hub_cfg.share.name,
            share_principals=hub_cfg.share.resolved(config.accounts),
            protect=config.stack.production,
        ),
        providers.opts(),
    )
    tables = hub.route_table_ids()
    vpcs = build_vpcs(config, providers, keys)

    egress = None
    if hub_cfg.egress is not None:
        e = hub_cfg.egress
        vpc = vpcs[e.vpc]
        plan = plan_segments(hub_cfg.segment_specs(), hub_cfg.rule_specs(), [AttachmentSpec(e.vpc, e.segment)])
        egress = CentralEgress(
            "central-egress",
            CentralEgressArgs(
                attachment=TransitAttachmentArgs(
                    vpc_name=e.vpc,
                    vpc_id=vpc.vpc.id,
                    subnet_ids=vpc.subnet_ids(e.attachment_tier),
                    transit_gateway_id=hub.transit_gateway.id,
                    segment=e.segment,
                    association_table_id=tables[e.segment],
                    propagation_table_ids={s: tables[s] for s in plan.propagated_into(e.vpc)},
                    vpc_route_table_ids={k: t.id for k, t in vpc.route_tables.items()},
                    # Replies from the internet leave the NAT gateways through the public tables: back to the hub.
                    routes=tier_routes(vpc.plan, e.spoke_cidrs, [TierType.PUBLIC]),
                    environment=env,
                ),
                static_routes=plan_egress_routes(e.segments, e.blackhole_cidrs),
                segment_table_ids=tables,
            ),
            providers.opts(config.network.vpcs[e.vpc].account),
        )
    here = config.hub()
    attachments = attach_vpcs(config, providers, vpcs, here, hub.transit_gateway.id, lambda segment: tables[segment])
    peerings = build_peering(config, providers, vpcs)
    build_baselines(config, providers, keys)
    ring = keys.ring(config.stack.account)
    # What spokes read through their StackReference: the gateway and the route table of each segment.
    outputs: dict[str, Any] = {
        "transit_gateway_id": hub.transit_gateway.id,
        "transit_gateway_arn": hub.transit_gateway.arn,
        "route_table_ids": tables,
        "egress_attachment_id": egress.attachment.attachment_id if egress else None,
        "ram_share_arn": hub.share.arn if hub.share else None,
        "vpcs": vpc_outputs(vpcs),
        "kms_keys": {p.value: k.arn for p, k in ring.keys.items()},
    }
    if attachments:
        outputs["transit_attachments"] = {name: a.attachment_id for name, a in attachments.items()}
    if peerings:
        outputs["peering_connection_ids"] = {name: p.accepter.vpc_peering_connection_id for name, p in peerings.items()}
    return outputs

"""Transit gateway components: the hub (network stack), an attachment (any stack), central egress (hub).

The hub's transit gateway accepts no shared attachment by itself (EC2.23) and has no default route table:
every attachment is associated with its segment's table and propagated only where a rule allows, so the
routing follows the segment plan (`landfall.plan.segments`) and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.plan.routes import RoutePlan
from landfall.plan.segments import StaticRoute, cidr_key


@dataclass(frozen=True)
class TransitHubArgs:
    environment: str
    amazon_side_asn: int
    dns_support: bool
    segments: Mapping[str, str]  # segment -> description
    share_name: str
    share_principals: Mapping[str, str]  # stable key -> principal (organization ARN, OU ARN or account id)
    protect: bool = False  # production: deleting the transit gateway cuts every spoke off


class TransitHub(pulumi.ComponentResource):
    """`landfall:network:TransitHub`: the transit gateway, one route table per segment (`<name>-<segment>`), the RAM share."""

    def __init__(self, name: str, args: TransitHubArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:network:TransitHub", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        label = f"{args.environment}-{name}"
        self.transit_gateway = aws.ec2transitgateway.TransitGateway(
            name,
            description=f"landfall {label}",
            amazon_side_asn=args.amazon_side_asn,
            auto_accept_shared_attachments="disable",  # EC2.23: every attachment is accepted by code, on purpose
            default_route_table_association="disable",  # no catch-all table: each attachment joins its segment
            default_route_table_propagation="disable",
            dns_support="enable" if args.dns_support else "disable",
            vpn_ecmp_support="enable",
            multicast_support="disable",
            tags={"Name": label},
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.route_tables: dict[str, aws.ec2transitgateway.RouteTable] = {}
        for segment, description in sorted(args.segments.items()):
            tags = {"Name": f"{label}-{segment}", "segment": segment}
            if description:
                tags["description"] = description
            self.route_tables[segment] = aws.ec2transitgateway.RouteTable(
                f"{name}-{segment}", transit_gateway_id=self.transit_gateway.id, tags=tags, opts=child
            )

        self.share = None
        if args.share_principals:
            self.share = aws.ram.ResourceShare(
                f"{name}-share",
                name=args.share_name,
                allow_external_principals=False,  # only accounts of the organization may ever attach
                tags={"Name": args.share_name},
                opts=child,
            )
            aws.ram.ResourceAssociation(f"{name}-share-tgw", resource_arn=self.transit_gateway.arn, resource_share_arn=self.share.arn, opts=child)
            for key, principal in sorted(args.share_principals.items()):
                aws.ram.PrincipalAssociation(f"{name}-share-{key}", principal=principal, resource_share_arn=self.share.arn, opts=child)

        self.register_outputs(
            {
                "transit_gateway_id": self.transit_gateway.id,
                "transit_gateway_arn": self.transit_gateway.arn,
                "route_table_ids": self.route_table_ids(),
                "ram_share_arn": self.share.arn if self.share else None,
            }
        )

    def route_table_ids(self) -> dict[str, pulumi.Output[str]]:
        return {segment: table.id for segment, table in self.route_tables.items()}


@dataclass(frozen=True)
class TransitAttachmentArgs:
    vpc_name: str
    vpc_id: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]  # the attachment tier: one subnet per AZ
    transit_gateway_id: pulumi.Input[str]
    segment: str
    association_table_id: pulumi.Input[str]  # the segment's transit gateway route table
    propagation_table_ids: Mapping[str, pulumi.Input[str]]  # segment -> table that learns this VPC's routes
    vpc_route_table_ids: Mapping[str, pulumi.Input[str]]  # subnet key -> VPC route table
    routes: Sequence[RoutePlan]  # VPC routes to the transit gateway
    environment: str
    # The transit gateway owner's provider when it is another account: the hub side (accepter, association,
    # propagations) is created through it. None: the VPC is in the hub's account (no acceptance needed).
    hub_provider: Optional[aws.Provider] = None


class TransitAttachment(pulumi.ComponentResource):
    """`landfall:network:TransitAttachment`: one VPC joins one segment.

    The attachment is created in the VPC's account; acceptance, association and propagations in the transit
    gateway's account; the routes in the VPC's route tables (`<vpc>-<tier>-<az id>-tgw-<destination>`).
    """

    def __init__(self, name: str, args: TransitAttachmentArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:network:TransitAttachment", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        cross_account = args.hub_provider is not None
        hub = pulumi.ResourceOptions(parent=self, provider=args.hub_provider) if cross_account else child
        tags = {"Name": f"{args.environment}-{args.vpc_name}", "segment": args.segment}

        self.attachment = aws.ec2transitgateway.VpcAttachment(
            name,
            transit_gateway_id=args.transit_gateway_id,
            vpc_id=args.vpc_id,
            subnet_ids=list(args.subnet_ids),
            dns_support="enable",
            # Settable only by the gateway's owner: for a shared gateway the accepter below says it.
            transit_gateway_default_route_table_association=None if cross_account else False,
            transit_gateway_default_route_table_propagation=None if cross_account else False,
            tags=tags,
            opts=child,
        )
        attachment_id: pulumi.Output[str] = self.attachment.id
        ready: pulumi.Resource = self.attachment
        self.accepter = None
        if cross_account:
            # EC2.23 keeps auto-accept off on the hub: this accepter is the one deliberate acceptance.
            self.accepter = aws.ec2transitgateway.VpcAttachmentAccepter(
                name,
                transit_gateway_attachment_id=self.attachment.id,
                transit_gateway_default_route_table_association=False,
                transit_gateway_default_route_table_propagation=False,
                tags=tags,
                opts=hub,
            )
            attachment_id = self.accepter.transit_gateway_attachment_id  # waits for the acceptance
            ready = self.accepter

        self.association = aws.ec2transitgateway.RouteTableAssociation(
            f"{name}-assoc-{args.segment}",
            transit_gateway_attachment_id=attachment_id,
            transit_gateway_route_table_id=args.association_table_id,
            opts=hub,
        )
        self.propagations = {
            segment: aws.ec2transitgateway.RouteTablePropagation(
                f"{name}-to-{segment}",
                transit_gateway_attachment_id=attachment_id,
                transit_gateway_route_table_id=table_id,
                opts=hub,
            )
            for segment, table_id in sorted(args.propagation_table_ids.items())
        }
        after_acceptance = pulumi.ResourceOptions(parent=self, depends_on=[ready])  # a route to a pending attachment fails
        self.routes = {
            route.key: aws.ec2.Route(
                f"{args.vpc_name}-{route.table}-tgw-{cidr_key(route.cidr)}",
                route_table_id=args.vpc_route_table_ids[route.table],
                destination_cidr_block=route.cidr,
                transit_gateway_id=args.transit_gateway_id,
                opts=after_acceptance,
            )
            for route in args.routes
        }
        self.attachment_id = attachment_id
        self.register_outputs(
            {
                "attachment_id": attachment_id,
                "segment": args.segment,
                "propagated_to": sorted(args.propagation_table_ids),
                "routes": sorted(f"{r.table} {r.cidr}" for r in args.routes),
            }
        )


@dataclass(frozen=True)
class CentralEgressArgs:
    attachment: TransitAttachmentArgs  # the egress VPC's attachment (same account as the hub)
    static_routes: Sequence[StaticRoute]  # 0.0.0.0/0 to the egress attachment and the blackholes, per user segment
    segment_table_ids: Mapping[str, pulumi.Input[str]]  # segment -> transit gateway route table


class CentralEgress(pulumi.ComponentResource):
    """`landfall:network:CentralEgress`: the egress VPC's attachment, plus the static routes that send the user
    segments' internet traffic to it (`<name>-<segment>-egress-0-0-0-0-0`, `<name>-<segment>-blackhole-<range>`)."""

    def __init__(self, name: str, args: CentralEgressArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:network:CentralEgress", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.attachment = TransitAttachment(f"{args.attachment.vpc_name}-transit", args.attachment, child)
        self.routes = {}
        for route in args.static_routes:
            self.routes[route.key] = aws.ec2transitgateway.Route(
                f"{name}-{route.key}",
                transit_gateway_route_table_id=args.segment_table_ids[route.segment],
                destination_cidr_block=route.cidr,
                blackhole=True if route.blackhole else None,
                transit_gateway_attachment_id=None if route.blackhole else self.attachment.attachment_id,
                opts=child,
            )
        self.register_outputs(
            {
                "attachment_id": self.attachment.attachment_id,
                "segments": sorted({r.segment for r in args.static_routes}),
            }
        )

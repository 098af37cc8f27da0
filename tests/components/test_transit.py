"""Transit components in isolation: the hub, a cross-account attachment, a same-account attachment, central egress."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pytest

from components.network.transit import (
    CentralEgress,
    CentralEgressArgs,
    TransitAttachment,
    TransitAttachmentArgs,
    TransitHub,
    TransitHubArgs,
)
from landfall.plan.routes import RoutePlan
from landfall.plan.segments import plan_egress_routes
from tests.conftest import record

SPOKE, HUB = "555555555555", "444444444444"
SEGMENTS = {"prod": "production", "nonprod": "dev and staging", "shared": ""}


def provider(name: str, account: str) -> aws.Provider:
    return aws.Provider(name, region="eu-west-1", allowed_account_ids=[account])


def attachment_args(hub: TransitHub, hub_provider=None, routes=(RoutePlan("app-euw1-az1", "10.0.0.0/8"), RoutePlan("app-euw1-az1", "0.0.0.0/0"))):
    tables = hub.route_table_ids()
    return TransitAttachmentArgs(
        vpc_name="main",
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=["subnet-a", "subnet-b"],
        transit_gateway_id=hub.transit_gateway.id,
        segment="nonprod",
        association_table_id=tables["nonprod"],
        propagation_table_ids={"shared": tables["shared"]},
        vpc_route_table_ids={"app-euw1-az1": "rtb-app1", "data-euw1-az1": "rtb-data1", "public-euw1-az1": "rtb-public1"},
        routes=list(routes),
        environment="test",
        hub_provider=hub_provider,
    )


def hub_args(**overrides) -> TransitHubArgs:
    base = dict(
        environment="test",
        amazon_side_asn=64512,
        dns_support=True,
        segments=SEGMENTS,
        share_name="landfall-transit",
        share_principals={"dev": SPOKE, "o-a1b2c3d4e5": "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"},
    )
    return TransitHubArgs(**{**base, **overrides})


@pytest.fixture(scope="module")
def cross():
    """The hub in the hub account; a spoke attachment in another account, accepted through the hub's provider."""

    def program():
        hub_provider = provider("aws-hub", HUB)
        hub = TransitHub("transit", hub_args(), pulumi.ResourceOptions(providers={"aws": hub_provider}))
        TransitAttachment("main-transit", attachment_args(hub, hub_provider), pulumi.ResourceOptions(providers={"aws": provider("aws-spoke", SPOKE)}))

    return record(program)


def one(inv, type_):
    [r] = inv.of_type(type_)
    return r


def test_the_transit_gateway_accepts_nothing_by_itself_and_has_no_default_route_table(cross):
    tgw = one(cross, "aws:ec2transitgateway/transitGateway:TransitGateway")
    assert tgw.inputs["autoAcceptSharedAttachments"] == "disable", tgw.urn  # FSBP EC2.23
    assert tgw.inputs["defaultRouteTableAssociation"] == "disable" and tgw.inputs["defaultRouteTablePropagation"] == "disable"
    assert tgw.inputs["dnsSupport"] == "enable" and tgw.inputs["amazonSideAsn"] == 64512
    assert cross.account_of(tgw) == HUB


def test_one_route_table_per_segment_named_after_the_segment(cross):
    tgw = one(cross, "aws:ec2transitgateway/transitGateway:TransitGateway")
    tables = cross.of_type("aws:ec2transitgateway/routeTable:RouteTable")
    assert {t.name for t in tables} == {"transit-prod", "transit-nonprod", "transit-shared"}
    for t in tables:
        assert t.inputs["transitGatewayId"] == tgw.id and t.inputs["tags"]["segment"] == t.name.split("-", 1)[1], t.urn


def test_the_ram_share_never_allows_external_principals_and_shares_the_gateway_with_each_principal(cross):
    share = one(cross, "aws:ram/resourceShare:ResourceShare")
    tgw = one(cross, "aws:ec2transitgateway/transitGateway:TransitGateway")
    assert share.inputs["allowExternalPrincipals"] is False, share.urn
    assert one(cross, "aws:ram/resourceAssociation:ResourceAssociation").inputs == {"resourceArn": tgw.state["arn"], "resourceShareArn": share.state["arn"]}
    principals = {p.name: p.inputs["principal"] for p in cross.of_type("aws:ram/principalAssociation:PrincipalAssociation")}
    assert principals == {"transit-share-dev": SPOKE, "transit-share-o-a1b2c3d4e5": "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"}


def test_the_attachment_is_in_the_spoke_account_and_its_hub_side_in_the_hub_account(cross):
    assert cross.account_of(one(cross, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")) == SPOKE
    for type_ in ("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
                  "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
                  "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation"):
        for r in cross.of_type(type_):
            assert cross.account_of(r) == HUB, r.urn
    for route in cross.of_type("aws:ec2/route:Route"):
        assert cross.account_of(route) == SPOKE, route.urn


def test_the_accepter_turns_default_tables_off_and_association_and_propagation_use_the_accepted_attachment(cross):
    attachment = one(cross, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    accepter = one(cross, "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter")
    assert accepter.inputs["transitGatewayAttachmentId"] == attachment.id
    assert accepter.inputs["transitGatewayDefaultRouteTableAssociation"] is False
    assert accepter.inputs["transitGatewayDefaultRouteTablePropagation"] is False
    # A shared gateway's default-table flags can only be set by its owner: the attachment leaves them out.
    assert "transitGatewayDefaultRouteTableAssociation" not in attachment.inputs
    assert attachment.inputs["subnetIds"] == ["subnet-a", "subnet-b"]
    tables = {t.name.split("-", 1)[1]: t.id for t in cross.of_type("aws:ec2transitgateway/routeTable:RouteTable")}
    association = one(cross, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")
    assert association.inputs == {"transitGatewayAttachmentId": attachment.id, "transitGatewayRouteTableId": tables["nonprod"]}
    assert accepter.urn in association.dependencies
    propagation = one(cross, "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation")
    assert propagation.name == "main-transit-to-shared" and propagation.inputs["transitGatewayRouteTableId"] == tables["shared"]


def test_vpc_routes_send_exactly_the_planned_destinations_to_the_gateway_after_acceptance(cross):
    tgw = one(cross, "aws:ec2transitgateway/transitGateway:TransitGateway")
    accepter = one(cross, "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter")
    routes = cross.of_type("aws:ec2/route:Route")
    assert {(r.inputs["routeTableId"], r.inputs["destinationCidrBlock"]) for r in routes} == {("rtb-app1", "10.0.0.0/8"), ("rtb-app1", "0.0.0.0/0")}
    for r in routes:
        assert r.inputs["transitGatewayId"] == tgw.id and accepter.urn in r.dependencies, r.urn
    assert {r.name for r in routes} == {"main-app-euw1-az1-tgw-10-0-0-0-8", "main-app-euw1-az1-tgw-0-0-0-0-0"}


def test_the_components_register_their_ids_as_outputs(cross):
    hub = cross.named("transit", "landfall:network:TransitHub")
    outputs = cross.component_outputs[hub.urn]
    assert outputs["transit_gateway_id"] == one(cross, "aws:ec2transitgateway/transitGateway:TransitGateway").id
    assert set(outputs["route_table_ids"]) == set(SEGMENTS)
    attachment = cross.named("main-transit", "landfall:network:TransitAttachment")
    assert cross.component_outputs[attachment.urn]["attachment_id"] == one(cross, "aws:ec2transitgateway/vpcAttachment:VpcAttachment").id
    assert cross.component_outputs[attachment.urn]["propagated_to"] == ["shared"]


def test_every_child_is_parented_to_its_component(cross):
    components = {r.urn for r in cross.resources if r.type.startswith("landfall:")}
    for r in cross.custom():
        assert r.parent in components, r.urn


@pytest.fixture(scope="module")
def egress():
    """Central egress in the hub's own account: no accepter, static routes to the egress attachment."""

    def program():
        opts = pulumi.ResourceOptions(providers={"aws": provider("aws-hub", HUB)})
        hub = TransitHub("transit", hub_args(protect=True, share_principals={}), opts)
        args = attachment_args(hub, routes=[RoutePlan("public-euw1-az1", "10.0.0.0/8")])
        CentralEgress("central-egress", CentralEgressArgs(args, plan_egress_routes(["nonprod"]), hub.route_table_ids()), opts)

    return record(program)


def test_a_same_account_attachment_needs_no_accepter_and_turns_default_tables_off_itself(egress):
    assert egress.of_type("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter") == []
    attachment = one(egress, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    assert attachment.inputs["transitGatewayDefaultRouteTableAssociation"] is False
    assert attachment.inputs["transitGatewayDefaultRouteTablePropagation"] is False
    association = one(egress, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")
    assert association.inputs["transitGatewayAttachmentId"] == attachment.id


def test_egress_users_default_route_goes_to_the_egress_attachment_and_private_ranges_are_blackholed(egress):
    attachment = one(egress, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    nonprod = egress.named("transit-nonprod", "aws:ec2transitgateway/routeTable:RouteTable")
    routes = {r.inputs["destinationCidrBlock"]: r for r in egress.of_type("aws:ec2transitgateway/route:Route")}
    assert set(routes) == {"0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}
    assert routes["0.0.0.0/0"].inputs["transitGatewayAttachmentId"] == attachment.id
    assert "blackhole" not in routes["0.0.0.0/0"].inputs
    for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"):
        assert routes[cidr].inputs["blackhole"] is True and "transitGatewayAttachmentId" not in routes[cidr].inputs
    for r in routes.values():
        assert r.inputs["transitGatewayRouteTableId"] == nonprod.id, r.urn


def test_no_ram_share_without_principals_and_a_protected_gateway_in_production(egress):
    assert egress.of_type("aws:ram/resourceShare:ResourceShare") == []
    assert one(egress, "aws:ec2transitgateway/transitGateway:TransitGateway").protect

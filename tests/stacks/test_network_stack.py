"""The network stack's recorded inventory: the hub, its segments, the RAM share and central egress."""

from __future__ import annotations

import pytest

from tests.conftest import synthesized

NETWORK = "444444444444"
WORKLOAD_ACCOUNTS = {"555555555555", "666666666666", "777777777777"}


@pytest.fixture(scope="module")
def net():
    return synthesized("network")


def one(inv, type_):
    [r] = inv.of_type(type_)
    return r


def tables(inv):
    """TGW route table id -> segment."""
    return {t.id: t.inputs["tags"]["segment"] for t in inv.of_type("aws:ec2transitgateway/routeTable:RouteTable")}


def test_every_resource_lands_in_the_network_account_through_an_explicit_provider(net):
    assert net.custom()
    for r in net.custom():
        assert r.provider and net.account_of(r) == NETWORK, r.urn


def test_the_transit_gateway_accepts_nothing_by_itself_has_no_default_tables_and_is_protected(net):
    tgw = one(net, "aws:ec2transitgateway/transitGateway:TransitGateway")
    assert tgw.inputs["autoAcceptSharedAttachments"] == "disable", tgw.urn  # FSBP EC2.23
    assert tgw.inputs["defaultRouteTableAssociation"] == "disable" and tgw.inputs["defaultRouteTablePropagation"] == "disable"
    assert tgw.inputs["dnsSupport"] == "enable" and tgw.inputs["amazonSideAsn"] == 64512
    assert tgw.protect  # production: deleting it cuts every spoke off


def test_one_route_table_per_segment_and_the_ids_are_stack_outputs(net):
    assert sorted(tables(net).values()) == ["nonprod", "prod", "shared"]
    assert net.outputs["route_table_ids"] == {segment: rid for rid, segment in tables(net).items()}
    assert net.outputs["transit_gateway_id"] == one(net, "aws:ec2transitgateway/transitGateway:TransitGateway").id


def test_the_gateway_is_shared_inside_the_organization_with_the_workload_accounts_only(net):
    share = one(net, "aws:ram/resourceShare:ResourceShare")
    assert share.inputs["allowExternalPrincipals"] is False, share.urn
    principals = {p.inputs["principal"] for p in net.of_type("aws:ram/principalAssociation:PrincipalAssociation")}
    assert principals == WORKLOAD_ACCOUNTS
    [association] = net.of_type("aws:ram/resourceAssociation:ResourceAssociation")
    assert association.inputs["resourceArn"] == net.outputs["transit_gateway_arn"]
    assert net.outputs["transit_gateway_arn"].startswith(f"arn:aws:ec2:eu-west-1:{NETWORK}:transit-gateway/tgw-")


def test_the_egress_attachment_uses_the_egress_vpcs_transit_subnets_and_is_an_output(net):
    attachment = one(net, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    vpc = net.named("egress", "aws:ec2/vpc:Vpc")
    subnets = {s.id: s for s in net.of_type("aws:ec2/subnet:Subnet")}
    assert attachment.inputs["vpcId"] == vpc.id
    assert sorted(subnets[s].name for s in attachment.inputs["subnetIds"]) == [f"egress-transit-euw1-az{n}" for n in (1, 2, 3)]
    assert net.outputs["egress_attachment_id"] == attachment.id
    assert net.of_type("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter") == []  # same account


def test_the_egress_attachment_joins_shared_and_is_propagated_where_shared_is_reachable(net):
    attachment = one(net, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    segment = tables(net)
    association = one(net, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")
    assert association.inputs["transitGatewayAttachmentId"] == attachment.id
    assert segment[association.inputs["transitGatewayRouteTableId"]] == "shared"
    propagated = {segment[p.inputs["transitGatewayRouteTableId"]] for p in net.of_type("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation")}
    assert propagated == {"prod", "nonprod", "shared"}


def test_nonprod_internet_traffic_goes_to_the_egress_attachment_and_other_private_ranges_are_dropped(net):
    attachment = one(net, "aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    segment = tables(net)
    routes = net.of_type("aws:ec2transitgateway/route:Route")
    assert {segment[r.inputs["transitGatewayRouteTableId"]] for r in routes} == {"nonprod"}  # prod keeps its own NATs
    default = [r for r in routes if r.inputs["destinationCidrBlock"] == "0.0.0.0/0"]
    assert len(default) == 1 and default[0].inputs["transitGatewayAttachmentId"] == attachment.id
    blackholes = {r.inputs["destinationCidrBlock"] for r in routes if r.inputs.get("blackhole")}
    assert blackholes == {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}


def test_the_egress_vpc_sends_replies_to_the_spokes_back_to_the_gateway_and_internet_traffic_to_its_nats(net):
    tgw = one(net, "aws:ec2transitgateway/transitGateway:TransitGateway")
    route_tables = {t.id: t.name for t in net.of_type("aws:ec2/routeTable:RouteTable")}
    to_tgw = {route_tables[r.inputs["routeTableId"]]: r.inputs["destinationCidrBlock"] for r in net.of_type("aws:ec2/route:Route") if r.inputs.get("transitGatewayId") == tgw.id}
    assert to_tgw == {f"egress-public-euw1-az{n}": "10.0.0.0/8" for n in (1, 2, 3)}
    to_nat = {route_tables[r.inputs["routeTableId"]] for r in net.of_type("aws:ec2/route:Route") if "natGatewayId" in r.inputs}
    assert to_nat == {f"egress-transit-euw1-az{n}" for n in (1, 2, 3)}
    assert len(net.of_type("aws:ec2/natGateway:NatGateway")) == 3


def test_the_egress_vpc_has_no_gateway_endpoint_that_would_swallow_the_spokes_s3_traffic(net):
    assert net.of_type("aws:ec2/vpcEndpoint:VpcEndpoint") == []


def test_the_network_account_gets_the_baseline_and_flow_logs(net):
    for type_ in ("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "aws:ec2/flowLog:FlowLog"):
        assert len(net.of_type(type_)) == 1, type_
    # EBS default encryption in each governed region
    assert {r.inputs["region"] for r in net.of_type("aws:ebs/defaultKmsKey:DefaultKmsKey")} == {"eu-west-1", "eu-central-1"}
    # A member account: the organization's GuardDuty administrator owns its detector.
    assert net.of_type("aws:guardduty/detector:Detector") == []


def test_a_vpc_of_the_hub_stack_attaches_locally_without_an_accepter(project_copy):
    """A shared-services VPC in the network account joins the shared segment directly."""
    import copy

    from landfall.offline.synth import synthesize
    from tests.conftest import stack_values

    config = copy.deepcopy(stack_values("network"))
    config["landfall:network"]["vpcs"]["services"] = {
        "cidr": "10.1.0.0/22",
        "az_ids": ["euw1-az1", "euw1-az2"],
        "tiers": [{"name": "app", "type": "isolated", "prefix": 26}, {"name": "transit", "type": "isolated", "prefix": 28}],
        "nat": "none",
    }
    config["landfall:transit"]["attachments"] = {"services": {"segment": "shared", "destinations": ["10.0.0.0/8"]}}
    inv = synthesize("network", project_copy({"network": config}))
    segment = tables(inv)
    attachment = inv.named("services-transit", "aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    assert inv.of_type("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter") == []
    assert attachment.inputs["transitGatewayDefaultRouteTableAssociation"] is False
    [association] = [a for a in inv.of_type("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation") if a.inputs["transitGatewayAttachmentId"] == attachment.id]
    assert segment[association.inputs["transitGatewayRouteTableId"]] == "shared"
    propagated = {segment[p.inputs["transitGatewayRouteTableId"]] for p in inv.of_type("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation") if p.inputs["transitGatewayAttachmentId"] == attachment.id}
    assert propagated == {"prod", "nonprod", "shared"}
    route_tables = {t.id: t.name for t in inv.of_type("aws:ec2/routeTable:RouteTable")}
    routes = {route_tables[r.inputs["routeTableId"]] for r in inv.of_type("aws:ec2/route:Route") if r.name.startswith("services-")}
    assert routes == {"services-app-euw1-az1", "services-app-euw1-az2"}
    assert inv.outputs["transit_attachments"] == {"services": attachment.id}

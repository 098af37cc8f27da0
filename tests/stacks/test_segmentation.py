"""Segmentation across stacks: each spoke's hub side, read from the recorded inventories of the spoke and the hub."""

from __future__ import annotations

import copy

import pytest

from landfall.offline.synth import synthesize
from landfall.plan.addresses import plan_vpc
from landfall.plan.routes import spoke_routes
from tests.conftest import WORKLOAD_STACKS, stack_values, synthesized

NETWORK = "444444444444"
SEGMENT_OF_STACK = {"dev": "nonprod", "staging": "nonprod", "prod": "prod"}


def hub_tables(network_inventory) -> dict[str, str]:
    """TGW route table id -> segment, from the network stack's recorded outputs."""
    return {rid: segment for segment, rid in network_inventory.outputs["route_table_ids"].items()}


def hub_side(inv, network_inventory):
    """(association segment, propagation segments) of the stack's attachment."""
    segment = hub_tables(network_inventory)
    [association] = inv.of_type("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")
    propagations = inv.of_type("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation")
    return segment[association.inputs["transitGatewayRouteTableId"]], {segment[p.inputs["transitGatewayRouteTableId"]] for p in propagations}


@pytest.mark.parametrize("stack", WORKLOAD_STACKS)
def test_each_spoke_joins_its_segment_and_is_propagated_only_into_shared(stack):
    associated, propagated = hub_side(synthesized(stack), synthesized("network"))
    assert associated == SEGMENT_OF_STACK[stack]
    # nonprod and prod are isolated segments with a rule to shared only: a spoke reaches shared, nothing else.
    assert propagated == {"shared"}


def test_a_prod_attachment_is_never_associated_with_or_propagated_into_a_nonprod_table():
    associated, propagated = hub_side(synthesized("prod"), synthesized("network"))
    assert associated != "nonprod" and "nonprod" not in propagated
    for stack in ("dev", "staging"):
        associated, propagated = hub_side(synthesized(stack), synthesized("network"))
        assert associated != "prod" and "prod" not in propagated, stack


@pytest.mark.parametrize("stack", WORKLOAD_STACKS)
def test_the_spoke_uses_the_hubs_real_ids_through_the_stack_reference(stack):
    inv, net = synthesized(stack), synthesized("network")
    [attachment] = inv.of_type("aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    [accepter] = inv.of_type("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter")
    assert attachment.inputs["transitGatewayId"] == net.outputs["transit_gateway_id"]
    assert accepter.inputs["transitGatewayAttachmentId"] == attachment.id
    assert inv.account_of(attachment) == inv.config.account().id
    assert inv.account_of(accepter) == NETWORK, accepter.urn
    for r in (*inv.of_type("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation"),
              *inv.of_type("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation")):
        assert inv.account_of(r) == NETWORK, r.urn
        assert r.inputs["transitGatewayRouteTableId"] in net.outputs["route_table_ids"].values(), r.urn
        assert r.inputs["transitGatewayAttachmentId"] == attachment.id, r.urn


@pytest.mark.parametrize("stack", WORKLOAD_STACKS)
def test_spoke_routes_send_exactly_the_configured_destinations_to_the_transit_gateway(stack):
    inv, net = synthesized(stack), synthesized("network")
    vpc_config = inv.config.network.vpcs["main"]
    attachment_config = inv.config.transit.attachments["main"]
    plan = plan_vpc(vpc_config.cidr, vpc_config.az_ids, [t.spec() for t in vpc_config.tiers], vpc_config.az_block_prefix)
    expected = {(f"main-{r.table}", r.cidr) for r in spoke_routes(plan, attachment_config.destinations, attachment_config.tier)}
    tables = {t.id: t.name for t in inv.of_type("aws:ec2/routeTable:RouteTable")}
    tgw_routes = [r for r in inv.of_type("aws:ec2/route:Route") if "transitGatewayId" in r.inputs]
    assert {(tables[r.inputs["routeTableId"]], r.inputs["destinationCidrBlock"]) for r in tgw_routes} == expected
    assert expected, stack
    for r in tgw_routes:
        assert r.inputs["transitGatewayId"] == net.outputs["transit_gateway_id"], r.urn
        assert not tables[r.inputs["routeTableId"]].startswith("main-transit-"), r.urn  # attachment subnets route nothing
        assert not tables[r.inputs["routeTableId"]].startswith("main-public-"), r.urn


def test_only_staging_sends_its_internet_traffic_to_the_hub_and_it_has_no_nat():
    staging = synthesized("staging")
    defaults = [r for r in staging.of_type("aws:ec2/route:Route") if r.inputs["destinationCidrBlock"] == "0.0.0.0/0" and "transitGatewayId" in r.inputs]
    assert len(defaults) == 3 and staging.of_type("aws:ec2/natGateway:NatGateway") == []
    tables = {t.id: t.inputs["tags"]["tier"] for t in staging.of_type("aws:ec2/routeTable:RouteTable")}
    assert {tables[r.inputs["routeTableId"]] for r in defaults} == {"app"}  # the isolated data tier stays isolated
    for stack in ("dev", "prod"):
        assert not [r for r in synthesized(stack).of_type("aws:ec2/route:Route") if r.inputs["destinationCidrBlock"] == "0.0.0.0/0" and "transitGatewayId" in r.inputs], stack


def test_a_rule_between_prod_and_nonprod_in_the_hub_file_propagates_prod_into_nonprod(project_copy):
    network = copy.deepcopy(stack_values("network"))
    network["landfall:transit"]["hub"]["rules"].append({"from": "prod", "to": "nonprod"})
    project = project_copy({"network": network})
    net = synthesize("network", project)
    for stack, other in (("prod", "nonprod"), ("dev", "prod")):
        associated, propagated = hub_side(synthesize(stack, project), net)
        assert associated == SEGMENT_OF_STACK[stack] and propagated == {"shared", other}, stack


def test_a_core_segment_lets_its_spokes_reach_each_other(project_copy):
    network = copy.deepcopy(stack_values("network"))
    network["landfall:transit"]["hub"]["segments"]["nonprod"]["isolated"] = False
    project = project_copy({"network": network})
    associated, propagated = hub_side(synthesize("dev", project), synthesize("network", project))
    assert associated == "nonprod" and propagated == {"shared", "nonprod"}

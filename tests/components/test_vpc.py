"""The Vpc component in isolation: one resource set per NAT strategy, asserted on the recorded inventory."""

from __future__ import annotations

import json

import pytest

from components.network.vpc import Vpc, VpcArgs
from landfall.config.network import VpcConfig
from landfall.plan.addresses import plan_vpc
from tests.conftest import record, unit_provider

BASE = {
    "cidr": "10.50.0.0/16",
    "az_ids": ["euw1-az1", "euw1-az2", "euw1-az3"],
    "tiers": [
        {"name": "public", "type": "public", "prefix": 24},
        {"name": "app", "type": "private_with_egress", "prefix": 20},
        {"name": "data", "type": "isolated", "prefix": 24},
    ],
}


def build(overrides: dict | None = None, protect: bool = False):
    cfg = VpcConfig.model_validate({**BASE, **(overrides or {})})
    plan = plan_vpc(cfg.cidr, cfg.az_ids, [t.spec() for t in cfg.tiers], cfg.az_block_prefix)

    def program():
        Vpc("net", VpcArgs(cfg, plan, "test", "aws", "eu-west-1", "123456789012", "arn:aws:kms:eu-west-1:123456789012:key/k", protect), unit_provider())

    return record(program)


@pytest.fixture(scope="module")
def per_az():
    return build({"nat": "one_per_az"})


def routes_by_table(inv):
    return {r.inputs["routeTableId"]: r for r in inv.of_type("aws:ec2/route:Route")}


def test_every_child_is_parented_to_the_component_and_uses_the_account_provider(per_az):
    component = per_az.named("net", "landfall:network:Vpc")
    for r in per_az.custom():
        assert r.parent == component.urn, r.urn
        assert r.provider.startswith("urn:pulumi:unit::landfall::pulumi:providers:aws::aws-unit::"), r.urn


def test_subnets_never_auto_assign_public_ips(per_az):
    subnets = per_az.of_type("aws:ec2/subnet:Subnet")
    assert len(subnets) == 9
    for s in subnets:
        assert s.inputs["mapPublicIpOnLaunch"] is False, s.urn


def test_subnet_names_come_from_tier_and_az_id(per_az):
    names = {s.name for s in per_az.of_type("aws:ec2/subnet:Subnet")}
    assert names == {f"net-{t}-euw1-az{n}" for t in ("public", "app", "data") for n in (1, 2, 3)}


def test_dns_support_and_hostnames_are_on(per_az):
    vpc = per_az.named("net", "aws:ec2/vpc:Vpc")
    assert vpc.inputs["enableDnsSupport"] is True and vpc.inputs["enableDnsHostnames"] is True


def test_the_default_security_group_has_no_rules(per_az):
    [sg] = per_az.of_type("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert sg.inputs.get("ingress") == [] and sg.inputs.get("egress") == [], sg.urn


def test_one_nat_per_az_and_each_egress_route_uses_the_nat_in_its_own_az(per_az):
    nats = {n.id: n for n in per_az.of_type("aws:ec2/natGateway:NatGateway")}
    assert len(nats) == 3
    subnets = {s.id: s for s in per_az.of_type("aws:ec2/subnet:Subnet")}
    tables = {t.id: t for t in per_az.of_type("aws:ec2/routeTable:RouteTable")}
    egress_routes = [r for r in per_az.of_type("aws:ec2/route:Route") if "natGatewayId" in r.inputs]
    assert len(egress_routes) == 3
    for route in egress_routes:
        table = tables[route.inputs["routeTableId"]]
        nat_az = subnets[nats[route.inputs["natGatewayId"]].inputs["subnetId"]].inputs["availabilityZoneId"]
        assert table.name.endswith(nat_az), f"{route.urn} routes {table.name} through a NAT in {nat_az}"
        assert route.inputs["destinationCidrBlock"] == "0.0.0.0/0"


def test_nats_live_in_public_subnets(per_az):
    subnets = {s.id: s for s in per_az.of_type("aws:ec2/subnet:Subnet")}
    for nat in per_az.of_type("aws:ec2/natGateway:NatGateway"):
        assert subnets[nat.inputs["subnetId"]].inputs["tags"]["tier-type"] == "public", nat.urn


def test_public_routes_go_to_the_internet_gateway_and_isolated_tables_have_no_default_route(per_az):
    [igw] = per_az.of_type("aws:ec2/internetGateway:InternetGateway")
    tables = {t.id: t for t in per_az.of_type("aws:ec2/routeTable:RouteTable")}
    routed = {tables[r.inputs["routeTableId"]].name: r for r in per_az.of_type("aws:ec2/route:Route")}
    for n in (1, 2, 3):
        assert routed[f"net-public-euw1-az{n}"].inputs["gatewayId"] == igw.id
        assert f"net-data-euw1-az{n}" not in routed


def test_every_subnet_is_associated_with_its_own_route_table(per_az):
    subnets = {s.id: s.name for s in per_az.of_type("aws:ec2/subnet:Subnet")}
    tables = {t.id: t.name for t in per_az.of_type("aws:ec2/routeTable:RouteTable")}
    pairs = {(subnets[a.inputs["subnetId"]], tables[a.inputs["routeTableId"]]) for a in per_az.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation")}
    assert pairs == {(n, n) for n in subnets.values()}


def test_flow_logs_capture_all_traffic_into_an_encrypted_log_group_with_retention(per_az):
    [flow] = per_az.of_type("aws:ec2/flowLog:FlowLog")
    [group] = per_az.of_type("aws:cloudwatch/logGroup:LogGroup")
    vpc = per_az.named("net", "aws:ec2/vpc:Vpc")
    assert flow.inputs["vpcId"] == vpc.id and flow.inputs["trafficType"] == "ALL"
    assert flow.inputs["logDestination"].startswith("arn:aws:logs:eu-west-1:123456789012:log-group:")
    assert group.inputs["retentionInDays"] == 365 and group.inputs["kmsKeyId"].startswith("arn:aws:kms:")


def test_the_flow_log_role_may_only_write_to_its_log_group(per_az):
    [policy] = per_az.of_type("aws:iam/rolePolicy:RolePolicy")
    [group] = per_az.of_type("aws:cloudwatch/logGroup:LogGroup")
    doc = json.loads(policy.inputs["policy"])
    [statement] = doc["Statement"]
    assert statement["Resource"][0].endswith(group.inputs["name"])
    assert "*" not in statement["Resource"]


def test_a_single_nat_serves_every_egress_table():
    inv = build({"nat": "single"})
    [nat] = inv.of_type("aws:ec2/natGateway:NatGateway")
    assert nat.name == "net-nat-euw1-az1"
    egress = [r for r in inv.of_type("aws:ec2/route:Route") if "natGatewayId" in r.inputs]
    assert len(egress) == 3 and {r.inputs["natGatewayId"] for r in egress} == {nat.id}


def test_no_internet_gateway_or_nat_without_a_public_tier():
    inv = build({"nat": "none", "tiers": [{"name": "data", "type": "isolated", "prefix": 24}]})
    assert inv.of_type("aws:ec2/internetGateway:InternetGateway") == []
    assert inv.of_type("aws:ec2/natGateway:NatGateway") == [] and inv.of_type("aws:ec2/eip:Eip") == []
    assert inv.of_type("aws:ec2/route:Route") == []


def test_nacls_exist_only_when_configured(per_az):
    assert per_az.of_type("aws:ec2/networkAcl:NetworkAcl") == []
    inv = build({"nacls": {"data": {"ingress": [{"rule_number": 100, "action": "allow", "protocol": "tcp", "cidr": "10.50.0.0/16", "from_port": 5432, "to_port": 5432}]}}})
    [acl] = inv.of_type("aws:ec2/networkAcl:NetworkAcl")
    [rule] = inv.of_type("aws:ec2/networkAclRule:NetworkAclRule")
    data_subnets = {s.id for s in inv.of_type("aws:ec2/subnet:Subnet") if s.inputs["tags"]["tier"] == "data"}
    assert set(acl.inputs["subnetIds"]) == data_subnets
    assert rule.name == "net-data-nacl-ingress-100" and rule.inputs["egress"] is False


def test_production_protects_the_vpc_subnets_and_flow_log_group():
    inv = build(protect=True)
    protected = {r.type for r in inv.custom() if r.protect}
    assert protected == {"aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:cloudwatch/logGroup:LogGroup"}


def test_the_component_registers_its_vpc_subnets_routes_and_nats_as_outputs(per_az):
    component = per_az.named("net", "landfall:network:Vpc")
    outputs = per_az.component_outputs[component.urn]
    assert outputs["vpc_id"] == per_az.named("net", "aws:ec2/vpc:Vpc").id
    assert outputs["subnet_ids"]["app-euw1-az2"] == per_az.named("net-app-euw1-az2", "aws:ec2/subnet:Subnet").id
    assert set(outputs["nat_gateway_ids"]) == {"euw1-az1", "euw1-az2", "euw1-az3"}
    assert len(outputs["route_table_ids"]) == 9


def test_a_tiers_tags_go_on_its_subnets_only_and_change_no_name():
    tiers = [dict(t) for t in BASE["tiers"]]
    tiers[0]["tags"] = {"kubernetes.io/role/elb": "1", "Name": "ignored"}
    tagged = build({"tiers": tiers})
    plain = build()
    assert {r.urn for r in tagged.custom()} == {r.urn for r in plain.custom()}
    for subnet in tagged.of_type("aws:ec2/subnet:Subnet"):
        tags = subnet.inputs["tags"]
        if subnet.name.startswith("net-public-"):
            assert tags["kubernetes.io/role/elb"] == "1", subnet.urn
            assert tags["Name"] == f"test-net-{subnet.name[len('net-'):]}", subnet.urn  # landfall's Name wins
        else:
            assert "kubernetes.io/role/elb" not in tags, subnet.urn

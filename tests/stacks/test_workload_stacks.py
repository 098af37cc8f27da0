"""Every workload stack's recorded inventory: addressing, NAT routing, providers and protection."""

from __future__ import annotations

import ipaddress
import json

import pytest

from tests.conftest import stack_values, synthesized


def test_every_custom_resource_has_an_explicit_provider(workload):
    # pulumi-random (the CloudFront origin secret) touches no account: its default provider needs no credentials.
    for r in (r for r in workload.custom() if not r.type.startswith("random:")):
        assert r.provider, f"{r.urn} would use the default provider"
        assert workload.account_of(r) is not None, r.urn


def test_every_child_of_a_component_names_a_registered_parent(workload):
    urns = {r.urn for r in workload.resources}
    for r in workload.resources:
        assert r.parent == "" or r.parent in urns, r.urn


def test_every_subnet_lies_in_its_vpc_and_no_two_subnets_overlap(workload):
    vpcs = {v.id: ipaddress.ip_network(v.inputs["cidrBlock"]) for v in workload.of_type("aws:ec2/vpc:Vpc")}
    subnets = workload.of_type("aws:ec2/subnet:Subnet")
    nets = []
    for s in subnets:
        net = ipaddress.ip_network(s.inputs["cidrBlock"])
        assert net.subnet_of(vpcs[s.inputs["vpcId"]]), f"{s.urn} {net} is outside its VPC"
        nets.append((s.urn, net))
    for i, (urn_a, a) in enumerate(nets):
        for urn_b, b in nets[i + 1 :]:
            assert not a.overlaps(b), f"{urn_a} {a} overlaps {urn_b} {b}"


def _one_per_az_stacks() -> list[str]:
    return [s for s in ("dev", "staging", "prod") if stack_values(s)["landfall:network"]["vpcs"]["main"].get("nat") == "one_per_az"]


def test_at_least_one_stack_file_uses_a_nat_per_az():
    assert _one_per_az_stacks(), "the NAT-per-AZ routing test below would check nothing"


@pytest.mark.parametrize("stack", _one_per_az_stacks())
def test_under_one_per_az_each_egress_route_goes_to_the_nat_in_its_own_az(stack):
    workload = synthesized(stack)
    subnet_az = {s.id: s.inputs["availabilityZoneId"] for s in workload.of_type("aws:ec2/subnet:Subnet")}
    nat_az = {n.id: subnet_az[n.inputs["subnetId"]] for n in workload.of_type("aws:ec2/natGateway:NatGateway")}
    table_az = {}
    for assoc in workload.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation"):
        table_az[assoc.inputs["routeTableId"]] = subnet_az[assoc.inputs["subnetId"]]
    egress = [r for r in workload.of_type("aws:ec2/route:Route") if "natGatewayId" in r.inputs]
    private_tiers = [t for t in stack_values(stack)["landfall:network"]["vpcs"]["main"]["tiers"] if t["type"] == "private_with_egress"]
    assert len(egress) == len(nat_az) * len(private_tiers)  # one route table per private tier and AZ
    for route in egress:
        assert nat_az[route.inputs["natGatewayId"]] == table_az[route.inputs["routeTableId"]], route.urn


def test_dev_is_the_cheapest_secure_network():
    dev = synthesized("dev")
    assert len(dev.of_type("aws:ec2/natGateway:NatGateway")) <= 1
    endpoints = dev.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
    assert endpoints and all(e.inputs["vpcEndpointType"] == "Gateway" for e in endpoints)
    assert {az for s in dev.of_type("aws:ec2/subnet:Subnet") for az in [s.inputs["availabilityZoneId"]]} == {"euw1-az1", "euw1-az2"}


def test_prod_spans_three_azs_with_a_nat_each_and_the_private_workload_endpoints():
    prod = synthesized("prod")
    assert len(prod.of_type("aws:ec2/natGateway:NatGateway")) == 3
    services = {e.inputs["serviceName"].split("eu-west-1.")[1] for e in prod.of_type("aws:ec2/vpcEndpoint:VpcEndpoint") if e.inputs["vpcEndpointType"] == "Interface"}
    assert {"ssm", "ssmmessages", "ec2messages", "kms", "logs", "sts", "secretsmanager", "ecr.api", "ecr.dkr", "sqs"} <= services
    for e in prod.of_type("aws:ec2/vpcEndpoint:VpcEndpoint"):
        if e.inputs["vpcEndpointType"] == "Interface":
            assert len(e.inputs["subnetIds"]) == 3, e.urn


def test_prod_protects_its_stateful_resources_and_dev_does_not():
    prod, dev = synthesized("prod"), synthesized("dev")
    for t in ("aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:kms/key:Key", "aws:cloudwatch/logGroup:LogGroup"):
        for r in prod.of_type(t):
            assert r.protect, f"{r.urn} is not protected in prod"
        for r in dev.of_type(t):
            assert not r.protect, f"{r.urn} is protected in dev"


def test_every_vpc_has_a_flow_log(workload):
    flows = {f.inputs["vpcId"] for f in workload.of_type("aws:ec2/flowLog:FlowLog")}
    for vpc in workload.of_type("aws:ec2/vpc:Vpc"):
        assert vpc.id in flows, vpc.urn


# The hub side of a transit attachment: created by the workload stack through the network account's provider.
HUB_SIDE = {
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
}


def test_all_resources_land_in_the_stacks_own_account_except_the_hub_side_of_its_attachment(workload):
    expected = workload.config.account().id
    hub = workload.config.hub().account_id
    for r in (r for r in workload.custom() if not r.type.startswith("random:")):
        assert workload.account_of(r) == (hub if r.type in HUB_SIDE else expected), r.urn


def test_stack_outputs_expose_the_vpc_and_keys(workload):
    vpc = workload.named("main", "aws:ec2/vpc:Vpc")
    assert workload.outputs["vpcs"]["main"]["vpc_id"] == vpc.id
    # A SECRETS key only where a service keeps secrets or databases (staging and prod: the ledger).
    secrets = any(s.secrets or s.databases for s in workload.config.services.services.values())
    assert set(workload.outputs["kms_keys"]) == {"logs", "data"} | ({"secrets"} if secrets else set())
    assert json.dumps(workload.outputs)  # JSON-able, as the preview prints it

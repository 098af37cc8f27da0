"""The Endpoints component: gateway endpoints on private tables, interface endpoints per AZ behind one SG."""

from __future__ import annotations

import json

import pytest

from components.network.endpoints import Endpoints, EndpointsArgs
from tests.conftest import record, unit_provider


@pytest.fixture(scope="module")
def inv():
    def program():
        Endpoints(
            "net-endpoints",
            EndpointsArgs(
                vpc_id="vpc-1",
                vpc_cidr="10.50.0.0/16",
                region="eu-west-1",
                gateway_services=["s3", "dynamodb"],
                private_route_table_ids=["rtb-a", "rtb-b"],
                interface_services=["ssm", "ecr.api"],
                interface_subnet_ids=["subnet-a", "subnet-b", "subnet-c"],
                policies={"s3": {"Version": "2012-10-17", "Statement": []}},
            ),
            unit_provider(),
        )

    return record(program)


def endpoint(inv, name):
    return inv.named(name, "aws:ec2/vpcEndpoint:VpcEndpoint")


def test_gateway_endpoints_attach_to_every_private_route_table(inv):
    for svc in ("s3", "dynamodb"):
        e = endpoint(inv, f"net-endpoints-{svc}")
        assert e.inputs["vpcEndpointType"] == "Gateway" and e.inputs["routeTableIds"] == ["rtb-a", "rtb-b"], e.urn
        assert e.inputs["serviceName"] == f"com.amazonaws.eu-west-1.{svc}"


def test_interface_endpoints_sit_in_one_subnet_per_az_with_private_dns(inv):
    e = endpoint(inv, "net-endpoints-ecr-api")
    assert e.inputs["serviceName"] == "com.amazonaws.eu-west-1.ecr.api"
    assert e.inputs["vpcEndpointType"] == "Interface" and e.inputs["privateDnsEnabled"] is True
    assert e.inputs["subnetIds"] == ["subnet-a", "subnet-b", "subnet-c"]
    [sg] = inv.of_type("aws:ec2/securityGroup:SecurityGroup")
    assert e.inputs["securityGroupIds"] == [sg.id]


def test_the_endpoint_security_group_allows_only_https_from_the_vpc(inv):
    [rule] = inv.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert (rule.inputs["fromPort"], rule.inputs["toPort"], rule.inputs["ipProtocol"]) == (443, 443, "tcp")
    assert rule.inputs["cidrIpv4"] == "10.50.0.0/16"
    [sg] = inv.of_type("aws:ec2/securityGroup:SecurityGroup")
    assert "ingress" not in sg.inputs and "egress" not in sg.inputs, "inline rules would fight the separate rule"


def test_an_endpoint_policy_is_set_only_where_configured(inv):
    assert json.loads(endpoint(inv, "net-endpoints-s3").inputs["policy"])["Version"] == "2012-10-17"
    assert "policy" not in endpoint(inv, "net-endpoints-dynamodb").inputs


def test_no_security_group_without_interface_endpoints():
    def program():
        Endpoints("e", EndpointsArgs("vpc-1", "10.0.0.0/16", "eu-west-1", ["s3"], ["rtb-a"], [], []), unit_provider())

    inv = record(program)
    assert inv.of_type("aws:ec2/securityGroup:SecurityGroup") == []
    assert [e.name for e in inv.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")] == ["e-s3"]

"""The Endpoints component: gateway endpoints on private route tables, interface endpoints per AZ."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import pulumi
import pulumi_aws as aws

HTTPS = 443


@dataclass(frozen=True)
class EndpointsArgs:
    vpc_id: pulumi.Input[str]
    vpc_cidr: str
    region: str
    gateway_services: Sequence[str]
    private_route_table_ids: Sequence[pulumi.Input[str]]  # private_with_egress and isolated tables
    interface_services: Sequence[str]
    interface_subnet_ids: Sequence[pulumi.Input[str]]  # one subnet per AZ
    policies: Optional[dict[str, dict[str, Any]]] = None


def endpoint_key(service: str) -> str:
    """`ecr.api` -> `ecr-api`: a stable, name-safe key per service."""
    return service.replace(".", "-")


class Endpoints(pulumi.ComponentResource):
    """`landfall:network:Endpoints`: children named `<vpc>-<service>`; adding a service adds one endpoint."""

    def __init__(self, name: str, args: EndpointsArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:network:Endpoints", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        policies = args.policies or {}
        self.endpoints: dict[str, aws.ec2.VpcEndpoint] = {}

        for svc in args.gateway_services:
            self.endpoints[svc] = aws.ec2.VpcEndpoint(
                f"{name}-{endpoint_key(svc)}",
                vpc_id=args.vpc_id,
                service_name=f"com.amazonaws.{args.region}.{svc}",
                vpc_endpoint_type="Gateway",
                route_table_ids=list(args.private_route_table_ids),
                policy=json.dumps(policies[svc]) if svc in policies else None,
                tags={"Name": f"{name}-{svc}"},
                opts=child,
            )

        self.security_group = None
        if args.interface_services:
            self.security_group = aws.ec2.SecurityGroup(
                f"{name}-endpoints",
                vpc_id=args.vpc_id,
                description="Interface endpoints: HTTPS from inside the VPC only",
                tags={"Name": f"{name}-endpoints"},
                opts=child,
            )
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-endpoints-https",
                security_group_id=self.security_group.id,
                cidr_ipv4=args.vpc_cidr,
                ip_protocol="tcp",
                from_port=HTTPS,
                to_port=HTTPS,
                description="HTTPS from the VPC",
                opts=child,
            )
        for svc in args.interface_services:
            self.endpoints[svc] = aws.ec2.VpcEndpoint(
                f"{name}-{endpoint_key(svc)}",
                vpc_id=args.vpc_id,
                service_name=f"com.amazonaws.{args.region}.{svc}",
                vpc_endpoint_type="Interface",
                subnet_ids=list(args.interface_subnet_ids),
                security_group_ids=[self.security_group.id],
                private_dns_enabled=True,
                policy=json.dumps(policies[svc]) if svc in policies else None,
                tags={"Name": f"{name}-{svc}"},
                opts=child,
            )
        self.register_outputs({"endpoint_ids": {svc: e.id for svc, e in self.endpoints.items()}})

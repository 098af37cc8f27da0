"""The Vpc component: loops over a pure VpcPlan and declares the network."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.network import NatStrategy, VpcConfig
from landfall.plan.addresses import TierType, VpcPlan

ANYWHERE = "0.0.0.0/0"
FLOW_LOG_AGGREGATION_S = 60  # one-minute records: incident timelines need the finer grain


@dataclass(frozen=True)
class VpcArgs:
    config: VpcConfig
    plan: VpcPlan
    environment: str
    partition: str
    region: str
    account_id: str
    log_key_arn: pulumi.Input[str]
    protect: bool = False  # production: VPC, subnets and the flow-log group survive a mistaken delete


class Vpc(pulumi.ComponentResource):
    """`landfall:network:Vpc`.

    Children are named from stable keys (`<vpc>-<tier>-<az id>`), so adding an AZ or a tier adds
    resources and never renames one.
    """

    def __init__(self, name: str, args: VpcArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:network:Vpc", name, None, opts)
        cfg, plan = args.config, args.plan
        self.plan = plan
        child = pulumi.ResourceOptions(parent=self)
        stateful = pulumi.ResourceOptions(parent=self, protect=args.protect)
        label = f"{args.environment}-{name}"

        self.vpc = aws.ec2.Vpc(
            name,
            cidr_block=plan.cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags={"Name": label},
            opts=stateful,
        )
        self.cidr = plan.cidr
        # EC2.2: the default security group allows nothing, so nothing can fall back on it.
        aws.ec2.DefaultSecurityGroup(f"{name}-default", vpc_id=self.vpc.id, ingress=[], egress=[], tags={"Name": f"{label}-default-closed"}, opts=child)

        self.subnets: dict[str, aws.ec2.Subnet] = {}
        tier_tags = {t.name: t.tags for t in cfg.tiers}
        for s in plan.subnets:
            self.subnets[s.key] = aws.ec2.Subnet(
                f"{name}-{s.key}",
                vpc_id=self.vpc.id,
                cidr_block=s.cidr,
                availability_zone_id=s.az_id,
                map_public_ip_on_launch=False,  # EC2.15: public IPs only where explicitly attached
                # The tier's own tags first: landfall's keys name the subnet and always win.
                tags={**tier_tags.get(s.tier, {}), "Name": f"{label}-{s.key}", "tier": s.tier, "tier-type": s.tier_type.value},
                opts=stateful,
            )

        self.igw = None
        if cfg.has_tier_type(TierType.PUBLIC):
            self.igw = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=self.vpc.id, tags={"Name": label}, opts=child)

        self.nat_gateways: dict[str, aws.ec2.NatGateway] = {}
        public_tier = next((t.name for t in cfg.active_tiers if t.type == TierType.PUBLIC), None)
        for az in self._nat_azs(cfg):
            eip = aws.ec2.Eip(f"{name}-nat-{az}", domain="vpc", tags={"Name": f"{label}-nat-{az}"}, opts=child)
            self.nat_gateways[az] = aws.ec2.NatGateway(
                f"{name}-nat-{az}",
                allocation_id=eip.allocation_id,
                subnet_id=self.subnets[f"{public_tier}-{az}"].id,
                tags={"Name": f"{label}-nat-{az}"},
                opts=child,
            )

        self.route_tables: dict[str, aws.ec2.RouteTable] = {}
        for s in plan.subnets:
            table = aws.ec2.RouteTable(f"{name}-{s.key}", vpc_id=self.vpc.id, tags={"Name": f"{label}-{s.key}", "tier": s.tier}, opts=child)
            aws.ec2.RouteTableAssociation(f"{name}-{s.key}", route_table_id=table.id, subnet_id=self.subnets[s.key].id, opts=child)
            self.route_tables[s.key] = table
            if s.tier_type == TierType.PUBLIC:
                aws.ec2.Route(f"{name}-{s.key}-default", route_table_id=table.id, destination_cidr_block=ANYWHERE, gateway_id=self.igw.id, opts=child)
            elif s.tier_type == TierType.PRIVATE_WITH_EGRESS and self.nat_gateways:
                nat = self.nat_gateways.get(s.az_id) or next(iter(self.nat_gateways.values()))
                aws.ec2.Route(f"{name}-{s.key}-default", route_table_id=table.id, destination_cidr_block=ANYWHERE, nat_gateway_id=nat.id, opts=child)

        self._flow_logs(name, args, label, child, stateful)
        self._nacls(name, cfg, plan, label, child)

        self.register_outputs(
            {
                "vpc_id": self.vpc.id,
                "cidr": plan.cidr,
                "subnet_ids": {k: s.id for k, s in self.subnets.items()},
                "route_table_ids": {k: t.id for k, t in self.route_tables.items()},
                "nat_gateway_ids": {az: n.id for az, n in self.nat_gateways.items()},
            }
        )

    @staticmethod
    def _nat_azs(cfg: VpcConfig) -> list[str]:
        if cfg.nat == NatStrategy.ONE_PER_AZ:
            return list(cfg.az_ids)
        if cfg.nat == NatStrategy.SINGLE:
            return [cfg.single_nat_az_id]
        return []

    def subnet_ids(self, tier: str) -> list[pulumi.Output[str]]:
        """One subnet per AZ of the tier, in AZ order."""
        return [self.subnets[s.key].id for s in self.plan.subnets_in_tier(tier)]

    def route_table_ids(self, *tier_types: TierType) -> list[pulumi.Output[str]]:
        return [self.route_tables[s.key].id for s in self.plan.subnets if s.tier_type in tier_types]

    def _flow_logs(self, name: str, args: VpcArgs, label: str, child, stateful) -> None:
        group = aws.cloudwatch.LogGroup(
            f"{name}-flow-logs",
            name=f"/landfall/{args.environment}/vpc/{name}/flow-logs",
            retention_in_days=args.config.flow_logs.retention_days,
            kms_key_id=args.log_key_arn,
            opts=stateful,
        )
        role = aws.iam.Role(
            f"{name}-flow-logs",
            assume_role_policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                            # confused-deputy guard: only flow logs of this account may use the role
                            "Condition": {"StringEquals": {"aws:SourceAccount": args.account_id}},
                        }
                    ],
                }
            ),
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-flow-logs",
            role=role.id,
            policy=group.arn.apply(
                lambda arn: json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                                "Resource": [arn, f"{arn}:*"],
                            }
                        ],
                    }
                )
            ),
            opts=child,
        )
        self.flow_log = aws.ec2.FlowLog(
            f"{name}-flow-logs",
            vpc_id=self.vpc.id,
            traffic_type=args.config.flow_logs.traffic_type.value,
            log_destination_type="cloud-watch-logs",
            log_destination=group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=FLOW_LOG_AGGREGATION_S,
            tags={"Name": f"{label}-flow-logs"},
            opts=child,
        )

    def _nacls(self, name: str, cfg: VpcConfig, plan: VpcPlan, label: str, child) -> None:
        for tier, nacl in cfg.nacls.items():
            acl = aws.ec2.NetworkAcl(
                f"{name}-{tier}-nacl",
                vpc_id=self.vpc.id,
                subnet_ids=[self.subnets[s.key].id for s in plan.subnets_in_tier(tier)],
                tags={"Name": f"{label}-{tier}"},
                opts=child,
            )
            for direction, rules in (("ingress", nacl.ingress), ("egress", nacl.egress)):
                for rule in rules:
                    aws.ec2.NetworkAclRule(
                        f"{name}-{tier}-nacl-{direction}-{rule.rule_number}",
                        network_acl_id=acl.id,
                        rule_number=rule.rule_number,
                        egress=direction == "egress",
                        protocol=rule.protocol,
                        rule_action=rule.action,
                        cidr_block=rule.cidr,
                        from_port=rule.from_port,
                        to_port=rule.to_port,
                        opts=child,
                    )

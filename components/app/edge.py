"""CloudFront in front of a service's REST API (`landfall:services.<name>.api.cdn`).

The distribution's origin is the API's regional endpoint, reached over TLS 1.2 only, and every origin request
carries a secret header that the API's own (regional) web ACL requires, so the API answers CloudFront and
nothing else. Viewers get TLS 1.2_2021 with the ACM certificate of the aliases, no caching (an API), the
managed security-headers policy, a CLOUDFRONT-scope web ACL (managed rule groups and a rate limit) and, where
configured, a CloudFront Function answering redirects. Access logs go to a log group through CloudWatch's log
delivery. CloudFront's certificate, its web ACL and its log source live in us-east-1: they take the
per-resource `region` input, so no provider is added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from landfall.config.serverless.api import CdnConfig, EdgeFunctionConfig
from landfall.plan.api import waf_rules
from landfall.plan.edge import (
    ALL_VIEWER_EXCEPT_HOST,
    CACHING_DISABLED,
    EDGE_ARCHITECTURE,
    EDGE_REGION,
    EDGE_RUNTIME,
    EDGE_TAG,
    MANAGED_EDGE_RULE_GROUPS,
    MIN_VIEWER_TLS,
    ORIGIN_HEADER,
    SECURITY_HEADERS,
    edge_function_name,
    edge_log_group_name,
    edge_role_policy,
    edge_trust_policy,
    redirect_function_code,
)

from .functions import code_archive
from .waf import visibility, web_acl_rules

ORIGIN_ID = "api"
ORIGIN_SECRET_LENGTH = 48


def origin_secret(name: str, opts: pulumi.ResourceOptions) -> random.RandomPassword:
    """The header value only CloudFront knows; kept in state as a secret, never in config or code."""
    return random.RandomPassword(f"{name}-origin-secret", length=ORIGIN_SECRET_LENGTH, special=False, opts=opts)


@dataclass(frozen=True)
class ApiDistributionArgs:
    config: CdnConfig
    name: str  # the API's AWS name: names the ACL, the function and the log group
    api_domain: pulumi.Input[str]  # <api id>.execute-api.<region>.amazonaws.com
    stage_name: str
    secret: pulumi.Input[str]  # the origin header's value
    log_key_arn: pulumi.Input[str]  # a LOGS key in us-east-1
    log_retention_days: int
    account_id: str
    partition: str = "aws"
    protect: bool = False
    function_log_keys: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)  # region -> LOGS key, for edge functions


@dataclass(frozen=True)
class EdgeFunctionArgs:
    key: str
    config: EdgeFunctionConfig
    function_name: str
    log_keys: Mapping[str, pulumi.Input[str]]  # region -> LOGS key: one log group per region
    account_id: str
    partition: str = "aws"
    protect: bool = False


class EdgeFunction(pulumi.ComponentResource):
    """`landfall:edge:EdgeFunction`: a Lambda@Edge function in us-east-1 (through the `region` input), published
    as a numbered version (CloudFront takes no alias or $LATEST), its role (Lambda and Lambda@Edge's replicator
    assume it; it may only write its own log groups) and its log group in each region it may log in."""

    def __init__(self, name: str, args: EdgeFunctionArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:edge:EdgeFunction", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        kept = pulumi.ResourceOptions(parent=self, protect=args.protect)
        event = cfg.event
        # Lambda@Edge logs in the region of the edge cache that ran it, under one name: the groups exist
        # beforehand (encrypted, with retention), since the role may not create any.
        self.log_groups = {
            region: aws.cloudwatch.LogGroup(
                f"{name}-logs-{region}", name=edge_log_group_name(args.function_name), region=region,
                retention_in_days=cfg.log_retention_days, kms_key_id=key, opts=kept)
            for region, key in sorted(args.log_keys.items())
        }
        self.role = aws.iam.Role(
            name, name=args.function_name,
            assume_role_policy=json.dumps(edge_trust_policy()), opts=child)
        policy = aws.iam.RolePolicy(
            name, role=self.role.id,
            policy=json.dumps(edge_role_policy(args.function_name, args.account_id, args.partition)), opts=child)
        self.function = aws.lambda_.Function(
            name,
            name=args.function_name,
            region=EDGE_REGION,
            description=cfg.description or f"Lambda@Edge {event.value}: {args.key}",
            runtime=EDGE_RUNTIME,
            architectures=[EDGE_ARCHITECTURE],
            handler=cfg.handler,
            code=code_archive([cfg.handler]),
            memory_size=cfg.memory_mb,
            timeout=cfg.timeout_s,
            publish=True,  # CloudFront runs a numbered version: every code change publishes one
            role=self.role.arn,
            tags={EDGE_TAG: event.value},
            # CloudFront's replicas outlive the association by hours and Lambda refuses to delete the function
            # until they are gone: removing it from the program leaves it behind instead of failing the update.
            skip_destroy=True,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy, *self.log_groups.values()]),
        )
        self.association = aws.cloudfront.DistributionDefaultCacheBehaviorLambdaFunctionAssociationArgs(
            event_type=event.value, lambda_arn=self.function.qualified_arn, include_body=cfg.include_body or None)
        self.register_outputs({"qualified_arn": self.function.qualified_arn, "role_arn": self.role.arn})


class ApiDistribution(pulumi.ComponentResource):
    """`landfall:edge:ApiDistribution`: `<name>` (the distribution), `<name>-edge` (its web ACL),
    `<name>-redirects` (the function, when configured) and `<name>-access-logs`."""

    def __init__(self, name: str, args: ApiDistributionArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:edge:ApiDistribution", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)

        rules = web_acl_rules(waf_rules(f"{args.name}-edge", groups=MANAGED_EDGE_RULE_GROUPS, rate_limit=cfg.rate_limit))
        self.web_acl = aws.wafv2.WebAcl(
            f"{name}-edge", name=f"{args.name}-edge", scope="CLOUDFRONT", region=EDGE_REGION,
            default_action=aws.wafv2.WebAclDefaultActionArgs(allow=aws.wafv2.WebAclDefaultActionAllowArgs()),
            rules=rules, visibility_config=aws.wafv2.WebAclVisibilityConfigArgs(**visibility(f"{args.name}-edge")),
            opts=child,
        )
        functions = []
        if cfg.redirects:
            redirect = aws.cloudfront.Function(
                f"{name}-redirects", name=f"{args.name}-redirects"[:64], runtime="cloudfront-js-2.0",
                code=redirect_function_code(cfg.redirects), publish=True, comment="landfall: redirects", opts=child)
            functions.append(aws.cloudfront.DistributionDefaultCacheBehaviorFunctionAssociationArgs(
                event_type="viewer-request", function_arn=redirect.arn))
        self.edge_functions = {
            key: EdgeFunction(
                f"{name}-{key}",
                EdgeFunctionArgs(key=key, config=fn, function_name=edge_function_name(args.name, key),
                                 log_keys=args.function_log_keys, account_id=args.account_id, partition=args.partition,
                                 protect=args.protect),
                child)
            for key, fn in sorted(cfg.edge_functions.items())
        }
        associations = sorted((f.association for f in self.edge_functions.values()), key=lambda a: a.event_type)
        self.distribution = aws.cloudfront.Distribution(
            name,
            enabled=True,
            is_ipv6_enabled=True,
            http_version="http2and3",
            comment=f"landfall: {args.name}",
            aliases=cfg.aliases,
            price_class=cfg.price_class,
            web_acl_id=self.web_acl.arn,
            origins=[aws.cloudfront.DistributionOriginArgs(
                origin_id=ORIGIN_ID,
                domain_name=args.api_domain,
                origin_path=f"/{args.stage_name}",
                custom_headers=[aws.cloudfront.DistributionOriginCustomHeaderArgs(name=ORIGIN_HEADER, value=args.secret)],
                custom_origin_config=aws.cloudfront.DistributionOriginCustomOriginConfigArgs(
                    http_port=80, https_port=443, origin_protocol_policy="https-only", origin_ssl_protocols=["TLSv1.2"]),
            )],
            default_cache_behavior=aws.cloudfront.DistributionDefaultCacheBehaviorArgs(
                target_origin_id=ORIGIN_ID,
                viewer_protocol_policy="https-only",
                allowed_methods=["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                cached_methods=["GET", "HEAD"],
                cache_policy_id=CACHING_DISABLED,
                origin_request_policy_id=ALL_VIEWER_EXCEPT_HOST,
                response_headers_policy_id=SECURITY_HEADERS,
                compress=True,
                function_associations=functions or None,
                lambda_function_associations=associations or None,
            ),
            viewer_certificate=aws.cloudfront.DistributionViewerCertificateArgs(
                acm_certificate_arn=cfg.certificate_arn, ssl_support_method="sni-only", minimum_protocol_version=MIN_VIEWER_TLS),
            restrictions=aws.cloudfront.DistributionRestrictionsArgs(
                geo_restriction=aws.cloudfront.DistributionRestrictionsGeoRestrictionArgs(restriction_type="none")),
            opts=child,
        )
        # Standard logging (v2): CloudFront -> a log group in us-east-1, through CloudWatch's log delivery.
        kept = pulumi.ResourceOptions(parent=self, protect=args.protect)
        logs = aws.cloudwatch.LogGroup(
            f"{name}-access-logs", name=f"/landfall/cloudfront/{args.name}", region=EDGE_REGION,
            retention_in_days=args.log_retention_days, kms_key_id=args.log_key_arn, opts=kept)
        aws.cloudwatch.LogResourcePolicy(
            f"{name}-access-logs", policy_name=f"{args.name}-cloudfront-logs", region=EDGE_REGION,
            policy_document=logs.arn.apply(lambda arn: json.dumps({"Version": "2012-10-17", "Statement": [{
                "Sid": "CloudFrontLogDelivery", "Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": f"{arn}:log-stream:*",
                "Condition": {"StringEquals": {"aws:SourceAccount": args.account_id}}}]})),
            opts=child)
        source = aws.cloudwatch.LogDeliverySource(
            f"{name}-access-logs", name=f"{args.name}-cloudfront"[:60], region=EDGE_REGION, log_type="ACCESS_LOGS",
            resource_arn=self.distribution.arn, opts=child)
        destination = aws.cloudwatch.LogDeliveryDestination(
            f"{name}-access-logs", name=f"{args.name}-cloudfront"[:60], region=EDGE_REGION, delivery_destination_type="CWL",
            delivery_destination_configuration=aws.cloudwatch.LogDeliveryDestinationDeliveryDestinationConfigurationArgs(
                destination_resource_arn=logs.arn),
            opts=child)
        self.log_delivery = aws.cloudwatch.LogDelivery(
            f"{name}-access-logs", region=EDGE_REGION, delivery_source_name=source.name,
            delivery_destination_arn=destination.arn, opts=child)
        self.register_outputs({"domain_name": self.distribution.domain_name, "distribution_id": self.distribution.id,
                               "web_acl_arn": self.web_acl.arn})

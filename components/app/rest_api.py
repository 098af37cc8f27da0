"""A service's REST API: a Cognito (or IAM) authorizer on every method, Lambda proxy integrations to the `live`
aliases, a stage with JSON access logs, execution logging, X-Ray and throttling, and in production a WAF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.serverless import ApiConfig, Authorization
from landfall.plan.api import (
    ACCESS_LOG_FORMAT,
    deployment_trigger,
    method_settings_path,
    permission_path,
    route_key,
    waf_rules,
)
from landfall.plan.edge import ORIGIN_HEADER
from landfall.plan.grants import service_trust_policy
from landfall.plan.request_models import JSON_CONTENT_TYPE, ValidationPlan
from landfall.plan.serverless import plan_api_resources
from landfall.plan.service_names import ALIAS, ServiceNames

from .waf import visibility, web_acl_rules

PUSH_TO_CLOUDWATCH = "arn:{partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"


@dataclass(frozen=True)
class ApiGatewayAccountArgs:
    names: ServiceNames  # only environment, partition and account are used


class ApiGatewayAccount(pulumi.ComponentResource):
    """`landfall:api:Account`: the account-wide role API Gateway uses to write execution logs (one per account)."""

    def __init__(self, name: str, args: ApiGatewayAccountArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:api:Account", name, None, opts)
        n = args.names
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(
            name,
            name=f"{n.environment}-apigateway-cloudwatch",
            assume_role_policy=json.dumps(service_trust_policy("apigateway.amazonaws.com", n.account_id, n.partition)),
            opts=child,
        )
        attachment = aws.iam.RolePolicyAttachment(name, role=role.name, policy_arn=PUSH_TO_CLOUDWATCH.format(partition=n.partition), opts=child)
        self.account = aws.apigateway.Account(name, cloudwatch_role_arn=role.arn, opts=pulumi.ResourceOptions(parent=self, depends_on=[attachment]))
        self.register_outputs({"cloudwatch_role_arn": role.arn})


@dataclass(frozen=True)
class ApiTarget:
    function_name: pulumi.Input[str]
    invoke_arn: pulumi.Input[str]  # the `live` alias's invoke ARN


@dataclass(frozen=True)
class ServiceApiArgs:
    config: ApiConfig
    names: ServiceNames
    functions: Mapping[str, ApiTarget]  # function key -> target, for every function a route names
    log_key_arn: pulumi.Input[str]
    waf: bool
    user_pool_arn: Optional[pulumi.Input[str]] = None
    account: Optional[pulumi.Resource] = None  # the ApiGatewayAccount: execution logging needs its role first
    validation: Optional[ValidationPlan] = None  # request validators and body models (None: no validation)
    # Fronted by CloudFront: the header value the distribution sends; the ACL blocks requests without it.
    origin_secret: Optional[pulumi.Input[str]] = None
    protect: bool = False


class ServiceApi(pulumi.ComponentResource):
    """`landfall:api:RestApi`."""

    rest_api: aws.apigateway.RestApi
    stage: aws.apigateway.Stage
    web_acl: Optional[aws.wafv2.WebAcl]

    def __init__(self, name: str, args: ServiceApiArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:api:RestApi", name, None, opts)
        cfg, names = args.config, args.names
        child = pulumi.ResourceOptions(parent=self)
        api_name = f"{names.environment}-{names.service}"
        self.rest_api = aws.apigateway.RestApi(
            name,
            name=api_name,
            description=f"{names.service} API ({names.environment})",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types="REGIONAL"),
            opts=child,
        )
        resource_ids: dict[str, pulumi.Input[str]] = {"/": self.rest_api.root_resource_id}
        resources, _ = plan_api_resources(r.path for r in cfg.routes)
        for res in resources:
            resource = aws.apigateway.Resource(
                f"{name}{res.path.replace('/', '-').replace('{', '').replace('}', '')}",
                rest_api=self.rest_api.id,
                parent_id=resource_ids[res.parent],
                path_part=res.part,
                opts=child,
            )
            resource_ids[res.path] = resource.id

        authorizer = None
        if any(r.authorization == Authorization.COGNITO_USER_POOLS for r in cfg.routes):
            if args.user_pool_arn is None:
                raise ValueError(f"{names.service}: COGNITO_USER_POOLS routes need the user pool ARN")
            authorizer = aws.apigateway.Authorizer(
                name,
                name=f"{api_name}-cognito",
                rest_api=self.rest_api.id,
                type="COGNITO_USER_POOLS",
                provider_arns=[args.user_pool_arn],
                identity_source="method.request.header.Authorization",
                opts=child,
            )

        validators: dict[str, aws.apigateway.RequestValidator] = {}
        models: dict[str, aws.apigateway.Model] = {}
        plan = args.validation
        for validator in plan.validators if plan is not None else ():
            validators[validator.key] = aws.apigateway.RequestValidator(
                f"{name}-validate-{validator.key}",
                rest_api=self.rest_api.id,
                name=validator.name,
                validate_request_body=validator.validate_body,
                validate_request_parameters=validator.validate_parameters,
                opts=child,
            )
        for model in plan.models if plan is not None else ():
            models[model.name] = aws.apigateway.Model(
                f"{name}-model-{model.key}",
                rest_api=self.rest_api.id,
                name=model.name,
                description=f"Request body {model.reference} (the handler's pydantic model, as JSON Schema draft-04)",
                content_type=JSON_CONTENT_TYPE,
                schema=model.schema,
                opts=child,
            )

        integrations = []
        for route in cfg.routes:
            if route.authorization not in (Authorization.COGNITO_USER_POOLS, Authorization.AWS_IAM):
                raise ValueError(f"{names.service}: route {route.key} has authorization {route.authorization}; only Cognito or IAM")
            key = f"{name}-{route_key(route.method, route.path)}"
            target = args.functions[route.function]
            cognito = route.authorization == Authorization.COGNITO_USER_POOLS
            checks = plan.methods[route_key(route.method, route.path)] if plan is not None else None
            method = aws.apigateway.Method(
                key,
                rest_api=self.rest_api.id,
                resource_id=resource_ids[route.path],
                http_method=route.method,
                authorization=route.authorization.value,
                authorizer_id=authorizer.id if cognito and authorizer is not None else None,
                authorization_scopes=list(route.scopes) or None,
                request_validator_id=validators[checks.validator.key].id if checks is not None else None,
                request_models=({t: models[m].name for t, m in checks.request_models.items()} or None) if checks is not None else None,
                request_parameters=(dict(checks.request_parameters) or None) if checks is not None else None,
                opts=child,
            )
            integrations.append(aws.apigateway.Integration(
                key,
                rest_api=self.rest_api.id,
                resource_id=resource_ids[route.path],
                http_method=method.http_method,
                type="AWS_PROXY",
                integration_http_method="POST",  # Lambda is always invoked with POST
                uri=target.invoke_arn,
                opts=child,
            ))
            aws.lambda_.Permission(
                key,
                action="lambda:InvokeFunction",
                function=target.function_name,
                qualifier=ALIAS,
                principal="apigateway.amazonaws.com",
                source_arn=self.rest_api.execution_arn.apply(lambda arn, r=route: f"{arn}/*/{permission_path(r.method, r.path)}"),
                opts=child,
            )

        deployment = aws.apigateway.Deployment(
            name,
            rest_api=self.rest_api.id,
            # Models are part of what a deployment snapshots: a changed schema redeploys like a changed route.
            triggers={"routes": deployment_trigger([*(r.model_dump(mode="json") for r in cfg.routes),
                                                    {"models": plan.fingerprint() if plan is not None else {}}])},
            opts=pulumi.ResourceOptions(parent=self, depends_on=integrations),
        )
        self.access_logs = aws.cloudwatch.LogGroup(
            f"{name}-access-logs",
            name=f"/aws/apigateway/{api_name}/{cfg.stage_name}/access",
            retention_in_days=cfg.access_log_retention_days,
            kms_key_id=args.log_key_arn,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.stage = aws.apigateway.Stage(
            name,
            rest_api=self.rest_api.id,
            deployment=deployment.id,
            stage_name=cfg.stage_name,
            xray_tracing_enabled=True,
            access_log_settings=aws.apigateway.StageAccessLogSettingsArgs(destination_arn=self.access_logs.arn, format=ACCESS_LOG_FORMAT),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[args.account] if args.account is not None else None),
        )
        aws.apigateway.MethodSettings(
            name,
            rest_api=self.rest_api.id,
            stage_name=self.stage.stage_name,
            method_path="*/*",
            settings=aws.apigateway.MethodSettingsSettingsArgs(
                logging_level=cfg.execution_log_level.value,
                metrics_enabled=True,
                data_trace_enabled=False,  # full request/response bodies would land in logs
                throttling_rate_limit=cfg.throttle.rate_limit,
                throttling_burst_limit=cfg.throttle.burst_limit,
            ),
            opts=child,
        )
        for route in cfg.routes:
            if route.throttle is None:
                continue
            aws.apigateway.MethodSettings(
                f"{name}-{route_key(route.method, route.path)}",
                rest_api=self.rest_api.id,
                stage_name=self.stage.stage_name,
                method_path=method_settings_path(route.method, route.path),
                settings=aws.apigateway.MethodSettingsSettingsArgs(
                    logging_level=cfg.execution_log_level.value,
                    metrics_enabled=True,
                    data_trace_enabled=False,
                    throttling_rate_limit=route.throttle.rate_limit,
                    throttling_burst_limit=route.throttle.burst_limit,
                ),
                opts=child,
            )
        self.web_acl = self._waf(name, api_name, args) if args.waf else None
        self.register_outputs({"invoke_url": self.stage.invoke_url, "stage_arn": self.stage.arn})

    @property
    def invoke_url(self) -> pulumi.Output[str]:
        return self.stage.invoke_url

    def _waf(self, name: str, api_name: str, args: ServiceApiArgs) -> aws.wafv2.WebAcl:
        child = pulumi.ResourceOptions(parent=self)

        rules = web_acl_rules(waf_rules(api_name))
        if args.origin_secret is not None:
            # Last, so fronting an API renumbers none of its rules: anything without the distribution's header
            # came around CloudFront and is blocked.
            rules.append(aws.wafv2.WebAclRuleArgs(
                name="require-cloudfront", priority=len(rules),
                statement=aws.wafv2.WebAclRuleStatementArgs(not_statement=aws.wafv2.WebAclRuleStatementNotStatementArgs(
                    statement=aws.wafv2.WebAclRuleStatementArgs(byte_match_statement=aws.wafv2.WebAclRuleStatementByteMatchStatementArgs(
                        field_to_match=aws.wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchArgs(
                            single_header=aws.wafv2.WebAclRuleStatementByteMatchStatementFieldToMatchSingleHeaderArgs(name=ORIGIN_HEADER)),
                        positional_constraint="EXACTLY",
                        search_string=args.origin_secret,
                        text_transformations=[aws.wafv2.WebAclRuleStatementByteMatchStatementTextTransformationArgs(priority=0, type="NONE")],
                    )))),
                action=aws.wafv2.WebAclRuleActionArgs(block=aws.wafv2.WebAclRuleActionBlockArgs()),
                visibility_config=aws.wafv2.WebAclRuleVisibilityConfigArgs(**visibility(f"{api_name}-require-cloudfront")),
            ))
        acl = aws.wafv2.WebAcl(
            name,
            name=api_name,
            scope="REGIONAL",
            default_action=aws.wafv2.WebAclDefaultActionArgs(allow=aws.wafv2.WebAclDefaultActionAllowArgs()),
            rules=rules,
            visibility_config=aws.wafv2.WebAclVisibilityConfigArgs(**visibility(api_name)),
            opts=child,
        )
        aws.wafv2.WebAclAssociation(name, resource_arn=self.stage.arn, web_acl_arn=acl.arn, opts=child)
        # WAF.11: keep a record of what the ACL blocked. WAF requires the aws-waf-logs- prefix.
        waf_logs = aws.cloudwatch.LogGroup(
            f"{name}-waf-logs",
            name=f"aws-waf-logs-{api_name}",
            retention_in_days=args.config.access_log_retention_days,
            kms_key_id=args.log_key_arn,
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        aws.wafv2.WebAclLoggingConfiguration(name, resource_arn=acl.arn, log_destination_configs=[waf_logs.arn], opts=child)
        return acl

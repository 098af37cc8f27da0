"""API controls: API Gateway REST and HTTP/WebSocket APIs, and the WAF web ACLs in front of them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .core import Rule, StackRule, as_list, by_type, get, inputs, is_production, parse_json

STAGE = "aws:apigateway/stage:Stage"
METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
METHOD = "aws:apigateway/method:Method"
REQUEST_VALIDATOR = "aws:apigateway/requestValidator:RequestValidator"
# Methods whose requests carry a body to validate; built-in models that describe no body.
BODY_METHODS = ("POST", "PUT", "PATCH")
BUILT_IN_MODELS = ("Empty", "Error")
INTEGRATION = "aws:apigateway/integration:Integration"
HTTP_INTEGRATION_TYPES = ("HTTP", "HTTP_PROXY")
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
V2_API = "aws:apigatewayv2/api:Api"
V2_STAGE = "aws:apigatewayv2/stage:Stage"
V2_ROUTE = "aws:apigatewayv2/route:Route"

LOGGING_LEVELS = ("INFO", "ERROR")
METHOD_AUTHORIZATION_TYPES = ("AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM")
V2_AUTHORIZATION_TYPES = ("AWS_IAM", "CUSTOM", "JWT")


def _stage_label(stage: Mapping) -> str:
    props = inputs(stage)
    return f"stage {get(props, 'stageName')} of REST API {get(props, 'restApi')}"


def check_stage_xray(record: Mapping) -> list[str]:
    if get(inputs(record), "xrayTracingEnabled") is True:
        return []
    return ["APIGateway.3: the stage does not trace with X-Ray; set xrayTracingEnabled to true"]


def _access_log_messages(control: str, record: Mapping) -> list[str]:
    settings = get(inputs(record), "accessLogSettings")
    missing = [k for k in ("destinationArn", "format") if not get(settings, k)]
    if not missing:
        return []
    return [f"{control}: the stage has no accessLogSettings.{' or accessLogSettings.'.join(missing)}; "
            "send access logs to a log group with a format"]


def check_stage_access_logs(record: Mapping) -> list[str]:
    return _access_log_messages("LF.API.1", record)


def check_v2_stage_access_logs(record: Mapping) -> list[str]:
    return _access_log_messages("APIGateway.9", record)


def _has_http_backend(records: list) -> set:
    """REST API ids with an HTTP or HTTP_PROXY integration: the only backends a client certificate reaches."""
    return {get(inputs(i), "restApi") for i in by_type(records, INTEGRATION)
            if get(inputs(i), "type") in HTTP_INTEGRATION_TYPES}


def check_client_certificate(records: list, context: dict) -> list[tuple[str, str]]:
    http_apis = _has_http_backend(records)
    return [(stage["urn"], f"APIGateway.2: the {_stage_label(stage)} calls HTTP backends without a "
                           "clientCertificateId; they cannot tell API Gateway's calls from others")
            for stage in by_type(records, STAGE)
            if get(inputs(stage), "restApi") in http_apis and not get(inputs(stage), "clientCertificateId")]


def check_cache_encrypted(record: Mapping) -> list[str]:
    settings = get(inputs(record), "settings")
    if get(settings, "cachingEnabled") is True and get(settings, "cacheDataEncrypted") is not True:
        return [f"APIGateway.5: method settings {get(inputs(record), 'methodPath')} cache responses without "
                "encryption; set settings.cacheDataEncrypted to true"]
    return []


def check_method_authorization(record: Mapping) -> list[str]:
    # No exemption, not even CORS preflight OPTIONS: landfall answers CORS from the integration, not open methods.
    props = inputs(record)
    kind = str(get(props, "authorization", default="NONE")).upper()
    if kind in METHOD_AUTHORIZATION_TYPES:
        return []
    return [f"LF.API.2: method {get(props, 'httpMethod')} on resource {get(props, 'resourceId')} has "
            f"authorization {kind}; use AWS_IAM, COGNITO_USER_POOLS or CUSTOM"]


def check_v2_route_authorization(record: Mapping) -> list[str]:
    kind = get(inputs(record), "authorizationType", default="NONE")
    if kind in V2_AUTHORIZATION_TYPES:
        return []
    return [f"APIGateway.8: route {get(inputs(record), 'routeKey')} has authorizationType {kind}; "
            "use AWS_IAM, CUSTOM or JWT"]


def check_execution_logging(records: list, context: dict) -> list[tuple[str, str]]:
    logged = set()
    for settings in by_type(records, METHOD_SETTINGS):
        props = inputs(settings)
        if get(props, "methodPath") == "*/*" and get(props, "settings", "loggingLevel") in LOGGING_LEVELS:
            logged.add((get(props, "restApi"), get(props, "stageName")))
    found = []
    for stage in by_type(records, STAGE):
        props = inputs(stage)
        if (get(props, "restApi"), get(props, "stageName")) not in logged:
            found.append((stage["urn"], f"APIGateway.1: the {_stage_label(stage)} has no {METHOD_SETTINGS} for "
                                        "*/* with loggingLevel INFO or ERROR"))
    websocket_apis = {a.get("id") for a in by_type(records, V2_API) if get(inputs(a), "protocolType") == "WEBSOCKET"}
    for stage in by_type(records, V2_STAGE):
        props = inputs(stage)
        if get(props, "apiId") in websocket_apis and \
                get(props, "defaultRouteSettings", "loggingLevel") not in LOGGING_LEVELS:
            found.append((stage["urn"], f"APIGateway.1: the WebSocket stage {get(props, 'name')} has no "
                                        "defaultRouteSettings.loggingLevel INFO or ERROR"))
    return found


def check_request_validation(records: list, context: dict) -> list[tuple[str, str]]:
    """Every method names a request validator (checkov CKV2_AWS_53); a method with a body also validates the body
    against a request model. A validator defined outside the stack is not on record: only its presence is judged."""
    validators = {v.get("id"): inputs(v) for v in by_type(records, REQUEST_VALIDATOR)}
    found = []
    for method in by_type(records, METHOD):
        props = inputs(method)
        verb = str(get(props, "httpMethod", default="")).upper()
        where = f"method {verb} on resource {get(props, 'resourceId')}"
        validator_id = get(props, "requestValidatorId")
        if not validator_id:
            found.append((method["urn"], f"LF.API.3: {where} has no requestValidatorId; attach an {REQUEST_VALIDATOR} so "
                                         "API Gateway rejects malformed requests before the integration runs"))
            continue
        if verb not in BODY_METHODS:
            continue
        validator = validators.get(validator_id)
        if validator is not None and get(validator, "validateRequestBody") is not True:
            found.append((method["urn"], f"LF.API.3: {where} takes a body, but its request validator "
                                         f"{get(validator, 'name') or validator_id} has validateRequestBody off"))
        models = get(props, "requestModels") or {}
        if not [m for m in models.values() if m and m not in BUILT_IN_MODELS]:
            found.append((method["urn"], f"LF.API.3: {where} takes a body but has no request model; map "
                                         "application/json to an aws:apigateway/model:Model of the body in requestModels"))
    return found


def stage_arn_pattern(stage: Mapping) -> re.Pattern:
    """A REST stage's ARN is arn:<partition>:apigateway:<region>::/restapis/<restApi>/stages/<stageName>."""
    props = inputs(stage)
    return re.compile(r"arn:[a-z-]+:apigateway:[a-z0-9-]*::/restapis/" + re.escape(str(get(props, "restApi")))
                      + "/stages/" + re.escape(str(get(props, "stageName"))) + "$")


def check_waf(records: list, context: dict) -> list[tuple[str, str]]:
    protected = [str(get(inputs(a), "resourceArn", default="")) for a in by_type(records, WEB_ACL_ASSOCIATION)]
    found = []
    for stage in by_type(records, STAGE):
        pattern = stage_arn_pattern(stage)
        if not any(pattern.match(arn) for arn in protected):
            found.append((stage["urn"], f"APIGateway.4: the production {_stage_label(stage)} has no "
                                        f"{WEB_ACL_ASSOCIATION}"))
    return found


def check_web_acl_rules(record: Mapping) -> list[str]:
    props = inputs(record)
    rules = as_list(get(props, "rules"))
    from_json = parse_json(get(props, "ruleJson"))  # rules may be given as one JSON document instead
    if not rules and isinstance(from_json, list):
        rules = from_json
    if not rules:
        return ["WAF.10: the web ACL has no rules or rule groups; requests only meet its default action"]
    messages = []
    for index, rule in enumerate(rules):
        visibility = get(rule, "visibilityConfig") or get(rule, "VisibilityConfig")
        enabled = get(visibility, "cloudwatchMetricsEnabled", default=get(visibility, "CloudWatchMetricsEnabled"))
        if enabled is not True:
            label = get(rule, "name") or get(rule, "Name") or index
            messages.append(f"WAF.12: web ACL rule {label} has no CloudWatch metrics; "
                            "set visibilityConfig.cloudwatchMetricsEnabled to true")
    return messages


RULES = (
    Rule("apigateway-stage-xray", ("APIGateway.3",), "REST API stages trace with X-Ray.", (STAGE,), check_stage_xray),
    Rule("apigateway-stage-access-logs", ("LF.API.1",), "REST API stages write access logs with a format.", (STAGE,),
         check_stage_access_logs),
    Rule("apigateway-cache-encrypted", ("APIGateway.5",), "Cached API responses are encrypted.", (METHOD_SETTINGS,),
         check_cache_encrypted),
    Rule("apigateway-method-authorization", ("LF.API.2",),
         "REST API methods require AWS_IAM, COGNITO_USER_POOLS or CUSTOM authorization (no exemptions).", (METHOD,),
         check_method_authorization),
    Rule("apigatewayv2-route-authorization", ("APIGateway.8",), "HTTP and WebSocket routes have an authorizer.",
         (V2_ROUTE,), check_v2_route_authorization),
    Rule("apigatewayv2-stage-access-logs", ("APIGateway.9",), "HTTP and WebSocket stages write access logs.",
         (V2_STAGE,), check_v2_stage_access_logs),
    Rule("wafv2-web-acl-rules", ("WAF.10", "WAF.12"),
         "Web ACLs hold at least one rule, and every rule publishes CloudWatch metrics.", (WEB_ACL,),
         check_web_acl_rules),
)

STACK_RULES = (
    StackRule("apigateway-execution-logging", ("APIGateway.1",),
              "Every REST stage has */* method settings logging at INFO or ERROR (WebSocket: default route settings).",
              check_execution_logging),
    StackRule("apigateway-client-certificate", ("APIGateway.2",),
              "REST API stages with HTTP or HTTP_PROXY integrations present a client certificate to those backends "
              "(Lambda integrations never see one: not applicable).", check_client_certificate),
    StackRule("apigateway-waf", ("APIGateway.4",), "Every production REST stage is associated with a WAF web ACL.",
              check_waf, applies=is_production, context_keys=("production",)),
    StackRule("apigateway-request-validation", ("LF.API.3",),
              "Every REST method has a request validator; POST, PUT and PATCH methods also validate the body against "
              "a request model (checkov CKV2_AWS_53).", check_request_validation),
)

"""Serverless controls: API Gateway, Lambda, SQS, SNS, Step Functions, EventBridge targets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .core import Rule, StackRule, as_list, by_type, get, inputs, is_public_principal, parse_json, statements
from .kms import statement_label

STAGE = "aws:apigateway/stage:Stage"
METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
METHOD = "aws:apigateway/method:Method"
WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
V2_API = "aws:apigatewayv2/api:Api"
V2_STAGE = "aws:apigatewayv2/stage:Stage"
V2_ROUTE = "aws:apigatewayv2/route:Route"
PERMISSION = "aws:lambda/permission:Permission"
FUNCTION = "aws:lambda/function:Function"
SUBNET = "aws:ec2/subnet:Subnet"
QUEUE = "aws:sqs/queue:Queue"
QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
REDRIVE_POLICY = "aws:sqs/redrivePolicy:RedrivePolicy"
TOPIC = "aws:sns/topic:Topic"
TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy"
STATE_MACHINE = "aws:sfn/stateMachine:StateMachine"
EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget"

LOGGING_LEVELS = ("INFO", "ERROR")
V2_AUTHORIZATION_TYPES = ("AWS_IAM", "CUSTOM", "JWT")
SOURCE_ARN_PRINCIPALS = ("apigateway.amazonaws.com", "events.amazonaws.com")

# Lambda.2: runtimes the control accepts. Pinned 2026-11-23 from the Security Hub "Lambda controls" page
# (https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-2, parameter `runtime`)
# and the Lambda "Supported runtimes" page. Review this list when either page changes; deprecated runtimes drop off.
SUPPORTED_RUNTIMES = (
    "dotnet8",
    "java11", "java17", "java21",
    "nodejs20.x", "nodejs22.x",
    "provided.al2", "provided.al2023",
    "python3.11", "python3.12", "python3.13",
    "ruby3.3", "ruby3.4",
)


# ---- API Gateway ---------------------------------------------------------------------------------

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


def check_cache_encrypted(record: Mapping) -> list[str]:
    settings = get(inputs(record), "settings")
    if get(settings, "cachingEnabled") is True and get(settings, "cacheDataEncrypted") is not True:
        return [f"APIGateway.5: method settings {get(inputs(record), 'methodPath')} cache responses without "
                "encryption; set settings.cacheDataEncrypted to true"]
    return []


def check_method_authorization(record: Mapping) -> list[str]:
    props = inputs(record)
    # CORS preflight (OPTIONS) never carries credentials, so it is the one method that may be open.
    if str(get(props, "httpMethod", default="")).upper() == "OPTIONS":
        return []
    if str(get(props, "authorization", default="NONE")).upper() == "NONE":
        return [f"LF.API.2: method {get(props, 'httpMethod')} on resource {get(props, 'resourceId')} has "
                "authorization NONE; use AWS_IAM, COGNITO_USER_POOLS or CUSTOM"]
    return []


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


def stage_arn_pattern(stage: Mapping) -> re.Pattern:
    """A REST stage's ARN is arn:<partition>:apigateway:<region>::/restapis/<restApi>/stages/<stageName>."""
    props = inputs(stage)
    return re.compile(r"arn:[a-z-]+:apigateway:[a-z0-9-]*::/restapis/" + re.escape(str(get(props, "restApi")))
                      + "/stages/" + re.escape(str(get(props, "stageName"))) + "$")


def check_waf(records: list, context: dict) -> list[tuple[str, str]]:
    if not context.get("production"):
        return []
    protected = [str(get(inputs(a), "resourceArn", default="")) for a in by_type(records, WEB_ACL_ASSOCIATION)]
    found = []
    for stage in by_type(records, STAGE):
        pattern = stage_arn_pattern(stage)
        if not any(pattern.match(arn) for arn in protected):
            found.append((stage["urn"], f"APIGateway.4: the production {_stage_label(stage)} has no "
                                        f"{WEB_ACL_ASSOCIATION}"))
    return found


# ---- Lambda --------------------------------------------------------------------------------------

def check_permission(record: Mapping) -> list[str]:
    props = inputs(record)
    principal = str(get(props, "principal", default=""))
    if principal == "*":
        return ['Lambda.1: the permission grants invocation to principal "*"; name a service or account']
    if principal in SOURCE_ARN_PRINCIPALS and not get(props, "sourceArn"):
        return [f"Lambda.1: the permission for {principal} has no sourceArn; scope it to the invoking resource"]
    if principal == "s3.amazonaws.com" and not get(props, "sourceAccount"):
        return ["Lambda.1: the permission for s3.amazonaws.com has no sourceAccount; set the bucket owner's account"]
    return []


def check_runtime(record: Mapping) -> list[str]:
    props = inputs(record)
    if get(props, "packageType") == "Image":
        return []
    runtime = get(props, "runtime")
    if runtime in SUPPORTED_RUNTIMES:
        return []
    return [f"Lambda.2: runtime {runtime or 'not set'} is not on the pinned supported list; "
            f"use one of {', '.join(SUPPORTED_RUNTIMES)}"]


def check_function_tracing(record: Mapping) -> list[str]:
    mode = get(inputs(record), "tracingConfig", "mode")
    if mode == "Active":
        return []
    return [f"LF.LAMBDA.1: tracingConfig.mode is {mode or 'not set'}; it must be Active"]


def check_function_azs(records: list, context: dict) -> list[tuple[str, str]]:
    zones = {}
    for subnet in by_type(records, SUBNET):
        props = inputs(subnet)
        zones[subnet.get("id")] = get(props, "availabilityZoneId") or get(props, "availabilityZone")
    found = []
    for function in by_type(records, FUNCTION):
        subnet_ids = as_list(get(inputs(function), "vpcConfig", "subnetIds"))
        if not subnet_ids or any(zones.get(s) is None for s in subnet_ids):
            continue  # not in a VPC, or subnets defined elsewhere: nothing to judge here
        used = sorted({zones[s] for s in subnet_ids})
        if len(used) < 2:
            found.append((function["urn"], f"Lambda.5: the VPC function {function.get('name')} uses subnets in "
                                           f"{len(used)} Availability Zone ({', '.join(used)}); it must span at least 2"))
    return found


# ---- SQS and SNS ---------------------------------------------------------------------------------

def check_queue_encrypted(record: Mapping) -> list[str]:
    props = inputs(record)
    if get(props, "sqsManagedSseEnabled") is True or get(props, "kmsMasterKeyId"):
        return []
    return ["SQS.1: the queue sets neither sqsManagedSseEnabled nor kmsMasterKeyId; encrypt it at rest"]


def _public_statement_messages(control: str, document: Any) -> list[str]:
    if document is None:
        return []
    if parse_json(document) is None:
        return [f"{control}: the access policy is not valid JSON"]
    return [f'{control}: {statement_label(i, s)} allows principal "*" without a condition'
            for i, s in enumerate(statements(document))
            if s.get("Effect") == "Allow" and is_public_principal(s) and not s.get("Condition")]


def check_queue_policy(record: Mapping) -> list[str]:
    return _public_statement_messages("SQS.3", get(inputs(record), "policy"))


def check_topic_policy(record: Mapping) -> list[str]:
    return _public_statement_messages("SNS.4", get(inputs(record), "policy"))


def check_topic_encrypted(record: Mapping) -> list[str]:
    if get(inputs(record), "kmsMasterKeyId"):
        return []
    return ["LF.SNS.1: the topic has no kmsMasterKeyId; encrypt it with a customer managed key"]


def queue_names(queue: Mapping) -> set[str]:
    """Physical names the queue may have: its `name` input, or the last part of its URL id."""
    names = set()
    name = get(inputs(queue), "name")
    if name:
        names.add(str(name))
    rid = str(queue.get("id") or "")
    if rid.startswith("https://"):
        names.add(rid.rstrip("/").rsplit("/", 1)[-1])
    return names


def queue_arn_matches(queue: Mapping, arn: str) -> bool:
    """Whether `arn` is this queue's ARN. Without a `name` input the queue is autonamed `<logical>-<7 chars>`."""
    last = arn.rsplit(":", 1)[-1]
    if last in queue_names(queue):
        return True
    if not get(inputs(queue), "name"):
        return re.fullmatch(re.escape(str(queue.get("name"))) + r"-[0-9a-z]{7}(\.fifo)?", last) is not None
    return False


def check_queue_redrive(records: list, context: dict) -> list[tuple[str, str]]:
    queues = by_type(records, QUEUE)
    redrives = [get(inputs(q), "redrivePolicy") for q in queues]
    external = by_type(records, REDRIVE_POLICY)
    redrives += [get(inputs(r), "redrivePolicy") for r in external]
    targets = [str(get(parse_json(r), "deadLetterTargetArn", default="")) for r in redrives if r]
    redriven_urls = {str(get(inputs(r), "queueUrl")) for r in external}
    found = []
    for queue in queues:
        if get(inputs(queue), "redrivePolicy") or any(queue_arn_matches(queue, t) for t in targets if t):
            continue
        if queue.get("id") in redriven_urls or any(u.rstrip("/").endswith("/" + n)
                                                   for u in redriven_urls for n in queue_names(queue)):
            continue
        found.append((queue["urn"], f"LF.SQS.1: the queue {queue.get('name')} is not a dead-letter queue and has no "
                                    "redrivePolicy; add one that points at a dead-letter queue"))
    return found


# ---- Step Functions and EventBridge --------------------------------------------------------------

def check_state_machine_logging(record: Mapping) -> list[str]:
    logging = get(inputs(record), "loggingConfiguration")
    level = get(logging, "level", default="OFF")
    if level == "OFF":
        return ["StepFunctions.1: loggingConfiguration.level is OFF; set ALL, ERROR or FATAL with a logDestination"]
    if not get(logging, "logDestination"):
        return ["StepFunctions.1: loggingConfiguration has no logDestination; send the logs to a log group"]
    return []


def check_state_machine_tracing(record: Mapping) -> list[str]:
    if get(inputs(record), "tracingConfiguration", "enabled") is True:
        return []
    return ["LF.SFN.1: the state machine does not trace with X-Ray; set tracingConfiguration.enabled to true"]


def check_event_target(record: Mapping) -> list[str]:
    props = inputs(record)
    messages = []
    if not get(props, "deadLetterConfig", "arn"):
        messages.append("LF.EVT.1: the event target has no deadLetterConfig.arn; "
                        "undeliverable events would be dropped")
    if not get(props, "retryPolicy"):
        messages.append("LF.EVT.1: the event target has no retryPolicy; "
                        "set maximumRetryAttempts and maximumEventAgeInSeconds")
    return messages


RULES = (
    Rule("apigateway-stage-xray", ("APIGateway.3",), "REST API stages trace with X-Ray.", (STAGE,), check_stage_xray),
    Rule("apigateway-stage-access-logs", ("LF.API.1",), "REST API stages write access logs with a format.", (STAGE,),
         check_stage_access_logs),
    Rule("apigateway-cache-encrypted", ("APIGateway.5",), "Cached API responses are encrypted.", (METHOD_SETTINGS,),
         check_cache_encrypted),
    Rule("apigateway-method-authorization", ("LF.API.2",),
         "REST API methods (other than CORS preflight OPTIONS) require authorization.", (METHOD,),
         check_method_authorization),
    Rule("apigatewayv2-route-authorization", ("APIGateway.8",), "HTTP and WebSocket routes have an authorizer.",
         (V2_ROUTE,), check_v2_route_authorization),
    Rule("apigatewayv2-stage-access-logs", ("APIGateway.9",), "HTTP and WebSocket stages write access logs.",
         (V2_STAGE,), check_v2_stage_access_logs),
    Rule("lambda-permission-not-public", ("Lambda.1",),
         "Lambda permissions name their principal and scope service principals to a source.", (PERMISSION,),
         check_permission),
    Rule("lambda-supported-runtime", ("Lambda.2",), "Functions use a runtime on the pinned supported list.",
         (FUNCTION,), check_runtime),
    Rule("lambda-tracing-active", ("LF.LAMBDA.1",), "Functions trace with X-Ray (tracingConfig.mode Active).",
         (FUNCTION,), check_function_tracing),
    Rule("sqs-queue-encrypted", ("SQS.1",), "Queues are encrypted at rest (SSE-SQS or SSE-KMS).", (QUEUE,),
         check_queue_encrypted),
    Rule("sqs-policy-not-public", ("SQS.3",), 'Queue policies grant nothing to principal "*" without a condition.',
         (QUEUE, QUEUE_POLICY), check_queue_policy),
    Rule("sns-policy-not-public", ("SNS.4",), 'Topic policies grant nothing to principal "*" without a condition.',
         (TOPIC, TOPIC_POLICY), check_topic_policy),
    Rule("sns-topic-encrypted", ("LF.SNS.1",), "Topics are encrypted with a customer managed key.", (TOPIC,),
         check_topic_encrypted),
    Rule("stepfunctions-logging", ("StepFunctions.1",), "State machines log to a log group.", (STATE_MACHINE,),
         check_state_machine_logging),
    Rule("stepfunctions-tracing", ("LF.SFN.1",), "State machines trace with X-Ray.", (STATE_MACHINE,),
         check_state_machine_tracing),
    Rule("eventbridge-target-dlq-retry", ("LF.EVT.1",),
         "EventBridge targets have a dead-letter queue and a retry policy.", (EVENT_TARGET,), check_event_target),
)

STACK_RULES = (
    StackRule("apigateway-execution-logging", ("APIGateway.1",),
              "Every REST stage has */* method settings logging at INFO or ERROR (WebSocket: default route settings).",
              check_execution_logging),
    StackRule("apigateway-waf", ("APIGateway.4",), "Every production REST stage is associated with a WAF web ACL.",
              check_waf),
    StackRule("lambda-multi-az", ("Lambda.5",), "VPC functions use subnets in at least two Availability Zones.",
              check_function_azs),
    StackRule("sqs-redrive", ("LF.SQS.1",), "Every queue that is not a dead-letter queue has a redrive policy.",
              check_queue_redrive),
)

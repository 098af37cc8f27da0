"""Lambda controls: permissions, runtimes, tracing, concurrency, async failure handling, multi-AZ VPC placement,
code signing. Lambda@Edge functions (tagged landfall:lambda-at-edge) are judged by the edge rules instead where
Lambda@Edge rules a feature out or landfall cannot give it there (see is_edge_function)."""

from __future__ import annotations

from collections.abc import Mapping

from landfall.plan.edge import EDGE_TAG

from .core import Rule, StackRule, as_list, by_type, get, inputs, is_production

PERMISSION = "aws:lambda/permission:Permission"
FUNCTION = "aws:lambda/function:Function"
EVENT_INVOKE_CONFIG = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"
SUBNET = "aws:ec2/subnet:Subnet"
CODE_SIGNING_CONFIG = "aws:lambda/codeSigningConfig:CodeSigningConfig"

SOURCE_ARN_PRINCIPALS = ("apigateway.amazonaws.com", "events.amazonaws.com")

# Lambda.2: runtimes the control accepts. Pinned 2026-11-23 from the Security Hub "Lambda controls" page
# (https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-2, parameter `runtime`)
# and the Lambda "Supported runtimes" page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html);
# identifiers spelled as in pulumi_aws.lambda_.Runtime (pulumi-aws 7.51.1). Review when either page changes:
# deprecated runtimes drop off, new ones are added.
SUPPORTED_RUNTIMES = (
    "dotnet8", "dotnet10",
    "java11", "java17", "java21", "java25",
    "nodejs20.x", "nodejs22.x", "nodejs24.x",
    "provided.al2", "provided.al2023",
    "python3.11", "python3.12", "python3.13", "python3.14",
    "ruby3.3", "ruby3.4",
)


def is_edge_function(record: Mapping) -> bool:
    """A Lambda@Edge function, by the tag landfall's EdgeFunction sets. Such a function is exempt from three
    Lambda rules: LF.LAMBDA.1 (X-Ray: not confirmed as supported at the edge, so landfall leaves it off rather
    than risk CloudFront refusing the association), LF.LAMBDA.2 (a reservation sizes a regional function; the
    replicas run in the edge regions) and LF.LAMBDA.4 (code signing: landfall's signing pipeline is regional and
    the edge function lives in us-east-1, so its package is not signed: a documented gap, README "Lambda@Edge").
    The edge rules (policies/controls/edge.py) check what the edge requires instead."""
    tags = get(inputs(record), "tags")
    return isinstance(tags, Mapping) and EDGE_TAG in tags


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
    if is_edge_function(record):
        return []
    mode = get(inputs(record), "tracingConfig", "mode")
    if mode == "Active":
        return []
    return [f"LF.LAMBDA.1: tracingConfig.mode is {mode or 'not set'}; it must be Active"]


def check_reserved_concurrency(record: Mapping) -> list[str]:
    if is_edge_function(record):
        return []
    # -1 is the provider's "no reservation"; 0 is a deliberate stop switch and counts as set.
    value = get(inputs(record), "reservedConcurrentExecutions", default=-1)
    if int(value) >= 0:
        return []
    return ["LF.LAMBDA.2: reservedConcurrentExecutions is not set; cap the function so a surge cannot take the "
            "account's whole concurrency"]


def check_async_failure_destination(record: Mapping) -> list[str]:
    if get(inputs(record), "destinationConfig", "onFailure", "destination"):
        return []
    return ["LF.LAMBDA.3: the async invoke config has no destinationConfig.onFailure.destination; failed events "
            "would be dropped after the retries"]


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


def check_code_signing(records: list, context: dict) -> list[tuple[str, str]]:
    """Production functions (zip packages: container images cannot be code signed) name a code signing config that
    enforces, and deploy a signed package from S3: a local code archive is uploaded unsigned and Lambda rejects it
    under Enforce. A config defined outside the stack is not on record: only its presence is judged."""
    configs = {c.get("id"): inputs(c) for c in by_type(records, CODE_SIGNING_CONFIG)}
    found = []
    for function in by_type(records, FUNCTION):
        props = inputs(function)
        if get(props, "packageType") == "Image" or is_edge_function(function):
            continue
        label = function.get("name")
        arn = get(props, "codeSigningConfigArn")
        if not arn:
            found.append((function["urn"], f"LF.LAMBDA.4: the production function {label} has no codeSigningConfigArn; attach "
                                           "a code signing config with untrustedArtifactOnDeployment Enforce"))
        elif arn in configs:
            policy = get(configs[arn], "policies", "untrustedArtifactOnDeployment", default="Warn")
            if policy != "Enforce":
                found.append((function["urn"], f"LF.LAMBDA.4: the production function {label}'s code signing config has "
                                               f"untrustedArtifactOnDeployment {policy}; unsigned code would still deploy: "
                                               "set it to Enforce"))
        if get(props, "code") is not None and not get(props, "s3Bucket"):
            found.append((function["urn"], f"LF.LAMBDA.4: the production function {label} uploads a local code archive, "
                                           "which is unsigned; deploy the signed package of a signer signing job "
                                           "(s3Bucket and s3Key)"))
    return found


RULES = (
    Rule("lambda-permission-not-public", ("Lambda.1",),
         "Lambda permissions name their principal and scope service principals to a source.", (PERMISSION,),
         check_permission),
    Rule("lambda-supported-runtime", ("Lambda.2",), "Functions use a runtime on the pinned supported list.",
         (FUNCTION,), check_runtime),
    Rule("lambda-tracing-active", ("LF.LAMBDA.1",), "Functions trace with X-Ray (tracingConfig.mode Active).",
         (FUNCTION,), check_function_tracing),
    Rule("lambda-reserved-concurrency", ("LF.LAMBDA.2",), "Functions reserve (and so cap) their concurrency.",
         (FUNCTION,), check_reserved_concurrency, enforcement="advisory",
         reason="landfall:services.*.reserved_concurrency is optional by design: every reservation is carved out of "
                "the account pool, which must keep unreserved capacity, so capping each function is a sizing "
                "decision for review rather than a defect."),
    Rule("lambda-async-failure-destination", ("LF.LAMBDA.3",),
         "Asynchronous invoke configs send failed events to an on-failure destination.", (EVENT_INVOKE_CONFIG,),
         check_async_failure_destination),
)

STACK_RULES = (
    StackRule("lambda-multi-az", ("Lambda.5",), "VPC functions use subnets in at least two Availability Zones.",
              check_function_azs),
    StackRule("lambda-code-signing", ("LF.LAMBDA.4",),
              "Production functions deploy signed packages under a code signing config that enforces (checkov "
              "CKV_AWS_272).", check_code_signing, applies=is_production, context_keys=("production",)),
)

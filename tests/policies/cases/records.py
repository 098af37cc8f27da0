"""Shared fixture builders and constants: inventory records as the offline preview produces them (docs/design.md:
camelCase inputs, policies as JSON strings)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def rec(type_: str, name: str, inputs: dict | None = None, id: str | None = None, custom: bool = True,
        provider: str = "aws-test") -> dict:
    return {"urn": f"urn:pulumi:test::landfall::{type_}::{name}", "id": id if id is not None else f"{name}-id",
            "type": type_, "name": name, "custom": custom,
            "provider": f"urn:pulumi:test::landfall::pulumi:providers:aws::{provider}::{provider}-provider",
            "inputs": inputs or {}}


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@dataclass
class Case:
    rule: str
    passes: list = field(default_factory=list)       # records
    fails: list = field(default_factory=list)        # (record, [messages])
    not_applicable: list = field(default_factory=list)  # records


@dataclass
class StackCase:
    rule: str
    passes: list = field(default_factory=list)       # (records, context)
    fails: list = field(default_factory=list)        # (records, context, [(urn, message)])
    not_applicable: list = field(default_factory=list)  # (records, context)


SUBNET = "aws:ec2/subnet:Subnet"
VPC = "aws:ec2/vpc:Vpc"
SG = "aws:ec2/securityGroup:SecurityGroup"
SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
SG_IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
NACL = "aws:ec2/networkAcl:NetworkAcl"
NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule"
INSTANCE = "aws:ec2/instance:Instance"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
KEY = "aws:kms/key:Key"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
POLICY = "aws:iam/policy:Policy"
USER_POOL = "aws:cognito/userPool:UserPool"
IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool"
STAGE = "aws:apigateway/stage:Stage"
METHOD = "aws:apigateway/method:Method"
V2_STAGE = "aws:apigatewayv2/stage:Stage"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
FUNCTION = "aws:lambda/function:Function"
INVOKE_CONFIG = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"
QUEUE = "aws:sqs/queue:Queue"
TOPIC = "aws:sns/topic:Topic"
BUS = "aws:cloudwatch/eventBus:EventBus"
BUS_POLICY = "aws:cloudwatch/eventBusPolicy:EventBusPolicy"
TABLE = "aws:dynamodb/table:Table"
BUCKET = "aws:s3/bucketV2:BucketV2"
BUCKET_V7 = "aws:s3/bucket:Bucket"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
BUCKET_LOGGING = "aws:s3/bucketLoggingV2:BucketLoggingV2"
TRAIL = "aws:cloudtrail/trail:Trail"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
STATE_MACHINE = "aws:sfn/stateMachine:StateMachine"
ORG_POLICY = "aws:organizations/policy:Policy"
ATTACH = "aws:organizations/policyAttachment:PolicyAttachment"
CONTACT = "aws:account/alternativeContact:AlternativeContact"
EBS_DEFAULT = "aws:ebs/encryptionByDefault:EncryptionByDefault"
DETECTOR = "aws:guardduty/detector:Detector"
RECORDER = "aws:cfg/recorder:Recorder"

PROD = {"production": True}
NONPROD = {"production": False}
INFERRED = {}  # production unset: inferred from the environment tag

ADMIN = "SSH and RDP must not be reachable from the internet"
NACL_TAIL = "network ACLs must not admit SSH or RDP from the internet"
OPEN = {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}
SUB = "${cognito-identity.amazonaws.com:sub}"
COGNITO_TRUST = doc({"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                     "Action": "sts:AssumeRoleWithWebIdentity",
                     "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "eu-west-1:pool"},
                                   "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}})
LAMBDA_TRUST = doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"})
ITEMS = {"Sid": "Items", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
         "Resource": "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"}
LEADING = {**ITEMS, "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [SUB]}}}
STRONG_PASSWORDS = {"minimumLength": 12, "requireLowercase": True, "requireUppercase": True, "requireNumbers": True,
                    "requireSymbols": True, "temporaryPasswordValidityDays": 7}
DENY_HTTP = doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::logs-1"],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
SCP_TEXT = (ROOT / "policies/scp/deny-leave-organization.json").read_text()


def role_rec(logical: str, trust: str, role_name: str | None = None) -> dict:
    props = {"assumeRolePolicy": trust, **({"name": role_name} if role_name else {})}
    return rec(ROLE, logical, props, id=f"{logical}-1234567")


def stage_rec(name: str = "prod", api: str = "api-1", **extra) -> dict:
    return rec(STAGE, f"{api}-{name}", {"restApi": api, "stageName": name, **extra})


def attachments(count: int, target: str = "ou-1", policy_prefix: str = "p-") -> list[dict]:
    return [rec(ATTACH, f"{target}-{i}", {"policyId": f"{policy_prefix}{i}", "targetId": target}) for i in range(count)]


def redrive_to(arn: str) -> str:
    return json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})


def provider_rec(environment: str, name: str = "aws-test") -> dict:
    """A provider record as the offline preview records it: default tags as a JSON string."""
    return rec("pulumi:providers:aws", name, {"region": "eu-west-1", "defaultTags": json.dumps(
        {"tags": {"environment": environment, "managed-by": "pulumi-landfall"}})}, id=f"{name}-provider")

"""Fixtures for every rule: passing records, failing records with their exact messages, not-applicable records.

Records follow docs/design.md (camelCase inputs, policies as JSON strings), like the offline preview produces.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rec(type_: str, name: str, inputs: dict | None = None, id: str | None = None, custom: bool = True) -> dict:
    return {"urn": f"urn:pulumi:test::landfall::{type_}::{name}", "id": id if id is not None else f"{name}-id",
            "type": type_, "name": name, "custom": custom,
            "provider": "urn:pulumi:test::landfall::pulumi:providers:aws::aws-test::aws-test-provider",
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
SG = "aws:ec2/securityGroup:SecurityGroup"
SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
SG_IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
NACL = "aws:ec2/networkAcl:NetworkAcl"
NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule"
KEY = "aws:kms/key:Key"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
POLICY = "aws:iam/policy:Policy"
USER_POOL = "aws:cognito/userPool:UserPool"
IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool"
STAGE = "aws:apigateway/stage:Stage"
V2_STAGE = "aws:apigatewayv2/stage:Stage"
FUNCTION = "aws:lambda/function:Function"
QUEUE = "aws:sqs/queue:Queue"
TOPIC = "aws:sns/topic:Topic"
TABLE = "aws:dynamodb/table:Table"
BUCKET = "aws:s3/bucketV2:BucketV2"
TRAIL = "aws:cloudtrail/trail:Trail"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
STATE_MACHINE = "aws:sfn/stateMachine:StateMachine"
ORG_POLICY = "aws:organizations/policy:Policy"
ATTACH = "aws:organizations/policyAttachment:PolicyAttachment"

ADMIN = "SSH and RDP must not be reachable from the internet"
NACL_TAIL = "network ACLs must not admit SSH or RDP from the internet"
OPEN = {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}
SUB = "${cognito-identity.amazonaws.com:sub}"
COGNITO_TRUST = doc({"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                     "Action": "sts:AssumeRoleWithWebIdentity",
                     "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "eu-west-1:pool"},
                                   "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}})
ITEMS = {"Sid": "Items", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
         "Resource": "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"}
STRONG_PASSWORDS = {"minimumLength": 12, "requireLowercase": True, "requireUppercase": True, "requireNumbers": True,
                    "requireSymbols": True, "temporaryPasswordValidityDays": 7}
SCP_TEXT = (ROOT / "policies/scp/deny-leave-organization.json").read_text()
RUNTIMES = ("dotnet8, java11, java17, java21, nodejs20.x, nodejs22.x, provided.al2, provided.al2023, python3.11, "
            "python3.12, python3.13, ruby3.3, ruby3.4")


RESOURCE_CASES = [
    # ---- network
    Case("ec2-subnet-no-public-ip",
         passes=[rec(SUBNET, "app", {"mapPublicIpOnLaunch": False}), rec(SUBNET, "app2", {})],
         fails=[(rec(SUBNET, "pub", {"mapPublicIpOnLaunch": True}),
                 ["EC2.15: the subnet sets mapPublicIpOnLaunch to true; it must be false"])],
         not_applicable=[rec("aws:ec2/vpc:Vpc", "main", {"mapPublicIpOnLaunch": True})]),
    Case("ec2-default-security-group-closed",
         passes=[rec("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "d", {"ingress": [], "egress": []})],
         fails=[(rec("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "d",
                     {"ingress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": True}],
                      "egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": ["0.0.0.0/0"]},
                                 {"protocol": "-1", "fromPort": 0, "toPort": 0, "ipv6CidrBlocks": ["::/0"]}]}),
                 ["EC2.2: the default security group has 1 ingress rule; it must have none",
                  "EC2.2: the default security group has 2 egress rules; it must have none"])],
         not_applicable=[rec(SG, "sg", {"ingress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443,
                                                     "cidrBlocks": ["10.0.0.0/8"]}]})]),
    Case("ec2-no-open-ingress",
         passes=[rec(SG, "web", {"ingress": [
                     {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["0.0.0.0/0"]},
                     {"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["10.0.0.0/8"]},
                     {"protocol": "icmp", "fromPort": -1, "toPort": -1, "cidrBlocks": ["0.0.0.0/0"]}]}),
                 rec(SG_IN, "https", {"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "10.30.0.0/16"}),
                 rec(SG_RULE, "http", {"type": "ingress", "protocol": "tcp", "fromPort": 80, "toPort": 80,
                                       "ipv6CidrBlocks": ["::/0"]})],
         fails=[(rec(SG, "ssh", {"ingress": [{"protocol": "tcp", "fromPort": 22, "toPort": 22,
                                              "cidrBlocks": ["0.0.0.0/0"], "ipv6CidrBlocks": ["::/0"]}]}),
                 [f"EC2.53: ingress rule 0 opens port 22 to 0.0.0.0/0 (tcp 22); {ADMIN}",
                  f"EC2.54: ingress rule 0 opens port 22 to ::/0 (tcp 22); {ADMIN}"]),
                (rec(SG_IN, "all", {"ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"}),
                 [f"EC2.53: the ingress rule opens ports 22 and 3389 to 0.0.0.0/0 (all traffic); {ADMIN}"]),
                (rec(SG_RULE, "mysql", {"type": "ingress", "protocol": "tcp", "fromPort": 3306, "toPort": 3306,
                                        "cidrBlocks": ["0.0.0.0/0"]}),
                 ["EC2.19: the ingress rule opens high-risk port 3306 to 0.0.0.0/0 (tcp 3306); "
                  "high-risk ports must not be reachable from the internet"]),
                (rec(SG_IN, "alt", {"ipProtocol": "tcp", "fromPort": 8443, "toPort": 8443, "cidrIpv6": "::/0"}),
                 ["EC2.18: the ingress rule opens tcp 8443 to ::/0; only tcp 80 and 443 may be open to the internet"])],
         not_applicable=[rec(SG_RULE, "out", {"type": "egress", "protocol": "-1", "fromPort": 0, "toPort": 0,
                                              "cidrBlocks": ["0.0.0.0/0"]}),
                         rec("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "out2",
                             {"ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"})]),
    Case("ec2-nacl-no-open-admin-ingress",
         passes=[rec(NACL_RULE, "https", {"ruleNumber": 100, "egress": False, "ruleAction": "allow", "protocol": "tcp",
                                          "fromPort": 443, "toPort": 443, "cidrBlock": "0.0.0.0/0"}),
                 rec(NACL_RULE, "deny-ssh", {"ruleNumber": 90, "egress": False, "ruleAction": "deny",
                                             "protocol": "tcp", "fromPort": 22, "toPort": 22,
                                             "cidrBlock": "0.0.0.0/0"}),
                 rec(NACL_RULE, "out", {"ruleNumber": 100, "egress": True, "ruleAction": "allow", "protocol": "-1",
                                        "cidrBlock": "0.0.0.0/0"})],
         fails=[(rec(NACL_RULE, "wide", {"ruleNumber": 100, "egress": False, "ruleAction": "allow", "protocol": "tcp",
                                         "fromPort": 0, "toPort": 65535, "cidrBlock": "0.0.0.0/0"}),
                 [f"EC2.21: ingress entry 100 allows ports 22 and 3389 from 0.0.0.0/0 (tcp 0-65535); {NACL_TAIL}"]),
                (rec(NACL, "acl", {"ingress": [{"ruleNo": 200, "action": "allow", "protocol": "-1", "fromPort": 0,
                                                "toPort": 0, "ipv6CidrBlock": "::/0"}]}),
                 [f"EC2.21: ingress entry 200 allows ports 22 and 3389 from ::/0 (all traffic); {NACL_TAIL}"])],
         not_applicable=[rec(SUBNET, "app", {"cidrBlock": "0.0.0.0/0"})]),
    Case("ec2-transit-gateway-no-auto-accept",
         passes=[rec("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw",
                     {"autoAcceptSharedAttachments": "disable"}),
                 rec("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw2", {})],
         fails=[(rec("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw",
                     {"autoAcceptSharedAttachments": "enable"}),
                 ['EC2.23: the transit gateway sets autoAcceptSharedAttachments to "enable"; it must be "disable"'])],
         not_applicable=[rec("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "att",
                             {"autoAcceptSharedAttachments": "enable"})]),
    Case("ec2-peering-routes-least-access",
         passes=[rec("aws:ec2/route:Route", "peer", {"vpcPeeringConnectionId": "pcx-1",
                                                     "destinationCidrBlock": "10.1.0.0/16"}),
                 rec("aws:ec2/route:Route", "egress", {"natGatewayId": "nat-1", "destinationCidrBlock": "0.0.0.0/0"})],
         fails=[(rec("aws:ec2/route:Route", "peer", {"vpcPeeringConnectionId": "pcx-1",
                                                     "destinationCidrBlock": "0.0.0.0/0"}),
                 ["CIS 5.5: the route sends 0.0.0.0/0 to peering connection pcx-1; "
                  "peering routes must name the peer's specific CIDRs"]),
                (rec("aws:ec2/routeTable:RouteTable", "rt", {"routes": [{"cidrBlock": "10.2.0.0/16",
                                                                         "vpcPeeringConnectionId": "pcx-2"},
                                                                        {"ipv6CidrBlock": "::/0",
                                                                         "vpcPeeringConnectionId": "pcx-2"}]}),
                 ["CIS 5.5: a route of the table sends ::/0 to peering connection pcx-2; "
                  "peering routes must name the peer's specific CIDRs"])],
         not_applicable=[rec("aws:ec2transitgateway/route:Route", "tgw", {"destinationCidrBlock": "0.0.0.0/0",
                                                                          "vpcPeeringConnectionId": "pcx-1"})]),
    Case("ec2-imdsv2-required",
         passes=[rec("aws:ec2/instance:Instance", "vm", {"metadataOptions": {"httpTokens": "required"}}),
                 rec("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"metadataOptions": {"httpTokens": "required"}})],
         fails=[(rec("aws:ec2/instance:Instance", "vm", {}),
                 ['EC2.8: the instance does not require IMDSv2 (metadataOptions.httpTokens is not set); '
                  'it must be "required"']),
                (rec("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"metadataOptions": {"httpTokens": "optional"}}),
                 ['EC2.170: the launch template does not require IMDSv2 (metadataOptions.httpTokens is "optional"); '
                  'it must be "required"'])],
         not_applicable=[rec(SUBNET, "app", {})]),
    # ---- kms
    Case("kms-key-rotation",
         passes=[rec(KEY, "data", {"enableKeyRotation": True})],
         fails=[(rec(KEY, "data", {}), ["KMS.4: the key does not rotate; set enableKeyRotation to true"])],
         not_applicable=[rec(KEY, "signing", {"customerMasterKeySpec": "RSA_2048"}),
                         rec("aws:kms/alias:Alias", "alias", {})]),
    Case("kms-key-not-public",
         passes=[rec(KEY, "data", {"policy": doc(
             {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "kms:*",
              "Resource": "*"},
             {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
              "Condition": {"StringEquals": {"kms:CallerAccount": "111111111111"}}})})],
         fails=[(rec(KEY, "open", {"policy": doc(
             {"Sid": "Open", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"},
             {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
              "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}}})}),
                 ['KMS.5: key policy statement "Open" allows principal "*" without a fixed-value condition',
                  'KMS.5: key policy statement 1 allows principal "*" without a fixed-value condition']),
                (rec(KEY, "broken", {"policy": "{not json"}), ["KMS.5: the key policy is not valid JSON"])],
         not_applicable=[rec(KEY, "default-policy", {"enableKeyRotation": True}),
                         rec(POLICY, "p", {"policy": doc({"Effect": "Allow", "Principal": "*", "Action": "kms:*",
                                                          "Resource": "*"})})]),
    Case("kms-key-deletion-window",
         passes=[rec(KEY, "data", {"deletionWindowInDays": 30}), rec(KEY, "defaulted", {})],
         fails=[(rec(KEY, "data", {"deletionWindowInDays": 7}),
                 ["LF.KMS.1: the key deletion window is 7 days; it must be 30 days"])],
         not_applicable=[rec("aws:kms/alias:Alias", "alias", {"deletionWindowInDays": 7})]),
    # ---- iam
    Case("iam-no-admin-policy",
         passes=[rec(ROLE_POLICY, "read", {"role": "r", "policy": doc(
             {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"})}),
                 rec(POLICY, "deny-all", {"policy": doc({"Effect": "Deny", "Action": "*", "Resource": "*"})})],
         fails=[(rec(POLICY, "admin", {"policy": doc({"Effect": "Allow", "Action": "*", "Resource": "*"})}),
                 ['IAM.1: statement 0 allows action "*" on resource "*"; grant named actions on named resources']),
                (rec(ROLE, "r", {"inlinePolicies": [{"name": "admin", "policy": doc(
                    {"Sid": "All", "Effect": "Allow", "Action": ["*"], "Resource": ["*"]})}]}),
                 ['IAM.1: inline policy "admin" statement "All" allows action "*" on resource "*"; '
                  'grant named actions on named resources']),
                (rec(ROLE_POLICY, "broken", {"role": "r", "policy": "{"}), ["IAM.1: the policy is not valid JSON"])],
         not_applicable=[rec(KEY, "data", {"policy": doc({"Effect": "Allow", "Principal": {"AWS": "*"},
                                                          "Action": "*", "Resource": "*"})})]),
    Case("iam-no-service-wildcard",
         passes=[rec(ROLE_POLICY, "read", {"role": "r", "policy": doc(
             {"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": "*"})}),
                 rec(POLICY, "guard", {"policy": doc({"Effect": "Deny", "Action": "s3:*", "Resource": "*"})})],
         fails=[(rec(ROLE_POLICY, "wide", {"role": "r", "policy": doc(
             {"Effect": "Allow", "Action": ["s3:*", "kms:*", "logs:PutLogEvents"], "Resource": "*"})}),
                 ['IAM.21: statement 0 allows the service-wide wildcard "s3:*", "kms:*"; name the actions'])],
         not_applicable=[rec(KEY, "data", {"policy": doc({"Effect": "Allow", "Principal": {"AWS": "x"},
                                                          "Action": "kms:*", "Resource": "*"})})]),
    Case("iam-no-kms-decrypt-on-all-keys",
         passes=[rec(ROLE_POLICY, "scoped", {"role": "r", "policy": doc(
             {"Effect": "Allow", "Action": "kms:Decrypt",
              "Resource": "arn:aws:kms:eu-west-1:111111111111:key/abc"})})],
         fails=[(rec(POLICY, "managed", {"policy": doc({"Effect": "Allow", "Action": ["kms:Decrypt*"],
                                                        "Resource": "*"})}),
                 ['KMS.1: statement 0 allows kms:Decrypt on resource "*"; scope decryption to named key ARNs']),
                (rec(ROLE_POLICY, "inline", {"role": "r", "policy": doc(
                    {"Sid": "Keys", "Effect": "Allow", "Action": "kms:*", "Resource": ["*"]})}),
                 ['KMS.2: statement "Keys" allows kms:Decrypt and kms:ReEncryptFrom on resource "*"; '
                  'scope decryption to named key ARNs'])],
         not_applicable=[rec(KEY, "data", {"policy": doc({"Effect": "Allow", "Principal": {"AWS": "x"},
                                                          "Action": "kms:*", "Resource": "*"})})]),
    Case("iam-account-password-policy",
         passes=[rec("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pw",
                     {"minimumPasswordLength": 14, "passwordReusePrevention": 24})],
         fails=[(rec("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "pw", {"minimumPasswordLength": 8}),
                 ["CIS 1.8: minimumPasswordLength is 8; it must be at least 14",
                  "CIS 1.9: passwordReusePrevention is not set; it must be at least 24"])],
         not_applicable=[rec(USER_POOL, "users", {"minimumPasswordLength": 6})]),
    # ---- identity
    Case("cognito-password-policy",
         passes=[rec(USER_POOL, "users", {"passwordPolicy": STRONG_PASSWORDS})],
         fails=[(rec(USER_POOL, "users", {"passwordPolicy": {**STRONG_PASSWORDS, "minimumLength": 6,
                                                              "requireSymbols": False,
                                                              "temporaryPasswordValidityDays": 30}}),
                 ["Cognito.3: passwordPolicy.minimumLength is 6; it must be at least 8",
                  "Cognito.3: passwordPolicy.requireSymbols is not true; it must be true",
                  "Cognito.3: passwordPolicy.temporaryPasswordValidityDays is 30; it must be at most 7"]),
                (rec(USER_POOL, "bare", {}),
                 ["Cognito.3: the user pool sets no passwordPolicy; set minimumLength of at least 8, the four "
                  "require flags and temporaryPasswordValidityDays of at most 7"])],
         not_applicable=[rec(IDENTITY_POOL, "ids", {})]),
    Case("cognito-threat-protection",
         passes=[rec(USER_POOL, "users", {"userPoolAddOns": {"advancedSecurityMode": "ENFORCED"}})],
         fails=[(rec(USER_POOL, "users", {"userPoolAddOns": {"advancedSecurityMode": "AUDIT"}}),
                 ["Cognito.1: userPoolAddOns.advancedSecurityMode is AUDIT; it must be ENFORCED"]),
                (rec(USER_POOL, "bare", {}),
                 ["Cognito.1: userPoolAddOns.advancedSecurityMode is not set; it must be ENFORCED"])],
         not_applicable=[rec(IDENTITY_POOL, "ids", {})]),
    Case("cognito-mfa",
         passes=[rec(USER_POOL, "users", {"mfaConfiguration": "ON"}),
                 rec(USER_POOL, "users2", {"mfaConfiguration": "OPTIONAL"})],
         fails=[(rec(USER_POOL, "bare", {}), ["Cognito.5: mfaConfiguration is OFF; it must be ON or OPTIONAL"])],
         not_applicable=[rec(IDENTITY_POOL, "ids", {"mfaConfiguration": "OFF"})]),
    Case("cognito-identity-pool-authenticated-only",
         passes=[rec(IDENTITY_POOL, "ids", {"allowUnauthenticatedIdentities": False}), rec(IDENTITY_POOL, "ids2")],
         fails=[(rec(IDENTITY_POOL, "ids", {"allowUnauthenticatedIdentities": True}),
                 ["Cognito.2: the identity pool allows unauthenticated identities; "
                  "set allowUnauthenticatedIdentities to false"])],
         not_applicable=[rec(USER_POOL, "users", {"allowUnauthenticatedIdentities": True})]),
    # ---- serverless
    Case("apigateway-stage-xray",
         passes=[rec(STAGE, "prod", {"xrayTracingEnabled": True})],
         fails=[(rec(STAGE, "prod", {}),
                 ["APIGateway.3: the stage does not trace with X-Ray; set xrayTracingEnabled to true"])],
         not_applicable=[rec(V2_STAGE, "http", {})]),
    Case("apigateway-stage-access-logs",
         passes=[rec(STAGE, "prod", {"accessLogSettings": {"destinationArn": "arn:aws:logs:x", "format": "{}"}})],
         fails=[(rec(STAGE, "prod", {}),
                 ["LF.API.1: the stage has no accessLogSettings.destinationArn or accessLogSettings.format; "
                  "send access logs to a log group with a format"]),
                (rec(STAGE, "half", {"accessLogSettings": {"destinationArn": "arn:aws:logs:x"}}),
                 ["LF.API.1: the stage has no accessLogSettings.format; send access logs to a log group with a "
                  "format"])],
         not_applicable=[rec(V2_STAGE, "http", {})]),
    Case("apigateway-cache-encrypted",
         passes=[rec("aws:apigateway/methodSettings:MethodSettings", "all",
                     {"methodPath": "*/*", "settings": {"cachingEnabled": True, "cacheDataEncrypted": True}}),
                 rec("aws:apigateway/methodSettings:MethodSettings", "nocache",
                     {"methodPath": "*/*", "settings": {"loggingLevel": "INFO"}})],
         fails=[(rec("aws:apigateway/methodSettings:MethodSettings", "all",
                     {"methodPath": "*/*", "settings": {"cachingEnabled": True}}),
                 ["APIGateway.5: method settings */* cache responses without encryption; "
                  "set settings.cacheDataEncrypted to true"])],
         not_applicable=[rec(STAGE, "prod", {"settings": {"cachingEnabled": True}})]),
    Case("apigateway-method-authorization",
         passes=[rec("aws:apigateway/method:Method", "get", {"httpMethod": "GET", "authorization": "AWS_IAM"}),
                 rec("aws:apigateway/method:Method", "cors", {"httpMethod": "OPTIONS", "authorization": "NONE"})],
         fails=[(rec("aws:apigateway/method:Method", "get", {"httpMethod": "GET", "resourceId": "res-1",
                                                            "authorization": "NONE"}),
                 ["LF.API.2: method GET on resource res-1 has authorization NONE; "
                  "use AWS_IAM, COGNITO_USER_POOLS or CUSTOM"])],
         not_applicable=[rec("aws:apigatewayv2/route:Route", "r", {"authorization": "NONE",
                                                                   "authorizationType": "JWT"})]),
    Case("apigatewayv2-route-authorization",
         passes=[rec("aws:apigatewayv2/route:Route", "r", {"routeKey": "GET /orders", "authorizationType": "JWT"})],
         fails=[(rec("aws:apigatewayv2/route:Route", "r", {"routeKey": "GET /orders"}),
                 ["APIGateway.8: route GET /orders has authorizationType NONE; use AWS_IAM, CUSTOM or JWT"])],
         not_applicable=[rec("aws:apigateway/method:Method", "get", {"httpMethod": "GET",
                                                                     "authorization": "AWS_IAM"})]),
    Case("apigatewayv2-stage-access-logs",
         passes=[rec(V2_STAGE, "http", {"accessLogSettings": {"destinationArn": "arn:aws:logs:x", "format": "$x"}})],
         fails=[(rec(V2_STAGE, "http", {}),
                 ["APIGateway.9: the stage has no accessLogSettings.destinationArn or accessLogSettings.format; "
                  "send access logs to a log group with a format"])],
         not_applicable=[rec(STAGE, "rest", {})]),
    Case("lambda-permission-not-public",
         passes=[rec("aws:lambda/permission:Permission", "api", {"principal": "apigateway.amazonaws.com",
                                                                 "sourceArn": "arn:aws:execute-api:x"}),
                 rec("aws:lambda/permission:Permission", "rule", {"principal": "events.amazonaws.com",
                                                                  "sourceArn": "arn:aws:events:x"}),
                 rec("aws:lambda/permission:Permission", "acct", {"principal": "111111111111"})],
         fails=[(rec("aws:lambda/permission:Permission", "open", {"principal": "*"}),
                 ['Lambda.1: the permission grants invocation to principal "*"; name a service or account']),
                (rec("aws:lambda/permission:Permission", "api", {"principal": "apigateway.amazonaws.com"}),
                 ["Lambda.1: the permission for apigateway.amazonaws.com has no sourceArn; "
                  "scope it to the invoking resource"]),
                (rec("aws:lambda/permission:Permission", "s3", {"principal": "s3.amazonaws.com",
                                                                "sourceArn": "arn:aws:s3:::b"}),
                 ["Lambda.1: the permission for s3.amazonaws.com has no sourceAccount; "
                  "set the bucket owner's account"])],
         not_applicable=[rec(FUNCTION, "fn", {"principal": "*", "runtime": "python3.12"})]),
    Case("lambda-supported-runtime",
         passes=[rec(FUNCTION, "fn", {"runtime": "python3.12"}), rec(FUNCTION, "img", {"packageType": "Image"})],
         fails=[(rec(FUNCTION, "old", {"runtime": "python3.9"}),
                 [f"Lambda.2: runtime python3.9 is not on the pinned supported list; use one of {RUNTIMES}"])],
         not_applicable=[rec("aws:lambda/layerVersion:LayerVersion", "layer", {"runtime": "python2.7"})]),
    Case("lambda-tracing-active",
         passes=[rec(FUNCTION, "fn", {"tracingConfig": {"mode": "Active"}})],
         fails=[(rec(FUNCTION, "fn", {"tracingConfig": {"mode": "PassThrough"}}),
                 ["LF.LAMBDA.1: tracingConfig.mode is PassThrough; it must be Active"])],
         not_applicable=[rec(STATE_MACHINE, "sm", {})]),
    Case("sqs-queue-encrypted",
         passes=[rec(QUEUE, "q", {"sqsManagedSseEnabled": True}), rec(QUEUE, "k", {"kmsMasterKeyId": "alias/x"})],
         fails=[(rec(QUEUE, "q", {}),
                 ["SQS.1: the queue sets neither sqsManagedSseEnabled nor kmsMasterKeyId; encrypt it at rest"])],
         not_applicable=[rec(TOPIC, "t", {})]),
    Case("sqs-policy-not-public",
         passes=[rec("aws:sqs/queuePolicy:QueuePolicy", "qp", {"policy": doc(
             {**OPEN, "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:x"}}})})],
         fails=[(rec("aws:sqs/queuePolicy:QueuePolicy", "qp", {"policy": doc(OPEN)}),
                 ['SQS.3: statement 0 allows principal "*" without a condition']),
                (rec(QUEUE, "q", {"policy": doc({**OPEN, "Sid": "Open", "Principal": {"AWS": ["*"]}})}),
                 ['SQS.3: statement "Open" allows principal "*" without a condition'])],
         not_applicable=[rec("aws:sns/topicPolicy:TopicPolicy", "tp", {"policy": doc(OPEN)})]),
    Case("sns-policy-not-public",
         passes=[rec("aws:sns/topicPolicy:TopicPolicy", "tp", {"policy": doc(
             {**OPEN, "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}})})],
         fails=[(rec("aws:sns/topicPolicy:TopicPolicy", "tp", {"policy": doc(OPEN)}),
                 ['SNS.4: statement 0 allows principal "*" without a condition'])],
         not_applicable=[rec("aws:sqs/queuePolicy:QueuePolicy", "qp", {"policy": doc(OPEN)})]),
    Case("sns-topic-encrypted",
         passes=[rec(TOPIC, "t", {"kmsMasterKeyId": "arn:aws:kms:x"})],
         fails=[(rec(TOPIC, "t", {}),
                 ["LF.SNS.1: the topic has no kmsMasterKeyId; encrypt it with a customer managed key"])],
         not_applicable=[rec(QUEUE, "q", {})]),
    Case("stepfunctions-logging",
         passes=[rec(STATE_MACHINE, "sm", {"loggingConfiguration": {"level": "ALL",
                                                                     "logDestination": "arn:aws:logs:x:*"}})],
         fails=[(rec(STATE_MACHINE, "sm", {}),
                 ["StepFunctions.1: loggingConfiguration.level is OFF; set ALL, ERROR or FATAL with a logDestination"]),
                (rec(STATE_MACHINE, "sm2", {"loggingConfiguration": {"level": "ERROR"}}),
                 ["StepFunctions.1: loggingConfiguration has no logDestination; send the logs to a log group"])],
         not_applicable=[rec(FUNCTION, "fn", {})]),
    Case("stepfunctions-tracing",
         passes=[rec(STATE_MACHINE, "sm", {"tracingConfiguration": {"enabled": True}})],
         fails=[(rec(STATE_MACHINE, "sm", {}),
                 ["LF.SFN.1: the state machine does not trace with X-Ray; set tracingConfiguration.enabled to true"])],
         not_applicable=[rec(FUNCTION, "fn", {})]),
    Case("eventbridge-target-dlq-retry",
         passes=[rec("aws:cloudwatch/eventTarget:EventTarget", "t", {
             "arn": "arn:aws:lambda:x", "deadLetterConfig": {"arn": "arn:aws:sqs:x"},
             "retryPolicy": {"maximumRetryAttempts": 3, "maximumEventAgeInSeconds": 3600}})],
         fails=[(rec("aws:cloudwatch/eventTarget:EventTarget", "t", {"arn": "arn:aws:lambda:x"}),
                 ["LF.EVT.1: the event target has no deadLetterConfig.arn; undeliverable events would be dropped",
                  "LF.EVT.1: the event target has no retryPolicy; set maximumRetryAttempts and "
                  "maximumEventAgeInSeconds"])],
         not_applicable=[rec("aws:cloudwatch/eventRule:EventRule", "r", {})]),
    # ---- storage
    Case("dynamodb-pitr",
         passes=[rec(TABLE, "orders", {"pointInTimeRecovery": {"enabled": True}})],
         fails=[(rec(TABLE, "orders", {}),
                 ["DynamoDB.2: point-in-time recovery is off; set pointInTimeRecovery.enabled to true"])],
         not_applicable=[rec(QUEUE, "q", {})]),
    Case("dynamodb-sse-kms",
         passes=[rec(TABLE, "orders", {"serverSideEncryption": {"enabled": True, "kmsKeyArn": "arn:aws:kms:x"}})],
         fails=[(rec(TABLE, "orders", {}),
                 ["LF.DDB.1: serverSideEncryption is not enabled; enable it with a customer managed kmsKeyArn"]),
                (rec(TABLE, "orders", {"serverSideEncryption": {"enabled": True}}),
                 ["LF.DDB.1: serverSideEncryption has no kmsKeyArn; use the landfall data key"])],
         not_applicable=[rec(QUEUE, "q", {})]),
    Case("s3-bucket-public-access-block",
         passes=[rec("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab",
                     {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True,
                      "restrictPublicBuckets": True})],
         fails=[(rec("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab",
                     {"blockPublicAcls": True, "blockPublicPolicy": True}),
                 ["S3.8: the public access block leaves ignorePublicAcls, restrictPublicBuckets off; "
                  "all four flags must be true"])],
         not_applicable=[rec("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct", {})]),
    Case("s3-bucket-owner-enforced",
         passes=[rec("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own",
                     {"rule": {"objectOwnership": "BucketOwnerEnforced"}})],
         fails=[(rec("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "own",
                     {"rule": {"objectOwnership": "ObjectWriter"}}),
                 ["S3.12: objectOwnership is ObjectWriter; it must be BucketOwnerEnforced (ACLs disabled)"])],
         not_applicable=[rec(BUCKET, "logs", {})]),
    # ---- logging
    Case("cloudtrail-multi-region",
         passes=[rec(TRAIL, "org", {"isMultiRegionTrail": True,
                                    "eventSelectors": [{"readWriteType": "All", "includeManagementEvents": True}]})],
         fails=[(rec(TRAIL, "org", {"isMultiRegionTrail": False, "enableLogging": False,
                                    "eventSelectors": [{"readWriteType": "WriteOnly"}]}),
                 ["CloudTrail.1: the trail is not multi-Region; set isMultiRegionTrail to true",
                  "CloudTrail.1: the trail has logging turned off; set enableLogging to true",
                  "CloudTrail.1: event selector 0 does not record all read and write management events; "
                  "include them with readWriteType All and no excluded sources"])],
         not_applicable=[rec(LOG_GROUP, "lg", {"isMultiRegionTrail": False})]),
    Case("cloudtrail-kms",
         passes=[rec(TRAIL, "org", {"kmsKeyId": "arn:aws:kms:x"})],
         fails=[(rec(TRAIL, "org", {}), ["CloudTrail.2: the trail has no kmsKeyId; encrypt its log files with SSE-KMS"])],
         not_applicable=[rec(LOG_GROUP, "lg", {})]),
    Case("cloudtrail-log-file-validation",
         passes=[rec(TRAIL, "org", {"enableLogFileValidation": True})],
         fails=[(rec(TRAIL, "org", {}),
                 ["CloudTrail.4: log file validation is off; set enableLogFileValidation to true"])],
         not_applicable=[rec(LOG_GROUP, "lg", {})]),
    Case("cloudtrail-cloudwatch-logs",
         passes=[rec(TRAIL, "org", {"cloudWatchLogsGroupArn": "arn:aws:logs:x:*", "cloudWatchLogsRoleArn": "arn:r"})],
         fails=[(rec(TRAIL, "org", {"cloudWatchLogsGroupArn": "arn:aws:logs:x:*"}),
                 ["CloudTrail.5: the trail has no cloudWatchLogsRoleArn; deliver it to CloudWatch Logs"])],
         not_applicable=[rec(LOG_GROUP, "lg", {})]),
    Case("logs-retention",
         passes=[rec(LOG_GROUP, "lg", {"retentionInDays": 365})],
         fails=[(rec(LOG_GROUP, "lg", {}), ["LF.LOG.1: the log group keeps events forever; set retentionInDays"]),
                (rec(LOG_GROUP, "zero", {"retentionInDays": 0}),
                 ["LF.LOG.1: the log group keeps events forever; set retentionInDays"])],
         not_applicable=[rec(TRAIL, "org", {})]),
    Case("logs-kms",
         passes=[rec(LOG_GROUP, "lg", {"kmsKeyId": "arn:aws:kms:x"})],
         fails=[(rec(LOG_GROUP, "lg", {}),
                 ["LF.LOG.2: the log group has no kmsKeyId; encrypt it with a customer managed key"])],
         not_applicable=[rec(TRAIL, "org", {})]),
    # ---- organization / account baseline
    Case("ebs-encryption-by-default",
         passes=[rec("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs", {"enabled": True})],
         fails=[(rec("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs", {"enabled": False}),
                 ["EC2.7: EBS encryption by default is off; set enabled to true"])],
         not_applicable=[rec("aws:ebs/defaultKmsKey:DefaultKmsKey", "key", {"enabled": False})]),
    Case("guardduty-enabled",
         passes=[rec("aws:guardduty/detector:Detector", "gd", {"enable": True})],
         fails=[(rec("aws:guardduty/detector:Detector", "gd", {"enable": False}),
                 ["GuardDuty.1: the GuardDuty detector is disabled; set enable to true"])],
         not_applicable=[rec("aws:guardduty/organizationConfiguration:OrganizationConfiguration", "oc",
                             {"enable": False})]),
    Case("s3-account-public-access-block",
         passes=[rec("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct",
                     {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True,
                      "restrictPublicBuckets": True})],
         fails=[(rec("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct",
                     {"blockPublicAcls": False, "blockPublicPolicy": True, "ignorePublicAcls": True,
                      "restrictPublicBuckets": True}),
                 ["S3.1: the public access block leaves blockPublicAcls off; all four flags must be true"])],
         not_applicable=[rec("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", {})]),
]


def _role(logical: str, trust: str, role_name: str | None = None) -> dict:
    props = {"assumeRolePolicy": trust, **({"name": role_name} if role_name else {})}
    return rec(ROLE, logical, props, id=f"{logical}-1234567")


LAMBDA_TRUST = doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"})
LEADING = {**ITEMS, "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [SUB]}}}
DENY_HTTP = doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::logs-1"],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
PROD = {"production": True}
NONPROD = {"production": False}


def _stage(name="prod", api="api-1"):
    return rec(STAGE, f"{api}-{name}", {"restApi": api, "stageName": name})


def _attachments(count: int, target: str = "ou-1", policy_prefix: str = "p-") -> list[dict]:
    return [rec(ATTACH, f"{target}-{i}", {"policyId": f"{policy_prefix}{i}", "targetId": target}) for i in range(count)]


_redrive_to = lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})  # noqa: E731

STACK_CASES = [
    StackCase("ec2-vpc-flow-logs",
              passes=[([rec("aws:ec2/vpc:Vpc", "a", id="vpc-1"),
                        rec("aws:ec2/flowLog:FlowLog", "fl", {"vpcId": "vpc-1"})], NONPROD)],
              fails=[([rec("aws:ec2/vpc:Vpc", "a", id="vpc-1"), rec("aws:ec2/vpc:Vpc", "b", id="vpc-2"),
                       rec("aws:ec2/flowLog:FlowLog", "fl", {"vpcId": "vpc-1"})], NONPROD,
                      [(rec("aws:ec2/vpc:Vpc", "b")["urn"],
                        "EC2.6: the VPC b has no flow log; add an aws:ec2/flowLog:FlowLog with vpcId vpc-2")])],
              not_applicable=[([rec("aws:ec2/flowLog:FlowLog", "fl", {"vpcId": "vpc-9"})], NONPROD),
                              ([rec("aws:ec2/vpc:Vpc", "component", custom=False)], NONPROD)]),
    StackCase("ec2-nacl-associated",
              passes=[([rec(NACL, "a", {"subnetIds": ["subnet-1"]}, id="acl-1"),
                        rec(NACL, "b", {}, id="acl-2"),
                        rec("aws:ec2/networkAclAssociation:NetworkAclAssociation", "b",
                            {"networkAclId": "acl-2", "subnetId": "subnet-2"})], NONPROD)],
              fails=[([rec(NACL, "c", {"subnetIds": []}, id="acl-3")], NONPROD,
                      [(rec(NACL, "c")["urn"], "EC2.16: the network ACL c is not associated with any subnet; set "
                                               "subnetIds or add an aws:ec2/networkAclAssociation:NetworkAclAssociation")])],
              not_applicable=[([rec("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "d", {})], NONPROD)]),
    StackCase("cognito-deletion-protection",
              passes=[([rec(USER_POOL, "users", {"deletionProtection": "ACTIVE"})], PROD)],
              fails=[([rec(USER_POOL, "users", {"deletionProtection": "INACTIVE"})], PROD,
                      [(rec(USER_POOL, "users")["urn"], "Cognito.6: the production user pool users sets "
                                                        "deletionProtection to INACTIVE; it must be ACTIVE")])],
              not_applicable=[([rec(USER_POOL, "users", {"deletionProtection": "INACTIVE"})], NONPROD)]),
    StackCase("cognito-identity-role-leading-keys",
              passes=[([_role("app-auth", COGNITO_TRUST),
                        rec(ROLE_POLICY, "app-auth-items", {"role": "app-auth-1234567", "policy": doc(LEADING)})],
                       NONPROD),
                      ([_role("named", COGNITO_TRUST, role_name="app-named"),
                        rec(ROLE_POLICY, "named-items", {"role": "app-named", "policy": doc(
                            LEADING, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})})], NONPROD)],
              fails=[([_role("app-auth", COGNITO_TRUST),
                       rec(ROLE_POLICY, "app-auth-items", {"role": "app-auth-1234567", "policy": doc(ITEMS)})], NONPROD,
                      [(rec(ROLE_POLICY, "app-auth-items")["urn"],
                        'LF.COG.1: statement "Items" grants DynamoDB actions to the identity-pool role app-auth '
                        f"without a dynamodb:LeadingKeys condition on {SUB}")]),
                     ([_role("named", COGNITO_TRUST, role_name="app-named"),
                       rec(ROLE_POLICY, "named-items", {"role": "app-named", "policy": doc(
                           {**LEADING, "Condition": {"ForAllValues:StringEquals": {
                               "dynamodb:LeadingKeys": ["${aws:username}"]}}})})], NONPROD,
                      [(rec(ROLE_POLICY, "named-items")["urn"],
                        'LF.COG.1: statement "Items" grants DynamoDB actions to the identity-pool role named '
                        f"without a dynamodb:LeadingKeys condition on {SUB}")])],
              not_applicable=[([_role("fn", LAMBDA_TRUST),
                                rec(ROLE_POLICY, "fn-items", {"role": "fn-1234567", "policy": doc(ITEMS)})],
                               NONPROD)]),
    StackCase("apigateway-execution-logging",
              passes=[([_stage(), rec("aws:apigateway/methodSettings:MethodSettings", "ms", {
                  "restApi": "api-1", "stageName": "prod", "methodPath": "*/*",
                  "settings": {"loggingLevel": "INFO", "metricsEnabled": True}})], NONPROD)],
              fails=[([_stage(), _stage("dev"), rec("aws:apigateway/methodSettings:MethodSettings", "ms", {
                  "restApi": "api-1", "stageName": "prod", "methodPath": "*/*", "settings": {"loggingLevel": "OFF"}}),
                       rec("aws:apigateway/methodSettings:MethodSettings", "ms-dev", {
                           "restApi": "api-1", "stageName": "dev", "methodPath": "orders/GET",
                           "settings": {"loggingLevel": "ERROR"}})], NONPROD,
                      [(_stage()["urn"], "APIGateway.1: the stage prod of REST API api-1 has no "
                                         "aws:apigateway/methodSettings:MethodSettings for */* with loggingLevel "
                                         "INFO or ERROR"),
                       (_stage("dev")["urn"], "APIGateway.1: the stage dev of REST API api-1 has no "
                                              "aws:apigateway/methodSettings:MethodSettings for */* with loggingLevel "
                                              "INFO or ERROR")]),
                     ([rec("aws:apigatewayv2/api:Api", "ws", {"protocolType": "WEBSOCKET"}, id="ws-1"),
                       rec(V2_STAGE, "live", {"apiId": "ws-1", "name": "live"})], NONPROD,
                      [(rec(V2_STAGE, "live")["urn"], "APIGateway.1: the WebSocket stage live has no "
                                                      "defaultRouteSettings.loggingLevel INFO or ERROR")])],
              not_applicable=[([rec("aws:apigatewayv2/api:Api", "http", {"protocolType": "HTTP"}, id="http-1"),
                                rec(V2_STAGE, "default", {"apiId": "http-1", "name": "$default"})], NONPROD)]),
    StackCase("apigateway-waf",
              passes=[([_stage(), rec("aws:wafv2/webAclAssociation:WebAclAssociation", "waf", {
                  "resourceArn": "arn:aws:apigateway:eu-west-1::/restapis/api-1/stages/prod",
                  "webAclArn": "arn:aws:wafv2:x"})], PROD)],
              fails=[([_stage(), rec("aws:wafv2/webAclAssociation:WebAclAssociation", "waf", {
                  "resourceArn": "arn:aws:apigateway:eu-west-1::/restapis/api-1/stages/production"})], PROD,
                      [(_stage()["urn"], "APIGateway.4: the production stage prod of REST API api-1 has no "
                                         "aws:wafv2/webAclAssociation:WebAclAssociation")])],
              not_applicable=[([_stage()], NONPROD)]),
    StackCase("lambda-multi-az",
              passes=[([rec(SUBNET, "a", {"availabilityZoneId": "euw1-az1"}, id="subnet-a"),
                        rec(SUBNET, "b", {"availabilityZoneId": "euw1-az2"}, id="subnet-b"),
                        rec(FUNCTION, "fn", {"vpcConfig": {"subnetIds": ["subnet-a", "subnet-b"],
                                                           "securityGroupIds": ["sg-1"]}})], NONPROD)],
              fails=[([rec(SUBNET, "a", {"availabilityZoneId": "euw1-az1"}, id="subnet-a"),
                       rec(SUBNET, "a2", {"availabilityZoneId": "euw1-az1"}, id="subnet-a2"),
                       rec(FUNCTION, "fn", {"vpcConfig": {"subnetIds": ["subnet-a", "subnet-a2"]}})], NONPROD,
                      [(rec(FUNCTION, "fn")["urn"], "Lambda.5: the VPC function fn uses subnets in 1 Availability "
                                                    "Zone (euw1-az1); it must span at least 2")])],
              not_applicable=[([rec(FUNCTION, "fn", {"runtime": "python3.12"})], NONPROD)]),
    StackCase("sqs-redrive",
              passes=[([rec(QUEUE, "orders", {"name": "orders",
                                              "redrivePolicy": _redrive_to("arn:aws:sqs:eu-west-1:1:orders-dlq")}),
                        rec(QUEUE, "orders-dlq", {"name": "orders-dlq"})], NONPROD),
                      ([rec(QUEUE, "jobs", {"redrivePolicy": _redrive_to("arn:aws:sqs:eu-west-1:1:jobs-dlq-1a2b3c4")}),
                        rec(QUEUE, "jobs-dlq", {})], NONPROD)],
              fails=[([rec(QUEUE, "jobs", {"name": "jobs"}), rec(QUEUE, "jobs-dlq", {"name": "jobs-dlq"})], NONPROD,
                      [(rec(QUEUE, "jobs")["urn"], "LF.SQS.1: the queue jobs is not a dead-letter queue and has no "
                                                   "redrivePolicy; add one that points at a dead-letter queue"),
                       (rec(QUEUE, "jobs-dlq")["urn"], "LF.SQS.1: the queue jobs-dlq is not a dead-letter queue and "
                                                       "has no redrivePolicy; add one that points at a dead-letter "
                                                       "queue")])],
              not_applicable=[([rec(TOPIC, "t", {})], NONPROD)]),
    StackCase("dynamodb-deletion-protection",
              passes=[([rec(TABLE, "orders", {"deletionProtectionEnabled": True})], PROD)],
              fails=[([rec(TABLE, "orders", {})], PROD,
                      [(rec(TABLE, "orders")["urn"], "DynamoDB.6: the production table orders has no deletion "
                                                     "protection; set deletionProtectionEnabled to true")])],
              not_applicable=[([rec(TABLE, "orders", {})], NONPROD)]),
    StackCase("dynamodb-capacity-scales",
              passes=[([rec(TABLE, "orders", {"billingMode": "PAY_PER_REQUEST"})], NONPROD),
                      ([rec(TABLE, "orders", {"name": "orders", "billingMode": "PROVISIONED"})]
                       + [rec("aws:appautoscaling/target:Target", f"t-{d}", {
                           "serviceNamespace": "dynamodb", "resourceId": "table/orders",
                           "scalableDimension": f"dynamodb:table:{d}CapacityUnits"}) for d in ("Read", "Write")],
                       NONPROD)],
              fails=[([rec(TABLE, "orders", {}), rec("aws:appautoscaling/target:Target", "t-read", {
                  "serviceNamespace": "dynamodb", "resourceId": "table/orders-1a2b3c4",
                  "scalableDimension": "dynamodb:table:ReadCapacityUnits"})], NONPROD,
                      [(rec(TABLE, "orders")["urn"], "DynamoDB.1: the table orders uses provisioned capacity without "
                                                     "auto scaling of WriteCapacityUnits; use PAY_PER_REQUEST or add "
                                                     "aws:appautoscaling/target:Target records")])],
              not_applicable=[([rec(QUEUE, "q", {})], NONPROD)]),
    StackCase("s3-ssl-only",
              passes=[([rec(BUCKET, "logs", {}, id="logs-1"),
                        rec("aws:s3/bucketPolicy:BucketPolicy", "logs", {"bucket": "logs-1", "policy": DENY_HTTP})],
                       NONPROD)],
              fails=[([rec(BUCKET, "logs", {}, id="logs-1"),
                       rec("aws:s3/bucketPolicy:BucketPolicy", "logs", {"bucket": "logs-1", "policy": doc(
                           {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                            "Condition": {"Bool": {"aws:SecureTransport": "true"}}})})], NONPROD,
                      [(rec(BUCKET, "logs")["urn"], "S3.5: the bucket logs has no bucket policy that denies requests "
                                                    "with aws:SecureTransport false")])],
              not_applicable=[([rec("aws:s3/bucketPolicy:BucketPolicy", "orphan", {"bucket": "x", "policy": "{}"})],
                               NONPROD)]),
    StackCase("s3-lifecycle",
              passes=[([rec(BUCKET, "logs", {}, id="logs-1"),
                        rec("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "logs",
                            {"bucket": "logs-1", "rules": [{"id": "expire", "status": "Enabled",
                                                            "expiration": {"days": 365}}]})], NONPROD)],
              fails=[([rec(BUCKET, "logs", {}, id="logs-1"),
                       rec("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "other",
                           {"bucket": "other-1", "rules": [{"id": "expire"}]})], NONPROD,
                      [(rec(BUCKET, "logs")["urn"], "S3.13: the bucket logs has no lifecycle configuration; add one "
                                                    "with at least one rule")])],
              not_applicable=[([rec(QUEUE, "q", {})], NONPROD)]),
    StackCase("scp-document-valid",
              passes=[([rec(ORG_POLICY, "deny-leave", {"type": "SERVICE_CONTROL_POLICY", "content": SCP_TEXT})],
                       NONPROD),
                      ([rec(ORG_POLICY, "exact", {"content": json.dumps({"x": "y" * 5111})})], NONPROD)],
              fails=[([rec(ORG_POLICY, "broken", {"type": "SERVICE_CONTROL_POLICY", "content": "{"})], NONPROD,
                      [(rec(ORG_POLICY, "broken")["urn"], "LF.ORG.1: the SCP broken content is not valid JSON")]),
                     ([rec(ORG_POLICY, "big", {"content": json.dumps({"x": "y" * 5112})})], NONPROD,
                      [(rec(ORG_POLICY, "big")["urn"],
                        "LF.ORG.1: the SCP big content has 5,121 characters; the quota is 5,120")]),
                     ([rec(ORG_POLICY, "small", {"content": SCP_TEXT})], {"scp_max_characters": 100},
                      [(rec(ORG_POLICY, "small")["urn"],
                        f"LF.ORG.1: the SCP small content has {len(SCP_TEXT):,} characters; the quota is 100")])],
              not_applicable=[([rec(ORG_POLICY, "tags", {"type": "TAG_POLICY", "content": "{"})], NONPROD)]),
    StackCase("scp-attachment-quota",
              passes=[(_attachments(4) + [rec(ATTACH, "full", {"policyId": "p-FullAWSAccess", "targetId": "ou-1"})],
                       NONPROD)],
              fails=[(_attachments(5), NONPROD,
                      [(_attachments(5)[4]["urn"], "LF.ORG.2: target ou-1 has 5 SCP attachments; at most 4 fit "
                                                   "beside FullAWSAccess (quota 5 per target)")]),
                     (_attachments(3), {"scps_per_target": 3},
                      [(_attachments(3)[2]["urn"], "LF.ORG.2: target ou-1 has 3 SCP attachments; at most 2 fit "
                                                   "beside FullAWSAccess (quota 3 per target)")])],
              not_applicable=[([rec(ORG_POLICY, f"tag-{i}", {"type": "TAG_POLICY", "content": "{}"}, id=f"tp-{i}")
                                for i in range(6)]
                               + [rec(ATTACH, f"tag-{i}", {"policyId": f"tp-{i}", "targetId": "ou-1"})
                                  for i in range(6)], NONPROD)]),
]

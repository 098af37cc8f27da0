"""Organization management policies: the data perimeter RCP, the EC2 declarative policy, the AI opt-out, and
their presence in an organization the stack builds. Passing fixtures are the documents landfall renders."""

from __future__ import annotations

import json

from landfall.plan.account_defaults import (
    Ec2Defaults,
    SnapshotBlockPublicAccess,
    VpcBlockPublicAccess,
    ai_opt_out_document,
    data_perimeter_document,
    ec2_declarative_document,
)

from .records import NONPROD, Case, StackCase, rec

ORG_POLICY = "aws:organizations/policy:Policy"
ORGANIZATION = "aws:organizations/organization:Organization"


def policy(name: str, type_: str, document) -> dict:
    return rec(ORG_POLICY, name, {"type": type_, "content": json.dumps(document)})


PERIMETER = data_perimeter_document("o-a1b2c3d4e5")
NO_EXEMPTION = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Perimeter", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
     "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
    {"Sid": "Allowing", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*",
     "Resource": "*"}]}
OPEN_EC2 = Ec2Defaults(vpc_block_public_access=VpcBlockPublicAccess.OFF, imdsv2_required=False,
                       snapshot_block_public_access=SnapshotBlockPublicAccess.UNBLOCKED)

RESOURCE_CASES = [
    Case("rcp-data-perimeter-valid",
         passes=[policy("perimeter", "RESOURCE_CONTROL_POLICY", PERIMETER)],
         fails=[(policy("loose", "RESOURCE_CONTROL_POLICY", NO_EXEMPTION),
                 ["LF.ORG.3: perimeter statement Perimeter denies AWS services too; add BoolIfExists "
                  "aws:PrincipalIsAWSService false",
                  "LF.ORG.3: RCP statement Allowing is not a Deny (RCPs only restrict)",
                  "LF.ORG.3: RCP statement Allowing must have Principal \"*\" (conditions pick the principals)"])],
         not_applicable=[policy("scp", "SERVICE_CONTROL_POLICY", NO_EXEMPTION)]),
    Case("ec2-declarative-secure",
         passes=[policy("ec2", "DECLARATIVE_POLICY_EC2", ec2_declarative_document(Ec2Defaults()))],
         fails=[(policy("open", "DECLARATIVE_POLICY_EC2", ec2_declarative_document(OPEN_EC2)),
                 ["LF.ORG.4: the EC2 declarative policy leaves VPC Block Public Access open "
                  "(vpc_block_public_access.internet_gateway_block.mode = 'off'; use block_ingress or block_bidirectional)",
                  "LF.ORG.4: the EC2 declarative policy leaves IMDSv2 by default (EC2.8) open "
                  "(instance_metadata_defaults.http_tokens = None; use required)",
                  "LF.ORG.4: the EC2 declarative policy leaves EBS snapshot public sharing (EC2.1) open "
                  "(snapshot_block_public_access.state = 'unblocked'; use block_all_sharing or block_new_sharing)"])],
         not_applicable=[policy("ai", "AISERVICES_OPT_OUT_POLICY", ai_opt_out_document())]),
    Case("ai-services-opt-out",
         passes=[policy("ai", "AISERVICES_OPT_OUT_POLICY", ai_opt_out_document())],
         fails=[(policy("in", "AISERVICES_OPT_OUT_POLICY", {"services": {"default": {"opt_out_policy": {"@@assign": "optIn"}}}}),
                 ["LF.ORG.6: the AI services opt-out policy does not opt every service out "
                  "(services.default.opt_out_policy = 'optIn'; use optOut)"])],
         not_applicable=[policy("ec2", "DECLARATIVE_POLICY_EC2", ec2_declarative_document(Ec2Defaults()))]),
]

ALL_TYPES = ["SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY", "DECLARATIVE_POLICY_EC2", "RESOURCE_CONTROL_POLICY"]
ORG = rec(ORGANIZATION, "organization", {"enabledPolicyTypes": ALL_TYPES})

STACK_CASES = [
    StackCase("organization-account-defaults",
              passes=[([ORG, policy("ai", "AISERVICES_OPT_OUT_POLICY", ai_opt_out_document()),
                        policy("ec2", "DECLARATIVE_POLICY_EC2", ec2_declarative_document(Ec2Defaults())),
                        policy("perimeter", "RESOURCE_CONTROL_POLICY", PERIMETER)], NONPROD)],
              fails=[([rec(ORGANIZATION, "organization", {"enabledPolicyTypes": ALL_TYPES[:2]}),
                       policy("ai", "AISERVICES_OPT_OUT_POLICY", ai_opt_out_document()),
                       policy("perimeter", "RESOURCE_CONTROL_POLICY", PERIMETER)], NONPROD,
                      [(ORG["urn"], "LF.ORG.7: the organization has no EC2 declarative policy (DECLARATIVE_POLICY_EC2 not declared)"),
                       (ORG["urn"], "LF.ORG.7: the organization has no resource control (data perimeter) policy "
                                    "(RESOURCE_CONTROL_POLICY declared but not enabled)")])],
              not_applicable=[([policy("ai", "AISERVICES_OPT_OUT_POLICY", ai_opt_out_document())], NONPROD)]),
]

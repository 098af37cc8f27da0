"""Account baseline and Organizations rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

import json

from .records import (
    ATTACH,
    CONTACT,
    DETECTOR,
    EBS_DEFAULT,
    NONPROD,
    ORG_POLICY,
    RECORDER,
    SCP_TEXT,
    VPC,
    Case,
    StackCase,
    attachments,
    rec,
)

RESOURCE_CASES = [
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
    Case("config-recorder-all-resources",
         passes=[rec(RECORDER, "config", {"recordingGroup": {"allSupported": True},
                                          "roleArn": "arn:aws:iam::111111111111:role/aws-service-role/"
                                                     "config.amazonaws.com/AWSServiceRoleForConfig"})],
         fails=[(rec(RECORDER, "config", {"recordingGroup": {"allSupported": False,
                                                             "resourceTypes": ["AWS::EC2::Instance"]},
                                          "roleArn": "arn:aws:iam::111111111111:role/config-recorder"}),
                 ["Config.1: the recorder does not record all supported resource types; "
                  "set recordingGroup.allSupported to true",
                  "Config.1: roleArn is arn:aws:iam::111111111111:role/config-recorder; use the AWS Config "
                  "service-linked role (role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig)"])],
         not_applicable=[rec("aws:cfg/recorderStatus:RecorderStatus", "status", {"isEnabled": False})]),
]

STACK_CASES = [
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
              passes=[(attachments(4) + [rec(ATTACH, "full", {"policyId": "p-FullAWSAccess", "targetId": "ou-1"})],
                       NONPROD)],
              fails=[(attachments(5), NONPROD,
                      [(attachments(5)[4]["urn"], "LF.ORG.2: target ou-1 has 5 SCP attachments; at most 4 fit "
                                                   "beside FullAWSAccess (quota 5 per target)")]),
                     (attachments(3), {"scps_per_target": 3},
                      [(attachments(3)[2]["urn"], "LF.ORG.2: target ou-1 has 3 SCP attachments; at most 2 fit "
                                                   "beside FullAWSAccess (quota 3 per target)")])],
              not_applicable=[([rec(ORG_POLICY, f"tag-{i}", {"type": "TAG_POLICY", "content": "{}"}, id=f"tp-{i}")
                                for i in range(6)]
                               + [rec(ATTACH, f"tag-{i}", {"policyId": f"tp-{i}", "targetId": "ou-1"})
                                  for i in range(6)], NONPROD)]),
    StackCase("account-security-contact",
              passes=[([rec(EBS_DEFAULT, "ebs", {"enabled": True}), rec(DETECTOR, "gd", {"enable": True}),
                        rec(CONTACT, "security", {"alternateContactType": "SECURITY", "name": "Security"})],
                       NONPROD)],
              fails=[([rec(EBS_DEFAULT, "ebs", {"enabled": True}), rec(DETECTOR, "gd", {"enable": True}),
                       rec(CONTACT, "billing", {"alternateContactType": "BILLING"}),
                       # another account (provider) of the same stack, with its own contact
                       rec(EBS_DEFAULT, "ebs-net", {"enabled": True}, provider="aws-network"),
                       rec(CONTACT, "security-net", {"alternateContactType": "SECURITY"}, provider="aws-network")],
                      NONPROD,
                      [(rec(EBS_DEFAULT, "ebs")["urn"], "Account.1: the account baseline that declares ebs has no "
                                                        "aws:account/alternativeContact:AlternativeContact of type "
                                                        "SECURITY")])],
              # No account-level baseline resource: the stack does not manage an account's baseline.
              not_applicable=[([rec(VPC, "main", id="vpc-1")], NONPROD)]),
]

"""IAM rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

from .records import KEY, POLICY, ROLE, ROLE_POLICY, USER_POOL, Case, doc, rec

RESOURCE_CASES = [
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
]

STACK_CASES = [
]

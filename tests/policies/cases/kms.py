"""KMS rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

from .records import KEY, POLICY, Case, doc, rec

RESOURCE_CASES = [
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
]

STACK_CASES = [
]

"""CloudTrail and CloudWatch Logs rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

from .records import BUCKET, BUCKET_LOGGING, LOG_GROUP, NONPROD, TRAIL, Case, StackCase, rec

RESOURCE_CASES = [
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
]

S3_WRITE = {"readWriteType": "WriteOnly", "includeManagementEvents": True,
            "dataResources": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}
S3_ALL_ADVANCED = {"name": "s3", "fieldSelectors": [{"field": "eventCategory", "equals": ["Data"]},
                                                     {"field": "resources.type", "equals": ["AWS::S3::Object"]}]}


def trail(name: str = "org", **props) -> dict:
    return rec(TRAIL, name, {"isMultiRegionTrail": True, "s3BucketName": "trail-logs", **props})


STACK_CASES = [
    StackCase("cloudtrail-s3-data-events",
              passes=[([trail(advancedEventSelectors=[S3_ALL_ADVANCED])], NONPROD),
                      ([trail(eventSelectors=[S3_WRITE]),
                        trail("reads", eventSelectors=[{**S3_WRITE, "readWriteType": "ReadOnly"}])], NONPROD)],
              fails=[([trail(eventSelectors=[S3_WRITE])], NONPROD,
                      [(trail()["urn"], "S3.23: no multi-Region trail logs S3 object-level read events for all "
                                        "buckets; add a data event selector for AWS::S3::Object")]),
                     ([trail(isMultiRegionTrail=False, advancedEventSelectors=[S3_ALL_ADVANCED]),
                       trail("narrow", advancedEventSelectors=[{"fieldSelectors": S3_ALL_ADVANCED["fieldSelectors"] + [
                           {"field": "resources.ARN", "startsWith": ["arn:aws:s3:::orders/"]}]}])], NONPROD,
                      [(trail()["urn"], "S3.22: no multi-Region trail logs S3 object-level write events for all "
                                        "buckets; add a data event selector for AWS::S3::Object"),
                       (trail()["urn"], "S3.23: no multi-Region trail logs S3 object-level read events for all "
                                        "buckets; add a data event selector for AWS::S3::Object")])],
              # No trail in this stack (the organization trail lives in another one): nothing to judge.
              not_applicable=[([rec(LOG_GROUP, "lg", {"retentionInDays": 90})], NONPROD)]),
    StackCase("cloudtrail-bucket-access-logging",
              passes=[([trail(), rec(BUCKET, "trail-logs", {"bucket": "trail-logs"}, id="trail-logs"),
                        rec(BUCKET_LOGGING, "trail-logs", {"bucket": "trail-logs", "targetBucket": "access-1"})],
                       NONPROD)],
              fails=[([trail(), rec(BUCKET, "trail-logs", {"bucket": "trail-logs"}, id="trail-logs")], NONPROD,
                      [(rec(BUCKET, "trail-logs")["urn"], "CloudTrail.7: the trail org writes to bucket trail-logs, "
                                                          "which has no server access logging")])],
              # The trail's bucket is declared in another stack (the log archive account).
              not_applicable=[([trail(), rec(BUCKET, "other", {"bucket": "other"}, id="other")], NONPROD)]),
]

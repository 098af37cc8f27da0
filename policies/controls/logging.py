"""Logging controls: CloudTrail trails (and their bucket) and CloudWatch log groups."""

from __future__ import annotations

from collections.abc import Mapping

from .core import Rule, StackRule, as_list, by_type, get, inputs
from .storage import BUCKETS, has_access_logging

TRAIL = "aws:cloudtrail/trail:Trail"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"


def check_trail_multi_region(record: Mapping) -> list[str]:
    props = inputs(record)
    messages = []
    if get(props, "isMultiRegionTrail") is not True:
        messages.append("CloudTrail.1: the trail is not multi-Region; set isMultiRegionTrail to true")
    if get(props, "enableLogging") is False:
        messages.append("CloudTrail.1: the trail has logging turned off; set enableLogging to true")
    for index, selector in enumerate(as_list(get(props, "eventSelectors"))):
        if get(selector, "includeManagementEvents") is False or \
                get(selector, "readWriteType", default="All") != "All" or \
                as_list(get(selector, "excludeManagementEventSources")):
            messages.append(f"CloudTrail.1: event selector {index} does not record all read and write management "
                            "events; include them with readWriteType All and no excluded sources")
    return messages


def check_trail_kms(record: Mapping) -> list[str]:
    if get(inputs(record), "kmsKeyId"):
        return []
    return ["CloudTrail.2: the trail has no kmsKeyId; encrypt its log files with SSE-KMS"]


def check_trail_validation(record: Mapping) -> list[str]:
    if get(inputs(record), "enableLogFileValidation") is True:
        return []
    return ["CloudTrail.4: log file validation is off; set enableLogFileValidation to true"]


def check_trail_cloudwatch(record: Mapping) -> list[str]:
    props = inputs(record)
    missing = [k for k in ("cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn") if not get(props, k)]
    if not missing:
        return []
    return [f"CloudTrail.5: the trail has no {' or '.join(missing)}; deliver it to CloudWatch Logs"]


def _selector_logs_s3_objects(selector: Mapping, read_write: str) -> bool:
    """A basic event selector logging `read_write` ("ReadOnly"/"WriteOnly") S3 object events for all buckets."""
    if get(selector, "readWriteType", default="All") not in ("All", read_write):
        return False
    return any(get(r, "type") == "AWS::S3::Object" and
               any(str(v).rstrip("/") in ("arn:aws:s3", "arn:aws:s3::", "arn:aws:s3:::") for v in as_list(get(r, "values")))
               for r in as_list(get(selector, "dataResources")))


def _advanced_logs_s3_objects(selector: Mapping, read_write: str) -> bool:
    """An advanced selector for Data events on AWS::S3::Object, not narrowed to some buckets or to the other side."""
    fields = {get(f, "field"): f for f in as_list(get(selector, "fieldSelectors"))}
    if as_list(get(fields.get("eventCategory"), "equals")) != ["Data"] or \
            as_list(get(fields.get("resources.type"), "equals")) != ["AWS::S3::Object"]:
        return False
    if "resources.ARN" in fields:
        return False
    read_only = as_list(get(fields.get("readOnly"), "equals"))
    return not read_only or read_only == [("true" if read_write == "ReadOnly" else "false")]


def trail_logs_s3_objects(trail: Mapping, read_write: str) -> bool:
    props = inputs(trail)
    return any(_selector_logs_s3_objects(s, read_write) for s in as_list(get(props, "eventSelectors"))) or \
        any(_advanced_logs_s3_objects(s, read_write) for s in as_list(get(props, "advancedEventSelectors")))


def check_s3_data_events(records: list, context: dict) -> list[tuple[str, str]]:
    trails = by_type(records, TRAIL)
    if not trails:
        return []  # the account's trail lives in another stack: nothing to judge here
    multi_region = [t for t in trails if get(inputs(t), "isMultiRegionTrail") is True]
    found = []
    for control, read_write, what in (("S3.22", "WriteOnly", "write"), ("S3.23", "ReadOnly", "read")):
        if not any(trail_logs_s3_objects(t, read_write) for t in multi_region):
            found.append((trails[0]["urn"], f"{control}: no multi-Region trail logs S3 object-level {what} events for "
                                            "all buckets; add a data event selector for AWS::S3::Object"))
    return found


def _trail_buckets(records: list, trail: Mapping) -> list[Mapping]:
    name = get(inputs(trail), "s3BucketName")
    return [b for b in by_type(records, *BUCKETS) if name and name in (b.get("id"), get(inputs(b), "bucket"))]


def check_trail_bucket_logging(records: list, context: dict) -> list[tuple[str, str]]:
    return [(bucket["urn"], f"CloudTrail.7: the trail {trail.get('name')} writes to bucket {bucket.get('name')}, "
                            "which has no server access logging")
            for trail in by_type(records, TRAIL) for bucket in _trail_buckets(records, trail)
            if not has_access_logging(records, bucket)]


def check_log_group_retention(record: Mapping) -> list[str]:
    days = get(inputs(record), "retentionInDays", default=0)
    if int(days) > 0:
        return []
    return ["LF.LOG.1: the log group keeps events forever; set retentionInDays"]


def check_log_group_kms(record: Mapping) -> list[str]:
    if get(inputs(record), "kmsKeyId"):
        return []
    return ["LF.LOG.2: the log group has no kmsKeyId; encrypt it with a customer managed key"]


RULES = (
    Rule("cloudtrail-multi-region", ("CloudTrail.1", "CIS 3.1"),
         "Trails are multi-Region, logging, and record all management events.", (TRAIL,), check_trail_multi_region),
    Rule("cloudtrail-kms", ("CloudTrail.2", "CIS 3.5"), "Trails encrypt log files with SSE-KMS.", (TRAIL,),
         check_trail_kms),
    Rule("cloudtrail-log-file-validation", ("CloudTrail.4", "CIS 3.2"), "Trails validate log files.", (TRAIL,),
         check_trail_validation),
    Rule("cloudtrail-cloudwatch-logs", ("CloudTrail.5",), "Trails deliver to CloudWatch Logs.", (TRAIL,),
         check_trail_cloudwatch),
    Rule("logs-retention", ("LF.LOG.1",), "Log groups have a retention period.", (LOG_GROUP,),
         check_log_group_retention),
    Rule("logs-kms", ("LF.LOG.2",), "Log groups are encrypted with a customer managed key.", (LOG_GROUP,),
         check_log_group_kms),
)

STACK_RULES = (
    StackRule("cloudtrail-s3-data-events", ("S3.22", "S3.23", "CIS 3.8", "CIS 3.9"),
              "A multi-Region trail logs S3 object-level write and read events for all buckets.",
              check_s3_data_events, enforcement="advisory",
              reason="S3 data events are billed per event; landfall:organization.trail.s3_data_events is off by "
                     "default and turned on where auditors ask for CIS 3.8/3.9 evidence."),
    StackRule("cloudtrail-bucket-access-logging", ("CloudTrail.7", "CIS 3.4"),
              "The bucket a trail writes to has server access logging.", check_trail_bucket_logging),
)

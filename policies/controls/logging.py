"""Logging controls: CloudTrail trails and CloudWatch log groups."""

from __future__ import annotations

from collections.abc import Mapping

from .core import Rule, as_list, get, inputs

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

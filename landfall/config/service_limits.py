"""AWS limits on the names and values landfall derives from `landfall:services` that the section's own checks do
not cover: each schedule's EventBridge rule (64 characters) and dead-letter queue (80), each workflow's IAM role
(64, although the state machine itself may have 80), the alarm topic's SNS name (1-256 of letters, digits, - and _)
and each function's description (256). Each problem names the key to shorten and the AWS name it would make.
"""

from __future__ import annotations

from landfall.plan.service_names import (
    LAMBDA_DESCRIPTION_MAX,
    SNS_TOPIC_NAME_PATTERN,
    ServiceNames,
    derived_name_problems,
)

from .context import Context
from .errors import Problem
from .serverless import ServicesConfig

SECTION = "landfall:services"


def service_limit_problems(services: ServicesConfig, ctx: Context) -> list[Problem]:
    found: list[Problem] = []
    for service, cfg in services.services.items():
        base = f"{SECTION}.{service}"
        names = ServiceNames(ctx.settings.environment, service, ctx.settings.partition, ctx.region)
        for kind, key, what, name, limit in derived_name_problems(names, list(cfg.schedules), list(cfg.workflows)):
            found.append(Problem(f"{base}.{kind}.{key}", f"makes the {what} name {name!r}, {len(name)} characters; AWS "
                                 f"allows {limit}", f"shorten the key by {len(name) - limit} characters (or the service "
                                 "name or environment)", key))
        if cfg.alarms.enabled:
            topic = names.alarm_topic(cfg.alarms.topic_name(service))
            if not SNS_TOPIC_NAME_PATTERN.match(topic):
                found.append(Problem(f"{base}.alarms.topic", f"makes the SNS topic name {topic!r}; topic names are 1-256 "
                                     "letters, digits, hyphens and underscores", "e.g. orders-alarms",
                                     cfg.alarms.topic))
        for key, fn in cfg.functions.items():
            if len(fn.description) > LAMBDA_DESCRIPTION_MAX:
                found.append(Problem(f"{base}.functions.{key}.description", f"is {len(fn.description)} characters; Lambda "
                                     f"allows {LAMBDA_DESCRIPTION_MAX}", "shorten the description",
                                     f"{fn.description[:40]}..."))
    return found

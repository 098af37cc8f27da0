"""An edge handler module that imports a package Lambda@Edge would not have (no layers at the edge); the config
check reads its imports, never calls it."""

from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger()


def handler(event, context):
    return event["Records"][0]["cf"]["request"]

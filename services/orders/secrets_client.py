"""Read the service's secrets (Secrets Manager) and parameters (SSM Parameter Store), cached per execution environment.

Clients are created once at import (no AWS call happens then); values are fetched on first use and cached for
DEFAULT_MAX_AGE_S by Powertools' parameters utility, so a warm function does not call AWS on every invocation and
a rotated secret is picked up within the cache age. The function's role allows exactly the secrets and parameters
its `uses` names (landfall.plan.database.secret_read_statements).

Errors are typed: a missing secret or parameter is a deployment error (SecretNotFound / ParameterNotFound), a
denied read is a permissions error (AccessDenied), anything else is ConfigReadError (worth retrying).
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError
from botocore.exceptions import ClientError

DEFAULT_MAX_AGE_S = 300  # a rotated secret reaches every warm environment within five minutes

NOT_FOUND_CODES = frozenset({"ResourceNotFoundException", "ParameterNotFound"})
DENIED_CODES = frozenset({"AccessDeniedException", "AccessDenied", "KMSAccessDeniedException"})

secrets_provider = parameters.SecretsProvider(boto3_client=boto3.client("secretsmanager"))
ssm_provider = parameters.SSMProvider(boto3_client=boto3.client("ssm"))


class ConfigReadError(RuntimeError):
    """Reading a secret or parameter failed for a reason other than the ones below (throttling, an outage)."""

    def __init__(self, name: str, message: str, code: str | None = None):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.code = code


class SecretNotFound(ConfigReadError):
    """The secret does not exist (or has no value yet): a deployment error, not worth retrying."""


class ParameterNotFound(ConfigReadError):
    """The parameter does not exist: a deployment error, not worth retrying."""


class AccessDenied(ConfigReadError):
    """The function's role may not read it (or decrypt it): its `uses` does not name it."""


class InvalidSecretValue(ConfigReadError):
    """The secret is not the JSON object the caller expects."""


def _typed(error: GetParameterError, name: str, not_found: type[ConfigReadError]) -> ConfigReadError:
    cause = error.__cause__ or error.__context__
    code = cause.response.get("Error", {}).get("Code") if isinstance(cause, ClientError) else None
    if code in NOT_FOUND_CODES:
        return not_found(name, "not found", code)
    if code in DENIED_CODES:
        return AccessDenied(name, "access denied", code)
    return ConfigReadError(name, str(error), code)


def get_secret(name: str, max_age: int = DEFAULT_MAX_AGE_S) -> str:
    """The secret's current string value (name or ARN)."""
    try:
        value = secrets_provider.get(name, max_age=max_age)
    except GetParameterError as error:
        raise _typed(error, name, SecretNotFound) from error
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def get_secret_json(name: str, max_age: int = DEFAULT_MAX_AGE_S) -> dict[str, Any]:
    """The secret parsed as a JSON object, e.g. {"username": ..., "password": ...}."""
    raw = get_secret(name, max_age)
    try:
        value = json.loads(raw)
    except ValueError as error:
        raise InvalidSecretValue(name, "is not JSON") from error
    if not isinstance(value, dict):
        raise InvalidSecretValue(name, f"is a JSON {type(value).__name__}, not an object")
    return value


def get_parameter(name: str, max_age: int = DEFAULT_MAX_AGE_S) -> str:
    """The parameter's value; SecureString values are decrypted."""
    try:
        return str(ssm_provider.get(name, max_age=max_age, decrypt=True))
    except GetParameterError as error:
        raise _typed(error, name, ParameterNotFound) from error


def clear_cache() -> None:
    """Forget cached values (tests, or after a known rotation)."""
    secrets_provider.clear_cache()
    ssm_provider.clear_cache()

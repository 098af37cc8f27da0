"""Lambda functions of a service: runtime limits, environment, what each function uses."""

from __future__ import annotations

import difflib
import importlib
import inspect
import os
from functools import lru_cache
from typing import Mapping, Optional

from pydantic import Field

from landfall.plan.serverless import committed_concurrency, env_size_bytes
from landfall.plan.service_names import ServiceNames, wired_environment

from .. import limits as L
from ..base import StrictModel
from ..errors import Problem
from .common import (
    DEFAULT_EPHEMERAL_STORAGE_MB,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT_S,
    HANDLER_PATTERN,
    TableAccess,
    _retention_problem,
    isolated_import,
    missing_module_fix,
)

# --- Lambda -----------------------------------------------------------------------------------------


class UsesConfig(StrictModel):
    """The resources of its service a function touches: its role allows exactly these, and landfall passes
    their names in environment variables (<KEY>_TABLE, <KEY>_QUEUE_URL, <KEY>_STATE_MACHINE_ARN)."""

    tables: dict[str, TableAccess] = Field(default_factory=dict, description="Table key -> read or read_write. Default: none.")
    queues: list[str] = Field(default_factory=list, description="Queue keys the function sends messages to. Default: none (consuming a queue is granted by the queue's consumer setting).")
    workflows: list[str] = Field(default_factory=list, description="Workflow keys whose executions the function starts. Default: none.")
    databases: dict[str, str] = Field(
        default_factory=dict,
        description="Database key -> the database user the function connects as, through the database's RDS Proxy with an "
        "IAM token (the function must run in the VPC). Default: none.")
    secrets: list[str] = Field(default_factory=list, description="Secret keys of this service the function reads. Default: none.")
    parameters: list[str] = Field(default_factory=list, description="Parameter keys of this service the function reads. Default: none.")


class FunctionConfig(StrictModel):
    handler: str = Field(description="Dotted path of the handler, e.g. services.orders.api.lambda_handler.")
    description: str = Field(default="", description="Shown in the Lambda console. Default: empty (the key names the function).")
    memory_mb: int = Field(default=DEFAULT_MEMORY_MB, description=f"Default: {DEFAULT_MEMORY_MB} (boto3 and Powertools start quickly; CPU grows with memory). {L.LAMBDA_MIN_MEMORY_MB}-{L.LAMBDA_MAX_MEMORY_MB}.")
    timeout_s: int = Field(default=DEFAULT_TIMEOUT_S, description=f"Default: {DEFAULT_TIMEOUT_S} (fail fast). 1-900; at most {L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S} for functions behind an API route.")
    ephemeral_storage_mb: int = Field(default=DEFAULT_EPHEMERAL_STORAGE_MB, description="Size of /tmp. Default: 512 (included in the price). 512-10,240.")
    reserved_concurrency: Optional[int] = Field(
        default=None,
        description="Concurrency reserved for (and capping) this function. Default: none (shares the unreserved pool). "
        f"All reservations must leave {L.MIN_UNRESERVED_CONCURRENCY} unreserved of account_concurrency_limit.",
    )
    provisioned_concurrency: int = Field(default=0, description="Pre-initialized environments (no cold starts; billed while idle). Default: 0; production API functions use it.")
    environment: dict[str, str] = Field(default_factory=dict, description=f"Environment variables; at most {L.LAMBDA_ENV_MAX_BYTES} bytes as Lambda measures them.")
    vpc: bool = Field(default=False, description="Place the function in the stack VPC's private subnets. Default: false (no ENI cold starts; DynamoDB, SQS and the rest are reachable without a VPC).")
    log_retention_days: int = Field(default=DEFAULT_LOG_RETENTION_DAYS, description="Default: 365 (a year of evidence, CloudWatch.16; matches flow logs). One of CloudWatch's allowed values.")
    async_on_failure: bool = Field(default=True, description="Send failed asynchronous invocations to an SQS on-failure destination. Default: true (nothing is lost silently).")
    tracing: bool = Field(default=True, description="X-Ray active tracing. Default: true (Powertools Tracer; follow an order across services).")
    uses: UsesConfig = Field(default_factory=UsesConfig, description="Tables, queues and workflows of this service the function uses; its IAM role allows only these. Default: none.")

    @property
    def runtime(self) -> str:
        return L.LAMBDA_RUNTIME

    @property
    def architecture(self) -> str:
        return L.LAMBDA_ARCHITECTURE

    @property
    def committed_concurrency(self) -> int:
        return committed_concurrency(self.reserved_concurrency, self.provisioned_concurrency)

    @property
    def env_size_bytes(self) -> int:
        return env_size_bytes(self.environment)

    def deployed_environment(self, names: ServiceNames) -> dict[str, str]:
        """The environment the function gets: the service name for Powertools, the names of what it uses,
        then the config's own variables (which win)."""
        uses = self.uses
        return {
            "POWERTOOLS_SERVICE_NAME": names.service,
            **wired_environment(names, list(uses.tables), uses.queues, uses.workflows),
            **self.environment,
        }

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        if not HANDLER_PATTERN.match(self.handler):
            found.append(Problem(f"{path}.handler", "is not a dotted module path ending in a function", "write it like services.orders.api.lambda_handler", self.handler))
        if not L.LAMBDA_MIN_MEMORY_MB <= self.memory_mb <= L.LAMBDA_MAX_MEMORY_MB:
            found.append(Problem(f"{path}.memory_mb", f"Lambda memory must be {L.LAMBDA_MIN_MEMORY_MB}-{L.LAMBDA_MAX_MEMORY_MB:,} MB", f"use a value in that range, e.g. {DEFAULT_MEMORY_MB}", self.memory_mb))
        if not L.LAMBDA_MIN_TIMEOUT_S <= self.timeout_s <= L.LAMBDA_MAX_TIMEOUT_S:
            found.append(Problem(f"{path}.timeout_s", f"Lambda timeout must be {L.LAMBDA_MIN_TIMEOUT_S}-{L.LAMBDA_MAX_TIMEOUT_S} s (15 minutes)", "use a value in that range; split longer work into a Step Functions workflow", self.timeout_s))
        if not L.LAMBDA_MIN_EPHEMERAL_STORAGE_MB <= self.ephemeral_storage_mb <= L.LAMBDA_MAX_EPHEMERAL_STORAGE_MB:
            found.append(Problem(f"{path}.ephemeral_storage_mb", f"ephemeral storage (/tmp) must be {L.LAMBDA_MIN_EPHEMERAL_STORAGE_MB}-{L.LAMBDA_MAX_EPHEMERAL_STORAGE_MB:,} MB", "use a value in that range, or leave it out for 512", self.ephemeral_storage_mb))
        if self.reserved_concurrency is not None and self.reserved_concurrency < 0:
            found.append(Problem(f"{path}.reserved_concurrency", "must be 0 or more", "remove it to share the unreserved pool", self.reserved_concurrency))
        if self.provisioned_concurrency < 0:
            found.append(Problem(f"{path}.provisioned_concurrency", "must be 0 or more", "use 0 for none", self.provisioned_concurrency))
        elif self.reserved_concurrency is not None and self.provisioned_concurrency > self.reserved_concurrency:
            found.append(Problem(
                f"{path}.provisioned_concurrency",
                f"is more than the function's reserved_concurrency ({self.reserved_concurrency}); Lambda cannot pre-warm more environments than the function may run",
                f"lower provisioned_concurrency to at most {self.reserved_concurrency}, or raise reserved_concurrency",
                self.provisioned_concurrency,
            ))
        size = self.env_size_bytes
        if size > L.LAMBDA_ENV_MAX_BYTES:
            biggest = max(self.environment, key=lambda k: len(k) + len(self.environment[k]))
            found.append(Problem(
                f"{path}.environment",
                f"is {size:,} bytes as Lambda measures it (the JSON of all keys and values); the limit is {L.LAMBDA_ENV_MAX_BYTES:,}",
                f"move large values (the largest is {biggest}) to SSM Parameter Store or AppConfig and pass their names instead",
                size,
            ))
        for key in self.environment:
            if key in L.LAMBDA_RESERVED_ENV_KEYS:
                found.append(Problem(f"{path}.environment.{key}", "is reserved: the Lambda runtime sets it", "remove it or use another name", key))
            elif not L.LAMBDA_ENV_KEY_PATTERN.match(key):
                found.append(Problem(f"{path}.environment.{key}", "environment variable names must start with a letter and hold only letters, digits and _", "rename it, e.g. TABLE_NAME", key))
        if self.log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
            found.append(_retention_problem(f"{path}.log_retention_days", self.log_retention_days))
        return found


# --- does the handler exist? ------------------------------------------------------------------------

HANDLER_IMPORT_FIX = ("make the module importable with only the environment landfall gives the function (its uses and "
                      "environment) and no AWS call at import time")


def handler_problem(path: str, handler: str, environment: Mapping[str, str], region: str) -> Optional[Problem]:
    """Import the handler's module as Lambda would (see common.isolated_import) and check that it exposes a
    callable taking (event, context). The handler itself is never called."""
    found = _handler_check(handler, tuple(sorted(environment.items())), region, os.getcwd())
    return None if found is None else Problem(path, found[0], found[1], handler)


@lru_cache(maxsize=256)
def _handler_check(handler: str, environment: tuple[tuple[str, str], ...], region: str, cwd: str) -> Optional[tuple[str, str]]:
    # cwd is part of the cache key only: handlers resolve relative to the project directory.
    module_name, _, attribute = handler.rpartition(".")
    with isolated_import(module_name.split(".")[0], dict(environment), region):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            fix = missing_module_fix(exc, module_name)
            if fix is not None:
                return f"module {module_name} does not exist", fix
            return f"importing {module_name} fails: {type(exc).__name__}: {exc}", "add the missing package to requirements.txt and the function's package (or a layer)"
        except Exception as exc:  # the service's module-level code: any failure there fails every invocation
            return f"importing {module_name} fails: {type(exc).__name__}: {exc}", HANDLER_IMPORT_FIX
        target = getattr(module, attribute, None)
        if target is None:
            callables = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_") and not isinstance(v, type))
            close = difflib.get_close_matches(attribute, callables, n=1, cutoff=0.6)
            fix = f"did you mean {module_name}.{close[0]}?" if close else f"define {attribute} in {module_name}, or name one of its functions"
            return f"module {module_name} has no {attribute}", fix
        if not callable(target):
            return f"{attribute} in {module_name} is a {type(target).__name__}, not a function", "name the function Lambda should call"
        try:
            inspect.signature(target).bind(None, None)
        except TypeError:
            return (f"{attribute}{inspect.signature(target)} cannot be called as handler(event, context), the way Lambda calls it",
                    "give the function the parameters (event, context)")
        except ValueError:  # no signature to inspect (a builtin): nothing more to check
            pass
    return None

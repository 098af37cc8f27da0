"""A whole service and the `landfall:services` section: cross references, names and account-wide limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Collection, Optional

from pydantic import ConfigDict, Field, model_validator

from landfall.plan.edge import EDGE_REGION, edge_function_problems
from landfall.plan.request_models import MODEL_REFERENCE_PATTERN, model_name, model_name_clashes, takes_body
from landfall.plan.schedule import schedule_problems
from landfall.plan.serverless import env_size_bytes, parse_route_path, plan_api_resources
from landfall.plan.service_names import FUNCTION_NAME_MAX, ServiceNames, name_problems, wired_environment

from .. import limits as L
from ..base import StrictModel
from ..context import Context
from ..errors import Problem, format_path
from .api import HEADER_NAME_PATTERN, ApiConfig, CdnConfig, RouteConfig
from .body_models import body_model_schema
from .common import (
    BUILDER_PATTERN,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_RECEIVE_COUNT,
    DEFAULT_SCHEDULE_MAX_EVENT_AGE_S,
    DEFAULT_SCHEDULE_RETRY_ATTEMPTS,
    DEFAULT_TIMEOUT_S,
    EMAIL_PATTERN,
    HANDLER_PATTERN,
    NAME_PATTERN,
    SECTION,
    SERVICE_NAME_PATTERN,
    Authorization,
    _retention_problem,
)
from .containers import ContainerServiceConfig, RepositoryConfig, containers_problems
from .databases import DatabaseConfig, ParameterConfig, SecretConfig, proxy_user_problems
from .databases import uses_problems as database_uses_problems
from .functions import FunctionConfig, UsesConfig, handler_problem
from .messaging import AlarmsConfig, QueueConfig, ScheduleConfig, WorkflowConfig, _builder_problem
from .signing import CodeSigningConfig
from .tables import TableConfig

# --- Service and section ----------------------------------------------------------------------------


class ServiceConfig(StrictModel):
    functions: dict[str, FunctionConfig] = Field(description="Lambda functions keyed by a stable name.")
    api: Optional[ApiConfig] = Field(default=None, description="REST API in front of the functions. Default: none (internal services have no API).")
    tables: dict[str, TableConfig] = Field(default_factory=dict, description="DynamoDB tables keyed by name.")
    queues: dict[str, QueueConfig] = Field(default_factory=dict, description="SQS queues (each with a DLQ) keyed by name.")
    schedules: dict[str, ScheduleConfig] = Field(default_factory=dict, description="EventBridge schedules keyed by name.")
    workflows: dict[str, WorkflowConfig] = Field(default_factory=dict, description="Step Functions state machines keyed by name.")
    alarms: AlarmsConfig = Field(default_factory=AlarmsConfig, description="CloudWatch alarms and where they go.")
    databases: dict[str, DatabaseConfig] = Field(
        default_factory=dict, description="Aurora PostgreSQL Serverless v2 clusters, each behind an RDS Proxy, keyed by name. Default: none.")
    secrets: dict[str, SecretConfig] = Field(default_factory=dict, description="Secrets Manager secrets under /<environment>/<service>/. Default: none.")
    parameters: dict[str, ParameterConfig] = Field(default_factory=dict, description="SSM parameters under /<environment>/<service>/. Default: none.")
    repositories: dict[str, RepositoryConfig] = Field(default_factory=dict, description="ECR repositories keyed by name. Default: none.")
    containers: dict[str, ContainerServiceConfig] = Field(default_factory=dict, description="ECS Fargate services keyed by name. Default: none.")

    def api_routes_by_function(self) -> dict[str, list[tuple[int, RouteConfig]]]:
        """function key -> [(route index, route)] for every function an API route integrates."""
        out: dict[str, list[tuple[int, RouteConfig]]] = {}
        for i, route in enumerate(self.api.routes if self.api else []):
            out.setdefault(route.function, []).append((i, route))
        return out

    def queue_visibility_timeout_s(self, queue: str) -> int:
        """The visibility timeout the queue gets: explicit, or 6 x its consumer's timeout."""
        cfg = self.queues[queue]
        consumer = self.functions.get(cfg.consumer)
        return cfg.effective_visibility_timeout_s(consumer.timeout_s if consumer else DEFAULT_TIMEOUT_S)

    def problems(self, name: str, ctx: Context) -> list[Problem]:
        base = f"{SECTION}.{name}"
        found: list[Problem] = []
        if not SERVICE_NAME_PATTERN.match(name):
            found.append(Problem(base, "service names are 1-24 lowercase letters, digits or hyphens, starting with a letter", "rename the key, e.g. orders", name))
        for kind in ("functions", "tables", "queues", "schedules", "workflows"):
            for key in getattr(self, kind):
                if not NAME_PATTERN.match(key):
                    found.append(Problem(f"{base}.{kind}.{key}", "names are 1-40 lowercase letters, digits, '_' or '-', starting with a letter", "rename the key, e.g. create_order", key))
        if not self.functions and not self.containers:
            found.append(Problem(f"{base}.functions", "a service needs at least one function or container", "add a function", {}))
        found += self._data_problems(name, base, ctx)
        names = ServiceNames(ctx.settings.environment, name, ctx.settings.partition, ctx.region, getattr(ctx.accounts.get(ctx.settings.account), "id", None) or "000000000000")
        for fn_name, fn in self.functions.items():
            found += fn.problems(f"{base}.functions.{fn_name}")
            if HANDLER_PATTERN.match(fn.handler):
                missing = handler_problem(f"{base}.functions.{fn_name}.handler", fn.handler, fn.deployed_environment(names), ctx.region)
                found += [missing] if missing is not None else []
            found += self._uses_problems(f"{base}.functions.{fn_name}.uses", fn.uses)
            deployed = {**wired_environment(names, list(fn.uses.tables), fn.uses.queues, fn.uses.workflows), **fn.environment}
            if fn.env_size_bytes <= L.LAMBDA_ENV_MAX_BYTES < env_size_bytes(deployed):
                found.append(Problem(f"{base}.functions.{fn_name}.environment", f"with the names landfall adds for uses ({', '.join(sorted(set(deployed) - set(fn.environment)))}) is {env_size_bytes(deployed):,} bytes; the limit is {L.LAMBDA_ENV_MAX_BYTES:,}", "move large values to SSM Parameter Store and pass their names instead", env_size_bytes(deployed)))
        for kind, key, length in name_problems(names, list(self.functions), list(self.queues), list(self.workflows)):
            found.append(Problem(f"{base}.{kind}.{key}", f"gives the AWS name {names.function(key)!r}-style names of {length} characters, over the limit ({FUNCTION_NAME_MAX} for functions, 80 for queues and state machines)", "use a shorter key, service name or environment", key))
        found += self._api_problems(base, names, ctx.region)
        for table_name, table in self.tables.items():
            found += table.problems(f"{base}.tables.{table_name}")
            if table.stream_consumer is not None:
                found += self._function_ref(f"{base}.tables.{table_name}.stream_consumer.function", table.stream_consumer.function,
                                            f"table {table_name}'s stream consumer")
        found += self._queue_problems(base)
        found += self._schedule_problems(base)
        found += self._workflow_problems(base)
        found += self._alarm_problems(base)
        return found

    def _data_problems(self, name: str, base: str, ctx: Context) -> list[Problem]:
        """Databases, secrets, parameters, repositories and containers, and what functions use of them."""
        from landfall.plan import database as D

        env, production = ctx.settings.environment, ctx.settings.production
        account_id = getattr(ctx.accounts.get(ctx.settings.account), "id", None) or "000000000000"
        found: list[Problem] = []
        for key, db in self.databases.items():
            path = f"{base}.databases.{key}"
            found += db.problems(path, production)
            found += proxy_user_problems(path, db, self.secrets)
            for message in D.cluster_identifier_problems(f"{env}-{name}-{key}") + D.proxy_name_problems(f"{env}-{name}-{key}"):
                found.append(Problem(path, message, "use a shorter database key, service name or environment", key))
        for key, secret in self.secrets.items():
            found += secret.problems(f"{base}.secrets.{key}", production, env, name, key)
        for key, parameter in self.parameters.items():
            found += parameter.problems(f"{base}.parameters.{key}", env, name, key, ctx.settings.partition, ctx.region, account_id)
        for fn_name, fn in self.functions.items():
            found += database_uses_problems(f"{base}.functions.{fn_name}.uses", fn.uses.databases, fn.uses.secrets, fn.uses.parameters,
                                            self.databases, self.secrets, self.parameters, in_vpc=fn.vpc)
        found += containers_problems(base, self.repositories, self.containers, production, ctx.region, queues=list(self.queues),
                                     tables=list(self.tables), workflows=list(self.workflows), account_id=account_id)
        return found

    def _uses_problems(self, path: str, uses: UsesConfig) -> list[Problem]:
        found: list[Problem] = []
        for kind, refs in (("tables", list(uses.tables)), ("queues", uses.queues), ("workflows", uses.workflows)):
            declared = getattr(self, kind)
            for i, ref in enumerate(refs):
                if ref not in declared:
                    where = f"{path}.{kind}.{ref}" if kind == "tables" else format_path([f"{path}.{kind}", i])
                    known = ", ".join(sorted(declared)) or "none declared"
                    found.append(Problem(where, f"names no {kind[:-1]} of this service", f"use one of {known}, or add it under {kind}", ref))
        return found

    def _function_ref(self, path: str, ref: str, what: str) -> list[Problem]:
        if ref in self.functions:
            return []
        known = ", ".join(sorted(self.functions)) or "none declared"
        return [Problem(path, f"names an unknown function: {what} must name a key of this service's functions", f"use one of {known}, or add the function", ref)]

    @staticmethod
    def _edge_function_problems(path: str, cdn: CdnConfig, names: ServiceNames) -> list[Problem]:
        found: list[Problem] = []
        for key, fn in cdn.edge_functions.items():
            where = f"{path}.edge_functions.{key}"
            if not HANDLER_PATTERN.match(fn.handler):
                found.append(Problem(f"{where}.handler", "is not a dotted module path ending in a function", "write it like services.edge.errors.handler", fn.handler))
                continue
            missing = handler_problem(f"{where}.handler", fn.handler, {}, EDGE_REGION)  # no environment at the edge
            if missing is not None:
                found.append(missing)
                continue
            found += [Problem(f"{path}{suffix}", message, fix, value) for suffix, message, fix, value in
                      edge_function_problems(key, fn, bool(cdn.redirects), names.environment, names.service, Path.cwd())]
            if fn.log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
                found.append(_retention_problem(f"{where}.log_retention_days", fn.log_retention_days))
        events: dict[str, list[str]] = {}
        for key, fn in cdn.edge_functions.items():
            events.setdefault(fn.event.value, []).append(key)
        for event, keys in sorted(events.items()):
            if len(keys) > 1:
                found.append(Problem(f"{path}.edge_functions", f"{', '.join(keys)} all run on {event}; a cache behavior takes one function per event",
                                     "merge them into one function, or move one to another event", keys))
        return found

    def _api_problems(self, base: str, names: ServiceNames, region: str) -> list[Problem]:
        if self.api is None:
            return []
        api, path = self.api, f"{base}.api"
        found: list[Problem] = []
        if not api.routes:
            found.append(Problem(f"{path}.routes", "an API needs at least one route", "add a route or remove api", []))
        if not L.API_GATEWAY_STAGE_NAME_PATTERN.match(api.stage_name):
            found.append(Problem(f"{path}.stage_name", "stage names are 1-128 letters, digits, '_' or '-'", "e.g. v1", api.stage_name))
        found += api.throttle.problems(f"{path}.throttle")
        if api.cdn is not None:
            from landfall.plan.edge import cdn_problems

            found += [Problem(f"{path}.cdn{suffix}", message, fix, value) for suffix, message, fix, value in cdn_problems(api.cdn, api.waf)]
            found += self._edge_function_problems(f"{path}.cdn", api.cdn, names)
        if api.access_log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
            found.append(_retention_problem(f"{path}.access_log_retention_days", api.access_log_retention_days))
        seen: dict[tuple[str, str], int] = {}
        for i, route in enumerate(api.routes):
            where = format_path([path, "routes", i])
            if route.method not in L.API_GATEWAY_HTTP_METHODS:
                upper = route.method.upper()
                fix = f"write {upper}" if upper in L.API_GATEWAY_HTTP_METHODS else f"use one of {', '.join(L.API_GATEWAY_HTTP_METHODS)}"
                found.append(Problem(f"{where}.method", "is not an HTTP method API Gateway accepts", fix, route.method))
            _, path_problems = parse_route_path(route.path)
            for reason in path_problems:
                found.append(Problem(f"{where}.path", f"is not a valid resource path: {reason}", "write it like /orders/{order_id}", route.path))
            found += self._function_ref(f"{where}.function", route.function, f"route {route.key}")
            key = (route.method, route.path)
            if key in seen:
                found.append(Problem(where, f"duplicates route {format_path([path, 'routes', seen[key]])} ({route.key})", "remove one of them; one method and path has one integration", route.key))
            else:
                seen[key] = i
            if route.scopes and route.authorization != Authorization.COGNITO_USER_POOLS:
                found.append(Problem(f"{where}.scopes", "OAuth scopes are only checked with COGNITO_USER_POOLS authorization", "remove scopes, or set authorization: COGNITO_USER_POOLS", route.scopes))
            if route.throttle is not None:
                found += route.throttle.problems(f"{where}.throttle")
            found += self._request_problems(where, route, api.request_validation, names, region)
        references = sorted({r.body_model for r in api.routes if r.body_model and MODEL_REFERENCE_PATTERN.match(r.body_model)})
        for first, second in model_name_clashes(references):
            found.append(Problem(f"{path}.routes", f"body models {first} and {second} both become the API Gateway model {model_name(first)} (letters and digits only)",
                                 "rename one of the models", second))
        _, conflicts = plan_api_resources(r.path for r in api.routes)
        for first, second in conflicts:
            found.append(Problem(f"{path}.routes", f"{second} and {first} are sibling path parameters; API Gateway allows one variable part per level", "use the same parameter name at that level in both paths", second))
        for fn_name, routes in self.api_routes_by_function().items():
            fn = self.functions.get(fn_name)
            if fn is not None and fn.timeout_s > L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S:
                listed = ", ".join(f"{r.key} ({format_path([path, 'routes', i])})" for i, r in routes)
                found.append(Problem(
                    f"{base}.functions.{fn_name}.timeout_s",
                    f"is above API Gateway's {L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S} s integration timeout, and route {listed} waits for this function",
                    f"set timeout_s to at most {L.API_GATEWAY_MAX_INTEGRATION_TIMEOUT_S}, or hand the slow work to a queue or workflow and return 202",
                    fn.timeout_s,
                ))
        return found

    def _request_problems(self, where: str, route: RouteConfig, validation: bool, names: ServiceNames, region: str) -> list[Problem]:
        """The route's body model (present where a body is validated, defined by the handler's module) and headers."""
        found: list[Problem] = []
        seen: set[str] = set()
        for j, header in enumerate(route.required_headers):
            at = format_path([f"{where}.required_headers", j])
            if not HEADER_NAME_PATTERN.match(header):
                found.append(Problem(at, "is not an HTTP header name", "use letters, digits and - only, e.g. Idempotency-Key", header))
            elif header.lower() in seen:
                found.append(Problem(at, "is listed twice (header names are case-insensitive)", "remove the duplicate", header))
            seen.add(header.lower())
        if route.method not in L.API_GATEWAY_HTTP_METHODS:
            return found  # the method itself is the problem, reported on its own
        if route.body_model is None:
            if validation and takes_body(route.method):
                found.append(Problem(
                    f"{where}.body_model",
                    f"{route.key} takes a request body but names no body_model, so API Gateway would pass malformed bodies to the function",
                    "name the pydantic model its handler validates the body with, e.g. body_model: CreateOrder",
                ))
            return found
        if not takes_body(route.method):
            found.append(Problem(f"{where}.body_model", f"{route.method} requests carry no body API Gateway validates; only POST, PUT and PATCH take a body_model",
                                 "remove body_model, or use POST, PUT or PATCH", route.body_model))
            return found
        if not MODEL_REFERENCE_PATTERN.match(route.body_model):
            found.append(Problem(f"{where}.body_model", "is not a Python class name", "name the model class, e.g. CreateOrder", route.body_model))
            return found
        fn = self.functions.get(route.function)
        if fn is None or not HANDLER_PATTERN.match(fn.handler):
            return found  # the unknown function or bad handler is reported on its own
        lookup = body_model_schema(fn.handler, route.body_model, fn.deployed_environment(names), region)
        if lookup.problem is not None:
            message, fix = lookup.problem
            found.append(Problem(f"{where}.body_model", message, fix, route.body_model))
        return found

    def api_body_schemas(self, names: ServiceNames) -> dict[str, dict[str, Any]]:
        """Body model -> its pydantic JSON Schema, for every route that names one (what the request-validation
        plan is built from; the config check has already imported each model)."""
        schemas: dict[str, dict[str, Any]] = {}
        for route in self.api.routes if self.api else []:
            if route.body_model is None or route.body_model in schemas:
                continue
            fn = self.functions[route.function]
            lookup = body_model_schema(fn.handler, route.body_model, fn.deployed_environment(names), names.region)
            if lookup.schema is None:
                raise ValueError(f"route {route.key}: body model {route.body_model} is unavailable: {lookup.problem}")
            schemas[route.body_model] = lookup.schema
        return schemas

    def _queue_problems(self, base: str) -> list[Problem]:
        found: list[Problem] = []
        for name, queue in self.queues.items():
            where = f"{base}.queues.{name}"
            found += self._function_ref(f"{where}.consumer", queue.consumer, f"queue {name}'s consumer")
            if not L.SQS_MIN_BATCH_SIZE <= queue.batch_size <= L.SQS_MAX_BATCH_SIZE:
                found.append(Problem(f"{where}.batch_size", f"must be {L.SQS_MIN_BATCH_SIZE}-{L.SQS_MAX_BATCH_SIZE:,}", f"use e.g. {DEFAULT_BATCH_SIZE}", queue.batch_size))
            elif queue.batch_size > L.SQS_MAX_BATCH_SIZE_WITHOUT_WINDOW and queue.batching_window_s < 1:
                found.append(Problem(f"{where}.batch_size", f"batches above {L.SQS_MAX_BATCH_SIZE_WITHOUT_WINDOW} need a batching window of at least 1 s", f"set batching_window_s: 1 or more, or batch_size: {L.SQS_MAX_BATCH_SIZE_WITHOUT_WINDOW}", queue.batch_size))
            if not 0 <= queue.batching_window_s <= L.SQS_MAX_BATCHING_WINDOW_S:
                found.append(Problem(f"{where}.batching_window_s", f"must be 0-{L.SQS_MAX_BATCHING_WINDOW_S} s", "use a value in that range", queue.batching_window_s))
            if not L.SQS_MIN_MAX_RECEIVE_COUNT <= queue.max_receive_count <= L.SQS_MAX_MAX_RECEIVE_COUNT:
                found.append(Problem(f"{where}.max_receive_count", f"the DLQ redrive count must be {L.SQS_MIN_MAX_RECEIVE_COUNT}-{L.SQS_MAX_MAX_RECEIVE_COUNT:,}", f"use e.g. {DEFAULT_MAX_RECEIVE_COUNT}", queue.max_receive_count))
            if not L.SQS_MIN_RETENTION_S <= queue.retention_s <= L.SQS_MAX_RETENTION_S:
                found.append(Problem(f"{where}.retention_s", f"must be {L.SQS_MIN_RETENTION_S}-{L.SQS_MAX_RETENTION_S:,} s (14 days)", "use e.g. 345600 (4 days)", queue.retention_s))
            if queue.max_concurrency is not None and not L.SQS_MIN_MAX_CONCURRENCY <= queue.max_concurrency <= L.SQS_MAX_MAX_CONCURRENCY:
                found.append(Problem(f"{where}.max_concurrency", f"must be {L.SQS_MIN_MAX_CONCURRENCY}-{L.SQS_MAX_MAX_CONCURRENCY:,}", "use a value in that range, or remove it", queue.max_concurrency))
            consumer = self.functions.get(queue.consumer)
            if queue.visibility_timeout_s is not None:
                if queue.visibility_timeout_s > L.SQS_MAX_VISIBILITY_TIMEOUT_S:
                    found.append(Problem(f"{where}.visibility_timeout_s", f"must be at most {L.SQS_MAX_VISIBILITY_TIMEOUT_S:,} s (12 hours)", "lower it, or leave it out for the computed default", queue.visibility_timeout_s))
                elif consumer is not None:
                    needed = L.SQS_VISIBILITY_TIMEOUT_FACTOR * consumer.timeout_s
                    if queue.visibility_timeout_s < needed:
                        found.append(Problem(
                            f"{where}.visibility_timeout_s",
                            f"is below {L.SQS_VISIBILITY_TIMEOUT_FACTOR} x the consumer {queue.consumer}'s timeout_s ({consumer.timeout_s} s); messages would reappear while still being processed",
                            f"set it to at least {needed}, or leave it out to get {needed}",
                            queue.visibility_timeout_s,
                        ))
        return found

    def _schedule_problems(self, base: str) -> list[Problem]:
        found: list[Problem] = []
        for name, schedule in self.schedules.items():
            where = f"{base}.schedules.{name}"
            reasons = schedule_problems(schedule.expression)
            if reasons:
                found.append(Problem(f"{where}.expression", "is not a valid EventBridge schedule: " + "; ".join(reasons), "e.g. cron(0 2 * * ? *) for 02:00 UTC daily, or rate(5 minutes)", schedule.expression))
            found += self._function_ref(f"{where}.function", schedule.function, f"schedule {name}'s target")
            if not 0 <= schedule.retry_attempts <= L.EVENTBRIDGE_MAX_RETRY_ATTEMPTS:
                found.append(Problem(f"{where}.retry_attempts", f"must be 0-{L.EVENTBRIDGE_MAX_RETRY_ATTEMPTS}", f"use e.g. {DEFAULT_SCHEDULE_RETRY_ATTEMPTS}", schedule.retry_attempts))
            if not L.EVENTBRIDGE_MIN_EVENT_AGE_S <= schedule.max_event_age_s <= L.EVENTBRIDGE_MAX_EVENT_AGE_S:
                found.append(Problem(f"{where}.max_event_age_s", f"must be {L.EVENTBRIDGE_MIN_EVENT_AGE_S}-{L.EVENTBRIDGE_MAX_EVENT_AGE_S:,} s", f"use e.g. {DEFAULT_SCHEDULE_MAX_EVENT_AGE_S}", schedule.max_event_age_s))
        return found

    def _workflow_problems(self, base: str) -> list[Problem]:
        found: list[Problem] = []
        for name, workflow in self.workflows.items():
            where = f"{base}.workflows.{name}"
            if not BUILDER_PATTERN.match(workflow.definition):
                found.append(Problem(f"{where}.definition", "is not a module:function reference", "write it like services.orders.workflow:build_definition", workflow.definition))
            else:
                reason = _builder_problem(workflow)
                if reason:
                    found.append(Problem(f"{where}.definition", reason, "fix the builder, or list every step it needs under tasks", workflow.definition))
            for step, fn_name in workflow.tasks.items():
                if not 1 <= len(step) <= L.STEP_FUNCTIONS_MAX_STATE_NAME:
                    found.append(Problem(f"{where}.tasks.{step}", f"state names are 1-{L.STEP_FUNCTIONS_MAX_STATE_NAME} characters", "shorten the step name", step))
                found += self._function_ref(f"{where}.tasks.{step}", fn_name, f"workflow {name}'s step {step}")
            if workflow.log_retention_days not in L.CLOUDWATCH_LOG_RETENTION_DAYS:
                found.append(_retention_problem(f"{where}.log_retention_days", workflow.log_retention_days))
        return found

    def _alarm_problems(self, base: str) -> list[Problem]:
        alarms, where = self.alarms, f"{base}.alarms"
        found: list[Problem] = []
        for i, address in enumerate(alarms.email):
            if not EMAIL_PATTERN.match(address):
                found.append(Problem(format_path([where, "email", i]), "is not an email address", "e.g. oncall@example.com", address))
        for key in ("function_errors", "function_throttles", "dlq_messages", "api_5xx"):
            if getattr(alarms, key) < 0:
                found.append(Problem(f"{where}.{key}", "thresholds are counts: 0 or more", "use e.g. 1", getattr(alarms, key)))
        if not (alarms.period_s in L.CLOUDWATCH_ALARM_SHORT_PERIODS_S or (alarms.period_s >= 60 and alarms.period_s % 60 == 0)):
            found.append(Problem(f"{where}.period_s", "CloudWatch alarm periods are 10, 30 or a multiple of 60 seconds", "use e.g. 300", alarms.period_s))
        if alarms.evaluation_periods < 1:
            found.append(Problem(f"{where}.evaluation_periods", "must be at least 1", "use 1", alarms.evaluation_periods))
        return found


# The keys of landfall:services that are settings of the section, not services.
SECTION_SETTINGS = ("account_concurrency_limit", "code_signing", "function_tier", "ecr_enhanced_scanning")


class ServicesConfig(StrictModel):
    """The section: ``account_concurrency_limit`` plus one key per service (``orders: {...}``)."""

    # Every key except account_concurrency_limit is a service; typed extras keep paths as users
    # write them (landfall:services.orders.functions...) and the JSON schema exact.
    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, ServiceConfig] = Field(init=False)

    account_concurrency_limit: int = Field(
        default=L.LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY,
        description="The account's Lambda concurrency quota in this region. Default: 1,000 (the default quota); "
        "raise it only after Service Quotas has.",
    )
    code_signing: CodeSigningConfig = Field(
        default_factory=CodeSigningConfig,
        description="Lambda code signing for every function of the stack: an AWS Signer profile, signed code from an "
        "artifact bucket, and a code signing config. Default: enforce in production, warn elsewhere.",
    )

    function_tier: Optional[str] = Field(
        default=None,
        description="The subnet tier VPC functions (vpc: true) run in: a tier of their own, sized for Lambda's Hyperplane "
        "ENIs, keeps them apart from containers and databases. Default: the VPC's first private tier with egress.",
    )
    ecr_enhanced_scanning: bool = Field(
        default=False,
        description="Turn on Amazon Inspector enhanced scanning for every ECR repository of the account (continuous, "
        "OS and language packages; billed per image). Default: false (basic scan on push, ECR.1).",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_null_services(cls, data: Any) -> Any:
        # `orders:` with nothing under it is None; say "needs functions" rather than "not a dict".
        if isinstance(data, dict):
            return {k: ({} if v is None and k not in SECTION_SETTINGS else v) for k, v in data.items()}
        return data

    @property
    def services(self) -> dict[str, ServiceConfig]:
        return dict(self.__pydantic_extra__ or {})

    def function_refs(self) -> dict[str, FunctionConfig]:
        """``service.function`` -> function, across every service."""
        return {f"{s}.{f}": fn for s, svc in self.services.items() for f, fn in svc.functions.items()}

    def table_refs(self) -> dict[str, TableConfig]:
        """``service.table`` -> table, across every service (what landfall:identity row-level access names)."""
        return {f"{s}.{t}": table for s, svc in self.services.items() for t, table in svc.tables.items()}

    @property
    def committed_concurrency(self) -> int:
        return sum(fn.committed_concurrency for fn in self.function_refs().values())

    @property
    def unreserved_concurrency(self) -> int:
        return self.account_concurrency_limit - self.committed_concurrency

    def problems(self, ctx: Context, *, has_private_subnets: Optional[bool] = None) -> list[Problem]:
        """Every problem of every service, then the account-wide concurrency budget.

        ``has_private_subnets``: whether landfall:network gives functions with ``vpc: true`` private
        subnets to live in; None skips that cross-section check.
        """
        found: list[Problem] = []
        for name, service in self.services.items():
            found += service.problems(name, ctx)
        found += self.code_signing.problems(f"{SECTION}.code_signing")
        if self.account_concurrency_limit < L.MIN_UNRESERVED_CONCURRENCY:
            found.append(Problem(f"{SECTION}.account_concurrency_limit", f"must be at least {L.MIN_UNRESERVED_CONCURRENCY} (Lambda keeps that many unreserved)", f"use your account's quota, by default {L.LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY:,}", self.account_concurrency_limit))
        elif self.unreserved_concurrency < L.MIN_UNRESERVED_CONCURRENCY:
            takers = sorted(((ref, fn.committed_concurrency) for ref, fn in self.function_refs().items() if fn.committed_concurrency), key=lambda t: -t[1])
            listed = ", ".join(f"{ref} {n}" for ref, n in takers)
            found.append(Problem(
                f"{SECTION}.account_concurrency_limit",
                f"functions reserve {self.committed_concurrency:,} of the account's {self.account_concurrency_limit:,} concurrent executions ({listed}), "
                f"leaving {self.unreserved_concurrency:,}; Lambda requires at least {L.MIN_UNRESERVED_CONCURRENCY} unreserved",
                f"lower reserved_concurrency (or provisioned_concurrency of functions without a reservation) by {L.MIN_UNRESERVED_CONCURRENCY - self.unreserved_concurrency:,}, "
                "or raise account_concurrency_limit after a Service Quotas increase",
                self.account_concurrency_limit,
            ))
        if has_private_subnets is False:
            for ref, fn in self.function_refs().items():
                if fn.vpc:
                    service, function = ref.split(".", 1)
                    found.append(Problem(f"{SECTION}.{service}.functions.{function}.vpc", "the stack has no VPC with private_with_egress or isolated subnets for the function", "add such a tier to landfall:network, or set vpc: false", True))
        return found


def authorizer_problems(services: ServicesConfig, identity_scopes: Optional[Collection[str]]) -> list[Problem]:
    """Cross-section check of routes against landfall:identity.

    ``identity_scopes``: IdentityConfig.custom_scopes, or None when the stack has no landfall:identity.
    Routes with COGNITO_USER_POOLS authorization need the user pool; each scope a route requires must
    be one the resource server defines, or no access token could ever carry it.
    """
    found: list[Problem] = []
    for name, service in services.services.items():
        for i, route in enumerate(service.api.routes if service.api else []):
            if route.authorization != Authorization.COGNITO_USER_POOLS:
                continue
            where = format_path([f"{SECTION}.{name}.api", "routes", i])
            if identity_scopes is None:
                found.append(Problem(f"{where}.authorization", "COGNITO_USER_POOLS needs a user pool, but the stack has no landfall:identity section", "add landfall:identity, or use AWS_IAM", route.authorization.value))
                continue
            for j, scope in enumerate(route.scopes):
                if scope not in identity_scopes:
                    known = ", ".join(sorted(identity_scopes)) or "none defined"
                    found.append(Problem(format_path([where, "scopes", j]), "is not a scope landfall:identity's resource server defines", f"use one of {known}, or add it to landfall:identity.resource_server.scopes", scope))
    return found

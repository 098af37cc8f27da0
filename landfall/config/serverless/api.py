"""The REST API of a service: routes, authorization, throttling."""

from __future__ import annotations

import re
from typing import Optional

from pydantic import Field

from landfall.plan.edge import EDGE_MIN_MEMORY_MB, EdgeEvent

from .. import limits as L
from ..base import StrictModel
from ..errors import Problem
from .common import DEFAULT_LOG_RETENTION_DAYS, DEFAULT_STAGE_BURST_LIMIT, DEFAULT_STAGE_NAME, DEFAULT_STAGE_RATE_LIMIT, Authorization, ExecutionLogLevel

# --- API Gateway ------------------------------------------------------------------------------------

# An HTTP header name is an RFC 9110 token.
HEADER_NAME_PATTERN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")


class Throttle(StrictModel):
    rate_limit: float = Field(description="Steady-state requests per second.")
    burst_limit: int = Field(description="Requests allowed in a burst above the rate.")

    def problems(self, path: str) -> list[Problem]:
        found = []
        if not 0 < self.rate_limit <= L.API_GATEWAY_ACCOUNT_RATE_LIMIT:
            found.append(Problem(f"{path}.rate_limit", f"must be above 0 and at most the account quota of {L.API_GATEWAY_ACCOUNT_RATE_LIMIT:,} requests/s", "use a value in that range", self.rate_limit))
        if not 0 < self.burst_limit <= L.API_GATEWAY_ACCOUNT_BURST_LIMIT:
            found.append(Problem(f"{path}.burst_limit", f"must be 1-{L.API_GATEWAY_ACCOUNT_BURST_LIMIT:,} (the account burst quota)", "use a value in that range", self.burst_limit))
        return found


class RouteConfig(StrictModel):
    method: str = Field(description=f"HTTP method: one of {', '.join(L.API_GATEWAY_HTTP_METHODS)}.")
    path: str = Field(description="Resource path starting with /, parameters as {name}, e.g. /orders/{order_id}.")
    function: str = Field(description="Key of the function (in this service) that serves the route.")
    authorization: Authorization = Field(default=Authorization.COGNITO_USER_POOLS, description="Default: COGNITO_USER_POOLS (the landfall:identity user pool).")
    scopes: list[str] = Field(default_factory=list, description="OAuth scopes the access token must carry, e.g. orders/write. Only with COGNITO_USER_POOLS.")
    throttle: Optional[Throttle] = Field(default=None, description="Per-route throttling override. Default: the stage's.")
    body_model: Optional[str] = Field(
        default=None,
        description="Name of the pydantic model the route's handler module validates the JSON body with, e.g. CreateOrder "
        "(defined or imported in the module of the function's handler). API Gateway validates the body against its JSON "
        "Schema (draft-04) before the function runs. Required on POST, PUT and PATCH routes while the API's "
        "request_validation is on; only those methods take one.",
    )
    required_headers: list[str] = Field(
        default_factory=list,
        description="Request headers API Gateway requires before invoking the function, e.g. Idempotency-Key. "
        "Default: none (the path's parameters are always required).",
    )

    @property
    def key(self) -> str:
        """API Gateway's route key, e.g. ``POST /orders``."""
        return f"{self.method} {self.path}"


class EdgeFunctionConfig(StrictModel):
    """A Lambda@Edge function: Python in us-east-1, published as a numbered version and associated with one
    CloudFront event of the distribution's cache behavior. Lambda@Edge takes no environment variables, layers,
    VPC, dead-letter queue, reserved or provisioned concurrency, or arm64: the handler's module must make do
    with the standard library and boto3."""

    handler: str = Field(description="Dotted path of the handler, e.g. services.edge.errors.handler.")
    event: EdgeEvent = Field(description="viewer-request | viewer-response | origin-request | origin-response.")
    description: str = Field(default="", description="Shown in the Lambda console. Default: empty (the key names the function).")
    memory_mb: int = Field(default=EDGE_MIN_MEMORY_MB, description="Default: 128, the most a viewer event allows (origin events: up to 10,240).")
    timeout_s: int = Field(default=5, description="Default: 5, the most a viewer event allows (origin events: up to 30).")
    include_body: bool = Field(default=False, description="Expose the request body to the function (request events only). Default: false.")
    log_retention_days: int = Field(default=DEFAULT_LOG_RETENTION_DAYS, description="Retention of its log groups in us-east-1 and every governed region. Default: 365.")


class CdnConfig(StrictModel):
    """CloudFront in front of the REST API (the regional endpoint), with a WAF web ACL at the edge."""

    certificate_arn: str = Field(description="ACM certificate for the aliases; CloudFront only takes certificates in us-east-1.")
    aliases: list[str] = Field(description="Domain names the distribution answers for (the certificate must cover them).")
    price_class: str = Field(default="PriceClass_100", description="PriceClass_100 | PriceClass_200 | PriceClass_All. Default: PriceClass_100 (North America and Europe edges).")
    rate_limit: int = Field(default=2000, description="Requests per 5 minutes per client IP before the edge ACL blocks, 10-2,000,000,000. Default: 2,000.")
    redirects: dict[str, str] = Field(
        default_factory=dict,
        description="Path -> location, answered 301 at the edge by a CloudFront Function (old paths, moved docs). Default: none.")
    edge_functions: dict[str, EdgeFunctionConfig] = Field(
        default_factory=dict,
        description="Key -> a Lambda@Edge function on one event of the distribution (one function per event). "
        "Its logs stay in us-east-1 and the governed regions. Default: none.")


class ApiConfig(StrictModel):
    routes: list[RouteConfig] = Field(description="The REST API's routes; each one a Lambda proxy integration.")
    stage_name: str = Field(default=DEFAULT_STAGE_NAME, description="Default: v1 (a later v2 stage can run beside it).")
    throttle: Throttle = Field(
        default_factory=lambda: Throttle(rate_limit=DEFAULT_STAGE_RATE_LIMIT, burst_limit=DEFAULT_STAGE_BURST_LIMIT),
        description="Stage throttling. Default: 100 requests/s, burst 200 (well under the account quota, so one API cannot starve the others).",
    )
    waf: Optional[bool] = Field(default=None, description="Attach a WAF web ACL to the stage (APIGateway.4). Default: on in production, off elsewhere (WAF bills per ACL and request).")
    access_log_retention_days: int = Field(default=DEFAULT_LOG_RETENTION_DAYS, description="Default: 365 (a year of evidence).")
    execution_log_level: ExecutionLogLevel = Field(default=ExecutionLogLevel.ERROR, description="Default: ERROR (passes APIGateway.1 without logging every request body).")
    request_validation: bool = Field(
        default=True,
        description="Validate requests at API Gateway: every method gets a request validator (required path parameters "
        "and required_headers), and POST/PUT/PATCH methods their body_model. Default: true (a malformed request is "
        "answered 400 by API Gateway and never reaches, or bills, the function; checkov CKV2_AWS_53). Off fails the "
        "apigateway-request-validation policy.",
    )

    cdn: Optional[CdnConfig] = Field(
        default=None,
        description="Serve the API through CloudFront: TLS 1.2_2021 at the edge, a CLOUDFRONT-scope WAF, access logs, and the "
        "API's own WAF accepting only requests that carry the distribution's secret header. Default: none.",
    )

    def waf_enabled(self, production: bool) -> bool:
        """The API's regional ACL: always when fronted by CloudFront (it checks the origin header)."""
        if self.cdn is not None:
            return True
        return self.waf if self.waf is not None else production

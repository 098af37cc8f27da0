"""Lambda@Edge, origin-response: a server error from the API leaves the edge as a short JSON body with the
request id, never with what the origin said (a stack trace, an integration message, a table name).

Viewers keep the status code; 4xx and 2xx responses pass untouched. Headers that name the origin's internals
(API Gateway's and Lambda's) are dropped from every response.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGES = {500: "internal error", 502: "bad gateway", 503: "service unavailable", 504: "the request timed out"}
INTERNAL_HEADERS = ("x-amz-apigw-id", "x-amzn-remapped-content-length", "x-amzn-trace-id", "x-amzn-errortype")
REQUEST_ID_HEADER = "x-amzn-requestid"


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    response = event["Records"][0]["cf"]["response"]
    headers = response.setdefault("headers", {})
    for name in INTERNAL_HEADERS:
        headers.pop(name, None)
    status = int(response["status"])
    if status < 500:
        return response
    request_id = headers.get(REQUEST_ID_HEADER, [{}])[0].get("value", "")
    response["body"] = json.dumps({"message": MESSAGES.get(status, "internal error"), "request_id": request_id})
    response["bodyEncoding"] = "text"
    headers["content-type"] = [{"key": "Content-Type", "value": "application/json"}]
    headers.pop("content-length", None)  # CloudFront sets it for a replaced body
    return response

"""The origin-response edge function: server errors leave the edge without the origin's words; other
responses pass, minus the headers naming the origin's internals."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from services.edge import errors

EVENT = json.loads((Path(__file__).parents[2] / "events" / "edge" / "origin_response_500.json").read_text())


def event_with(status: str) -> dict:
    event = copy.deepcopy(EVENT)
    event["Records"][0]["cf"]["response"]["status"] = status
    return event


def test_a_server_error_keeps_its_status_and_gets_a_generic_body_with_the_request_id():
    response = errors.handler(copy.deepcopy(EVENT), None)
    assert response["status"] == "502"
    assert json.loads(response["body"]) == {"message": "bad gateway", "request_id": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}
    assert response["bodyEncoding"] == "text" and "content-length" not in response["headers"]
    assert response["headers"]["content-type"] == [{"key": "Content-Type", "value": "application/json"}]


def test_an_unlisted_server_error_says_internal_error():
    assert json.loads(errors.handler(event_with("599"), None)["body"])["message"] == "internal error"


def test_a_client_error_passes_with_its_own_body_and_length():
    response = errors.handler(event_with("404"), None)
    assert "body" not in response and response["headers"]["content-length"][0]["value"] == "131"


def test_headers_naming_the_origins_internals_are_dropped_from_every_response():
    for status in ("200", "502"):
        headers = errors.handler(event_with(status), None)["headers"]
        assert not set(errors.INTERNAL_HEADERS) & set(headers), (status, sorted(headers))
        assert "x-amzn-requestid" in headers

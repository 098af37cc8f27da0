"""The sample container service: its routes as a pure function, then the real server in-process (no docker)."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from landfall.config.serverless.containers import DEFAULT_HEALTH_CHECK_PATH, DEFAULT_PORT, DEFAULT_USER
from services.web import app

DOCKERFILE = Path(__file__).resolve().parents[3] / "services" / "web" / "Dockerfile"


# --- the handler --------------------------------------------------------------------------------------------

def test_health_is_ok():
    response = app.handle("GET", "/health")
    assert (response.status, response.body) == (200, {"status": "ok"})


def test_the_root_names_the_service():
    assert app.handle("GET", "/?x=1", service="shop").body == {"service": "shop", "message": "hello from Fargate"}


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/nope", 404), ("POST", "/health", 405), ("DELETE", "/", 405), ("HEAD", "/health", 200), ("GET", "/health?probe=alb", 200),
])
def test_routes_and_methods(method, path, status):
    assert app.handle(method, path).status == status


def test_a_wrong_method_says_which_are_allowed():
    assert app.handle("PUT", "/").headers == {"Allow": "GET, HEAD"}


# --- the server ---------------------------------------------------------------------------------------------

@pytest.fixture
def server():
    srv = app.make_server(port=0, host="127.0.0.1", service="shop")
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


def fetch(url: str, method: str = "GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_the_server_answers_the_health_check_with_json_and_security_headers(server):
    status, headers, body = fetch(f"{server}{DEFAULT_HEALTH_CHECK_PATH}")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    assert headers["Content-Type"] == "application/json" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Server"] == "web", "no Python version in the Server header"


def test_the_server_returns_404_and_405_as_json(server):
    status, _, body = fetch(f"{server}/missing")
    assert status == 404 and json.loads(body) == {"error": "not found"}
    status, headers, _ = fetch(f"{server}/", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_head_sends_headers_without_a_body(server):
    status, headers, body = fetch(f"{server}/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_requests_are_logged_as_one_json_line_and_health_checks_are_not(server, capsys):
    fetch(f"{server}/")
    fetch(f"{server}/health")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [(r["method"], r["path"], r["status"], r["service"]) for r in lines] == [("GET", "/", 200, "shop")]


def test_the_port_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "0")
    srv = app.make_server(host="127.0.0.1")
    try:
        assert srv.server_address[1] > 0
    finally:
        srv.server_close()


# --- the image agrees with the config defaults ----------------------------------------------------------------

def test_the_dockerfile_builds_for_arm64_runs_as_the_configured_non_root_user_and_checks_health():
    text = DOCKERFILE.read_text()
    assert re.search(r"^FROM --platform=linux/arm64 \S+", text, re.M)
    [user] = re.findall(r"^USER (\S+)$", text, re.M)
    assert user == DEFAULT_USER and not user.startswith(("0", "root"))
    assert re.search(rf"^EXPOSE {DEFAULT_PORT}$", text, re.M) and app.DEFAULT_PORT == DEFAULT_PORT
    [healthcheck] = re.findall(r"^HEALTHCHECK (?:.*\\\n)*.*", text, re.M)
    assert DEFAULT_HEALTH_CHECK_PATH in healthcheck and app.HEALTH_PATH == DEFAULT_HEALTH_CHECK_PATH
    assert "PYTHONDONTWRITEBYTECODE=1" in text  # the root filesystem is read-only

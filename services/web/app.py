"""The sample container service: a stdlib HTTP server behind the ALB.

GET /         a small JSON greeting naming the service
GET /health   200 {"status": "ok"}: the target group's health check (and the image's HEALTHCHECK)

It writes nothing to disk (the task's root filesystem is read-only), runs as a non-root user on a port above
1024, logs one JSON line per request to stdout (the awslogs driver ships it to the task's log group), and stops
cleanly on SIGTERM, which ECS sends before it stops a task.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Mapping, Optional

DEFAULT_PORT = 8080  # the config default (ContainerServiceConfig.port) and the Dockerfile's EXPOSE
HEALTH_PATH = "/health"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


@dataclass(frozen=True)
class Response:
    status: int
    body: dict
    headers: Mapping[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        return json.dumps(self.body, separators=(",", ":")).encode()


def handle(method: str, path: str, service: str = "web") -> Response:
    """The whole application: a pure function of the request line (what the tests call)."""
    route = path.split("?", 1)[0]
    if route not in (HEALTH_PATH, "/"):
        return Response(404, {"error": "not found"})
    if method not in ("GET", "HEAD"):
        return Response(405, {"error": "method not allowed"}, {"Allow": "GET, HEAD"})
    if route == HEALTH_PATH:
        return Response(200, {"status": "ok"})
    return Response(200, {"service": service, "message": "hello from Fargate"})


class Handler(BaseHTTPRequestHandler):
    server_version = "web"
    service = "web"

    def version_string(self) -> str:
        return self.server_version  # no Python or http.server version in the Server header

    def _respond(self, send_body: bool) -> None:
        started = time.monotonic()
        response = handle(self.command, self.path, self.service)
        body = response.encoded()
        self.send_response(response.status)
        for name, value in {**SECURITY_HEADERS, **response.headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)
        if self.path != HEALTH_PATH:  # health checks every 15 s per target would drown the log
            self._log(response.status, started)

    def do_GET(self) -> None:
        self._respond(True)

    def do_HEAD(self) -> None:
        self._respond(False)

    def do_POST(self) -> None:
        self._respond(True)

    do_PUT = do_DELETE = do_PATCH = do_POST

    def _log(self, status: int, started: float) -> None:
        record = {"method": self.command, "path": self.path.split("?", 1)[0], "status": status,
                  "ms": round((time.monotonic() - started) * 1000, 1), "service": self.service}
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()

    def log_message(self, format: str, *args) -> None:
        pass  # one JSON line per request instead (see _log)


def make_server(port: Optional[int] = None, host: str = "0.0.0.0", service: Optional[str] = None) -> ThreadingHTTPServer:
    """A server bound to ``port`` (PORT, else 8080; 0 picks a free port). Not started."""
    handler = type("ServiceHandler", (Handler,), {"service": service or os.environ.get("SERVICE_NAME", "web")})
    chosen = int(os.environ.get("PORT", DEFAULT_PORT)) if port is None else port
    server = ThreadingHTTPServer((host, chosen), handler)
    server.daemon_threads = True
    return server


def main() -> None:
    server = make_server()

    def stop(signum, frame) -> None:  # ECS sends SIGTERM, then SIGKILL after the stop timeout (30 s)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()

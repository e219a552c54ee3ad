"""A real HTTP server on 127.0.0.1, in a thread, serving what each test puts in its routes.

A route is a function of the request (path and headers) returning status, headers and body, or
a :class:`Route` with fixed ones; ``delay`` holds a response back (for timeouts) and ``drip``
sends the body one chunk per interval. Every request is recorded, so a test can assert what
was fetched, how often and with which conditional headers.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between 1 KiB chunks of the body
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes

    def __call__(self, request: Request) -> Route:
        return self


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-request (a capped or timed-out fetch) is no server error."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LoopbackServer:
    """``tls`` (an ``ssl.SSLContext`` for the server side) serves HTTPS instead of HTTP."""

    def __init__(self, tls=None) -> None:
        self.scheme = "https" if tls else "http"
        self.routes: dict[str, Route | Callable[[Request], Route]] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.requests.append(request)
                handler = server.routes.get(self.path)
                route = handler(request) if handler else Route(b"not here", 404, {"Content-Type": "text/plain"})
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    headers = dict(route.headers)
                    if not route.send_length:
                        headers["Connection"] = "close"
                        self.close_connection = True
                    elif route.status != 304:
                        headers.setdefault("Content-Length", str(len(route.body)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if route.drip:
                        for start in range(0, len(route.body), 1024):
                            self.wfile.write(route.body[start : start + 1024])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    elif route.status != 304:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as a capped or timed-out fetch does

            def log_message(self, *args) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def start(self) -> LoopbackServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

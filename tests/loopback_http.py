"""A real HTTP server on 127.0.0.1 for tests that fetch pages (no mocked HTTP).

    with LoopbackServer() as server:
        server.route("/job", html_handler("<html>…</html>"))
        fetch(server.url("/job"))

A route is a function taking the request handler; helpers below cover the usual
answers. Every request is recorded in ``server.requests`` as (path, headers).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[BaseHTTPRequestHandler], None]


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.requests.append((self.path, dict(self.headers)))
        route = self.server.routes.get(self.path.split("?", 1)[0])
        if route is None:
            send(self, 404, b"<html><title>Not found</title></html>")
            return
        route(self)

    def log_message(self, format, *args):  # quiet test output
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.routes: dict[str, Handler] = {}
        self.requests: list[tuple[str, dict]] = []

    def handle_error(self, request, client_address):
        # A client giving up mid-response (timeouts, size limits) is what the tests provoke.
        pass


class LoopbackServer:
    def __init__(self, ssl_context=None):
        self._server = _Server()
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def requests(self) -> list[tuple[str, dict]]:
        return self._server.requests

    def url(self, path: str = "/", host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        """Serve ``handler`` at ``path``; returns the route's full URL."""
        self._server.routes[path] = handler
        return self.url(path)


# --- Answers ----------------------------------------------------------------------------


def send(req: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None) -> None:
    req.send_response(status)
    if content_type:
        req.send_header("Content-Type", content_type)
    req.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        req.send_header(name, value)
    req.end_headers()
    req.wfile.write(body)


def html_handler(body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> Handler:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda req: send(req, status, data, content_type)


def redirect_handler(location: str, status: int = 302) -> Handler:
    return lambda req: send(req, status, b"", headers={"Location": location})


def stream_handler(total_bytes: int, *, content_length: bool = False, chunk: int = 64 * 1024) -> Handler:
    """An HTML page of ``total_bytes`` written in pieces, without Content-Length unless asked."""

    def handle(req):
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        if content_length:
            req.send_header("Content-Length", str(total_bytes))
        req.end_headers()
        req.wfile.write(b"<html><body>")
        sent = 12
        piece = b"x" * chunk
        while sent < total_bytes:
            req.wfile.write(piece)
            sent += len(piece)

    return handle


def slow_handler(delay: float) -> Handler:
    """Waits ``delay`` seconds before answering at all."""

    def handle(req):
        time.sleep(delay)
        send(req, 200, b"<html><title>Late</title></html>")

    return handle


def drip_handler(interval: float, count: int) -> Handler:
    """Answers at once, then sends the body one byte every ``interval`` seconds."""

    def handle(req):
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.end_headers()
        for _ in range(count):
            req.wfile.write(b"x")
            req.wfile.flush()
            time.sleep(interval)

    return handle

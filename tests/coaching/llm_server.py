"""A real OpenAI-compatible Chat Completions server on 127.0.0.1 for provider tests.

    with LLMServer() as server:
        server.plan(refuse_json_mode(), json_answer({"title": "Hi"}))
        provider = OpenAICompatibleProvider(ProviderConfig(name="openai", base_url=server.url, model="test-model"))
        provider.complete_structured(messages=[...], schema=Schema)
        server.requests[0]["response_format"]  # what the SDK sent

Each request to ``POST /v1/chat/completions`` takes the next planned behaviour from the
queue (``server.default`` once it is empty) and answers like the real servers do: a JSON
completion, or Server-Sent Events (``data: {chunk}`` … ``data: [DONE]``) when the body says
``"stream": true`` — with a final usage chunk if ``stream_options.include_usage`` is set.
``GET /v1/models`` lists the model. Every chat request body is recorded in ``server.requests``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "test-model"


@dataclass
class Behaviour:
    """What the server does with one chat request."""

    kind: str  # "answer" | "error" | "sleep" | "block"
    chunks: list[str] = field(default_factory=list)  # the answer's text, in the pieces streamed
    model: str = MODEL
    usage: dict = field(default_factory=lambda: {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18})
    status: int = 200
    body: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    seconds: float = 0.0
    event: threading.Event | None = None
    then: Behaviour | None = None  # for sleep/block: what to answer afterwards
    stall: float = 0.0  # streamed answers: seconds of silence after the pieces, before the end


def text(answer: str | list[str], *, model: str = MODEL, usage: dict | None = None) -> Behaviour:
    """A text answer. A list gives the exact pieces streamed (joined for a non-streamed call);
    a string is streamed word by word."""
    if isinstance(answer, str):
        words = answer.split(" ")
        chunks = [word if i == 0 else f" {word}" for i, word in enumerate(words)]
    else:
        chunks = list(answer)
    behaviour = Behaviour(kind="answer", chunks=chunks, model=model)
    if usage is not None:
        behaviour.usage = usage
    return behaviour


def stalled_stream(answer: str | list[str], seconds: float) -> Behaviour:
    """A streamed answer that stops mid-way for ``seconds`` (the read timeout fires mid-stream)."""
    behaviour = text(answer)
    behaviour.stall = seconds
    return behaviour


def json_answer(data, *, model: str = MODEL, usage: dict | None = None) -> Behaviour:
    return text([json.dumps(data)], model=model, usage=usage)


def error(status: int, message: str, *, headers: dict | None = None, type_: str = "invalid_request_error") -> Behaviour:
    return Behaviour(
        kind="error", status=status, headers=headers or {},
        body={"error": {"message": message, "type": type_, "param": None, "code": None}},
    )


def refuse_json_mode() -> Behaviour:
    """LM Studio's answer to ``response_format={"type": "json_object"}``."""
    return error(400, "'response_format.type' must be 'json_schema' or 'text': response_format type json_object is not supported")


def rate_limited() -> Behaviour:
    return error(429, "Rate limit reached. Please try again.", headers={"Retry-After": "0"}, type_="rate_limit_error")


def server_error() -> Behaviour:
    return error(500, "The server had an error while processing your request.", type_="server_error")


def sleep(seconds: float, then: Behaviour | None = None) -> Behaviour:
    """Say nothing for ``seconds`` (to trigger the client's timeout), then answer."""
    return Behaviour(kind="sleep", seconds=seconds, then=then or text("Too late."))


def block(event: threading.Event, then: Behaviour | None = None, *, limit: float = 120.0) -> Behaviour:
    """Hold the request until ``event`` is set (at most ``limit`` seconds), then answer."""
    return Behaviour(kind="block", event=event, seconds=limit, then=then or text("Thanks for waiting."))


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet test output
        pass

    def _send_json(self, status: int, payload: dict, headers: dict | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.rstrip("/").endswith("/v1/models"):
            self.server.model_requests += 1
            self._send_json(200, {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "test"}]})
        else:
            self._send_json(404, {"error": {"message": f"Unknown path {self.path}", "type": "not_found"}})

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not self.path.rstrip("/").endswith("/v1/chat/completions"):
            self._send_json(404, {"error": {"message": f"Unknown path {self.path}", "type": "not_found"}})
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._send_json(400, {"error": {"message": "Body is not JSON", "type": "invalid_request_error"}})
            return
        with self.server.lock:
            self.server.requests.append(body)
            self.server.headers.append(dict(self.headers))
            behaviour = self.server.queue.popleft() if self.server.queue else self.server.default
        self.server.received.set()
        self._behave(behaviour, body)

    def _behave(self, behaviour: Behaviour, body: dict) -> None:
        if behaviour.kind == "sleep":
            time.sleep(behaviour.seconds)
            behaviour = behaviour.then
        elif behaviour.kind == "block":
            behaviour.event.wait(behaviour.seconds)
            behaviour = behaviour.then
        if behaviour.kind == "error":
            self._send_json(behaviour.status, behaviour.body, behaviour.headers)
        elif body.get("stream"):
            self._stream(behaviour, body)
        else:
            self._complete(behaviour)

    def _complete(self, behaviour: Behaviour) -> None:
        self._send_json(200, {
            "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": behaviour.model,
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": "".join(behaviour.chunks)}}],
            "usage": behaviour.usage,
        })

    def _stream(self, behaviour: Behaviour, body: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        base = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": behaviour.model}

        def event(payload) -> None:
            data = payload if isinstance(payload, str) else json.dumps(payload)
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
        for piece in behaviour.chunks:
            event({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
        if behaviour.stall:
            time.sleep(behaviour.stall)
        event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        if (body.get("stream_options") or {}).get("include_usage"):
            event({**base, "choices": [], "usage": behaviour.usage})
        event("[DONE]")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.queue: deque[Behaviour] = deque()
        self.default: Behaviour = text("ready")
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.model_requests = 0
        self.received = threading.Event()

    def handle_error(self, request, client_address):
        # A client giving up (timeouts) mid-request is what the tests provoke.
        pass


class LLMServer:
    def __init__(self):
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._events: list[threading.Event] = []

    def __enter__(self) -> LLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        # Unblock any request still waiting so its thread ends.
        for behaviour in [*self._server.queue]:
            if behaviour.event is not None:
                behaviour.event.set()
        for event in self._events:
            event.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The base URL a client is configured with (``AI_BASE_URL``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def requests(self) -> list[dict]:
        """Every chat completion request body received, in order."""
        return self._server.requests

    @property
    def request_headers(self) -> list[dict]:
        return self._server.headers

    @property
    def received(self) -> threading.Event:
        """Set once the first chat request arrived."""
        return self._server.received

    @property
    def remaining(self) -> int:
        return len(self._server.queue)

    def plan(self, *behaviours: Behaviour) -> None:
        """Queue what the next requests get, in order."""
        with self._server.lock:
            for behaviour in behaviours:
                if behaviour.event is not None:
                    self._events.append(behaviour.event)
                self._server.queue.append(behaviour)

    def set_default(self, behaviour: Behaviour) -> None:
        self._server.default = behaviour


def wait_for(predicate: Callable[[], bool], *, timeout: float = 60.0, interval: float = 0.2) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` passes; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)

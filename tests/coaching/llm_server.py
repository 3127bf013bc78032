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

``auto()`` is a behaviour that looks at the request instead of a canned answer (the
"schema-aware responder"): when the system message carries the JSON schema the provider
appends for structured output (coaching/ai/providers.py complete_structured), it answers
with a plausible instance that validates against that schema (required fields, enums,
integer ranges, string lengths, minItems/maxItems, nested objects through ``$ref``, and
the counts the prompt asks for, e.g. "exactly 5 interview questions"); otherwise a short
markdown text that quotes the user's facts it was sent (a cover letter, a story with a
``# heading``, a short chat title, or a chat answer). ``server.set_default(auto())`` makes
every unplanned request use it; scripts/fake_llm_server.py runs it as a program.
"""

from __future__ import annotations

import json
import re
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

    kind: str  # "answer" | "error" | "sleep" | "block" | "auto"
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
    delay: float = 0.0  # streamed answers: seconds between two pieces (visible streaming by hand)
    responder: Callable[..., Behaviour] | None = None  # "auto": (body, delay=) -> the answer; respond() if None


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


def invalid_json(answer: str = "Sure! Here are your results: questions one, two and three.") -> Behaviour:
    """What a small model answers when it ignores the format instructions."""
    return text(answer)


def auto(*, delay: float = 0.0, responder: Callable[..., Behaviour] | None = None) -> Behaviour:
    """Answer each request from what it asks: a schema instance or a short markdown text
    (see the module docstring). ``delay`` paces the streamed pieces; ``responder`` (body,
    delay=) -> Behaviour replaces ``respond`` (e.g. to wrap it)."""
    return Behaviour(kind="auto", delay=delay, responder=responder)


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
            self._send_json(200, {"object": "list", "data": [
                {"id": self.server.model, "object": "model", "created": 0, "owned_by": "test"}]})
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
        if behaviour.kind == "auto":
            behaviour = (behaviour.responder or respond)(body, delay=behaviour.delay)
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
            if behaviour.delay:
                time.sleep(behaviour.delay)
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

    def __init__(self, host: str = "127.0.0.1", port: int = 0, model: str = MODEL):
        super().__init__((host, port), _Handler)
        self.model = model
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
    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, model: str = MODEL):
        self._server = _Server(host, port, model)
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
        return f"http://{self._server.server_address[0]}:{self.port}/v1"

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

    @property
    def default(self) -> Behaviour:
        """What a request gets once the planned queue is empty (assignable)."""
        return self._server.default

    @default.setter
    def default(self, behaviour: Behaviour) -> None:
        self.set_default(behaviour)

    def serve_forever(self) -> None:
        """Run in the foreground until interrupted (scripts/fake_llm_server.py)."""
        self._server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        self._server.server_close()


def wait_for(predicate: Callable[[], bool], *, timeout: float = 60.0, interval: float = 0.2) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` passes; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


# --- The schema-aware responder (``auto()``) ----------------------------------------------------

SCHEMA_MARKER = "must validate against this JSON schema:"
DEFAULT_SKILLS = ["communication", "problem solving", "teamwork"]


def respond(body: dict, *, delay: float = 0.0) -> Behaviour:
    """The answer ``auto()`` gives to one chat request body."""
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    prompt = "\n".join(_content(m) for m in messages)
    schema = request_schema(body)
    if schema is not None:
        answer = json.dumps(schema_instance(schema, prompt=prompt), ensure_ascii=False)
    else:
        answer = _text_answer(messages, prompt, body.get("max_tokens"))
    behaviour = text(answer, model=str(body.get("model") or MODEL), usage={
        "prompt_tokens": max(1, len(prompt) // 4), "completion_tokens": max(1, len(answer) // 4),
        "total_tokens": max(1, len(prompt) // 4) + max(1, len(answer) // 4),
    })
    behaviour.delay = delay
    return behaviour


def _content(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content or "")


def request_schema(body: dict) -> dict | None:
    """The JSON schema the provider's format instructions carry, if any."""
    for message in body.get("messages") or []:
        if not isinstance(message, dict) or message.get("role") != "system":
            continue
        content = _content(message)
        at = content.find(SCHEMA_MARKER)
        if at == -1:
            continue
        start = content.find("{", at)
        try:
            schema, _ = json.JSONDecoder().raw_decode(content, start)
        except ValueError:
            return None
        return schema if isinstance(schema, dict) else None
    return None


def _after(prompt: str, label: str) -> str:
    """The rest of the line after ``label`` (a regular expression when it has a backslash)."""
    pattern = label if "\\" in label else re.escape(label)
    match = re.search(rf"^\s*{pattern}\s*(.+)$", prompt, re.MULTILINE)
    return match.group(1).strip() if match else ""


def prompt_skills(prompt: str) -> list[str]:
    """Skills named in the prompt's facts (profile skills, else an insight's top skills,
    else a quiz's subject)."""
    line = (_after(prompt, "Skills:") or re.sub(r"\s+\d+%", "", _after(prompt, "Top skills (share of sampled postings):"))
            or _after(prompt, r"Write \d+ questions on:").rstrip("."))
    skills = [s.strip() for s in line.split(",") if s.strip()]
    return skills or DEFAULT_SKILLS


class _Context:
    def __init__(self, prompt: str):
        self.prompt = prompt
        self.skills = prompt_skills(prompt)
        self.answers = [int(n) for n in re.findall(r"^Answer (\d+)\s*$", prompt, re.MULTILINE)] or [1]

    def skill(self, index: int) -> str:
        return self.skills[index % len(self.skills)]

    def wanted(self, name: str) -> int | None:
        """A count the prompt asks for, e.g. "Write exactly 5 interview questions"."""
        if not name:
            return None
        match = re.search(rf"\b(?:exactly\s+)?(\d{{1,2}})\s+(?:[a-z_-]+\s+){{0,2}}?{re.escape(name)}\b",
                          self.prompt, re.IGNORECASE)
        return int(match.group(1)) if match else None


def schema_instance(schema: dict, *, prompt: str = "") -> object:
    """A plausible value that validates against ``schema`` (pydantic's JSON schema)."""
    return _value(schema, schema, _Context(prompt), name="", index=0)


def _resolve(node: dict, root: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        target = root
        for part in ref.lstrip("#/").split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    if isinstance(node, dict) and node.get("allOf"):
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in node["allOf"]:
            merged = {**_resolve(part, root), **merged}
        node = merged
    return node


def _value(node: dict, root: dict, ctx: _Context, *, name: str, index: int) -> object:
    node = _resolve(node, root)
    if "const" in node:
        return node["const"]
    if node.get("enum"):
        return node["enum"][index % len(node["enum"])]
    for key in ("anyOf", "oneOf"):
        if node.get(key):
            options = [_resolve(o, root) for o in node[key]]
            usable = [o for o in options if o.get("type") != "null"] or options
            return _value(usable[0], root, ctx, name=name, index=index)
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in node else "array" if "items" in node else "string"
    if kind == "object":
        properties = node.get("properties") or {}
        return {key: _value(sub, root, ctx, name=key, index=index) for key, sub in properties.items()}
    if kind == "array":
        return _array(node, root, ctx, name=name)
    if kind == "integer":
        return _number(node, ctx, name=name, index=index, integer=True)
    if kind == "number":
        return _number(node, ctx, name=name, index=index, integer=False)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string(node, ctx, name=name, index=index)


def _array(node: dict, root: dict, ctx: _Context, *, name: str) -> list:
    low = int(node.get("minItems") or 0)
    high = node.get("maxItems")
    item = _resolve(node.get("items") or {}, root)
    count = ctx.wanted(name)
    if count is None and "answer" in (item.get("properties") or {}) and name == "answers":
        count = len(ctx.answers)
    if count is None:
        count = 4 if name == "options" else 3
    count = max(low, count if high is None else min(int(high), count))
    return [_value(item, root, ctx, name=_singular(name), index=i) for i in range(count)]


def _singular(name: str) -> str:
    return {"options": "option", "trends": "trend", "items": "item", "questions": "question"}.get(name, name)


def _number(node: dict, ctx: _Context, *, name: str, index: int, integer: bool):
    low = node.get("minimum", node.get("exclusiveMinimum", node.get("ge")))
    high = node.get("maximum", node.get("exclusiveMaximum", node.get("le")))
    if "exclusiveMinimum" in node and low is not None:
        low = low + 1 if integer else low + 0.01
    if "exclusiveMaximum" in node and high is not None:
        high = high - 1 if integer else high - 0.01
    if name == "answer" and low is None and high is None:
        value = ctx.answers[index % len(ctx.answers)]
    elif low is not None and high is not None:
        span = high - low
        value = low + index % (int(span) + 1) if span <= 10 else low + round(span * 0.6) + (index * 7 + len(name) * 3) % 20
        value = min(high, value)
    elif low is not None:
        value = low + 1 + index
    elif high is not None:
        value = high - 1 - index
    else:
        value = 1 + index
    return int(value) if integer else float(value)


def _string(node: dict, ctx: _Context, *, name: str, index: int) -> str:
    fmt = node.get("format")
    if fmt == "date":
        return time.strftime("%Y-%m-%d")
    if fmt == "date-time":
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    if fmt in ("uri", "url"):
        return "https://example.com/"
    if fmt == "email":
        return "someone@example.com"
    skill = ctx.skill(index)
    texts = {
        "question": [f"Tell me about a time you used {skill} to solve a real problem. What was the result?",
                     f"How would you explain {skill} to a new teammate?",
                     f"What is a common mistake people make with {skill}, and how do you avoid it?",
                     f"Which result achieved with {skill} are you proudest of, and how did you measure it?",
                     f"How do you keep your {skill} knowledge current?"][index % 5],
        "focus": f"{skill} in practice",
        "explanation": f"Option {'ABCD'[index % 4]} is the standard definition; the others describe related ideas.",
        "topic": ["fundamentals", "tooling", "design", "testing", "performance"][index % 5],
        "option": f"Option {'ABCDEFGH'[index % 8]}: {['the standard approach', 'a common misconception', 'a related tool', 'none of these'][index % 4]}",
        "text": f"Answer {ctx.answers[index % len(ctx.answers)]}: clear structure with a concrete example ({skill}).",
        "notes": "Clear structure; add one measurable result.",
        "outlook": "Demand looks steady in the postings counted; this outlook rests only on the numbers given.",
        "trend": f"{skill} appears in many of the sampled postings.",
        "item": [f"Practise {skill} on a small project this week and note the result.",
                 "Tailor your resume to one job in your Interested column.",
                 "Ask a mentor to review your latest cover letter.",
                 "Book a mock interview for the role you want most.",
                 "Follow up on applications that have gone quiet.",
                 "Update your profile headline with your strongest skill."][index % 6],
        "title": f"Next steps with {skill}",
        "summary": f"A short summary built around {skill}.",
    }
    value = texts.get(name) or f"{(node.get('title') or name or 'value').strip()} {index + 1}"
    low, high = int(node.get("minLength") or 0), node.get("maxLength")
    while len(value) < low:
        value += " More detail."
    if high is not None:
        value = value[: int(high)].rstrip() or value[: int(high)]
    return value


def _text_answer(messages: list[dict], prompt: str, max_tokens) -> str:
    system = " ".join(_content(m) for m in messages if m.get("role") == "system").lower()
    users = [_content(m) for m in messages if m.get("role") == "user"]
    last = users[-1].strip() if users else ""
    skills = prompt_skills(prompt)
    if "reply with the single word" in last.lower():
        return "ready"
    if "write a title" in system or (max_tokens is not None and int(max_tokens) <= 24):
        return f"Next steps with {skills[0]}"
    if "cover letter" in system:
        company = _after(prompt, "Company:") or "your company"
        role = _after(prompt, "Role:") or "the role"
        name = _after(prompt, "Sign the letter as:") or _after(prompt, "Name:") or "The applicant"
        return (
            f"Dear {company} hiring team,\n\nI am writing to apply for the {role} position at {company}. "
            f"In my work I have relied on {', '.join(skills[:3])}, and I would bring the same care to your team.\n\n"
            f"What draws me to {company} is the chance to put {skills[0]} to work on problems that matter to "
            "your customers.\n\nI am available to talk at your convenience and look forward to hearing from you."
            f"\n\nKind regards,\n{name}"
        )
    if "growth story" in system:
        period = _after(prompt, "Period:").split(" (")[0] or "this period"
        return (
            f"# A steady step forward\n\n## What happened\n{period} you kept your search moving.\n\n"
            f"## Wins\n- You kept practising {skills[0]}.\n\n## Carry into next week\n- Pick one small next step."
        )
    asked = " ".join(last.split())[:160]
    return (
        f"**Fake model answer.** You asked: “{asked}”.\n\n"
        f"- Build on your skills: {', '.join(skills[:3])}.\n"
        "- Pick one tracked job and tailor your resume to it.\n"
        "- Book a mock interview to practise your answers."
    )

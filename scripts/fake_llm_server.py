"""A fake OpenAI-compatible server for trying the AI coach by hand, no model or key needed.

    python scripts/fake_llm_server.py --port 8765
    # prints: Fake LLM server at http://127.0.0.1:8765/v1 (model "fake")

then, in another terminal:

    AI_PROVIDER=openai AI_BASE_URL=http://127.0.0.1:8765/v1 AI_MODEL=fake make run

Every AI feature then goes through the real ``openai`` provider (coaching/ai/providers.py):
streaming, JSON mode, schema validation, usage recording. The server speaks the Chat
Completions protocol (``POST /v1/chat/completions``, streamed or not, and ``GET /v1/models``)
and answers each request from what it asks (tests/coaching/llm_server.py ``auto()``):

* a structured request (the provider appends the pydantic JSON schema to the system
  message) gets a plausible JSON object that validates against that schema — quiz
  questions, interview questions and scores, goal recommendations, insight narrative;
* a text request gets a short markdown answer (chat, cover letter, growth story, chat
  title) that quotes the skills it was sent, so you can see the prompt held your facts.

Options: ``--host`` (default 127.0.0.1), ``--port`` (default 8765; 0 picks a free one),
``--model`` (the name ``/v1/models`` lists; answers echo the requested model),
``--delay`` (seconds between streamed words, default 0.05, so streaming is visible),
``--fail-json N`` (answer the next N structured requests with prose, to see the
"wrong format" failure and "Try again"), ``--quiet`` (no request log).
Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.coaching.llm_server import LLMServer, auto, invalid_json, request_schema, respond  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible Chat Completions server for CareerCoach.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--model", default="fake")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds between streamed words")
    parser.add_argument("--fail-json", type=int, default=0, metavar="N",
                        help="answer the next N structured requests with invalid JSON")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    server = LLMServer(host=args.host, port=args.port, model=args.model)
    failures = {"left": max(0, args.fail_json)}
    lock = threading.Lock()

    def answer(body: dict, *, delay: float = 0.0):
        structured = request_schema(body) is not None
        with lock:
            fail = structured and failures["left"] > 0
            failures["left"] -= 1 if fail else 0
            for kept in (server.requests, server.request_headers):  # a long-running server keeps the last 100
                del kept[:-100]
        if not args.quiet:
            what = "structured" if structured else "text"
            how = "streamed" if body.get("stream") else "whole"
            print(f"[fake-llm] {what} request ({how}, {len(body.get('messages') or [])} messages)"
                  + (" -> invalid JSON on purpose" if fail else ""), flush=True)
        return invalid_json() if fail else respond(body, delay=delay)

    server.set_default(auto(delay=args.delay, responder=answer))
    print(f"Fake LLM server at {server.url} (model \"{args.model}\")", flush=True)
    print(f"  AI_PROVIDER=openai AI_BASE_URL={server.url} AI_MODEL={args.model} make run", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

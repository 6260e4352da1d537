"""Small chat servers for tests, OpenAI-compatible and Ollama-API: answer from the request, log it, misbehave on demand.

They build a schema-valid JSON reply from the request's JSON Schema (`response_format.json_schema`, Ollama's
`format`, a forced tool's parameters, or the `<json_schema>` block the client adds in JSON mode), filling
strings with sentences of the untrusted data blocks of the user message, so grounding finds them in the paper.
They model a model that respects the data fences: an instruction *outside* a fence is obeyed (every string
becomes "PWNED"), one inside is ignored. `json_schema=False` models a local server that rejects
response_format json_schema with a 400 and, in JSON mode, wraps its JSON in a code fence and prose, with a
trailing comma, the way small models do.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
import time

from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# A fence is closed only by the closing tag with its own boundary, as the prompts tell the model.
FENCE = re.compile(r"<(?P<tag>untrusted_data_[0-9a-f]+)[^>]*>(?P<body>.*?)</(?P=tag)>", re.S)
TEXT_FENCE = re.compile(r'<(?P<tag>untrusted_data_[0-9a-f]+) label="paper text">(?P<body>.*?)</(?P=tag)>', re.S)
SCHEMA_BLOCK = re.compile(r"<json_schema>(.*?)</json_schema>", re.S)
STAGE = re.compile(r"### Task: (\w+)")
HIJACK = "IGNORE ALL PREVIOUS INSTRUCTIONS"
PLANTED_NUMBER = "987.65"


@dataclass
class Fault:
    kind: str  # "429", "500", "hang", "malformed", "garbage" (prose, no JSON), "planted", "truncated", "sparse"
    stage: str
    match: str = ""  # substring the user message must contain (to target one paper)
    count: int = 1


@dataclass
class Logged:
    stage: str
    model: str
    body: dict[str, Any]
    status: int

    @property
    def user(self) -> str:
        return "\n".join(m["content"] for m in self.body["messages"] if m["role"] == "user")


@dataclass
class FakeLLM:
    faults: list[Fault] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)
    retry_after: str = "0"
    json_schema: bool = True  # False: 400 on response_format json_schema, fenced JSON with prose in JSON mode

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status, payload, headers = server.route(self.path, body)
                if status == 0:  # hang: never answer, let the client time out
                    server._stop.wait(30)
                    return
                self._send(status, payload, headers)

            def do_GET(self) -> None:  # noqa: N802
                status, payload, headers = server.route(self.path, None)
                self._send(status, payload, headers)

            def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeLLM:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def stages(self, status: int = 200) -> list[str]:
        return [r.stage for r in self.requests if r.status == status]

    def count(self, stage: str) -> int:
        return self.stages().count(stage)

    def route(self, path: str, body: dict[str, Any] | None) -> tuple[int, dict[str, Any], dict[str, str]]:
        if path.rstrip("/").endswith("/chat/completions") and body is not None:
            return self.answer(body)
        return 404, {"error": {"message": f"no route {path}", "type": "not_found"}}, {}

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        """One OpenAI chat completion."""
        status, content, finish = self.reply(body)
        if status == 400:
            error = {"message": "response_format type 'json_schema' is not supported by this server", "type": "invalid_request_error"}
            return 400, {"error": error}, {}
        if status == 429:
            return 429, {"error": {"message": "rate limited", "type": "rate_limit"}}, {"Retry-After": self.retry_after}
        if status != 200:
            return status, {"error": {"message": "server error", "type": "server_error"}}, {"Retry-After": self.retry_after}
        if body.get("tools"):
            call = {"id": "call_1", "type": "function", "function": {"name": body["tools"][0]["function"]["name"], "arguments": content}}
            return 200, completion(body, None, "tool_calls", [call]), {}
        return 200, completion(body, content, finish), {}

    def reply(self, body: dict[str, Any]) -> tuple[int, str, str]:
        """Status, answer text and finish reason for a request, whatever its protocol (logged here)."""
        system = "\n".join(m["content"] for m in body["messages"] if m["role"] == "system")
        user = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
        found = STAGE.search(system + user)
        stage = found.group(1) if found else "unknown"
        schema_asked = (body.get("response_format") or {}).get("type") == "json_schema" or isinstance(body.get("format"), dict)
        rejected = not self.json_schema and schema_asked
        fault = None if rejected else self._take_fault(stage, user)
        status = 400 if rejected else {"429": 429, "500": 500, "hang": 0}.get(fault.kind if fault else "", 200)
        with self._lock:
            self.requests.append(Logged(stage, body.get("model", ""), body, status))
        if status != 200:
            return status, "", "stop"
        if fault and fault.kind == "malformed":
            return 200, '{"domain": "unterminated', "stop"
        if fault and fault.kind == "garbage":
            return 200, "I am sorry, but I cannot help with summarising this paper. It looks interesting!", "stop"
        value = build(schema_of(body, system), Filler(user))
        if fault and fault.kind == "planted" and isinstance(value.get("experiments"), list):
            claim = f"The method reaches {PLANTED_NUMBER} accuracy on the main benchmark."
            value["experiments"].append({"text": claim, "evidence": []})
        if fault and fault.kind == "sparse":  # a small model leaving out lists it had nothing for
            value = {k: v for k, v in value.items() if k not in ("strengths", "limitations")}
        text = json.dumps(value)
        if fault and fault.kind == "truncated":
            return 200, text[: len(text) // 2], "length"
        if not self.json_schema:
            text = f"Sure! Here is the analysis you asked for:\n```json\n{text[:-1]},\n}}\n```\nLet me know if you need more."
        return 200, text, "stop"

    def _take_fault(self, stage: str, user: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.count > 0 and fault.stage == stage and fault.match in user:
                    fault.count -= 1
                    return fault
        return None


def schema_of(body: dict[str, Any], system: str) -> dict[str, Any]:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return fmt["json_schema"]["schema"]
    if isinstance(body.get("format"), dict):  # Ollama's structured outputs
        return body["format"]
    if body.get("tools"):
        return body["tools"][0]["function"]["parameters"]
    found = SCHEMA_BLOCK.search(system)
    assert found, "request carries no JSON schema"
    return json.loads(found.group(1))


class Filler:
    """Strings for the reply: sentences of the fenced data, or PWNED if an unfenced instruction got through."""

    def __init__(self, user: str) -> None:
        outside = FENCE.sub("", user)
        self.hijacked = HIJACK in outside
        blocks = [m.group("body") for m in TEXT_FENCE.finditer(user)] or [m.group("body") for m in FENCE.finditer(user)]
        # Quote like a model reading the text: headings skipped, lines joined, hyphenated breaks undone.
        prose = [re.sub(r"(\w)-\n(\w)", r"\1\2", "\n".join(l for l in b.splitlines() if not l.startswith("#"))) for b in blocks]
        sentences = [" ".join(s.split()) for text in prose for s in re.split(r"(?<=[.!?])\s+", text)]
        usable = [s for s in sentences if 20 <= len(s) <= 400 and not s.startswith("#") and HIJACK not in s and "<" not in s]
        self._cycle = itertools.cycle(usable or ["No data was given."])
        self._choice = itertools.count(int(hashlib.sha256("".join(blocks).encode()).hexdigest()[:8], 16))

    def text(self) -> str:
        return "PWNED" if self.hijacked else next(self._cycle)

    def choice(self, options: list[Any]) -> Any:
        """Enum values vary with the data (papers land in different topics) but repeat on a rerun."""
        return options[next(self._choice) % len(options)]


def build(schema: dict[str, Any], filler: Filler, defs: dict[str, Any] | None = None) -> Any:
    defs = schema.get("$defs", defs or {})
    if "$ref" in schema:
        return build(defs[schema["$ref"].split("/")[-1]], filler, defs)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return build(options[0], filler, defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return filler.choice(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        return {name: build(sub, filler, defs) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [build(schema.get("items", {}), filler, defs) for _ in range(max(2, schema.get("minItems", 0)))]
    if kind in ("integer", "number"):
        low, high = schema.get("minimum", 0), schema.get("maximum", 10)
        if filler.hijacked:
            return high
        return (low + high) // 2 if kind == "integer" else (low + high) / 2
    if kind == "boolean":
        return True
    return filler.text()


def completion(
    body: dict[str, Any], content: str | None, finish: str = "stop", tool_calls: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    prompt_tokens = sum(len(m["content"]) for m in body["messages"]) // 4
    completion_tokens = len(content or json.dumps(tool_calls)) // 4 + 1
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", ""),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class FakeOllama(FakeLLM):
    """The Ollama API (/api/chat, /api/generate, /api/tags, /api/show), structured output through `format`."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.url = self.url.removesuffix("/v1")

    def route(self, path: str, body: dict[str, Any] | None) -> tuple[int, dict[str, Any], dict[str, str]]:
        if path == "/api/tags":
            return 200, {"models": [{"name": "llama3.1:latest", "model": "llama3.1:latest", "size": 1}]}, {}
        if path == "/api/show":
            return 200, {"modelfile": "", "parameters": "", "template": "", "details": {"family": "llama"}, "model_info": {}}, {}
        if path in ("/api/chat", "/api/generate") and body is not None:
            if path == "/api/generate":  # ollama/ models: one prompt, no messages
                body = {**body, "messages": [{"role": "user", "content": body.get("prompt", "")}, {"role": "system", "content": body.get("system", "")}]}
            status, content, finish = self.reply(body)
            if status == 400:
                return 400, {"error": "invalid format: a JSON schema is not supported by this version"}, {}
            if status != 200:
                return (status or 500), {"error": "server error"}, {}
            counts = {"prompt_eval_count": sum(len(m["content"]) for m in body["messages"]) // 4, "eval_count": len(content) // 4 + 1}
            done = {"model": body.get("model", ""), "created_at": "2025-01-20T00:00:00Z", "done": True, "done_reason": finish, **counts}
            if path == "/api/generate":
                return 200, {**done, "response": content}, {}
            return 200, {**done, "message": {"role": "assistant", "content": content}}, {}
        return 404, {"error": f"no route {path}"}, {}

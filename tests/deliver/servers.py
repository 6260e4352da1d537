"""Real servers on 127.0.0.1 for the delivery tests: an SMTP server (aiosmtpd) that keeps what it receives, and an
HTTP server that checks each chat payload against the shape its service documents (Feishu's signature too)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPSink:
    """aiosmtpd on a free port; `messages` holds every message received, parsed with the email package."""

    def __init__(self, user: str = "digest", password: str | None = None) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.user, self.password = user, password

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (self.user.encode(), (self.password or "").encode())
        return AuthResult(success=ok)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler protocol
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def __enter__(self) -> SMTPSink:
        from aiosmtpd.controller import Controller

        # Login over plain SMTP on loopback only, as the test's server allows; a real server would want TLS.
        self.port = free_port()  # aiosmtpd checks readiness by connecting to the port it was given: not 0
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, authenticator=self._authenticate, auth_require_tls=False)
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class _TelegramHTML(HTMLParser):
    """Telegram's HTML parse mode accepts a few tags only; anything else is a 400 there."""

    ALLOWED = {"b", "strong", "i", "em", "u", "s", "a", "code", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED or (tag == "a" and [k for k, _ in attrs] != ["href"]):
            self.bad.append(tag)


def _slack(body: dict[str, Any]) -> list[str]:
    blocks = body.get("blocks")
    problems = [] if isinstance(body.get("text"), str) else ["text missing"]
    if blocks is None:
        return problems  # a plain-text message, as Slack's incoming webhooks accept
    if not isinstance(blocks, list) or not 1 <= len(blocks) <= 50:
        return problems + ["blocks: 1 to 50 required"]
    for block in blocks:
        kind = block.get("type")
        if kind not in {"header", "section", "divider", "context", "actions"}:
            problems.append(f"block type {kind}")
        if kind == "header" and (block["text"]["type"] != "plain_text" or len(block["text"]["text"]) > 150):
            problems.append("header: plain_text up to 150")
        if kind == "section" and (block["text"]["type"] not in {"mrkdwn", "plain_text"} or len(block["text"]["text"]) > 3000):
            problems.append("section text up to 3000")
    return problems


def _discord(body: dict[str, Any]) -> list[str]:
    embeds = body.get("embeds")
    if not isinstance(embeds, list) or not 1 <= len(embeds) <= 10:
        return ["embeds: 1 to 10 required"]
    problems, total = [], 0
    for embed in embeds:
        total += len(embed.get("title", "")) + len(embed.get("description", "")) + len(embed.get("footer", {}).get("text", ""))
        if len(embed.get("title", "")) > 256 or len(embed.get("description", "")) > 4096:
            problems.append("title up to 256, description up to 4096")
        fields = embed.get("fields", [])
        if len(fields) > 25:
            problems.append("fields up to 25")
        for item in fields:
            total += len(item["name"]) + len(item["value"])
            if not item["name"] or len(item["name"]) > 256 or not item["value"] or len(item["value"]) > 1024:
                problems.append("field name up to 256, value up to 1024, both non-empty")
    if total > 6000:
        problems.append(f"embeds total {total} > 6000")
    return problems


def _feishu(body: dict[str, Any], secret: str | None) -> list[str]:
    problems = []
    if secret is not None:
        timestamp = body.get("timestamp", "")
        key = f"{timestamp}\n{secret}".encode()
        expected = base64.b64encode(hmac.new(key, digestmod=hashlib.sha256).digest()).decode()
        if body.get("sign") != expected:
            problems.append("bad signature")
    if body.get("msg_type") == "interactive":
        card = body.get("card", {})
        if card.get("header", {}).get("title", {}).get("tag") != "plain_text" or not card.get("elements"):
            problems.append("card needs a plain_text header title and elements")
        for element in card.get("elements", []):
            if element.get("tag") not in {"div", "hr", "action", "note", "img", "markdown"}:
                problems.append(f"element tag {element.get('tag')}")
    elif body.get("msg_type") != "text":
        problems.append("msg_type interactive or text")
    return problems


def _telegram(body: dict[str, Any]) -> list[str]:
    text = body.get("text", "")
    problems = [] if body.get("chat_id") else ["chat_id missing"]
    if not 1 <= len(text) <= 4096:
        problems.append(f"text length {len(text)} not in 1..4096")
    if body.get("parse_mode") == "HTML":
        parser = _TelegramHTML()
        parser.feed(text)
        problems += [f"tag {tag} not allowed" for tag in parser.bad]
    return problems


@dataclass
class Received:
    service: str
    path: str
    body: dict[str, Any]
    problems: list[str]


@dataclass
class ChatServer:
    """POST /slack, /discord, /feishu, /webhook, /tg/bot<token>/sendMessage; 400 for a payload of the wrong shape.
    `fail` makes a service answer 500 (to test retries); `feishu_secret` is checked as Feishu would."""

    feishu_secret: str | None = None
    telegram_token: str = "123:token"
    fail: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)

    def __enter__(self) -> ChatServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                service = self.path.strip("/").split("/")[0]
                checks = {
                    "slack": lambda: _slack(body),
                    "discord": lambda: _discord(body),
                    "feishu": lambda: _feishu(body, owner.feishu_secret),
                    "webhook": lambda: [] if body.get("schema", "").startswith("paperdigest.") else ["schema"],
                    "tg": lambda: _telegram(body) if self.path == f"/tg/bot{owner.telegram_token}/sendMessage" else ["bad path"],
                }
                problems = checks[service]() if service in checks else ["unknown service"]
                owner.received.append(Received(service, self.path, body, problems))
                status = 500 if service in owner.fail else 400 if problems else 200
                answer = {"ok": status == 200} if service == "tg" else {"code": 0 if status == 200 else 9499, "msg": "; ".join(problems)}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

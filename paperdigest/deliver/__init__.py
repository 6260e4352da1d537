"""Delivery: a written report sent by email and to chat webhooks, as a last step that can never lose the report.

Every channel is tried on its own (one failing channel does not stop the others), retried with backoff, then
reported in one line that names the channel. Secrets (passwords, webhook URLs, tokens) come only from the
environment variables the config names, and never appear in a message, a log line or a file: every text that
leaves this package is scrubbed of them.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperdigest.deliver import chat
from paperdigest.deliver.digest import Digest, make_digest
from paperdigest.errors import DeliveryError, FetchError, UsageError
from paperdigest.models import Report
from paperdigest.settings import Settings

CHANNELS = ("email", "slack", "discord", "feishu", "telegram", "webhook")
TELEGRAM_API = "https://api.telegram.org"


@dataclass(frozen=True)
class Outcome:
    channel: str
    ok: bool
    detail: str


def channels(values: Sequence[str]) -> tuple[str, ...]:
    """Channel names from repeatable, comma-separated options; an unknown one is a usage error."""
    names = tuple(dict.fromkeys(part.strip().lower() for value in values for part in value.split(",") if part.strip()))
    unknown = [n for n in names if n not in CHANNELS]
    if unknown:
        raise UsageError(f"unknown delivery channel {unknown[0]!r}; choose from {', '.join(CHANNELS)}")
    return names


def _secret(environ: Mapping[str, str], variable: str | None, what: str, channel: str) -> str:
    if not variable:
        raise UsageError(f"{channel}: no {what} configured ([delivery.{channel}] {what} = \"ENV_VAR_NAME\")")
    value = environ.get(variable, "")
    if not value:
        raise UsageError(f"{channel}: the environment variable {variable} ({what}) is not set")
    return value


def _webhook_url(environ: Mapping[str, str], variable: str | None, channel: str) -> str:
    """The URL is a secret: over plain http it would cross the network readable (a local service: `endpoints`)."""
    url = _secret(environ, variable, "url_env", channel)
    if not url.lower().startswith("https://"):
        raise UsageError(f"{channel}: the webhook URL in {variable} must start with https:// (map a local one with endpoints)")
    return url


@dataclass(frozen=True)
class _Target:
    """Where a chat channel posts, the secrets to scrub, and the Feishu signature its payloads need."""

    url: str
    secrets: tuple[str, ...]
    feishu_secret: str | None = None

    def signed(self, payload: dict[str, Any]) -> dict[str, Any]:
        return chat.feishu_signed(payload, self.feishu_secret) if self.feishu_secret else payload


def _chat_target(name: str, settings: Settings, environ: Mapping[str, str]) -> _Target:
    """One chat channel's URL and secrets from the env vars its config names (one place for cards and notices)."""
    delivery = settings.delivery
    if name == "telegram":
        token = _secret(environ, delivery.telegram.token_env, "token_env", name)
        if not delivery.telegram.chat_id:
            raise UsageError("telegram: no chat_id configured ([delivery.telegram] chat_id)")
        return _Target(f"{TELEGRAM_API}/bot{token}/sendMessage", (token,))
    url = _webhook_url(environ, getattr(delivery, name).url_env, name)
    if name == "feishu" and delivery.feishu.secret_env:
        secret = _secret(environ, delivery.feishu.secret_env, "secret_env", name)
        return _Target(url, (url, secret), secret)
    return _Target(url, (url,))


def _email_login(settings: Settings, environ: Mapping[str, str]) -> str | None:
    """The password of a checked email configuration (recipients, a safe connection), if it logs in."""
    from paperdigest.deliver import email

    config = settings.delivery.email
    email.check(config)
    return _secret(environ, config.password_env, "password_env", "email") if config.username else None


def check_channels(names: Sequence[str], settings: Settings, environ: Mapping[str, str] | None = None) -> None:
    """What each channel needs from the config and the environment, checked before a run that may take an hour: a
    `--send` that cannot send is a usage error then, not a failure after the report is written."""
    environ = os.environ if environ is None else environ
    for name in names:
        if name == "email":
            _email_login(settings, environ)
        else:
            _chat_target(name, settings, environ)


@dataclass
class _Plan:
    """One channel's send, ready to go: what it will do, and the secrets to scrub from anything it says."""

    channel: str
    describe: str
    run: Callable[[], Awaitable[str]]
    secrets: tuple[str, ...]


class Sender:
    def __init__(self, report: Report, report_dir: Path, settings: Settings, environ: Mapping[str, str], client: Any) -> None:
        from paperdigest.render import report_title

        self.report = report
        self.report_dir = report_dir
        self.settings = settings
        self.environ = environ
        self.client = client
        self.digest: Digest = make_digest(report, report_title(report), settings.site_url)

    def plan(self, channel: str) -> _Plan:
        if channel == "email":
            return self._email()
        target = _chat_target(channel, self.settings, self.environ)
        if channel == "telegram":
            payload = chat.telegram(self.digest, self.settings.delivery.telegram.chat_id or "")
        else:
            payload = target.signed(getattr(chat, channel)(self.digest))
        return _Plan(channel, _card(channel, payload), lambda: _post(self.client, target.url, payload), target.secrets)

    def _email(self) -> _Plan:
        from paperdigest.deliver import email
        from paperdigest.render import render_document

        config = self.settings.delivery.email
        password = _email_login(self.settings, self.environ)
        html = render_document(self.report, "html", self.settings, base_dir=self.report_dir)
        markdown = render_document(self.report, "md", self.settings)
        message, notes = email.build(self.digest, html, markdown, config)
        size = len(message.as_bytes())
        images = sum(1 for part in message.walk() if part.get_content_maintype() == "image")
        describe = (
            f"to: {', '.join(config.to)}\nsubject: {message['Subject']}\n"
            f"size: {size:,} bytes, {images} inline image(s) (figures and equations)" + "".join(f"\nnote: {n}" for n in notes)
        )

        async def run() -> str:
            await asyncio.to_thread(email.send, message, config, password)
            return f"1 message to {len(config.to)} recipient(s), {size:,} bytes"

        return _Plan("email", describe, run, (password,) if password else ())


async def _post(client: Any, url: str, payload: dict[str, Any]) -> str:
    """One JSON POST to a chat service; every failure is a DeliveryError (scrubbed of secrets by the caller)."""
    import httpx

    try:
        response = await client.post(url, json=payload)
    except (httpx.HTTPError, FetchError) as exc:  # FetchError: the allow-list refused it
        raise DeliveryError(type(exc).__name__ + (f": {exc}" if str(exc) else "")) from None
    if response.status_code >= 300:
        raise DeliveryError(f"HTTP {response.status_code}")
    # Feishu and Telegram answer 200 with an error inside (a bad signature, an unknown chat).
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict) and (answer.get("ok") is False or answer.get("code") not in (None, 0)):
        raise DeliveryError(f"refused: {str(answer.get('msg') or answer.get('description') or answer)[:200]}")
    return f"card posted ({len(json.dumps(payload)):,} bytes)"


def _card(channel: str, payload: dict[str, Any]) -> str:
    text = payload["text"] if channel == "telegram" else json.dumps(payload, ensure_ascii=False, indent=2)
    return f"{channel} payload:\n{text}"


def _scrub(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


async def _attempt(plan: _Plan, attempts: int, backoff: float, sleep: Callable[[float], Awaitable[object]]) -> Outcome:
    for attempt in range(1, attempts + 1):
        try:
            return Outcome(plan.channel, True, _scrub(await plan.run(), plan.secrets))
        except DeliveryError as exc:
            if attempt == attempts:
                return Outcome(plan.channel, False, _scrub(f"could not deliver after {attempts} tries: {exc}", plan.secrets))
            await sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the last attempt returns")


async def deliver(
    report: Report,
    report_dir: Path,
    names: Sequence[str],
    settings: Settings,
    *,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> list[Outcome]:
    """Send the report (read from report_dir, figures beside it) to each channel; an outcome per channel."""
    from paperdigest.http import RetryPolicy, make_client

    environ = os.environ if environ is None else environ
    # Retries are this package's own (per channel, with backoff), so the client tries each request once.
    async with make_client(policy=RetryPolicy(attempts=1, min_interval={}), endpoints=settings.endpoints) as client:
        sender = Sender(report, report_dir, settings, environ, client)
        plans: list[_Plan] = []
        outcomes: dict[str, Outcome] = {}
        for name in names:
            try:
                plans.append(sender.plan(name))
            except UsageError as exc:
                outcomes[name] = Outcome(name, False, str(exc).removeprefix(f"{name}: "))  # the outcome names its channel
        if dry_run:
            outcomes |= {p.channel: Outcome(p.channel, True, _scrub(p.describe, p.secrets)) for p in plans}
        else:
            done = await asyncio.gather(*(_attempt(p, settings.delivery.attempts, settings.delivery.backoff, sleep) for p in plans))
            outcomes |= {o.channel: o for o in done}
    return [outcomes[name] for name in names]


async def notify_failure(
    command: str, reason: str, settings: Settings, environ: Mapping[str, str] | None = None
) -> list[Outcome]:
    """A one-line notice that a run failed, to the chat channels in notify_on_failure (email gets a short mail)."""
    from paperdigest.http import RetryPolicy, make_client

    environ = os.environ if environ is None else environ
    text = f"paperdigest {command} failed: {reason}"
    outcomes = []
    async with make_client(policy=RetryPolicy(attempts=1, min_interval={}), endpoints=settings.endpoints) as client:
        for name in channels(settings.notify_on_failure):
            outcomes.append(await _notify_one(name, text, settings, environ, client))
    return outcomes


async def _notify_one(name: str, text: str, settings: Settings, environ: Mapping[str, str], client: Any) -> Outcome:
    from email.message import EmailMessage

    delivery = settings.delivery
    secrets: tuple[str, ...] = ()
    try:
        if name == "email":
            from paperdigest.deliver import email

            message = EmailMessage()
            message["Subject"], message["From"], message["To"] = text[:200], delivery.email.sender, ", ".join(delivery.email.to)
            message.set_content(text)
            password = _email_login(settings, environ)
            secrets = (password,) if password else ()
            await asyncio.to_thread(email.send, message, delivery.email, password)
            return Outcome(name, True, "notice sent")
        target = _chat_target(name, settings, environ)
        secrets = target.secrets
        payload = target.signed(chat.notice(name, text, delivery.telegram.chat_id))
        return Outcome(name, True, _scrub(await _post(client, target.url, payload), secrets))
    except (UsageError, DeliveryError) as exc:
        return Outcome(name, False, _scrub(str(exc), secrets))

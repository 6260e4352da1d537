"""A short card per chat service, in each service's own documented format (pure: a Digest in, a JSON payload out).

Text from papers, feeds and models is escaped for each format, so a title can never become a link, a mention
or markup: Slack mrkdwn escapes &, < and >; Discord and Feishu markdown get their metacharacters backslashed;
Telegram's HTML parse mode gets HTML escaping.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
import time
from typing import Any

from paperdigest.deliver.digest import Digest, subject

SLACK_TEXT = 3000  # characters in one section block
SLACK_BLOCKS = 50
DISCORD_DESCRIPTION = 4096
DISCORD_FIELD = 1024
DISCORD_FIELDS = 25
DISCORD_TOTAL = 6000
TELEGRAM_TEXT = 4096
_MARKDOWN_META = re.compile(r"([\\`*_~|>\[\]()#<@!-])")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slack_escape(text: str) -> str:
    """Slack's mrkdwn: &, < and > are the only control characters (https://api.slack.com/reference/surfaces/formatting)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_escape(text: str) -> str:
    """Discord's and Feishu's markdown: every metacharacter backslashed, and @ cannot mention anyone."""
    return _MARKDOWN_META.sub(r"\\\1", text).replace("@", "@\u200b")


def slack(digest: Digest) -> dict[str, Any]:
    head = f"*{slack_escape(digest.period)}* · {slack_escape(digest.counts)}"
    if digest.themes:
        head += "\n" + slack_escape("Themes: " + ", ".join(digest.themes))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(digest.title, 150)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _cut(head, SLACK_TEXT)}},
        {"type": "divider"},
    ]
    for paper in digest.papers[: SLACK_BLOCKS - 5]:
        name = slack_escape(paper.title)
        link = f"<{paper.url}|{name}>" if paper.url else f"*{name}*"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(f"{link}\n{slack_escape(paper.line)}", SLACK_TEXT)}})
    if digest.report_url:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"<{digest.report_url}|Full report>"}})
    return {"text": _cut(subject(digest), SLACK_TEXT), "blocks": blocks}


def discord(digest: Digest) -> dict[str, Any]:
    description = f"**{markdown_escape(digest.period)}** · {markdown_escape(digest.counts)}"
    if digest.themes:
        description += "\n" + markdown_escape("Themes: " + ", ".join(digest.themes))
    embed: dict[str, Any] = {"title": _cut(digest.title, 256), "description": _cut(description, DISCORD_DESCRIPTION), "fields": []}
    if digest.report_url:
        embed["url"] = digest.report_url
    budget = DISCORD_TOTAL - len(embed["title"]) - len(embed["description"]) - 100
    for paper in digest.papers[:DISCORD_FIELDS]:
        name = _cut(markdown_escape(paper.title), 256)
        value = _cut(markdown_escape(paper.line) + (f"\n{paper.url}" if paper.url else ""), DISCORD_FIELD)
        if len(name) + len(value) > budget:
            break
        budget -= len(name) + len(value)
        embed["fields"].append({"name": name, "value": value, "inline": False})
    embed["footer"] = {"text": "paperdigest"}
    return {"content": "", "embeds": [embed], "allowed_mentions": {"parse": []}}


def feishu_sign(secret: str, timestamp: int) -> str:
    """A signed bot's check: base64 of HMAC-SHA256 keyed by "timestamp\\nsecret" over nothing (Feishu's docs)."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, digestmod=hashlib.sha256).digest()).decode()


def feishu_signed(payload: dict[str, Any], secret: str, now: float | None = None) -> dict[str, Any]:
    timestamp = int(now if now is not None else time.time())
    return {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp), **payload}


def feishu(digest: Digest) -> dict[str, Any]:
    lines = [f"**{markdown_escape(digest.period)}** · {markdown_escape(digest.counts)}"]
    if digest.themes:
        lines.append(markdown_escape("Themes: " + ", ".join(digest.themes)))
    elements: list[dict[str, Any]] = [{"tag": "div", "text": {"tag": "lark_md", "content": "\n".join(lines)}}, {"tag": "hr"}]
    for paper in digest.papers:
        title = markdown_escape(paper.title)
        head = f"[{title}]({paper.url})" if paper.url else f"**{title}**"
        elements.append({"tag": "div", "text": {"tag": "lark_md", "content": f"{head}\n{markdown_escape(paper.line)}"}})
    if digest.report_url:
        button = {"tag": "button", "text": {"tag": "plain_text", "content": "Full report"}, "url": digest.report_url, "type": "primary"}
        elements.append({"tag": "action", "actions": [button]})
    card = {
        "config": {"wide_screen_mode": True},
        "header": {"title": {"tag": "plain_text", "content": digest.title}, "template": "blue"},
        "elements": elements,
    }
    return {"msg_type": "interactive", "card": card}


def telegram_text(digest: Digest) -> str:
    """Telegram's HTML parse mode, within its 4,096 characters: papers that do not fit are counted, not cut."""
    head = [f"<b>{html.escape(digest.title)}</b>", html.escape(f"{digest.period} · {digest.counts}")]
    if digest.themes:
        head.append(html.escape("Themes: " + ", ".join(digest.themes)))
    tail = [f'<a href="{html.escape(digest.report_url)}">Full report</a>'] if digest.report_url else []
    parts = ["\n".join(head)]
    for index, paper in enumerate(digest.papers):
        title = html.escape(paper.title)
        name = f'<a href="{html.escape(paper.url)}">{title}</a>' if paper.url else f"<b>{title}</b>"
        item = f"{name}\n{html.escape(paper.line)}"
        rest = len(digest.papers) - index
        more = f"… and {rest} more in the report"
        if len("\n\n".join([*parts, item, more, *tail])) > TELEGRAM_TEXT:
            parts.append(more)
            break
        parts.append(item)
    text = "\n\n".join([*parts, *tail])
    return text if len(text) <= TELEGRAM_TEXT else html.escape(_cut(digest.title, TELEGRAM_TEXT // 2))


def telegram(digest: Digest, chat_id: str) -> dict[str, Any]:
    return {"chat_id": chat_id, "text": telegram_text(digest), "parse_mode": "HTML", "disable_web_page_preview": True}


def webhook(digest: Digest) -> dict[str, Any]:
    """A generic JSON POST: the digest as plain fields, versioned like the JSON report."""
    return {
        "schema": "paperdigest.digest/1",
        "title": digest.title,
        "period": digest.period,
        "listed": digest.listed,
        "read": digest.read,
        "themes": digest.themes,
        "papers": [{"arxiv_id": p.arxiv_id, "title": p.title, "line": p.line, "url": p.url} for p in digest.papers],
        "report_url": digest.report_url,
    }


def notice(service: str, text: str, chat_id: str | None = None) -> dict[str, Any]:
    """A one-line message (a failed run) in the service's format."""
    if service == "slack":
        return {"text": slack_escape(text)}
    if service == "discord":
        return {"content": _cut(markdown_escape(text), 2000), "allowed_mentions": {"parse": []}}
    if service == "feishu":
        return {"msg_type": "text", "content": {"text": text}}
    if service == "telegram":
        return {"chat_id": chat_id, "text": _cut(html.escape(text), TELEGRAM_TEXT), "parse_mode": "HTML"}
    return {"schema": "paperdigest.notice/1", "text": text}

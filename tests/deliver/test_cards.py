"""The cards and the mail built from a Digest: limits kept, untrusted text inert, sizes bounded."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pymupdf
import pytest

from paperdigest.errors import UsageError

from paperdigest.deliver import chat, check_channels, deliver, email
from paperdigest.deliver.digest import Digest, PaperLine, make_digest
from paperdigest.models import RunParams
from paperdigest.render.sample import sample_report
from paperdigest.settings import EmailDelivery, Settings

HOSTILE = "<b>x</b> *bold* @everyone <@U123> [click](javascript:alert(1)) & `code` <!channel>"


def digest(papers: int = 3, title: str = HOSTILE) -> Digest:
    lines = [PaperLine(f"2501.{i:05d}", f"{title} {i}", f"{title} line " * 5, f"https://arxiv.org/abs/2501.{i:05d}") for i in range(papers)]
    return Digest(title="Weekly", period="2025-01-20 to 2025-01-26", listed=31, read=papers, themes=[title], papers=lines)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_telegram_stays_within_4096_characters_and_counts_what_did_not_fit() -> None:
    text = chat.telegram_text(digest(papers=300))
    assert len(text) <= 4096 and text.rstrip().endswith("more in the report")
    parser = _Tags()
    parser.feed(text)
    assert set(parser.tags) <= {"b", "a"}  # the hostile <b>, <@U123> are text


def test_untrusted_text_stays_text_in_every_card() -> None:
    d = digest()
    slack = json.dumps(chat.slack(d))
    assert "<@U123>" not in slack and "<!channel>" not in slack and "&lt;@U123&gt;" in slack
    discord = chat.discord(d)
    assert discord["allowed_mentions"] == {"parse": []}
    field = discord["embeds"][0]["fields"][0]["value"]
    assert "@\u200beveryone" in field and "\\[click\\]\\(javascript:alert\\(1\\)\\)" in field
    feishu = json.dumps(chat.feishu(d), ensure_ascii=False)
    assert "[click](javascript" not in feishu
    assert chat.webhook(d)["papers"][0]["title"].startswith("<b>x</b>")  # JSON carries data as data


def test_a_card_says_of_each_paper_what_the_report_says() -> None:
    """The report's one line: the contribution sentence, not the abstract's opening background; HF's summary marked."""
    report = sample_report(RunParams(command="week"))
    read = report.selected[0]
    read.analysis.summary.contribution = None
    assert make_digest(report, "Weekly").papers[0].line == "We introduce a sample method."
    read.paper.abstract = "Large models are costly."
    assert make_digest(report, "Weekly").papers[0].line == "(HF summary) A sample summary."
    read.paper.extra.pop("ai_summary")
    assert make_digest(report, "Weekly").papers[0].line == ""


def test_discord_embed_stays_within_its_total_limit() -> None:
    embed = chat.discord(digest(papers=40, title="long title " * 30))["embeds"][0]
    total = len(embed["title"]) + len(embed["description"]) + sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    assert total <= 6000 and len(embed["fields"]) <= 25


def _feishu_docs_sign(timestamp: int, secret: str) -> str:
    """Feishu's own example (open.feishu.cn, custom bot, signature verification), as published."""
    string_to_sign = "{}\n{}".format(timestamp, secret)
    hmac_code = hmac.new(string_to_sign.encode("utf-8"), digestmod=hashlib.sha256).digest()
    return base64.b64encode(hmac_code).decode("utf-8")


def test_feishu_signature_is_the_documented_hmac() -> None:
    signed = chat.feishu_signed({"msg_type": "text"}, "secret", now=1_700_000_000)
    assert signed["timestamp"] == "1700000000" and signed["msg_type"] == "text"
    assert signed["sign"] == _feishu_docs_sign(1_700_000_000, "secret")
    assert signed["sign"] != _feishu_docs_sign(1_700_000_001, "secret")


def _html(images: list[bytes]) -> str:
    tags = "".join(f'<img src="data:image/png;base64,{base64.b64encode(i).decode()}" alt="Figure {n}">' for n, i in enumerate(images, 1))
    return f'<meta http-equiv="Content-Security-Policy" content="img-src data:"><main>{tags}</main>'


def test_over_the_size_limit_figures_are_downscaled_then_dropped_with_a_note() -> None:
    # Noise does not compress: each PNG is about its raw size, like a photo-heavy figure.
    images = [pymupdf.Pixmap(pymupdf.csRGB, 600, 600, os.urandom(600 * 600 * 3), False).tobytes("png") for _ in range(3)]
    size = sum(len(i) for i in images)
    roomy = EmailDelivery(to=("a@example.org",), max_mb=10)
    message, notes = email.build(digest(), _html(images), "# text", roomy)
    assert notes == [] and sum(1 for p in message.walk() if p.get_content_maintype() == "image") == 3
    tight = EmailDelivery(to=("a@example.org",), max_mb=(size * 0.6 + 2000) / 1_000_000)
    message, notes = email.build(digest(), _html(images), "# text", tight)
    parts = [p for p in message.walk() if p.get_content_maintype() == "image"]
    assert notes and "downscaled" in notes[0] and len(parts) == 3
    assert all(pymupdf.Pixmap(p.get_content()).width == 300 for p in parts)
    tiny = EmailDelivery(to=("a@example.org",), max_mb=0.001)
    message, notes = email.build(digest(), _html(images), "# text", tiny)
    html = message.get_body(("html",)).get_content()
    assert any("left out" in n for n in notes) and html.count(email.DROPPED) == 3 and "src=\"cid:" not in html
    assert "left out" in message.get_body(("plain",)).get_content()


def test_plain_smtp_is_refused_for_a_remote_host_and_http_webhooks_are_refused() -> None:
    with pytest.raises(Exception, match="only for localhost"):
        email.check(EmailDelivery(to=("a@example.org",), host="smtp.example.org", security="none"))
    settings = Settings.model_validate({"delivery": {"slack": {"url_env": "HOOK"}}})
    report = sample_report(RunParams(command="week", template="weekly"))
    secret = "http://hooks.example/T/B/plain-5ecret"
    [outcome] = asyncio.run(deliver(report, Path("."), ["slack"], settings, environ={"HOOK": secret}))
    assert not outcome.ok and "https://" in outcome.detail and secret not in outcome.detail


@pytest.mark.parametrize(
    ("channel", "config", "environ", "message"),
    [
        ("email", {}, {}, "email: no recipients"),
        ("email", {"email": {"to": ["a@example.org"], "username": "me", "password_env": "PW"}}, {}, r"PW \(password_env\) is not set"),
        ("telegram", {"telegram": {"token_env": "TG"}}, {"TG": "t"}, "telegram: no chat_id configured"),
        ("slack", {"slack": {"url_env": "HOOK"}}, {"HOOK": "http://hooks.example/x"}, "must start with https://"),
    ],
)
def test_a_channel_that_cannot_send_is_found_before_the_run(channel, config, environ, message) -> None:
    settings = Settings.model_validate({"delivery": config})
    with pytest.raises(UsageError, match=message):
        check_channels([channel], settings, environ=environ)


def test_configured_channels_pass_the_check() -> None:
    settings = Settings.model_validate({"delivery": {"email": {"to": ["a@example.org"]}, "slack": {"url_env": "HOOK"}}})
    check_channels(["email", "slack"], settings, environ={"HOOK": "https://hooks.example/x"})

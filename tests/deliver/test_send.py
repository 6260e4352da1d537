"""`paperdigest send` and `--send` on the replay week, against a real SMTP server and a chat server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_env import cli_env
from servers import ChatServer, SMTPSink, free_port

SECRETS = {
    "PD_SMTP_PASSWORD": "smtp-pass-5ecret",
    "PD_SLACK_URL": "",  # set per server: the webhook URL itself is the secret
    "PD_DISCORD_URL": "",
    "PD_FEISHU_URL": "",
    "PD_FEISHU_SECRET": "feishu-5ecret",
    "PD_WEBHOOK_URL": "",
    "PD_TG_TOKEN": "123:tg-5ecret",
}
pytestmark = pytest.mark.corpus


def _config(base: Path, smtp_port: int) -> Path:
    config = base / "config.toml"
    config.write_text(
        f"""
site_url = "https://example.org/papers/"
[delivery]
attempts = 2
backoff = 0.1
[delivery.email]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
from = "digest@example.org"
username = "digest"
password_env = "PD_SMTP_PASSWORD"
to = ["reader@example.org", "second@example.org"]
[delivery.slack]
url_env = "PD_SLACK_URL"
[delivery.discord]
url_env = "PD_DISCORD_URL"
[delivery.feishu]
url_env = "PD_FEISHU_URL"
secret_env = "PD_FEISHU_SECRET"
[delivery.webhook]
url_env = "PD_WEBHOOK_URL"
[delivery.telegram]
token_env = "PD_TG_TOKEN"
chat_id = "4242"
"""
    )
    return config


def _cli(base: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "paperdigest", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def week(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """The README's replay week written once; each test sends it again."""
    base = tmp_path_factory.mktemp("send")
    env = cli_env(base)
    result = _cli(base, "week", "2025-01-20", "--source", "hf", "--replay", str(corpus / "replay.tsv"), "--out", str(base / "out"), env=env)
    assert result.returncode == 3, result.stderr
    return base, base / "out"


def _env(base: Path, config: Path, chat: ChatServer | None = None) -> dict[str, str]:
    secrets = dict(SECRETS)
    extra = {}
    if chat is not None:
        # Real webhook URLs are https; `endpoints` sends them (and Telegram's API) to the local server.
        secrets |= {f"PD_{name.upper()}_URL": f"https://hooks.example/{name}/T0/B0/hook-5ecret-{name}" for name in ("slack", "discord", "feishu", "webhook")}
        extra["PAPERDIGEST_ENDPOINTS"] = f"https://hooks.example={chat.url},https://api.telegram.org={chat.url}/tg"
    return cli_env(base, **secrets, **extra) | {"PAPERDIGEST_CONFIG": str(config)}


def test_email_carries_every_figure_inline_by_cid_and_a_text_part(week) -> None:
    base, out = week
    papers = json.loads((out / "report.json").read_text())["papers"]
    figures = [f["image"] for p in papers for f in p["figures"] + p["equations"]]  # PaSa's equations are images too
    with SMTPSink(password=SECRETS["PD_SMTP_PASSWORD"]) as smtp:
        result = _cli(base, "send", str(out), "--via", "email", env=_env(base, _config(base, smtp.port)))
    assert result.returncode == 0, result.stderr
    [message] = smtp.messages
    assert smtp.envelopes[0][1] == ["reader@example.org", "second@example.org"]
    assert message["Subject"] == "paperdigest: 2025-01-20 to 2025-01-26 — 31 papers, 5 read"
    text = message.get_body(("plain",)).get_content()
    assert "# Research papers, 2025-01-20 to 2025-01-26" in text
    html = message.get_body(("html",)).get_content()
    images = {part["Content-ID"].strip("<>"): part for part in message.walk() if part.get_content_maintype() == "image"}
    referenced = [src for src in html.split('src="cid:')[1:]]
    cids = [src.split('"')[0] for src in referenced]
    assert len(figures) == 5 and len(cids) == len(figures) and set(cids) == set(images)
    assert all(part.get_content_disposition() == "inline" for part in images.values())
    assert all(part.get_content().startswith(b"\x89PNG") for part in images.values())
    assert "data:image" not in html


def test_each_chat_card_is_accepted_by_its_service_shape(week) -> None:
    base, out = week
    with ChatServer(feishu_secret=SECRETS["PD_FEISHU_SECRET"], telegram_token=SECRETS["PD_TG_TOKEN"]) as chat:
        env = _env(base, _config(base, free_port()), chat)
        result = _cli(base, "send", str(out), "--via", "slack,discord", "--via", "feishu", "--via", "telegram", "--via", "webhook", env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(r.service for r in chat.received) == ["discord", "feishu", "slack", "tg", "webhook"]
    assert [r.problems for r in chat.received] == [[]] * 5
    slack = next(r.body for r in chat.received if r.service == "slack")
    assert slack["blocks"][0]["type"] == "header" and len(slack["blocks"]) >= 8  # a card: header, head, divider, 5 papers
    telegram = next(r.body for r in chat.received if r.service == "tg")
    assert len(telegram["text"]) <= 4096 and "PaSa: An LLM Agent" in telegram["text"]
    assert "https://example.org/papers/" in json.dumps([r.body for r in chat.received])


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(week) -> None:
    base, out = week
    with SMTPSink(password=SECRETS["PD_SMTP_PASSWORD"]) as smtp, ChatServer() as chat:
        env = _env(base, _config(base, smtp.port), chat)
        result = _cli(base, "send", str(out), "--via", "email,slack", "--dry-run", env=env)
    assert result.returncode == 0, result.stderr
    assert smtp.messages == [] and chat.received == []
    assert "to: reader@example.org, second@example.org" in result.stdout
    assert "subject: paperdigest: 2025-01-20 to 2025-01-26 — 31 papers, 5 read" in result.stdout
    assert "5 inline image(s) (figures and equations)" in result.stdout  # 3 figures, 2 equation images and '"type": "header"' in result.stdout


def test_one_failing_channel_does_not_stop_the_others(week) -> None:
    base, out = week
    with ChatServer(fail={"slack"}) as chat:
        result = _cli(base, "send", str(out), "--via", "slack,webhook", env=_env(base, _config(base, free_port()), chat))
    assert result.returncode == 3
    assert [r.service for r in chat.received].count("slack") == 2  # attempts = 2
    assert any(r.service == "webhook" and not r.problems for r in chat.received)
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("paperdigest: error: slack: could not deliver after 2 tries: HTTP 500")


def test_smtp_down_writes_the_report_says_so_in_one_line_and_exits_3(corpus: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, free_port())  # nothing listens there
    env = _env(tmp_path, config)
    week = ["week", "2025-01-20", "--source", "hf", "--replay", str(corpus / "replay.tsv"), "--out", str(tmp_path / "out")]
    result = _cli(tmp_path, *week, "--send", "email", "-q", env=env)
    assert result.returncode == 3
    assert (tmp_path / "out" / "report.md").read_text().startswith("---\ntitle:")
    failures = [line for line in result.stderr.splitlines() if line.startswith("paperdigest: error")]
    assert len(failures) == 1 and failures[0].startswith("paperdigest: error: email: could not deliver after 2 tries")


def test_no_secret_appears_in_any_output_or_file(week) -> None:
    base, out = week
    outputs = []
    with SMTPSink(password=SECRETS["PD_SMTP_PASSWORD"]) as smtp, ChatServer(fail={"discord"}, feishu_secret=SECRETS["PD_FEISHU_SECRET"], telegram_token=SECRETS["PD_TG_TOKEN"]) as chat:
        env = _env(base, _config(base, smtp.port), chat)
        for extra in (["--dry-run"], []):
            run = _cli(base, "send", str(out), "--via", "email,slack,discord,feishu,telegram,webhook", *extra, env=env)
            outputs += [run.stdout, run.stderr]
        outputs.append(_cli(base, "config", "show", env=env).stdout)
    secrets = [v for k, v in env.items() if k in SECRETS]
    assert len(secrets) == len(SECRETS) and all(secrets)
    files = [p.read_bytes().decode("utf-8", "replace") for p in base.rglob("*") if p.is_file()]
    leaks = [s for s in secrets for text in outputs + files if s in text]
    assert leaks == []
    assert len(smtp.messages) == 1 and "sent: slack" in outputs[3] and "discord: could not deliver" in outputs[3]


def test_a_failed_run_sends_its_notice_to_notify_on_failure(tmp_path: Path) -> None:
    """notify_on_failure: exit 1 (nothing could be read) tells the configured channels, in their own format."""
    empty = tmp_path / "empty.tsv"
    empty.write_text("")  # a recording without a single day: every day is missing
    with ChatServer(feishu_secret=SECRETS["PD_FEISHU_SECRET"]) as chat:
        config = _config(tmp_path, free_port())
        config.write_text('notify_on_failure = ["slack", "feishu"]\n' + config.read_text())
        env = _env(tmp_path, config, chat)
        result = _cli(tmp_path, "week", "2025-01-20", "--source", "hf", "--replay", str(empty), "--out", str(tmp_path / "out"), "-q", env=env)
    assert result.returncode == 1, result.stderr
    notices = {r.service: r for r in chat.received}
    assert set(notices) == {"slack", "feishu"} and all(not r.problems for r in notices.values())  # Feishu's signature checked
    assert notices["slack"].body["text"].startswith("paperdigest week failed: ")
    assert notices["feishu"].body["content"]["text"].startswith("paperdigest week failed: ")

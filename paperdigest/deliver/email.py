"""The report as one mail: the HTML report with its figures as inline CID parts (mail clients block data: URIs),
the Markdown as the plain-text alternative, and a subject with the period and counts."""

from __future__ import annotations

import base64
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from paperdigest.deliver.digest import Digest, subject
from paperdigest.errors import DeliveryError, UsageError
from paperdigest.settings import EmailDelivery

_DATA_IMAGE = re.compile(r'<img src="data:(image/[a-z+.-]+);base64,([A-Za-z0-9+/=]+)"((?: alt="[^"]*")?)>')
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
DROPPED = '<span class="missing-image">[figure left out: the mail would exceed its size limit]</span>'


def _images(html: str) -> list[tuple[str, bytes]]:
    return [(mime, base64.b64decode(data)) for mime, data, _ in _DATA_IMAGE.findall(html)]


def _fit(images: list[tuple[str, bytes]], budget: int) -> tuple[list[tuple[str, bytes] | None], list[str]]:
    """Images within the budget: all of them, else downscaled (twice at most), else the largest dropped."""
    from paperdigest.pdf.images import downscale

    fitted: list[tuple[str, bytes] | None] = list(images)
    notes: list[str] = []
    for _ in range(2):
        if sum(len(i[1]) for i in fitted if i) <= budget:
            return fitted, notes
        smaller = []
        for item in fitted:
            try:
                smaller.append(("image/png", downscale(item[1])) if item else None)
            except ValueError:
                smaller.append(item)
        fitted = smaller
        notes = ["figures were downscaled to keep the mail under its size limit"]
    for index in sorted(range(len(fitted)), key=lambda i: -len(fitted[i][1]) if fitted[i] else 0):
        if sum(len(i[1]) for i in fitted if i) <= budget:
            break
        fitted[index] = None
    dropped = sum(1 for item in fitted if item is None)
    if dropped:
        notes.append(f"{dropped} figure(s) left out to keep the mail under its size limit")
    return fitted, notes


def build(digest: Digest, html: str, markdown: str, config: EmailDelivery) -> tuple[EmailMessage, list[str]]:
    """The message and what had to give way to its size limit (downscaled or dropped figures)."""
    text_budget = len(_DATA_IMAGE.sub("", html).encode()) + len(markdown.encode())
    images, notes = _fit(_images(html), max(0, int(config.max_mb * 1_000_000) - text_budget))
    cids: list[str | None] = [make_msgid(domain="paperdigest")[1:-1] if image else None for image in images]
    counter = iter(cids)

    def cid_for(match: re.Match[str]) -> str:
        cid = next(counter)
        return f'<img src="cid:{cid}"{match.group(3)}>' if cid else DROPPED

    body = _DATA_IMAGE.sub(cid_for, html)
    # The report's policy allows data: images only; in the mail its images are the message's own parts.
    body = body.replace("img-src data:", "img-src cid: data:")
    message = EmailMessage()
    message["Subject"] = subject(digest)
    message["From"] = config.sender
    message["To"] = ", ".join(config.to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="paperdigest")
    message.set_content(markdown + "".join(f"\n\n[{note}]" for note in notes))
    message.add_alternative(body, subtype="html")
    html_part = message.get_payload()[1]
    for image, cid in zip(images, cids):
        if image and cid:
            maintype, subtype = image[0].split("/", 1)
            html_part.add_related(image[1], maintype=maintype, subtype=subtype, cid=f"<{cid}>", disposition="inline")
    return message, notes


def check(config: EmailDelivery) -> None:
    """Someone to send to, and plain SMTP only to this machine: a password or a report must not cross a network in
    clear text."""
    if not config.to:
        raise UsageError("email: no recipients ([delivery.email] to = [...])")
    if config.security == "none" and config.host not in _LOCAL_HOSTS:
        raise UsageError(f"email: security = 'none' is allowed only for localhost, not {config.host!r}")


def send(message: EmailMessage, config: EmailDelivery, password: str | None, timeout: float = 30.0) -> None:
    """One SMTP delivery; every failure is a DeliveryError that names no secret."""
    check(config)
    try:
        if config.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(config.host, config.port, timeout=timeout)
        with server:
            if config.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if config.username:
                server.login(config.username, password or "")
            refused = server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {getattr(exc, 'strerror', None) or _first_line(exc)}") from None
    if refused:
        raise DeliveryError(f"refused recipients: {', '.join(refused)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__

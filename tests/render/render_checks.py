"""Structure checks shared by the render tests: links, anchors, citations, images, whitespace, HTML safety."""

from __future__ import annotations

import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import yaml

from paperdigest.render.html import markdown_parser

CITATION = re.compile(r"\[\[(\d+)(?:, p\. \d+)?\]\]\(#ref-(\d+)\)")


def write_png(path: Path, width: int = 24, height: int = 12) -> Path:
    """A real, decodable PNG (solid colour), without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x30\x60\xc0" * width for _ in range(height))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def anchors(markdown: str) -> set[str]:
    """Every id a link can point at: heading anchors as the HTML renderer assigns them, and <a id>."""
    tokens = markdown_parser().parse(markdown)
    ids = {t.attrGet("id") for t in tokens if t.type == "heading_open" and t.attrGet("id")}
    return {str(i) for i in ids} | set(re.findall(r'<a id="([\w-]+)"></a>', markdown))


def local_links(markdown: str) -> list[str]:
    tokens = markdown_parser().parse(markdown)
    hrefs = [str(t.attrGet("href")) for t in _walk(tokens) if t.type == "link_open"]
    return [h[1:] for h in hrefs if h.startswith("#")]


def images(markdown: str) -> list[str]:
    return [str(t.attrGet("src")) for t in _walk(markdown_parser().parse(markdown)) if t.type == "image"]


def unresolved(markdown: str, out_dir: Path) -> dict[str, list[str]]:
    """Links to missing anchors, citations without a reference, images without a file: all should be empty."""
    ids = anchors(markdown)
    return {
        "anchors": [link for link in local_links(markdown) if link not in ids],
        "citations": [n for n, target in CITATION.findall(markdown) if n != target or f"ref-{n}" not in ids],
        "images": [src for src in images(markdown) if not (out_dir / unquote(src)).is_file()],
    }


def whitespace_problems(markdown: str) -> list[str]:
    """Headings, rules and block quotes need a blank line before (and headings after); no runs of blanks."""
    problems = []
    lines = markdown.split("\n")
    body_start = lines.index("---", 1) + 1 if lines[0] == "---" else 0
    for i in range(body_start + 1, len(lines)):
        line, before = lines[i], lines[i - 1]
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if line != line.rstrip():
            problems.append(f"{i + 1}: trailing whitespace")
        if (line.startswith("#") or line == "---") and before != "":
            problems.append(f"{i + 1}: no blank line before {line[:30]!r}")
        if line.startswith("#") and after != "":
            problems.append(f"{i + 1}: no blank line after {line[:30]!r}")
        if line.startswith(">") and before != "" and not before.startswith(">"):
            problems.append(f"{i + 1}: no blank line before a quote")
        if line == "" and before == "":
            problems.append(f"{i + 1}: two blank lines")
    return problems


def front_matter(markdown: str) -> dict:
    assert markdown.startswith("---\n")
    return yaml.safe_load(markdown.split("\n---\n", 1)[0][4:])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def html_dangers(document: str) -> list[str]:
    """Anything in an HTML report that could run code or fetch from elsewhere."""
    parser = _Tags()
    parser.feed(document)
    dangers = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "object", "embed", "link", "base", "form", "svg", "frame"):
            dangers.append(f"<{tag}>")
        dangers += [f"<{tag} {name}>" for name in attrs if name.startswith("on") or name in ("style", "srcset")]
        if tag == "img" and not str(attrs.get("src", "")).startswith("data:image/"):
            dangers.append(f"<img src={attrs.get('src')}>")
        if tag == "a" and str(attrs.get("href", "")).lower().startswith(("javascript:", "data:", "vbscript:")):
            dangers.append(f"<a href={attrs.get('href')}>")
    return dangers


def html_text(document: str) -> str:
    parser = _Tags()
    parser.feed(document)
    return "".join(parser.text)

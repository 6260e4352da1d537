"""Parse feed XML from the network as hostile input: no DTDs, no entities, no external resources.

defusedxml refuses entity declarations outright, so a billion-laughs body costs nothing. Everything that is
not well-formed XML of the expected root (an HTML error page, a truncated or compressed body) becomes one
SourceError naming the source, so the run goes on with the other sources.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from paperdigest.errors import SourceError

_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


def parse_xml(body: bytes, label: str, root_tag: str) -> ET.Element:
    """The root element of `body`, which must be `root_tag` ({namespace}local, or a local name)."""
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        title = _HTML_TITLE.search(body[:4096])
        what = " ".join(title.group(1).decode("utf-8", "replace").split())[:100] if title else "no title"
        raise SourceError(f"{label}: got an HTML page instead of XML ({what})")
    if body[:2] == b"\x1f\x8b":
        raise SourceError(f"{label}: got a gzip-compressed body instead of XML")
    try:
        root = SafeET.fromstring(body, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise SourceError(f"{label}: refused unsafe XML ({type(exc).__name__})") from exc
    except ET.ParseError as exc:
        raise SourceError(f"{label}: malformed or truncated XML ({exc})") from exc
    if root.tag != root_tag and root.tag.rpartition("}")[2] != root_tag:
        raise SourceError(f"{label}: expected <{root_tag.rpartition('}')[2]}>, got <{root.tag.rpartition('}')[2]}>")
    return root


def text(element: ET.Element | None, path: str = "", ns: dict[str, str] | None = None) -> str:
    """Whitespace-normalised text of `element` or of its first child at `path` ('' when absent)."""
    node = element.find(path, ns) if element is not None and path else element
    return " ".join("".join(node.itertext()).split()) if node is not None else ""

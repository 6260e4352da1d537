"""arXiv's HTML full text (LaTeXML) into a ParsedPaper: exact LaTeX, sections as written, captions.

The page is hostile input: size is checked before parsing, nesting depth is checked before the parser sees it
(lexbor's tree builder is quadratic in the depth of block elements: 100,000 nested <div> take ~45 s) and again
in the tree it built, and everything after parsing walks the tree without recursion.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from paperdigest.errors import ParseError
from paperdigest.html.figures import extract_figures
from paperdigest.html.text import Renderer, classes, ids
from paperdigest.ids import is_arxiv_id, parse_arxiv_id
from paperdigest.models import ParsedPaper, Reference, Section

MAX_BYTES = 20_000_000
# LaTeXML pages nest ~20 deep (the corpus sample: 21) and hold one tag per ~60 bytes (8,501 in 515 kB).
MAX_DEPTH = 256
MAX_TAGS = 2_000_000
MAX_SECTION_LEVEL = 6  # deeper sections are reported as level 6
# Just enough tokenising to follow the stack of open elements: comments and raw text are passed over whole.
_TOKEN = re.compile(
    rb"<!--.*?(?:-->|\Z)"
    rb"|<(script|style|textarea|title|xmp|iframe|noembed|noframes|plaintext)\b.*?(?:</\1\s*>|\Z)"
    rb"|<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)(?:>|\Z)",
    re.S | re.I,
)
_VOID = frozenset(
    b"area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
# Closed implicitly by their next sibling, so they never nest deeply; counting them would only misjudge.
_IMPLIED = frozenset(b"p li dt dd option optgroup rb rp rt rtc tr td th thead tbody tfoot caption colgroup".split())
# The HTML parser's "formatting elements": closed by an ancestor's end tag, they are reopened afterwards.
_FORMATTING = frozenset(b"a b big code em font i nobr s small strike strong tt u".split())
_FOREIGN = frozenset((b"svg", b"math"))  # inside these, "<x/>" closes itself
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_HEADING_QUERY = ", ".join(sorted(_HEADINGS))
# Front matter and navigation that is not body text.
_NOT_BODY = frozenset(
    "ltx_title_document ltx_authors ltx_dates ltx_abstract ltx_classification ltx_keywords ltx_TOC "
    "ltx_page_navbar ltx_note_frontmatter ltx_bibliography".split()
)
_ARXIV_IN_TEXT = re.compile(r"arXiv:\s*([\w./-]+\d)", re.I)
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.?\S+)$", re.I)


def looks_like_html(data: bytes) -> bool:
    """Content sniffing for `paperdigest parse`: markup first, and no binary bytes."""
    head = data[:4096]
    return b"\x00" not in head and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def parse_html_file(path: Path, *, base_url: str | None = None, max_bytes: int = MAX_BYTES) -> ParsedPaper:
    """Read and parse a saved HTML full text; the file name is recorded on the result."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ParseError(f"{path}: HTML is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        parsed = parse_html(data, base_url=base_url, max_bytes=max_bytes)
    except ParseError as exc:
        raise ParseError(f"{path}: {exc}") from exc
    return parsed.model_copy(update={"file": str(path)})


def parse_html(data: bytes, *, base_url: str | None = None, max_bytes: int = MAX_BYTES) -> ParsedPaper:
    """Parse one LaTeXML page; raises ParseError when it is not a paper page at all."""
    if len(data) > max_bytes:
        raise ParseError(f"HTML is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if not looks_like_html(data):
        raise ParseError(f"not an HTML document (starts with {data[:16]!r})")
    _check_size(data)
    try:
        tree = LexborHTMLParser(data.decode("utf-8", errors="replace"))
    except SelectolaxError as exc:
        raise ParseError(f"HTML could not be parsed: {exc}") from exc
    _check_depth(tree.root)
    root = tree.css_first("article.ltx_document") or tree.body
    if root is None:
        raise ParseError("HTML has no body")
    renderer = Renderer.for_page(root)
    heading = root.css_first("h1.ltx_title_document") or root.css_first("h1")
    title = _title(tree, heading, renderer)
    abstract = _abstract(root, renderer)
    sections = _sections(root, renderer, title_ids=ids([heading] if heading is not None else []))
    if not (title or abstract or sections):
        raise ParseError("HTML has no paper content (no title, abstract or sections)")
    metadata: dict[str, object] = {"title": title, "authors": _authors(root, renderer.scratch())}
    keywords = root.css_first(".ltx_keywords, .ltx_classification")
    if keywords is not None:
        metadata["keywords"] = renderer.scratch().render(keywords, skip=ids(keywords.css(_HEADING_QUERY)))
    return ParsedPaper(
        source="html",
        metadata=metadata,
        abstract=abstract,
        sections=sections,
        references=_references(root, renderer.scratch()),
        figures=extract_figures(root, _base(tree, base_url), renderer.scratch()),
        equations=renderer.equations,
        missing_equations=renderer.missing_equations,
    )


def _check_size(data: bytes) -> None:
    """Refuse pages whose tree would be too costly to build: lexbor is quadratic in nesting depth.

    An inline formatting element closed by an end tag of its parent (`<div><b></div>`) is reopened by the
    parser where the text goes on, so it still counts towards the depth until its own end tag.
    """
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        raise ParseError(f"HTML has {tags:,} tags, over the {MAX_TAGS:,}-tag limit: not a paper page")
    stack: list[bytes] = []
    open_count: dict[bytes, int] = {}
    reopened: dict[bytes, int] = {}
    foreign = 0
    for token in _TOKEN.finditer(data):  # not findall: a refused page stops the scan where it is refused
        _raw, end, name, self_closing = token.groups()
        if not name:
            continue
        name = name.lower()
        if end:  # an end tag closes everything up to its start tag, if that is open
            if open_count.get(name):
                while True:
                    top = stack.pop()
                    open_count[top] -= 1
                    foreign -= top in _FOREIGN
                    if top == name:
                        break
                    if top in _FORMATTING:
                        reopened[top] = reopened.get(top, 0) + 1
            elif reopened.get(name):
                reopened[name] -= 1
        elif name not in _VOID and name not in _IMPLIED and not (foreign and self_closing):
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            foreign += name in _FOREIGN
            if len(stack) + sum(reopened.values()) > MAX_DEPTH:
                raise ParseError(f"HTML nests elements more than {MAX_DEPTH} deep: not a paper page")


def _check_depth(root: LexborNode) -> None:
    """The depth of the tree as built: the check before parsing models the parser, this one is the truth."""
    pending = [(root, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ParseError(f"HTML nests elements more than {MAX_DEPTH} deep: not a paper page")
        child = node.child
        while child is not None:
            if child.tag != "-text":
                pending.append((child, depth + 1))
            child = child.next


def _base(tree: LexborHTMLParser, base_url: str | None) -> str | None:
    """Where relative image paths point: arXiv pages carry <base href="/html/<id>v<n>/">."""
    base = tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    return urljoin(base_url or "", href) if href else base_url


def _title(tree: LexborHTMLParser, node: LexborNode | None, renderer: Renderer) -> str:
    if node is not None:
        title = renderer.render(node).replace("\n\n", " ")
        if title:
            return title
    node = tree.css_first("head > title")
    return " ".join(node.text().split()) if node is not None else ""


def _abstract(root: LexborNode, renderer: Renderer) -> str:
    node = root.css_first(".ltx_abstract")
    return renderer.render(node, skip=ids(node.css(_HEADING_QUERY))) if node is not None else ""


def _authors(root: LexborNode, renderer: Renderer) -> list[str]:
    """Names from each author block: the text before its first line break, without affiliation marks."""
    authors: list[str] = []
    for person in root.css(".ltx_role_author .ltx_personname"):
        marks = ids(person.css("math, sup, .ltx_note"))
        pieces: list[str] = []
        for node in person.iter(include_text=True):
            if node.tag == "br":
                break
            if node.is_text_node:
                pieces.append(node.text_content or "")
            elif node.is_element_node and node.mem_id not in marks:
                pieces.append(renderer.render(node, skip=marks))
        for name in re.split(r",|\band\b|&", " ".join("".join(pieces).split())):
            name = name.strip()
            if name and name not in authors:
                authors.append(name)
    return authors


def _sections(root: LexborNode, renderer: Renderer, title_ids: frozenset[int]) -> list[Section]:
    """Every <section> in reading order; body text outside them becomes a first section called 'Text'."""
    sections: list[Section] = []
    front = ids(root.css(", ".join(["section", *(f".{name}" for name in sorted(_NOT_BODY))])))
    preamble = renderer.render(root, skip=front | title_ids)
    if preamble:
        sections.append(Section(title="Text", level=1, text=preamble))
    levels = _section_levels(root)
    in_front_matter = ids(root.css(", ".join(f".{name} section" for name in sorted(_NOT_BODY))))
    for node in root.css("section"):
        if not classes(node).isdisjoint(_NOT_BODY) or node.mem_id in in_front_matter:
            continue
        heading = next((c for c in node.iter() if c.tag in _HEADINGS), None)
        title = renderer.render(heading).replace("\n\n", " ") if heading is not None else ""
        skip = ids(node.css("section")) | ids([heading] if heading is not None else [])
        text = renderer.render(node, skip=skip)
        if title or text:
            sections.append(Section(title=title or "Text", level=levels[node.mem_id], text=text))
    return sections


def _section_levels(root: LexborNode) -> dict[int, int]:
    """Level per section (1 top, 2 sub, ...) by counting enclosing sections, so any heading markup works.

    CSS descendant queries do the ancestor walks in C: a hostile page can put many sections deep inside inline
    markup, where a Python walk per section would be quadratic.
    """
    levels: dict[int, int] = {}
    for level in range(1, MAX_SECTION_LEVEL + 1):
        for node in root.css(" ".join(["section"] * level)):
            levels[node.mem_id] = level
    return levels


def _references(root: LexborNode, renderer: Renderer) -> list[Reference]:
    references = []
    for index, item in enumerate(root.css("li.ltx_bibitem"), start=1):
        blocks = item.css(".ltx_bibblock")
        text = " ".join(renderer.render(b) for b in blocks) if blocks else renderer.render(item)
        text = " ".join(text.split())
        if not text:
            continue
        hrefs = [a.attributes.get("href") or "" for a in item.css("a[href]")]
        references.append(Reference(index=index, text=text, arxiv_id=_arxiv_id(text, hrefs), doi=_doi(hrefs)))
    return references


def _arxiv_id(text: str, hrefs: list[str]) -> str | None:
    candidates = [h for h in hrefs if "arxiv.org/abs/" in h] + _ARXIV_IN_TEXT.findall(text)
    for candidate in candidates:
        if is_arxiv_id(candidate):
            return parse_arxiv_id(candidate)[0]
    return None


def _doi(hrefs: list[str]) -> str | None:
    for href in hrefs:
        match = _DOI_URL.match(href.strip())
        if match:
            return match.group(1)
    return None

"""Plain text from LaTeXML markup, with every formula as its LaTeX source.

LaTeXML keeps each formula three times (presentation MathML, content MathML, TeX annotation); reading the
visible text would repeat symbols ("italic_z", "zz=0"). So a <math> becomes `$alttext$` (`$$...$$` when
displayed) and its subtree is never read. The walk is iterative: hostile pages can nest thousands deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from selectolax.lexbor import LexborNode

# Never text: code, media, form controls, navigation, and MathML's duplicate encodings.
_DROP = frozenset(
    "script style noscript template iframe object embed canvas svg img video audio source track picture "
    "button input select textarea link meta base head title nav annotation annotation-xml".split()
)
# Elements that end a paragraph; everything else flows inline.
_BLOCKS = frozenset(
    "p div section article aside header footer main address figure figcaption blockquote pre "
    "ul ol li dl dt dd table thead tbody tfoot tr caption h1 h2 h3 h4 h5 h6 hr form fieldset details".split()
)
_CELLS = frozenset(("td", "th"))
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[.,;:!?)\]])")
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters around a formula's placeholder number
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
# A TeX comment runs to the end of the line and swallows the newline; LaTeXML keeps them in alttext.
_TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*(?:\n[ \t]*|$)")
_BREAK = object()  # end of a block element: close the paragraph
# TeX's \char with a decimal, "hex or 'octal code: LaTeXML leaves it where it could not map a character, as in
# `\mathrm{\char 37}` for a percent sign.
_CHAR = re.compile(r"\\char\s*(?:(\d{1,7})|\"([0-9A-Fa-f]{1,6})|'([0-7]{1,8}))")
_MATH_ESCAPED = frozenset("#$%&_{}")  # characters LaTeX reads only when escaped with a backslash


def classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def math_latex(node: LexborNode) -> str | None:
    """The TeX source of a <math>: its alttext, else its TeX annotation; None when it has neither."""
    tex = node.attributes.get("alttext")
    if not tex:
        annotation = node.css_first('annotation[encoding="application/x-tex"]')
        tex = annotation.text() if annotation is not None else None
    if not tex:
        return None
    tex = _CHAR.sub(lambda match: _character(match, math=True), _TEX_COMMENT.sub("", tex))
    return " ".join(_drop_math_shifts(tex).split()) or None


def _character(match: re.Match[str], math: bool) -> str:
    """The character a `\\char` escape means; in math, escaped when LaTeX needs it (`\\%`)."""
    decimal, hexadecimal, octal = match.groups()
    code = int(decimal) if decimal else int(hexadecimal, 16) if hexadecimal else int(octal, 8)
    if code < 32 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or (math and chr(code) in "\\~^"):
        return match.group(0)  # a control code, no character, or one math has no plain escape for
    char = chr(code)
    return f"\\{char}" if math and char in _MATH_ESCAPED else char


def _drop_math_shifts(tex: str) -> str:
    """Remove `$` outside braces: LaTeXML writes siunitx quantities as `a/${10}^{12}$`, which would end `$a/$`.

    A `$` inside braces (`\\text{if $x>0$}`) is valid LaTeX and stays.
    """
    if "$" not in tex:
        return tex
    out, depth, escaped = [], 0, False
    for char in tex:
        if not escaped:
            depth += (char == "{") - (char == "}")
            if char == "$" and depth <= 0:
                continue
        escaped = char == "\\" and not escaped
        out.append(char)
    return "".join(out)


def is_display(node: LexborNode) -> bool:
    return (node.attributes.get("display") or "").lower() == "block"


def equation_rows(table: LexborNode) -> list[tuple[str | None, str | None]]:
    """(LaTeX, number) per row of a LaTeXML equation table; LaTeX is None when the row carries no math."""
    rows, seen = [], set()
    for row in table.css("tr.ltx_eqn_row, tr.ltx_equation"):  # older LaTeXML has only the second class
        if row.mem_id in seen:  # a node matching both selectors comes twice
            continue
        seen.add(row.mem_id)
        parts = [tex for tex in (math_latex(m) for m in row.css("math")) if tex]
        tag = row.css_first(".ltx_tag_equation")
        number = " ".join(tag.text().split()) if tag is not None else None
        if parts or number:
            rows.append((" ".join(parts) or None, number or None))
    return rows


class _Paragraphs:
    """Collects inline pieces into whitespace-normalised paragraphs.

    Formulas wait as placeholders while whitespace and punctuation are tidied, so their LaTeX is never touched.
    """

    def __init__(self) -> None:
        self.done: list[str] = []
        self.pieces: list[str] = []
        self.formulas: list[str] = []

    def text(self, text: str) -> None:
        if _OPEN in text or _CLOSE in text:
            text = text.replace(_OPEN, "").replace(_CLOSE, "")
        self.pieces.append(text)

    def math(self, tex: str, display: bool) -> None:
        self.pieces.append(f"{_OPEN}{len(self.formulas)}{_CLOSE}")
        self.formulas.append(f"$${tex}$$" if display else f"${tex}$")

    def paragraph(self) -> None:
        joined = " ".join("".join(self.pieces).split())
        self.pieces = []
        if not joined:
            return
        # Pretty-printed pages put a newline before punctuation that follows inline markup: "$z=0$ ."
        joined = _SPACE_BEFORE_PUNCT.sub("", joined)
        if "\\char" in joined:
            joined = _CHAR.sub(lambda match: _character(match, math=False), joined)
        if self.formulas:
            joined = _PLACEHOLDER.sub(lambda m: self.formulas[int(m.group(1))], joined)
        self.done.append(joined)


def ids(nodes: list[LexborNode]) -> frozenset[int]:
    return frozenset(node.mem_id for node in nodes)


@dataclass
class Renderer:
    """Renders subtrees of one page to text and keeps every display equation it meets, in reading order.

    Special elements are found once by CSS query (in C) and then recognised by identity, which keeps the
    per-node Python work of the walk small on pages with millions of elements.
    """

    hidden: frozenset[int]
    footnotes: frozenset[int]
    equation_tables: frozenset[int]
    equations: list[str] = field(default_factory=list)
    missing_equations: int = 0

    @classmethod
    def for_page(cls, root: LexborNode) -> Renderer:
        return cls(
            # footnote marks and numbers, and the raw macro names LaTeXML prints where it failed: \citep
            hidden=ids(root.css(".ltx_note_mark, .ltx_tag_note, .ltx_ERROR")),
            footnotes=ids(root.css(".ltx_note_outer")),
            equation_tables=ids(root.css("table.ltx_equation, table.ltx_equationgroup")),
        )

    def scratch(self) -> Renderer:
        """A renderer for text whose equations are not the paper's list (captions, references)."""
        return replace(self, equations=[], missing_equations=0)

    def render(self, root: LexborNode, skip: frozenset[int] = frozenset()) -> str:
        """Paragraphs of `root`'s content, without the elements in `skip` (by mem_id), joined by blank lines."""
        out = _Paragraphs()
        stack: list[object] = _children(root)
        while stack:
            item = stack.pop()
            if item.__class__ is str:
                out.text(item)
                continue
            if item is _BREAK:
                out.paragraph()
                continue
            tag = item.tag
            if tag == "-text":
                out.text(item.text_content or "")
            elif item.is_element_node and tag not in _DROP and item.mem_id not in skip:
                stack.extend(self._enter(item, tag, out))
        out.paragraph()
        return "\n\n".join(out.done)

    def _enter(self, node: LexborNode, tag: str, out: _Paragraphs) -> list[object]:
        """Handle one element; return what to visit next, in reverse order (it goes on a stack)."""
        if tag == "math":
            tex = math_latex(node)
            if tex is None:  # no TeX: read the presentation MathML once (annotations are dropped)
                return _children(node)
            display = is_display(node)
            out.math(tex, display)
            if display:
                self.equations.append(tex)
            return []
        if tag == "br":
            return [" "]
        node_id = node.mem_id
        if node_id in self.equation_tables:
            self._equation_table(node, out)
            return []
        if node_id in self.hidden:
            return []
        children = _children(node)
        if node_id in self.footnotes:  # keep a footnote, but mark it off from the sentence around it
            return ["] ", *children, " [footnote: "]
        if tag in _CELLS:
            return [" ", *children, " "]
        if tag in _BLOCKS:
            out.paragraph()
            return [_BREAK, *children]
        return children

    def _equation_table(self, table: LexborNode, out: _Paragraphs) -> None:
        out.paragraph()
        for tex, number in equation_rows(table):
            if tex is not None:
                self.equations.append(tex)
                out.math(tex, display=True)
                out.text(f" {number}" if number else "")
            else:  # a numbered row LaTeXML could not convert: say so, never guess its content
                self.missing_equations += 1
                out.text(f"[equation {number}: no LaTeX in the HTML]")
            out.paragraph()


def _children(node: LexborNode) -> list[object]:
    """Children in reverse order, ready to be pushed on a stack."""
    children: list[object] = list(node.iter(include_text=True))
    children.reverse()
    return children

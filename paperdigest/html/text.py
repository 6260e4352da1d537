"""Plain text from LaTeXML markup, with every formula as its LaTeX source.

LaTeXML keeps each formula three times (presentation MathML, content MathML, TeX annotation); reading the
visible text would repeat symbols ("italic_z", "zz=0"). So a <math> becomes `$alttext$` (`$$...$$` when
displayed) and its subtree is never read. The walk is iterative: hostile pages can nest thousands deep.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

Skip = Callable[[LexborNode], bool]

# Never text: code, media, form controls, and MathML's duplicate encodings.
_DROP = frozenset(
    "script style noscript template iframe object embed canvas svg img video audio source track picture "
    "button input select textarea link meta base head title annotation annotation-xml".split()
)
# Elements that end a paragraph; everything else flows inline.
_BLOCKS = frozenset(
    "p div section article aside header footer main nav address figure figcaption blockquote pre "
    "ul ol li dl dt dd table thead tbody tfoot tr caption h1 h2 h3 h4 h5 h6 hr form fieldset details".split()
)
_CELLS = frozenset(("td", "th"))
_PUNCT = frozenset(".,;:!?)]")
# A TeX comment runs to the end of the line and swallows the newline; LaTeXML keeps them in alttext.
_TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*(?:\n[ \t]*|$)")
_BREAK = object()


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
    return " ".join(_drop_math_shifts(_TEX_COMMENT.sub("", tex)).split()) or None


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


def is_equation_table(node: LexborNode) -> bool:
    return node.tag == "table" and not classes(node).isdisjoint({"ltx_equation", "ltx_equationgroup"})


def equation_rows(table: LexborNode) -> list[tuple[str | None, str | None]]:
    """(LaTeX, number) per row of a LaTeXML equation table; LaTeX is None when the row carries no math."""
    rows = []
    for row in table.css("tr.ltx_eqn_row"):
        parts = [tex for tex in (math_latex(m) for m in row.css("math")) if tex]
        tag = row.css_first(".ltx_tag_equation")
        number = " ".join(tag.text().split()) if tag is not None else None
        if parts or number:
            rows.append((" ".join(parts) or None, number or None))
    return rows


class _Paragraphs:
    """Collects inline pieces into whitespace-normalised paragraphs."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.pieces: list[str] = []

    def text(self, text: str) -> None:
        core = " ".join(text.split())
        if core:
            text = (" " if text[0].isspace() else "") + core + (" " if text[-1].isspace() else "")
        elif text:
            text = " "
        # Pretty-printed pages put a newline before punctuation that follows inline markup: "$z=0$ ."
        if text.lstrip()[:1] in _PUNCT and text[:1] == " ":
            text = text.lstrip()
            while self.pieces and not self.pieces[-1].strip():
                self.pieces.pop()
            if self.pieces:
                self.pieces[-1] = self.pieces[-1].rstrip()
        self.pieces.append(text)

    def math(self, tex: str, display: bool) -> None:
        self.pieces.append(f"$${tex}$$" if display else f"${tex}$")

    def paragraph(self) -> None:
        # Math pieces hold no whitespace runs, so collapsing the joined string leaves the LaTeX untouched.
        joined = " ".join("".join(self.pieces).split())
        if joined:
            self.done.append(joined)
        self.pieces = []


@dataclass
class Renderer:
    """Renders subtrees to text and keeps every display equation it meets, in reading order."""

    equations: list[str] = field(default_factory=list)
    missing_equations: int = 0

    def render(self, root: LexborNode, skip: Skip | None = None) -> str:
        """Paragraphs of `root`'s content (not `root` itself if skipped) joined by blank lines."""
        out = _Paragraphs()
        stack: list[object] = list(reversed(list(root.iter(include_text=True))))
        while stack:
            item = stack.pop()
            if item is _BREAK:
                out.paragraph()
            elif isinstance(item, str):
                out.text(item)
            elif item.is_text_node:
                out.text(item.text_content or "")
            elif item.is_element_node:
                stack.extend(self._enter(item, out, skip))
        out.paragraph()
        return "\n\n".join(out.done)

    def _enter(self, node: LexborNode, out: _Paragraphs, skip: Skip | None) -> list[object]:
        """Handle one element; return what to visit next, in reverse order (it goes on a stack)."""
        tag = node.tag
        if tag in _DROP or (skip is not None and skip(node)):
            return []
        if tag == "math":
            tex = math_latex(node)
            if tex is None:  # no TeX: read the presentation MathML once (annotations are dropped)
                return list(reversed(list(node.iter(include_text=True))))
            out.math(tex, is_display(node))
            if is_display(node):
                self.equations.append(tex)
            return []
        if is_equation_table(node):
            self._equation_table(node, out)
            return []
        if tag == "br":
            return [" "]
        marks = classes(node)
        if "ltx_note_mark" in marks:
            return []
        children: list[object] = list(reversed(list(node.iter(include_text=True))))
        if "ltx_note_outer" in marks:  # a footnote: keep it, but mark it off from the sentence around it
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

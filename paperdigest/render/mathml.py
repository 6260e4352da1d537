"""LaTeX to MathML, offline, with output that is safe to put in a page.

latex2mathml copies `\\text{...}` content into <mtext> without escaping `<` (so `\\text{<img/src/onerror=...>}`
would become a live tag), and it fails on some malformed input. Its output is therefore parsed as XML and
rebuilt from an allowlist of MathML elements and attributes; anything else falls back to the LaTeX source,
shown as escaped code.
"""

from __future__ import annotations

import html
from xml.etree.ElementTree import Element

ELEMENTS = frozenset(
    "math semantics annotation mrow mi mn mo ms mtext mspace msqrt mroot mfrac msub msup msubsup munder mover "
    "munderover mmultiscripts mprescripts none mtable mtr mtd mlabeledtr mstyle mpadded mphantom menclose "
    "merror mfenced".split()
)
ATTRIBUTES = frozenset(
    "display mathvariant displaystyle scriptlevel stretchy fence separator separators lspace rspace minsize "
    "maxsize symmetric largeop movablelimits accent accentunder linethickness width height depth columnalign "
    "rowalign columnspacing rowspacing columnlines rowlines frame notation open close align form mathsize "
    "columnspan rowspan voffset bevelled numalign denomalign encoding linebreak".split()
)
MAX_LATEX = 4000
# Environments latex2mathml lacks, mapped to ones it has that look the same.
_ALIASES = {r"\begin{aligned}": r"\begin{align*}", r"\end{aligned}": r"\end{align*}"}


class UnsafeMathML(ValueError):
    pass


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _serialise(node: Element) -> str:
    tag = _local(node.tag)
    if tag not in ELEMENTS:
        raise UnsafeMathML(tag)
    attrs = "".join(
        f' {_local(k)}="{html.escape(v, quote=True)}"' for k, v in node.attrib.items() if _local(k) in ATTRIBUTES
    )
    inner = html.escape(node.text or "", quote=False)
    for child in node:
        inner += _serialise(child) + html.escape(child.tail or "", quote=False)
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _fallback(latex: str, display: bool) -> str:
    delimiter = "$$" if display else "$"
    return f'<code class="math-source">{html.escape(delimiter + latex + delimiter)}</code>'


def latex_to_mathml(latex: str, display: bool) -> str:
    """<math> for the LaTeX, or its escaped source in <code> when it cannot be converted safely."""
    from defusedxml import ElementTree
    from latex2mathml.converter import convert

    if len(latex) > MAX_LATEX:
        return _fallback(latex, display)
    converted = latex
    for name, alias in _ALIASES.items():
        converted = converted.replace(name, alias)
    try:
        converted = convert(converted, display="block" if display else "inline")
        return _serialise(ElementTree.fromstring(converted))
    # latex2mathml raises anything from its own errors to IndexError/KeyError on malformed LaTeX, and the
    # XML parser rejects its unescaped output: every failure has the same answer, show the source.
    except Exception:  # noqa: BLE001
        return _fallback(latex, display)

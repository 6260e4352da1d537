"""Markdown report -> one self-contained HTML file: no scripts, no remote requests, data shown as text.

Three layers keep text from papers, feeds and models inert:
1. the templates escape data (render.markdown.md), so it reaches markdown-it as text;
2. raw HTML is only passed through when every tag in it is one of the templates' own layout tags
   (`<div align="center">`, `<details>`, `<summary>`, ...) with no other attributes; anything else is escaped;
3. a Content-Security-Policy allows no script, no connection and images from data: URIs only.
Images are inlined as data: URIs from the output folder; math becomes MathML (render.mathml).
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from paperdigest.bundled import bundled_dir
from paperdigest.render.markdown import slugify
from paperdigest.render.mathml import latex_to_mathml
from paperdigest.sniff import IMAGE_MIME, image_type

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
MAX_IMAGE_BYTES = 20_000_000
_LAYOUT_TAG = re.compile(
    r"</?(?:div|details|summary|b|strong|em|i|br|sup|sub|span|p|a|figure|figcaption)"
    r"(?:\s+(?:align=\"center\"|id=\"[\w-]+\"|class=\"[\w -]+\"))*\s*/?>",
    re.IGNORECASE,
)


def layout_only(raw: str) -> bool:
    """True when raw HTML holds nothing but the templates' layout tags (and text that opens no tag)."""
    return "<" not in _LAYOUT_TAG.sub("", raw)


def data_uri(src: str, base_dir: Path | None) -> str | None:
    """The image at a relative path inside base_dir as a data: URI; None for anything else."""
    if base_dir is None or not src or re.match(r"^[a-z][a-z0-9+.-]*:|^/|^\\", src, re.IGNORECASE):
        return None
    root = base_dir.resolve()
    path = (root / src).resolve()
    if not path.is_relative_to(root) or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
        return None
    data = path.read_bytes()
    kind = image_type(data)
    return f"data:{IMAGE_MIME[kind]};base64,{base64.b64encode(data).decode('ascii')}" if kind else None


def markdown_parser(base_dir: Path | None = None):
    """The report dialect: CommonMark + tables, footnotes, dollar math, heading anchors, front matter."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = (
        MarkdownIt("commonmark", {"html": True, "typographer": False})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
        .use(anchors_plugin, max_level=3, slug_func=slugify)
    )

    def html_block(self, tokens, idx, options, env):
        raw = tokens[idx].content
        return raw if layout_only(raw) else f"<p>{html.escape(raw)}</p>\n"

    def html_inline(self, tokens, idx, options, env):
        raw = tokens[idx].content
        return raw if layout_only(raw) else html.escape(raw)

    def image(self, tokens, idx, options, env):
        token = tokens[idx]
        alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
        uri = data_uri(str(token.attrGet("src") or ""), base_dir)
        if uri is None:
            return f'<span class="missing-image">[{alt or "image"}: not available]</span>'
        return f'<img src="{uri}" alt="{alt}">'

    def math(display: bool, tag: str):
        def rule(self, tokens, idx, options, env):
            return f'<{tag} class="math">{latex_to_mathml(tokens[idx].content.strip(), display)}</{tag}>'

        return rule

    md.add_render_rule("html_block", html_block)
    md.add_render_rule("html_inline", html_inline)
    md.add_render_rule("image", image)
    md.add_render_rule("front_matter", lambda self, tokens, idx, options, env: "")
    md.add_render_rule("math_inline", math(False, "span"))
    # $$...$$ inside a paragraph: displayed, but a <div> would break the paragraph apart.
    md.add_render_rule("math_inline_double", math(True, "span"))
    md.add_render_rule("math_block", math(True, "div"))
    md.add_render_rule("math_block_label", math(True, "div"))
    return md


def default_css() -> str:
    return (bundled_dir("report_templates") / "report.css").read_text(encoding="utf-8")


def markdown_to_html(
    markdown: str, title: str, *, lang: str = "en", base_dir: Path | None = None, css: str | None = None
) -> str:
    """A complete HTML document for a Markdown report; images are read from base_dir (the output folder)."""
    return html_page(markdown_parser(base_dir).render(markdown), title, lang=lang, css=css)


def html_page(body: str, title: str, *, lang: str = "en", css: str | None = None) -> str:
    """The document around a rendered body: the Content-Security-Policy, the stylesheet, no script."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="paperdigest">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css if css is not None else default_css()}</style>\n"
        f'</head>\n<body>\n<main class="report">\n{body}</main>\n</body>\n</html>\n'
    )

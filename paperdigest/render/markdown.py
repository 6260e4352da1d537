"""Jinja filters that put untrusted text (paper titles, abstracts, model output) into Markdown safely.

Data may carry Markdown and LaTeX on purpose (`$\\pi_0$` in a title, `**bold**` from a model), so it is not
escaped wholesale: what it must never do is open raw HTML, embed a remote image, or start a block (heading,
fence, list) that breaks the report's structure. `<` becomes `&lt;` rather than `\\<` because entities stay text
inside HTML blocks (`<summary>...</summary>`), where backslash escapes are not processed; inside math it
becomes `\\lt`, which every LaTeX renderer reads as `<` and no HTML parser reads as a tag.
"""

from __future__ import annotations

import datetime as dt
import json
import re

# Dollar math as the HTML renderer's dollarmath reads it (allow_space=False, allow_digits=False, like pandoc):
# no space inside the dollars, no digit outside them, so "$5 and $10" stays text.
MATH = r"\$\$.+?\$\$|(?<!\d)\$(?=\S)(?:\\.|[^$\\])*?(?<=\S)\$(?!\d)"
# Spans whose content is literal to Markdown renderers: code spans and math.
_LITERAL = re.compile(r"(`+).+?\1|" + MATH, re.S)
_MATH = re.compile(MATH, re.S)
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# `<` as an entity, not `\<`: entities stay text inside HTML blocks (`<summary>`), backslash escapes do not.
_PROSE = {"<": "&lt;", "[": "\\[", "]": "\\]"}
# Line starts that would make data a heading (also a setext underline), quote, list, fence or rule. A link
# reference definition (`[1]: https://...`) cannot start: every `[` of data is escaped.
_BLOCK_START = re.compile(r"#|>|[-*+](?=\s|$)|[-=]+\s*$|`{3,}|~{3,}|[-=*_](\s*[-=*_]){2,}\s*$")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])\s+\S")
# Control characters: PDF text layers give them for glyphs without a Unicode mapping (math brackets, ticks). With
# them the bidirectional overrides and isolates, with which a title would show in another order than it is written.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")  # the others: whitespace to str.split
_GITHUB_REPO = re.compile(r"https?://(?:www\.)?github\.com/([A-Za-z0-9-]{1,39})/([A-Za-z0-9._-]{1,100}?)(?:\.git)?/?", re.I)
_FIGURE_FILE = re.compile(r"figures/[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.(?:png|jpe?g|gif|webp)")
# YAML treats these as line breaks or forbids them even inside double quotes; JSON leaves them raw. A viewer
# without front matter support shows it as Markdown, so HTML and link characters are written as \u escapes too, and
# so are the bidirectional overrides (a value that reads in another order than it is written).
_YAML_UNSAFE = re.compile("[<>&\\[\\]`\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff\ufffe\uffff]")


def _escape_math(latex: str) -> str:
    # A renderer without math support reads the span as prose: `$\text{<img ...>}$` would be HTML, `$[a](u)$`
    # a link and `$![a$` the start of an image. \lt is the same sign to LaTeX, and `]{}(`, `!{}[` the same signs.
    return latex.replace("<", "\\lt ").replace("](", "]{}(").replace("![", "!{}[")


def _backtick_run(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] == "`":
        end += 1
    return end


def _code_span_end(text: str, start: int, run: int) -> int | None:
    """Where the code span opened by the run at start ends (CommonMark: the next run of equal length)."""
    i = start + run
    while (i := text.find("`", i)) != -1:
        end = _backtick_run(text, i)
        if end - i == run:
            return end
        i = end
    return None


def _escape_inline(text: str) -> str:
    """Text that no CommonMark reading turns into HTML, a link or an image; code spans and math kept.

    Backslash escapes are read the way CommonMark reads them (`\\`` is a backtick, not a code span), and
    what stays literal holds neither `<` nor `](`, so a viewer that sees other spans still sees no tag or link.
    """
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
            following = text[i + 1]
            out.append("&lt;" if following == "<" else "\\" + following)
            i += 2
        elif char == "`":
            run = _backtick_run(text, i) - i
            end = _code_span_end(text, i, run)
            if end is not None and "<" not in text[i:end] and "](" not in text[i:end]:
                out.append(text[i:end])
                i = end
            else:
                out.append("\\`" * run)
                i += run
        elif char == "$" and (math := _MATH.match(text, i)):
            out.append(_escape_math(math.group(0)))
            i = math.end()
        else:
            out.append(_PROSE.get(char, char))
            i += 1
    return "".join(out)


def md(value: object) -> str:
    """One line of data as Markdown text: whitespace collapsed, no HTML, no images, no block markers."""
    text = _escape_inline(" ".join(_CONTROL.sub("", str(value if value is not None else "")).split()))
    ordered = _ORDERED_START.match(text)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{text[ordered.end():]}"
    return "\\" + text if _BLOCK_START.match(text) else text


def md_block(value: object) -> str:
    """Multi-line data (an overview, an outlook): paragraphs and simple lists kept, each line made safe."""
    lines = []
    for raw in str(value if value is not None else "").splitlines():
        line = raw.strip()
        if _LIST_ITEM.match(line):
            marker, rest = line.split(None, 1)
            lines.append(f"{marker} {md(rest)}")
        else:
            lines.append(md(line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def md_cell(value: object) -> str:
    """Data inside a table cell: like md, and `|` cannot end the cell (GFM strips the backslash)."""
    return md(value).replace("|", "\\|") or "—"


def yaml_value(value: object) -> str:
    """A YAML flow scalar or sequence for front matter: JSON, which YAML reads, made YAML-printable."""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    dumped = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def strip_math(text: str) -> str:
    return re.sub(MATH, "", text, flags=re.S)


def slugify(title: str) -> str:
    """The id markdown-it-py's anchors plugin (and GitHub) gives a heading, so contents links resolve."""
    return re.sub(r"[^\w\u4e00-\u9fff\- ]", "", title.lower().replace(" ", "-"))


def anchor(heading: str) -> str:
    """The anchor of a heading written from data: math is not part of the heading's text for the plugin."""
    return slugify(strip_math(" ".join(heading.split())))


def stars(rating: int | None) -> str:
    return f"{'★' * rating}{'☆' * (5 - rating)} ({rating}/5)" if rating else ""


def truncate_words(value: object, length: int = 300) -> str:
    """Cut at a word boundary with an ellipsis, never inside a math span."""
    text = " ".join(str(value or "").split())
    if len(text) <= length:
        return text
    cut = text[:length]
    for match in _LITERAL.finditer(text):
        if match.start() < length < match.end():
            cut = text[: match.start()]
            break
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def tidy(markdown: str) -> str:
    """Blank lines around headings and rules, at most one blank line in a row, no trailing spaces.

    The YAML front matter at the top is left as it is.
    """
    lines = [line.rstrip() for line in markdown.strip("\n").splitlines()]
    head: list[str] = []
    if lines[:1] == ["---"] and "---" in lines[1:]:
        end = lines.index("---", 1) + 1
        head, lines = lines[:end] + [""], lines[end:]
    out: list[str] = []
    for line in lines:
        separate = line.startswith("#") or line == "---"
        if separate and out and out[-1] != "":
            out.append("")
        if out and (out[-1].startswith("#") or out[-1] == "---") and line != "":
            out.append("")
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(head + out) + "\n"


_DISPLAY = re.compile(r"\$\$((?:(?!\$\$).)+)\$\$", re.S)


def is_display_math(value: object) -> bool:
    """A claim that is a single display equation, rendered as a math block."""
    return isinstance(value, str) and _DISPLAY.fullmatch(value.strip()) is not None


def math_body(value: str) -> str:
    match = _DISPLAY.fullmatch(value.strip())
    return _escape_math(" ".join((match.group(1) if match else value).split()))


def code_url(value: object) -> str:
    """A listing's code link, only as https://github.com/OWNER/REPO (the one kind of foreign link a report has)."""
    match = _GITHUB_REPO.fullmatch(str(value or "").strip())
    return f"https://github.com/{match.group(1)}/{match.group(2)}" if match else ""


def figure_src(value: object) -> str:
    """A figure's image as the report's own figures/NAME file, or '' for any other path or URL."""
    text = str(value or "")
    return text if _FIGURE_FILE.fullmatch(text) else ""


def report_link(value: object) -> str:
    """A link to another report: a file: URI or a relative path to a report file; '' for anything else."""
    from urllib.parse import quote

    text = str(value or "").strip()
    # A relative path has no scheme (no colon) and does not start at a root; quote() makes the rest inert.
    if not (re.fullmatch(r"(?![/\\])[^:\\\n]+\.(md|html|json)", text) or text.startswith("file:///")):
        return ""
    return quote(text, safe=":/%-._~")


def day(value: object) -> str:
    return value.date().isoformat() if isinstance(value, dt.datetime) else str(value)


def authors(names: list[str], limit: int = 0) -> str:
    """'A, B, C' (or 'A, B, C et al.' past limit), escaped."""
    shown = names[:limit] if limit else names
    text = ", ".join(md(n) for n in shown) or "—"
    return text + (" et al." if limit and len(names) > limit else "")


def sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def basename(value: object) -> str:
    return re.split(r"[\\/]", str(value))[-1]


def caption(figure) -> str:
    """A figure's caption without its own 'Figure 3:' prefix (the report prints the name in bold)."""
    text = " ".join(str(figure.caption or "").split())
    name = re.escape(figure.name).replace(r"\ ", r"\s*")
    return re.sub(rf"^(?:{name}|Fig\.?\s*\S+)\s*[.:|-]?\s*", "", text, flags=re.I)


FILTERS = {
    "md": md,
    "md_block": md_block,
    "md_cell": md_cell,
    "md_alt": md,  # brackets are escaped by md itself; the name stays for user templates
    "yaml": yaml_value,
    "anchor": anchor,
    "stars": stars,
    "truncate_words": truncate_words,
    "math_body": math_body,
    "code_url": code_url,
    "figure_src": figure_src,
    "report_link": report_link,
    "day": day,
    "authors": authors,
    "basename": basename,
    "sentence": sentence,
    "caption": caption,
}
TESTS = {"display_math": is_display_math}

"""Section headings and the first page's front matter.

Headings are numbered ('3.2 Training', 'IV. RESULTS', 'A Proofs') or named (Abstract, References, ...); once those
are known, their type style finds the unnumbered headings set the same way. A table of contents lists the same
headings with page numbers: those entries are not headings.
"""

from __future__ import annotations

import re

from paperdigest.pdf.records import Layout, Line, Page, Role, family, free_blocks, one_row, x_overlap, y_overlap

HEADING_RE = re.compile(
    r"^(?:(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)*|[IVX]+)\.?\s+[A-Z]\S*"
    r"|(?i:abstract|references|bibliography|acknowledg(?:e)?ments?|appendix|appendices)\b)"
)
_SECTION_RE = re.compile(r"^(?:\d+(?:\.\d+)*|[IVX]+)\.?\s|(?i:abstract|introduction)\b")  # not a title's 'A ...'
_ABSTRACT_RE = re.compile(r"^\s*abstract\s*[.:—–-]?\s*$", re.I)
_SENTENCE_BREAK = re.compile(r"[a-z]{2}\.\s+[A-Z]")
_CONTENTS_TITLE = re.compile(r"^\s*(?:table of )?contents\s*$", re.I)
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d*\s*$")
_LARGER = 0.8  # points over the body size that make a line's type larger than the prose (not a rounding wobble)
_SMALLER = 0.6  # points a heading may be smaller than the prose (the same size, rounded differently)
_SMALL_CAPITALS = 1.5  # points a bold heading in capitals ('IV. RESULTS') may be smaller: small caps run small
_MAX_HEADING_WORDS = 12  # longer lines are sentences that happen to start with a number
_MAX_UNNUMBERED_WORDS = 10  # unnumbered headings are short names ('Related Work')
_CONTENTS_ENTRIES = 3  # entries with page numbers that make a page a table of contents
_CONTENTS_INDENT = 6  # body sizes from the left edge within which a contents entry starts
_PAGE_NUMBER_GAP = 4  # font sizes between an entry and its page number, at least


def mark_headings(pages: list[Page], layout: Layout) -> None:
    """Numbered and named headings, before prose: a heading set in the same block as its paragraph is still one.

    Entries of a table of contents (and their page numbers) are neither headings nor prose: a page listing three
    or more is a contents page, and so is the page after one that lists any.
    """
    contents = False
    for page in pages:
        for _, free in free_blocks(page):
            _mark_block(free, layout, page.number)
        right = layout.text_box[2] - 2 * layout.body_size  # page numbers of a contents page stand at the right edge
        numbers = [line for line in page.lines if line.text.strip().isdigit() and line.bbox[2] > right]
        entries = [line for line in page.lines if line.role in (Role.TEXT, Role.HEADING) and _contents_entry(line, numbers, layout)]
        contents = len(entries) >= _CONTENTS_ENTRIES or contents and bool(entries)
        titles = [line for line in page.lines if _CONTENTS_TITLE.match(line.text)]
        for line in entries + numbers + titles if contents else ():
            if line.role in (Role.TEXT, Role.HEADING):
                line.role = Role.CONTENTS  # neither heading nor prose


def _mark_block(lines: list[Line], layout: Layout, page: int) -> None:
    """A bold line of the same size right under a heading continues it (a heading broken over two lines)."""
    previous: Line | None = None
    for line in lines:
        if line.role is not Role.TEXT:
            previous = None
            continue
        if _is_heading(line, layout) or (page <= 2 and not line.rotated and _ABSTRACT_RE.match(line.text)):
            line.role = Role.HEADING
        elif (
            previous is not None
            and previous.role is Role.HEADING
            and line.bold
            and abs(line.size - previous.size) < 0.3
            and 0 <= line.bbox[1] - previous.bbox[3] < 0.5 * line.size
        ):
            line.role = Role.HEADING
        previous = line


def _is_heading(line: Line, layout: Layout) -> bool:
    """Bold or larger than the prose; small capitals ('IV. RESULTS') may be set a little smaller than it."""
    words = line.text.split()
    if not words or len(words) > _MAX_HEADING_WORDS or not HEADING_RE.match(line.text) or _sentence(line.text):
        return False
    capitals = line.text.upper() == line.text and any(c.isalpha() for c in line.text)
    if line.size < layout.body_size - (_SMALL_CAPITALS if capitals and line.bold else _SMALLER):
        return False
    return line.bold or line.size > layout.body_size + _LARGER


def _sentence(text: str) -> bool:
    """A numbered list item reads as a sentence: it runs on over a full stop, or ends in one after many words."""
    text = text.rstrip()
    return text.endswith((",", ";", ":")) or bool(_SENTENCE_BREAK.search(text)) or text.endswith(".") and len(text.split()) > 4


def _contents_entry(line: Line, numbers: list[Line], layout: Layout) -> bool:
    """A table-of-contents line: dot leaders, or a heading with a page number far to its right on the same row."""
    if _LEADERS.search(line.text):
        return True
    if not HEADING_RE.match(line.text) or line.bbox[0] > layout.text_box[0] + _CONTENTS_INDENT * layout.body_size:
        return False  # a table's label column beside its numbers, a plot's tick labels
    return any(other.bbox[0] - line.bbox[2] > _PAGE_NUMBER_GAP * line.size and one_row(other.bbox, line.bbox) for other in numbers)


def mark_unnumbered(pages: list[Page], layout: Layout) -> None:
    """Unnumbered headings ('Related Work', 'Methods', 'Figures') set in the type style of the paper's larger headings.

    Only styles larger than the prose are learned. A line takes one when it starts its block and prose follows
    right under it, or when it is a block of its own set flush with the prose's left edge outside any graphic (a
    heading right above a figure): bold run-in phrases, plot labels and table headers stay text.
    """
    styles = {_style(line) for page in pages for line in page.lines if line.role is Role.HEADING and line.size > layout.body_size + _LARGER}
    if not styles:
        return
    for page in pages:
        body = [line for line in page.lines if line.role is Role.BODY]
        lefts = {round(layout.text_box[0])} | {round(line.bbox[0]) for line in body}
        blocks: dict[int, list[Line]] = {}
        for line in page.lines:
            blocks.setdefault(line.block, []).append(line)
        for line in page.lines:
            words = line.text.split()
            if not (
                line.role is Role.TEXT
                and blocks[line.block][0] is line
                and _style(line) in styles
                and 0 < len(words) <= _MAX_UNNUMBERED_WORDS
                and line.text[:1].isupper()
                and not line.text.rstrip().endswith((".", ",", ";", ":"))
            ):
                continue
            above_prose = any(0 <= b.bbox[1] - line.bbox[3] < 3 * line.size and x_overlap(b.bbox, line.bbox) > 0 for b in body)
            alone = (
                len(blocks[line.block]) == 1
                and round(line.bbox[0]) in lefts
                and not any(x_overlap(g, line.bbox) > 0 and y_overlap(g, line.bbox) > 0 for g in page.graphics)
            )
            if above_prose or alone:
                line.role = Role.HEADING


def _style(line: Line) -> tuple[str, float, bool]:
    return family(line.font), round(line.size, 1), line.bold


def mark_front(pages: list[Page], layout: Layout) -> None:
    """Title, authors and affiliations: text above the first prose, section heading and graphic of page 1.

    A lettered 'heading' up there ('A Review of ...') is the title; rules around the title and the small icons
    beside author names (ORCID) are no graphic.
    """
    page = pages[0]
    starts = [line.bbox[1] for line in page.lines if line.role is Role.BODY or line.role is Role.HEADING and _SECTION_RE.match(line.text)]
    starts += [b[1] - 2 for b in page.graphics if b[3] > layout.text_box[1] and b[2] - b[0] > 30 and b[3] - b[1] > 20]
    top = min(starts, default=0.0)
    for line in page.lines:
        if line.role in (Role.TEXT, Role.HEADING) and line.bbox[3] < top:
            line.role = Role.FRONT

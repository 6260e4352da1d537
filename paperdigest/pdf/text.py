"""Text in reading order: sections, references, title/authors/arXiv stamp, plain page text.

Works on the role-marked lines of roles.py: margins (running headers, page numbers, line numbers, the arXiv
stamp) are already out, and lines inside figure regions or captions are skipped so tables do not leak into prose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from paperdigest.models import Figure, Reference, Section
from paperdigest.pdf.headings import HEADING_RE
from paperdigest.pdf.joining import join_lines
from paperdigest.pdf.records import Layout, Line, Page, Role, inside, y_overlap
from paperdigest.pdf.statistics import BODY_TOLERANCE

UNTITLED = "Text"  # title of the prose before the first heading
_NUMBERED = re.compile(r"^(?P<num>\d+(?:\.\d+)*|[A-Z](?:\.\d+)*)\.?\s+\S")
_REFERENCES = re.compile(r"^(?:\d+\.?\s+)?(?:references|bibliography|literature cited)\s*$", re.I)
# A note's mark before its text: "1Since ...", "3 We omit ...", "*Equal contribution", "†Work done at ..." (a year,
# "2019 by the author(s).", is not one).
_NOTE_MARK = re.compile(r"^(?:\d{1,2}(?![\d.,])|[∗*†‡§¶⋆])\s*(?=\S)")
_BRACKET = re.compile(r"^\[(\d+)\]\s*")
_DOTTED = re.compile(r"^(\d+)\.\s+")
_ARXIV_REF = re.compile(r"(?:arXiv[:\s]*|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s,;\"<>]+)")
_STAMP = re.compile(r"arXiv:\s*(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?"
                    r"\s*\[(?P<cat>[^\]]+)\]\s*(?P<date>\d{1,2}\s+\w{3}\s+\d{4})")


def read_order(pages: list[Page], layout: Layout, figures: list[Figure]) -> tuple[list[tuple[int, Line]], list[list[Line]]]:
    """Prose lines of every page, columns read left then right within bands cut by full-width lines; and apart, each
    page's footnotes and footers in the same order."""
    ordered: list[tuple[int, Line]] = []
    notes: list[list[Line]] = []
    for page, lines in _text_lines(pages, figures):
        under = {id(line) for line in _under_the_prose(lines, page, layout)}
        ordered.extend((page.number, line) for line in _column_order([l for l in lines if id(l) not in under], layout))
        notes.append(_column_order([l for l in lines if id(l) in under], layout))
    return ordered, notes


def footnotes(notes: list[list[Line]], words: frozenset[str]) -> list[str]:
    """The small type under the prose (each page's, from `read_order`), a note each (marks dropped): kept out of the
    running text, where a note would split the sentence it ends a column in ("... i.e., the 1Since our corpus ..."),
    but still read, as a footnote is where many papers put their code link."""
    parts: list[list[str]] = []
    for page_notes in notes:
        for index, line in enumerate(page_notes):
            mark = _NOTE_MARK.match(line.text)
            if mark or index == 0:
                parts.append([])
            parts[-1].append(line.prose[mark.end() :] if mark else line.prose)
    return [note for note in (join_lines(lines, words) for lines in parts) if note]


def _text_lines(pages: list[Page], figures: list[Figure]) -> Iterator[tuple[Page, list[Line]]]:
    """Each page's lines of text, headings and prose outside its figures (a table's cells are not prose)."""
    regions: dict[int, list[tuple[float, float, float, float]]] = {}
    for figure in figures:
        if figure.region_bbox and figure.page:
            regions.setdefault(figure.page, []).append(figure.region_bbox)
    for page in pages:
        boxes = regions.get(page.number, [])
        yield page, [
            line
            for line in page.lines
            if line.role in (Role.BODY, Role.HEADING, Role.TEXT) and not any(inside(line.bbox, box, 2.0) for box in boxes)
        ]


def _under_the_prose(lines: list[Line], page: Page, layout: Layout) -> list[Line]:
    """Footnotes and footers: small type below the page's last prose line, or below its own column's while the
    other column runs on when that small type opens with a note's mark (an equation set small there does not).
    Not where a heading (References) stands below that last prose line."""
    small = [line for line in lines if line.size < layout.body_size - BODY_TOLERANCE]
    page_end = _prose_end(lines, page)
    under = [line for line in small if line.bbox[1] > page_end]
    if layout.two_columns:
        for side in ("left", "right"):
            end = _prose_end([line for line in lines if _side(line, layout) in (side, "full")], page)
            below = sorted((l for l in small if _side(l, layout) == side and end < l.bbox[1] <= page_end), key=lambda l: l.bbox[1])
            if below and _NOTE_MARK.match(below[0].text):
                under += below
    return under


def _prose_end(lines: list[Line], page: Page) -> float:
    end = max((line.bbox[3] for line in lines if line.role is Role.BODY), default=page.height)
    return page.height if any(line.role is Role.HEADING and line.bbox[1] > end for line in lines) else end


def _side(line: Line, layout: Layout) -> str:
    """Which column of a two-column page a line sits in: left, right, or across both (full)."""
    if line.bbox[2] <= layout.middle + 8:
        return "left"
    return "right" if line.bbox[0] >= layout.middle - 8 else "full"


def _column_order(lines: list[Line], layout: Layout) -> list[Line]:
    lines = sorted(lines, key=lambda line: (line.bbox[1], line.bbox[0]))
    if not layout.two_columns:
        return lines
    out: list[Line] = []
    columns: dict[str, list[Line]] = {"left": [], "right": []}
    for line in lines:
        side = _side(line, layout)
        if side == "full":  # closes the band above it
            out += columns["left"] + columns["right"] + [line]
            columns = {"left": [], "right": []}
        else:
            columns[side].append(line)
    return out + columns["left"] + columns["right"]


def _level(title: str) -> int:
    match = _NUMBERED.match(title)
    return match.group("num").count(".") + 1 if match else 1


def sections(ordered: list[tuple[int, Line]], abstract: list[Line], words: frozenset[str]) -> list[Section]:
    """Split the prose at headings; lines joined as a reader reads them (see joining.py).

    Prose before the first heading is a first section titled 'Text' (as the HTML parser names it), so a paper
    whose headings go undetected keeps its text. When headings follow, only body lines count there (author
    lines and stray labels are no prose). The lines of an `abstract` found without a heading (see
    unlabelled_abstract) make an Abstract section of their own, unless the paper has a headed one.
    """
    found = _split(ordered, set(), words)
    if not abstract or any(section.title.lower() == "abstract" for section in found):
        return found
    found = _split(ordered, {id(line) for line in abstract}, words)
    return [Section(title="Abstract", level=1, text=join_lines([line.prose for line in abstract], words), page=1), *found]


def _split(ordered: list[tuple[int, Line]], skipped: set[int], words: frozenset[str]) -> list[Section]:
    headed = any(line.role is Role.HEADING for _, line in ordered)
    found: list[Section] = []
    parts: list[str] = []

    def close() -> None:
        if found:
            found[-1].text = join_lines(parts, words)

    for page, line in ordered:
        if id(line) in skipped:
            continue
        if line.role is Role.HEADING and found and not parts and not HEADING_RE.match(line.text):
            found[-1].title = f"{found[-1].title} {line.text.strip()}"  # heading broken over two lines
        elif line.role is Role.HEADING:
            close()
            parts = []
            title = re.sub(r"\s+", " ", line.text).strip()
            found.append(Section(title=title, level=_level(title), page=page))
            headed = False  # past the preamble: every line counts
        elif line.role is Role.BODY or not headed:
            if not found:
                found.append(Section(title=UNTITLED, level=1, page=page))
            parts.append(line.prose)
    close()
    return found


def unlabelled_abstract(page: Page, layout: Layout) -> list[Line]:
    """The abstract of styles that print none of its own heading (ACM, REVTeX, some journals).

    It is the longest paragraph of the first page between the title block and the first section heading: lines
    of one size, each right under the last, as against affiliations, keywords and reference formats.
    """
    limit = min((line.bbox[1] for line in page.lines if line.role is Role.HEADING), default=page.height)
    front = [line.bbox[3] for line in page.lines if line.role is Role.FRONT]
    if not front:
        return []  # no title block: an excerpt, whose first lines are some section's prose
    lines = [
        line
        for line in page.lines
        if line.role in (Role.FRONT, Role.TEXT, Role.BODY) and not line.rotated and min(front) < line.bbox[1] and line.bbox[3] <= limit + 1
    ]
    paragraphs: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: line.bbox[1]):
        top = min(line.bbox[1], line.bbox[3] - line.size)
        for paragraph in paragraphs:
            last = paragraph[-1]
            if (
                abs(line.size - last.size) < 0.6
                and -1 <= top - last.bbox[3] < max(0.6 * line.size, 1.5 * layout.line_gap)
                and last.bbox[0] < line.bbox[2]
                and line.bbox[0] < last.bbox[2]
            ):
                paragraph.append(line)
                break
        else:
            paragraphs.append([line])
    best = max(paragraphs, key=lambda paragraph: sum(len(line.text.split()) for line in paragraph), default=[])
    if len(best) < 3 or sum(len(line.text.split()) for line in best) < 40:
        return []
    return best


def references(ordered: list[tuple[int, Line]], words: frozenset[str]) -> list[Reference]:
    """Entries of the references section: numbered '[n]' / 'n.' when printed so, else by hanging indent."""
    start = next((i for i, (_, line) in enumerate(ordered) if line.role is Role.HEADING and _REFERENCES.match(line.text)), None)
    if start is None:
        return []
    lines: list[Line] = []
    for _, line in ordered[start + 1 :]:
        if line.role is Role.HEADING:  # appendix or supplementary material
            break
        lines.append(line)
    groups = _split_entries(lines)
    out: list[Reference] = []
    for index, group in enumerate(groups, start=1):
        entry = join_lines([line.text for line in group], words)
        number = index
        match = _BRACKET.match(entry) or _DOTTED.match(entry)
        if match:
            number = int(match.group(1))
            entry = entry[match.end() :]
        arxiv = _ARXIV_REF.search(entry)
        doi = _DOI.search(entry)
        out.append(
            Reference(
                index=number,
                text=entry.strip(),
                arxiv_id=arxiv.group(1) if arxiv else None,
                doi=doi.group(1).rstrip(".") if doi else None,
            )
        )
    return out


def _split_entries(lines: list[Line]) -> list[list[Line]]:
    for pattern in (_BRACKET, _DOTTED):
        if sum(1 for line in lines if pattern.match(line.text)) >= 3:
            return _split_where(lines, lambda line, _p=pattern: bool(_p.match(line.text)))
    # Hanging indent: an entry starts at its column's left edge, its continuation lines are indented.
    edges = sorted({round(line.bbox[0]) for line in lines})
    def starts(line: Line) -> bool:
        column_edge = min((e for e in edges if abs(e - line.bbox[0]) < 30), default=line.bbox[0])
        return line.bbox[0] - column_edge < 3
    if any(not starts(line) for line in lines):
        return _split_where(lines, starts)
    firsts = {id(line) for prev, line in zip([None, *lines], lines) if prev is None or prev.block != line.block}
    return _split_where(lines, lambda line: id(line) in firsts)


def _split_where(lines: list[Line], starts: Any) -> list[list[Line]]:
    groups: list[list[Line]] = []
    for line in lines:
        if starts(line) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def metadata(pages: list[Page], layout: Layout, info: dict[str, Any]) -> dict[str, Any]:
    """Title and authors from the first page's type sizes, arXiv id/version/category/date from its stamp."""
    meta: dict[str, Any] = {}
    first = pages[0]
    front = [line for line in first.lines if line.role is Role.FRONT]  # above the first prose and graphic
    top = front or [line for line in first.lines if not line.rotated and line.bbox[1] < 0.5 * first.height]
    if top:
        size = max(line.size for line in top)
        title_lines = [line for line in top if abs(line.size - size) < 0.6]
        if size > layout.body_size + 1.5:
            meta["title"] = " ".join(line.text for line in title_lines)
            below = title_lines[-1].bbox[3]
            under = [line for line in first.lines if line.bbox[1] > below and not line.rotated and line.role is not Role.MARGIN]
            # the title block's lines; else what follows the title, where names set as wide as prose are no FRONT
            meta["authors"] = _authors([line for line in top if line.bbox[1] > below]) or _authors(under)
    if "title" not in meta and info.get("title"):
        meta["title"] = info["title"]
    for line in first.lines + [line for page in pages[1:2] for line in page.lines]:
        stamp = _STAMP.search(line.text)
        if stamp:
            meta["arxiv_id"] = stamp.group("id")
            meta["arxiv_version"] = int(stamp.group("v")) if stamp.group("v") else None
            meta["arxiv_category"] = stamp.group("cat").strip()
            try:
                meta["arxiv_date"] = dt.datetime.strptime(stamp.group("date"), "%d %b %Y").date().isoformat()
            except ValueError:
                meta["arxiv_date"] = stamp.group("date")
            break
    return meta


_AUTHOR_MARKS = re.compile(r"[\d∗*†‡§¶♯♭#♦□■◆◇○●★☆&α-ωΑ-Ω]+")  # footnote and affiliation marks: "Kyle Loα", "Tal August□"
_PARTICLES = frozenset("de del della der di da dos du la le van von den ten ter bin al".split())
_TITLE_WORDS = frozenset("with for of the via from by using towards into over under through beyond".split())  # a subtitle's


def _authors(lines: list[Line]) -> list[str]:
    """Names between the title and the abstract (or the prose that opens the paper): bold lines when names are set
    in bold, else the first row and the rows its list runs on to. A long list of names may read as prose and still
    count."""
    head: list[Line] = []
    for line in sorted(lines, key=lambda line: (line.bbox[1], line.bbox[0])):
        if line.role is Role.HEADING or (line.role is Role.BODY and not line.bold and head):
            break
        head.append(line)
    chosen = [line for line in head if line.bold] or _name_rows(head)
    names: list[str] = []
    for line in chosen:
        for part in re.split(r",|\band\b|;|\s{2,}|[\d∗*†‡§¶♯]+\s+", line.text):
            name = " ".join(_AUTHOR_MARKS.sub("", part).split()).strip(" ,")
            if 1 < len(name.split()) <= 5 and _capitalised(name) and not re.search(r"@|univ|institute|google|research", name, re.I):
                names.append(name)
    return names


# A row of names that goes on: "Julian Schrittwieser,1∗Ioannis Antonoglou,1,2∗Thomas Hubert," (not "David Silver1,2∗").
_LIST_GOES_ON = re.compile(r"([^\W\d_],|\band)[\d∗*†‡§¶♯,]*\s*$")


def _name_rows(head: list[Line]) -> list[Line]:
    """The first row (names set apart by wide gaps are separate lines on it), and the next rows of its type while a
    row ends in the middle of the list. When each name stands over its own email, every line of the names' type
    below is one more name (ACM's grid of authors)."""
    rows: list[Line] = []
    rest = head
    while rest:
        top = rest[0]
        row = [line for line in rest if _same_row(line, top)]
        rows += row
        rest = [line for line in rest if line not in row]
        if rest and any("@" in line.text for line in rest if _same_row(line, rest[0])):
            return rows + [line for line in rest if abs(line.size - top.size) <= 0.5]
        if not rest or abs(rest[0].size - top.size) > 0.5 or not _LIST_GOES_ON.search(max(row, key=lambda line: line.bbox[2]).text):
            break
    return rows


def _same_row(line: Line, top: Line) -> bool:
    return y_overlap(line.bbox, top.bbox) > 0.5 * (top.bbox[3] - top.bbox[1])


def _capitalised(name: str) -> bool:
    """Every word of a name starts with a capital ('Weinan E', 'Diego de Las Casas'), and none is a title's small word:
    not a phrase of the abstract, nor a subtitle ('Bootstrapping Reasoning With Reasoning')."""
    words = name.split()
    return all(word[:1].isupper() or word in _PARTICLES for word in words) and not any(word.lower() in _TITLE_WORDS for word in words)


def page_text(page: Page) -> str:
    return "\n".join(line.prose for line in page.lines if line.role is not Role.MARGIN)

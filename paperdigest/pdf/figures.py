"""Captioned figures and tables: find the caption, then grow the body from the ink on the side away from it.

Caption-anchored like pdffigures2: a figure is only reported when a caption names it, so uncaptioned graphics
never become false positives. The region is the union of the ink (drawings, images, non-prose text) between the
caption and the nearest prose, heading or other caption, widened to whatever ink overlaps it horizontally so
full-width bodies with short centred captions come out whole.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, replace

from paperdigest.models import Figure
from paperdigest.pdf.captions import CONTINUED
from paperdigest.pdf.joining import join_lines
from paperdigest.pdf.records import BBox, Caption, Layout, Page, Role, rounded, union, x_overlap, y_overlap
from paperdigest.pdf.roles import prose_like
from paperdigest.pdf.turned import turned_layout, turned_page, unturn_box

_MAX_GAP = 45.0  # farthest the nearest body ink may sit from its caption, points
_MAX_INNER_GAP = 30.0  # widest empty band inside one figure body
_BAND_SLACK = 12.0  # bodies may overhang the text area / column by this much
_IMAGE_SLACK = 36.0  # raster images and wide tables may overhang the outer edges of the text area this much


@dataclass
class Candidate:
    side: str  # up | down | left | right
    box: BBox
    gap: float
    members: list[BBox]


def _ink(page: Page, layout: Layout) -> tuple[list[BBox], set[BBox]]:
    """Everything that can belong to a figure body, and the part of it lying on raster images.

    Graphics inside the text area and non-prose text; graphics drawn over an admitted image come with it.
    """
    tx0, ty0, tx1, ty1 = layout.text_box

    def admitted(box: BBox) -> bool:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return ty0 - 4 <= cy <= ty1 + 4 and tx0 - _BAND_SLACK <= cx <= tx1 + _BAND_SLACK

    images = [box for box in page.images if admitted(box)]
    boxes = [line.bbox for line in page.lines if line.role is Role.TEXT]
    boxes += [box for box in page.graphics if admitted(box) or any(_touches(box, image) for image in images)]
    return boxes, {box for box in boxes if any(_touches(box, image) for image in images)}


def _touches(a: BBox, b: BBox) -> bool:
    return x_overlap(a, b) > 0 and y_overlap(a, b) > 0


def _blockers(page: Page) -> list[BBox]:
    return [line.bbox for line in page.lines if line.role in (Role.BODY, Role.HEADING, Role.CAPTION, Role.FRONT)]


def _band(cap: BBox, layout: Layout, outer: float = _BAND_SLACK) -> tuple[float, float]:
    """Where a body may lie horizontally: the caption's column in two-column layouts, else the text width.

    `outer` is the overhang allowed past the text area's edges; past the column middle it stays small.
    """
    x0, _, x1, _ = layout.text_box
    lo, hi = x0 - outer, x1 + outer
    middle = layout.middle
    centred = cap[0] < middle - 4 and cap[2] > middle + 4  # a short label centred on the page, under a wide body
    if layout.two_columns and not centred and cap[2] <= middle + 10:
        hi = middle + _BAND_SLACK
    elif layout.two_columns and not centred and cap[0] >= middle - 10:
        lo = middle - _BAND_SLACK
    return lo, hi


def _admits(box: BBox, cap: BBox, layout: Layout, raster: set[BBox], graphics: set[BBox]) -> bool:
    """Ink in the caption's band; raster images and ink centred in the band (a table's last column) may overhang
    its outer edges a little, and a drawing across the band (the rule of a table wider than the text area) may
    run on past them as far as it goes."""
    band = _band(cap, layout)
    if band[0] <= box[0] and box[2] <= band[1]:
        return True
    wide = _band(cap, layout, _IMAGE_SLACK)
    if (box in raster or band[0] <= (box[0] + box[2]) / 2 <= band[1]) and wide[0] <= box[0] and box[2] <= wide[1]:
        return True
    free = _band(cap, layout, math.inf)
    return (
        box in graphics
        and free[0] <= box[0]
        and box[2] <= free[1]
        and box[0] < band[1]
        and box[2] > band[0]
    )


def _grow(
    caption: Caption,
    side: str,
    ink: list[BBox],
    blockers: list[BBox],
    layout: Layout,
    raster: set[BBox],
    graphics: set[BBox],
) -> Candidate | None:
    """Ink reached from the caption outward, stopping at the nearest blocker and at wide empty gaps.

    The horizontal span starts as the caption's and widens with each ink element taken, so a short centred
    caption still gets its full-width table; the blocker limit is recomputed for the widened span.
    """
    cap = caption.reach
    own = {id(line.bbox) for line in caption.lines}
    others = [b for b in blockers if id(b) not in own]
    up = side == "up"
    pool = [
        b
        for b in ink
        if (b[3] <= cap[1] + 2 if up else b[1] >= cap[3] - 2) and _admits(b, cap, layout, raster, graphics)
    ]
    pool.sort(key=lambda b: cap[1] - b[3] if up else b[1] - cap[3])
    span = (cap[0], cap[2])
    members: list[BBox] = []
    for _ in range(4):
        if up:
            limit = max([b[3] for b in others if b[3] <= cap[1] + 1 and _hits(b, span)], default=-1e9)
            allowed = [b for b in pool if b[1] >= limit - 1]
        else:
            limit = min([b[1] for b in others if b[1] >= cap[3] - 1 and _hits(b, span)], default=1e9)
            allowed = [b for b in pool if b[3] <= limit + 1]
        members = _walk(allowed, cap, up, span, others)
        if not members:
            return None
        box = union(members)
        new_span = (min(span[0], box[0]), max(span[1], box[2]))
        if new_span == span:
            break
        span = new_span
    box = union(members)
    return Candidate(side, box, cap[1] - box[3] if up else box[1] - cap[3], members)


def _walk(pool: list[BBox], cap: BBox, up: bool, span: tuple[float, float], blockers: list[BBox]) -> list[BBox]:
    """Take ink in order of distance while it stays within a gap of what was taken and overlaps the span.

    An element is refused when taking it would make the body cover prose, a heading or another caption (an
    algorithm box above a figure that sits beside a paragraph, say).
    """
    if not pool:
        return []
    reachable = union([*pool, cap])
    blockers = [k for k in blockers if x_overlap(reachable, k) > 1 and y_overlap(reachable, k) > 1]
    members: list[BBox] = []
    box: BBox | None = None
    reach = 0.0  # distance from the caption covered so far
    lo, hi = span
    changed = True
    left = list(pool)
    while changed:
        changed = False
        for b in list(left):
            near = cap[1] - b[3] if up else b[1] - cap[3]
            far = cap[1] - b[1] if up else b[3] - cap[3]
            allowed_gap = _MAX_GAP if not members else _MAX_INNER_GAP
            if near - reach > allowed_gap:
                break
            if b[2] <= lo or b[0] >= hi:
                continue
            grown = union([box, b]) if box else b
            if any(x_overlap(grown, k) > 1 and y_overlap(grown, k) > 1 for k in blockers):
                continue
            members.append(b)
            left.remove(b)
            box = grown
            reach = max(reach, far)
            lo, hi = min(lo, b[0]), max(hi, b[2])
            changed = True
    return members


def _beside(caption: Caption, side: str, ink: list[BBox], blockers: list[BBox], page: Page) -> Candidate | None:
    """A body set beside its caption: ink level with the caption, grown up and down while it stays connected.

    Only graphics count as such a body: text beside a caption is the other column.
    """
    cap = caption.bbox
    pool = [b for b in ink if (b[2] <= cap[0] + 2 if side == "left" else b[0] >= cap[2] - 2)]
    members = [b for b in pool if y_overlap(b, cap) > 0]
    if not members:
        return None
    box = union(members)
    changed = True
    while changed:
        changed = False
        for b in pool:
            if b not in members and x_overlap(b, box) > 0 and max(b[1] - box[3], box[1] - b[3]) <= _MAX_INNER_GAP:
                members.append(b)
                box = union(members)
                changed = True
    if any(x_overlap(b, box) > 0 and y_overlap(b, box) > 0 for b in blockers):
        return None
    graphics = set(page.graphics)
    if not any(b in graphics for b in members):
        return None
    return Candidate(side, box, cap[0] - box[2] if side == "left" else box[0] - cap[2], members)


def _hits(box: BBox, span: tuple[float, float]) -> bool:
    return min(box[2], span[1]) - max(box[0], span[0]) > 2


def locate(pages: list[Page], layout: Layout, words: frozenset[str]) -> list[Figure]:
    """Every captioned figure and table, with caption and region boxes (nothing rendered); `words` join caption lines."""
    found: list[tuple[Caption, Page, dict[str, Candidate]]] = []
    for page in pages:
        on_page = page.captions
        for turn in sorted({caption.lines[0].turn for caption in on_page}):
            turned = [caption for caption in on_page if caption.lines[0].turn == turn]
            found += [(caption, page, sides) for caption, sides in zip(turned, _sides(turned, page, layout, turn))]
    convention = _conventions(found)
    figures: list[Figure] = []
    seen: set[tuple[str, int]] = set()  # a name once per paper; a continuation once per page
    for page in pages:
        on_page = [(caption, sides) for caption, p, sides in found if p is page and sides]
        for (caption, sides), side in zip(on_page, _assign(on_page, convention)):
            key = (caption.name, page.number if caption.name.endswith(CONTINUED) else 0)
            if key in seen:
                continue
            seen.add(key)
            figures.append(
                Figure(
                    name=caption.name,
                    type=caption.kind,  # type: ignore[arg-type]
                    page=page.number,
                    caption=join_lines([line.text for line in caption.lines], words),
                    caption_bbox=rounded(caption.bbox),
                    region_bbox=rounded(sides[side].box),
                )
            )
    return figures


def _sides(captions: list[Caption], page: Page, layout: Layout, turn: int) -> list[dict[str, Candidate]]:
    """The possible bodies of each caption, by side; captions set sideways are searched on the turned page."""
    view = turned_page(page, turn) if turn else page
    if turn:
        layout = turned_layout(layout, page, turn)
        index = {id(line): n for n, line in enumerate(page.lines)}
        captions = [Caption(c.name, c.kind, [view.lines[index[id(line)]] for line in c.lines]) for c in captions]
    ink, raster = _ink(view, layout)
    blockers = _blockers(view)
    graphics = set(view.graphics)
    prose = {line.bbox for line in view.lines if line.role is Role.TEXT and prose_like(line, layout)}
    found = []
    for caption in captions:
        sides = {}
        for side in ("up", "down"):
            candidate = _grow(caption, side, ink, blockers, layout, raster, graphics)
            if candidate and candidate.gap <= _MAX_GAP and _plausible(candidate, graphics, prose):
                sides[side] = candidate
        for side in ("left", "right") if not sides else ():
            candidate = _beside(caption, side, ink, blockers, view)
            if candidate and candidate.gap <= _MAX_GAP:
                sides[side] = candidate
        found.append(sides)
    _split_stacked(captions, found)
    return [{side: replace(c, box=unturn_box(c.box, page, turn)) for side, c in sides.items()} for sides in found]


def _split_stacked(captions: list[Caption], found: list[dict[str, Candidate]]) -> None:
    """Two items stacked between their captions (a table captioned above it over a figure captioned below it) grow
    into one region from both captions; they are split at the widest empty band between them.

    Only captions that can face nothing but each other: a caption with a body on its other side too (the second
    of two tables captioned above them) is left to the choice of sides."""
    for (upper, above), (lower, below) in itertools.permutations(zip(captions, found), 2):
        down, up = above.get("down"), below.get("up")
        if not down or not up or set(above) != {"down"} or set(below) != {"up"}:
            continue
        if upper.bbox[3] > lower.bbox[1] or not _overlaps(down.box, up.box):
            continue
        members = sorted({*down.members, *up.members}, key=lambda b: b[1])
        bottom, split, widest = members[0][3], None, 0.0
        for b in members[1:]:
            if b[1] - bottom > widest:
                split, widest = (bottom + b[1]) / 2, b[1] - bottom
            bottom = max(bottom, b[3])
        if split is None:
            continue
        top_part = [b for b in members if b[3] <= split]
        bottom_part = [b for b in members if b[1] >= split]
        top_box, bottom_box = union(top_part), union(bottom_part)
        above["down"] = Candidate("down", top_box, top_box[1] - upper.bbox[3], top_part)
        below["up"] = Candidate("up", bottom_box, lower.bbox[1] - bottom_box[3], bottom_part)


def _plausible(candidate: Candidate, graphics: set[BBox], prose: set[BBox]) -> bool:
    """A body that is mostly prose is a paragraph (a footnote, an abstract), not a figure.

    One thin rule (a footnote separator) does not make it a figure; a shape or several rules (a table) do.
    """
    box = candidate.box
    if box[2] - box[0] < 3 or box[3] - box[1] < 3:
        return False  # a rule or a dot, not a body
    drawn = [b for b in candidate.members if b in graphics]
    if len(drawn) >= 2 or any(b[2] - b[0] > 3 and b[3] - b[1] > 3 for b in drawn):
        return True
    return sum(b in prose for b in candidate.members) < 0.5 * len(candidate.members)


def _assign(on_page: list[tuple[Caption, dict[str, Candidate]]], convention: dict[str, str]) -> list[str]:
    """One side per caption: regions must not overlap, the paper's convention is preferred, then small gaps."""
    options = [list(sides) for _, sides in on_page]
    if math.prod(len(o) for o in options) > 4096:  # pathological page: decide each caption alone
        return [min(o, key=lambda k, s=sides: (k != convention[c.kind], s[k].gap)) for o, (c, sides) in zip(options, on_page)]
    best: tuple[float, tuple[str, ...]] | None = None
    for choice in itertools.product(*options):
        boxes = [sides[side].box for (_, sides), side in zip(on_page, choice)]
        cost = sum(10.0 for (c, _), side in zip(on_page, choice) if side != convention[c.kind])
        cost += sum(sides[side].gap for (_, sides), side in zip(on_page, choice)) / 100
        cost += 100.0 * sum(1 for a, b in itertools.combinations(boxes, 2) if _overlaps(a, b))
        if best is None or cost < best[0]:
            best = (cost, choice)
    return list(best[1]) if best else []


def _overlaps(a: BBox, b: BBox) -> bool:
    ix, iy = x_overlap(a, b), y_overlap(a, b)
    if ix <= 0 or iy <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy > 0.3 * max(smaller, 1.0)


def _conventions(found: list[tuple[Caption, Page, dict[str, Candidate]]]) -> dict[str, str]:
    """Which side of its caption a body sits on, per kind, voted by the unambiguous captions of the paper."""
    votes = {"figure": Counter[str](), "table": Counter[str]()}
    for caption, _, sides in found:
        if len(sides) == 1 and next(iter(sides)) in ("up", "down"):
            votes[caption.kind][next(iter(sides))] += 1
    defaults = {"figure": "up", "table": "down"}
    return {kind: (votes[kind].most_common(1)[0][0] if votes[kind] else defaults[kind]) for kind in votes}

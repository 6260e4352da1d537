"""Pure: papers read in depth in an earlier report are not read again; their places go to the next-ranked ones.

A paper with a newer arXiv version than the one read is read again, and the report says what changed.
"""

from __future__ import annotations

from paperdigest.history import HistoryEntry
from paperdigest.models import HistoryNotes, Paper, PaperEntry, ReadBefore, Selection, UpdatedPaper


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def papers_read(earlier: list[HistoryEntry]) -> dict[str, tuple[HistoryEntry, PaperEntry]]:
    """Each paper read in depth in the history, with the latest report that read it."""
    read: dict[str, tuple[HistoryEntry, PaperEntry]] = {}
    for entry in sorted(earlier, key=lambda e: e.sort_key):
        for paper_entry in entry.report.selected:
            if paper_entry.analysis is not None:
                read[paper_entry.paper.arxiv_id] = (entry, paper_entry)
    return read


def _note(entry: HistoryEntry, paper: Paper) -> dict:
    p = entry.report.params
    return dict(
        arxiv_id=paper.arxiv_id, version=paper.version, title=paper.title, report_id=entry.id,
        report_start=p.start, report_end=p.end, link=entry.link,
    )


def skip_already_read(
    selections: list[Selection], papers: dict[str, Paper], history: list[HistoryEntry], own_id: str
) -> tuple[list[Selection], HistoryNotes]:
    """The same number of papers is read in depth as `select` chose, none of them read by another report.

    selections are ranked (select's output); papers maps their ids to this run's records; own_id is this
    command and period's entry: what its earlier run read stays read here, so a rerun reproduces its report
    even after another report read the same papers.
    """
    own = papers_read([e for e in history if e.id == own_id])
    read = {pid: seen for pid, seen in papers_read([e for e in history if e.id != own_id]).items() if pid not in own}
    wanted = sum(s.selected for s in selections)
    notes, ranked, chosen = HistoryNotes(), [], 0
    for selection in selections:
        eligible = selection.excluded_by is None
        # Only papers that would be read now: one read before but ranked below the cut is just listed.
        before = read.get(selection.arxiv_id) if eligible and chosen < wanted else None
        if before is not None:
            old, new = before[1].paper, papers[selection.arxiv_id]
            if old.version is not None and new.version is not None and new.version > old.version:
                notes.updated.append(
                    UpdatedPaper(
                        **_note(before[0], old), new_version=new.version,
                        new_title=None if _same(old.title, new.title) else new.title,
                        abstract_changed=bool(old.abstract and new.abstract and not _same(old.abstract, new.abstract)),
                    )
                )
            else:
                notes.already_read.append(ReadBefore(**_note(before[0], old)))
                eligible = False
        ranked.append(selection.model_copy(update={"selected": eligible and chosen < wanted}))
        chosen += ranked[-1].selected
    return ranked, notes

"""The reader's profile: what they read (library files, a few sentences of interests), what they do not want,
and whom they follow. Reading the files, and looking up the text of bare arXiv ids, is the only I/O; ranking
by it is select.py's pure job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import httpx

from paperdigest.errors import FetchError, InvalidIdError, SourceError
from paperdigest.events import Event, OnEvent
from paperdigest.http import client_origin
from paperdigest.library import load_libraries
from paperdigest.models import Paper
from paperdigest.relevance import LibraryItem
from paperdigest.settings import Settings
from paperdigest.sources import SourceResult
from paperdigest.stage import Results, Step, cache_key


@dataclass
class Profile:
    liked: list[LibraryItem] = field(default_factory=list)
    disliked: list[LibraryItem] = field(default_factory=list)
    follow: tuple[str, ...] = ()
    skipped: int = 0  # malformed library entries left out

    @property
    def has_library(self) -> bool:
        return bool(self.liked or self.disliked)

    def bare_ids(self) -> list[str]:
        """arXiv ids of items without a title (a .txt list): their text is still to be found."""
        return list(dict.fromkeys(i.arxiv_id for i in self.liked + self.disliked if not i.title and i.arxiv_id))

    def with_texts(self, papers: list[Paper]) -> Profile:
        """The profile with bare ids given these papers' titles and abstracts."""
        by_id = {p.arxiv_id: p for p in papers}

        def filled(items: list[LibraryItem]) -> list[LibraryItem]:
            return [
                replace(i, title=by_id[i.arxiv_id].title, abstract=by_id[i.arxiv_id].abstract) if not i.title and i.arxiv_id in by_id else i
                for i in items
            ]

        return replace(self, liked=filled(self.liked), disliked=filled(self.disliked))

    def describe(self) -> str:
        """One line for the report: what the ranking was built from."""
        parts = []
        liked, disliked = sum(bool(i.title) for i in self.liked), sum(bool(i.title) for i in self.disliked)
        if liked:
            parts.append(f"closeness to {liked} item(s) of your library/interests")
        if disliked:
            parts.append(f"away from {disliked} not-interested item(s)")
        if unknown := len(self.bare_ids()):
            parts.append(f"{unknown} arXiv id(s) of your library not found")
        if self.follow:
            parts.append(f"followed authors/organisations first ({', '.join(self.follow)})")
        return "; ".join(parts)


def load_profile(settings: Settings, today: dt.date) -> Profile:
    """Read the library files named in the settings; a missing or non-library file is a usage error."""
    liked = load_libraries([p.expanduser() for p in settings.library], today)
    disliked = load_libraries([p.expanduser() for p in settings.not_interested], today)
    if settings.interests.strip():
        liked.items.append(LibraryItem(title=" ".join(settings.interests.split())))
    return Profile(liked.items, disliked.items, settings.follow, liked.skipped + disliked.skipped)


# A .txt library of thousands of ids would take minutes of arXiv API pages (one per 100 ids, 3 s apart).
MAX_LOOKUPS = 1000


def lookup_step(ids: list[str], client: httpx.AsyncClient) -> Step[SourceResult]:
    """The arXiv API's papers for these ids, kept when every id was found: the same library on the next run
    costs no request (a thousand ids are ten pages, 3 s apart)."""
    from paperdigest.sources.arxiv import lookup_ids

    return Step(
        "library-ids", cache_key("library-ids", sorted(ids), client_origin(client)), SourceResult,
        lambda: lookup_ids(client, ids), keep=lambda found: not found.errors,
    )  # fmt: skip


async def look_up_bare_ids(
    profile: Profile, papers: list[Paper], client: httpx.AsyncClient, results: Results, on_event: OnEvent
) -> Profile:
    """The profile with the text of its bare arXiv ids that the fetched window does not hold, from the arXiv API."""
    profile = profile.with_texts(papers)
    ids = profile.bare_ids()
    if not ids:
        return profile
    if len(ids) > MAX_LOOKUPS:
        on_event(Event("select", f"library: looking up the first {MAX_LOOKUPS} of {len(ids)} bare arXiv ids", level="warning"))
    try:
        found = await results.record(lookup_step(ids[:MAX_LOOKUPS], client))
    except (FetchError, SourceError, InvalidIdError) as exc:
        on_event(Event("select", f"library: arXiv ids not looked up ({exc}); ranking without them", level="warning"))
        return profile
    for problem in found.errors:
        on_event(Event("select", f"library: {problem}", level="warning"))
    return profile.with_texts(found.papers)

"""The reader's profile: what they read (library files, a few sentences of interests), what they do not want,
and whom they follow. Reading the files is the only I/O; ranking by it is select.py's pure job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from paperdigest.library import load_libraries
from paperdigest.relevance import LibraryItem
from paperdigest.settings import Settings


@dataclass
class Profile:
    liked: list[LibraryItem] = field(default_factory=list)
    disliked: list[LibraryItem] = field(default_factory=list)
    follow: tuple[str, ...] = ()
    skipped: int = 0  # malformed library entries left out
    files: list[str] = field(default_factory=list)

    @property
    def has_library(self) -> bool:
        return bool(self.liked or self.disliked)

    def describe(self) -> str:
        """One line for the report: what the ranking was built from."""
        parts = []
        if self.liked:
            parts.append(f"closeness to {len(self.liked)} item(s) of your library/interests")
        if self.disliked:
            parts.append(f"away from {len(self.disliked)} not-interested item(s)")
        if self.follow:
            parts.append(f"followed authors/organisations first ({', '.join(self.follow)})")
        return "; ".join(parts)


def load_profile(settings: Settings, today: dt.date) -> Profile:
    """Read the library files named in the settings; a missing or non-library file is a usage error."""
    liked = load_libraries([p.expanduser() for p in settings.library], today)
    disliked = load_libraries([p.expanduser() for p in settings.not_interested], today)
    if settings.interests.strip():
        liked.items.append(LibraryItem(title=" ".join(settings.interests.split())))
    return Profile(liked.items, disliked.items, settings.follow, liked.skipped + disliked.skipped, liked.files + disliked.files)

"""Progress events: the library reports through a callback and never prints; the CLI decides how to show them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Event:
    stage: str
    message: str = ""
    level: Literal["debug", "info", "warning", "error"] = "info"
    done: int | None = None
    total: int | None = None
    paper: str | None = None


OnEvent = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The default listener: the library runs fine with nobody watching."""


def paper_count(count: int) -> str:
    """How a message counts papers: "1 paper", "31 papers"."""
    return f"{count} paper" if count == 1 else f"{count} papers"

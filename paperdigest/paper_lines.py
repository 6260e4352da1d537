"""What the list of every paper of the period says about each: one line and a code link, in the paper's own words."""

from __future__ import annotations

from dataclasses import dataclass

from paperdigest.models import PaperEntry
from paperdigest.availability import URL, is_availability
from paperdigest.reading import label
from paperdigest.sentences import own_claims, own_method


@dataclass(frozen=True)
class OneLine:
    """What the list of all papers says about one paper: a sentence and where it came from."""

    text: str
    source: str  # "paper": quoted from its abstract; "hf": Hugging Face's ai_summary


def one_line(entry: PaperEntry) -> OneLine | None:
    """The abstract's contribution sentence, else HF's own summary (labelled as HF's), else nothing."""
    if entry.analysis and entry.analysis.summary.contribution:
        return OneLine(entry.analysis.summary.contribution.text, "paper")
    sentences = label(entry.paper.abstract)
    own = own_claims(sentences, ("contribution",)) or own_method(sentences)
    if own:
        return OneLine(own[0].text, "paper")
    summary = entry.paper.extra.get("ai_summary")
    return OneLine(" ".join(summary.split()), "hf") if isinstance(summary, str) and summary.strip() else None


def code_link(entry: PaperEntry) -> str | None:
    """The paper's code repository: the source's field, else a URL in the abstract's availability sentence."""
    repo = entry.paper.extra.get("githubRepo")
    if isinstance(repo, str) and repo.startswith(("https://", "http://")):
        return repo
    for sentence in label(entry.paper.abstract):
        if sentence.role == "availability":
            url = next(iter(URL.findall(sentence.text)), None)
            if url and is_availability(sentence.text):
                return url.rstrip(".")
    return None

"""Whether a sentence offers the reader the paper's code, data, models, weights or project page: the Usage guide's
one job, and the reason a sentence with a link is not simply "availability" (a footnote to a conference site, a
baseline's repository named in passing)."""

from __future__ import annotations

import re

from paperdigest.wording import OWN_VOICE, any_word

URL = re.compile(r"https?://[^\s)\]>,;\"']+")
_ARTIFACT = any_word(
    "code", "codes", "codebase", "source code", r"data(sets?)?", "models?", "weights", "checkpoints?", "benchmarks?", "corpus",
    r"(project|our|this) (page|website|homepage)", r"(website|homepage)(?=\s*:)", "repository", "repo", "github", "hugging ?face", "demo", "tool(kit|s)?",
    "trajectories", "implementation", "scripts", "pipeline", "framework",
)
# Offered to the reader: "available", "we release", "are open-sourced" (not "public datasets", "open-source tools"),
# "can be found at" (not "models can be found in other applications").
_RELEASE = re.compile(
    r"\b((is|are|be|been|made|become) (publicly |freely |openly )?available|(?<!already )available (at|on|from|via|under) (https?://|github|hugging ?face|our|the project|this)|"
    r"we (also )?(release|open-source|publish|provide access)|(is|are|be|been|was|were) (released|open-sourced|open[- ]source|publicly released)|"
    r"releasing|can be (found|accessed|downloaded) (at|on|from|via|here|in our|in https?://|publicly|freely))",
    re.I,
)
# "We evaluate on an existing benchmark for which tests are available", "code are publicly available [Wang, 2021]",
# "the code for their agent will be released": others' artifacts, not an offer.
_EXISTING = re.compile(
    r"\b(existing|previously (released|published)|third-party|their (\w+ )?(code|data|datasets?|models?|weights|tools?|implementation|agents?|systems?))\b"
    r"|\bavailable\s*(\[[^\]]*\]|\([^)]*\d{4}[a-z]?\))",
    re.I,
)
_OWN_ARTIFACT = re.compile(r"\bwe (also |will )?(release|open-source|publish|make)\b|\bour (code|data|datasets?|models?|weights|benchmark|tools?)\b", re.I)
_LABELLED_LINK = re.compile(r"^(code|project( page)?|data(set)?|models?|weights|demo|website|homepage|repository)\b[^.]{0,40}(:|\bat\b)", re.I)
_OTHERS_LINK = re.compile(r"\b(compare|baseline|following|implementation of|from|we used?)\b[^.]{0,60}\(?https?://", re.I)
# "Perspective API, a toxicity detection tool created by Jigsaw and available at https://...": someone else's.
_SOMEONE_ELSES = re.compile(r"\b(created|developed|built|maintained|provided|curated) by\b", re.I)
# "Results for the 8B model can be found in Appendix G", "... when little training data is available", "while key
# metadata is available for every case, some is missing": no offer.
_NOT_OFFERED = re.compile(
    r"\b(found|given|reported) in (the )?(appendix|appendices|section|table|fig(ure)?|[“\"])"
    r"|\b(when|if|where|unless|whenever|once|as soon as|while)\b[^.]{0,120}\b(is|are|becomes?) (publicly |freely )?available\b",
    re.I,
)
# Where the authors' voice and a link are all there is, the link must lead to code or data ("github.com/...", "project
# page: https://..."): a footnote's "commercial tools like copy.ai, https://copy.ai" offers nothing of theirs.
_ARTIFACT_LINK = re.compile(
    r"https?://(www\.)?([\w-]+\.)*(github|gitlab|bitbucket|huggingface|hf|zenodo|figshare|osf|kaggle|codeocean|sourceforge|pypi)\.|"
    r"https?://[^\s/]+\.github\.io|\b(code|project( page| website)?|data(sets?)?|models?|weights|demo|website|homepage|repository)\b[^.]{0,20}(:|\bat\b)\s*https?://",
    re.I,
)


def is_availability(sentence: str) -> bool:
    """Code, data, models, weights or a project page offered to the reader, not any sentence with a URL
    (a footnote to a conference site, a baseline's repository named in passing)."""
    if not _ARTIFACT.search(sentence) or _EXISTING.search(sentence) and not (URL.search(sentence) or _OWN_ARTIFACT.search(sentence)):
        return False
    if _NOT_OFFERED.search(sentence) and not URL.search(sentence) or _SOMEONE_ELSES.search(sentence) and not _OWN_ARTIFACT.search(sentence):
        return False
    return bool(_RELEASE.search(sentence) or URL.search(sentence) and (
        _LABELLED_LINK.search(sentence)
        or OWN_VOICE.search(sentence) and not _OTHERS_LINK.search(sentence) and (_ARTIFACT_LINK.search(sentence) or _OWN_ARTIFACT.search(sentence))
    ))

"""Lines joined into the text a reader reads: hyphenation undone where TeX made it, URLs put back together.

A hyphen at the end of a line is either TeX's (drop it: "av-" + "erage") or the word's own ("token-" + "level",
"English-" + "to-German"). TeX never hyphenates a word at a second place once it holds a hyphen, so a compound
keeps its hyphen; for the rest the paper's own words decide: the joined word used elsewhere in it, or both
halves used as words of their own while the joined word is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BROKEN_TAIL = re.compile(r"-\n\S*")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?*†‡§"
_HEAD = re.compile(r"(\S*?)([^\W\d_]+)-$")  # the word before a line-end hyphen, and its last run of letters
_COMPOUND = re.compile(r"[\w/@:.-]")  # before the word's last letters: a compound, a number or a URL, not "("
_TAIL = re.compile(r"([^\W\d_]+)(\S*)")  # the first word of the next line: its leading letters
_URL = re.compile(r"(?:https?://|www\.)\S+")
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_URL_INNER = re.compile(r"[/._\-=?#%&]")  # a path or file name, not a word of the sentence after the URL
_URL_BREAKS = "/._-~=?&#%"  # a URL broken after one of these goes on after the space
_TRAILING = ".,;:)]"  # sentence punctuation after a URL


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The words a document uses, lower-cased, hyphenated compounds whole and their later parts as '-part';
    halves of words broken at a line end left out."""
    # A line ending in a hyphen may break a word: drop the next line's first word, the broken word's tail.
    joined = _BROKEN_TAIL.sub("-", "\n".join(text.strip() for text in texts))
    words: set[str] = set()
    for token in set(joined.split()):  # each distinct token once: most repeat
        word = token.strip(_EDGE_PUNCTUATION).lower()
        if word and not word.endswith("-"):
            words.add(word)
            if "-" in word:
                words.update(f"-{part}" for part in word.split("-")[1:])  # "-level" of "token-level"
    return frozenset(words)


def join_lines(parts: list[str], words: frozenset[str]) -> str:
    """Lines of one paragraph as running text: one space between lines, line-break hyphens resolved."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalnum():
            text = text[:-1] + part if _soft_hyphen(text, part, words) else text + part
        else:
            text = f"{text} {part}" if text else part
    return join_urls(text)


def _soft_hyphen(text: str, part: str, words: frozenset[str]) -> bool:
    """Whether the hyphen ending `text` was put there by line breaking (so the word continues in `part`)."""
    head, tail = _HEAD.search(text[text.rfind(" ") + 1 :]), _TAIL.match(part)  # the last word only: text is long
    if head is None or tail is None:
        return False  # "COVID-" + "19", "English-" + "German", "GPT4-": the hyphen is the word's
    if _COMPOUND.search(head.group(1)) or "-" in tail.group(2):
        return False  # "state-of-" + "the-art", "English-" + "to-German", a URL: a compound, broken at its hyphen
    first, rest = head.group(2).lower(), tail.group(1)
    if first + rest.lower() in words:
        return True  # "GRO-" + "BID" where the paper writes GROBID elsewhere, "classi-" + "ﬁcation"
    if not rest[0].islower() or len(first) < 2 or f"{first}-{rest}" in words:
        return False  # "English-" + "German"; TeX leaves two letters at least before a break: "e-" + "mail"
    # "token-" + "level" (or "-level" as in "document-level"); "To-" + "day" is TeX's
    return not (len(first) > 2 and first in words and (rest in words or f"-{rest}" in words))


def join_urls(text: str) -> str:
    """URLs broken by a space (at a line end or by the text layer) joined: 'https://github.com/ tensorflow/t2t'."""
    out: list[str] = []
    end = 0
    for match in _URL.finditer(text):
        if match.start() < end:
            continue
        url_end = match.end()
        while True:
            url = text[match.start() : url_end]
            after = re.match(r" (\S+)", text[url_end:])
            if not after or url[-1] not in _URL_BREAKS or "://" in after.group(1) or after.group(1).startswith("www."):
                break
            core = after.group(1).rstrip(_TRAILING)
            inner = _URL_INNER.search(core)
            if not core or not _URL_CHARS.fullmatch(core) or not (inner or url[-1] in "-_~"):
                break
            if url[-1] == "." and "/" not in core:
                break  # "https://x.org/a. We" ends a sentence
            out.append(text[end:url_end])
            end = url_end + 1  # drop the space
            url_end += 1 + len(after.group(1))
        out.append(text[end:url_end])
        end = url_end
    out.append(text[end:])
    return "".join(out)

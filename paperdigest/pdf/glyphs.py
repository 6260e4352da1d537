"""Letters as a PDF's text layer spells them oddly, spelt as a reader reads them: search, rules and copy-paste see
words ("ﬁnd" is "find", "Veliˇckovi´c" is "Veličković")."""

from __future__ import annotations

import re
import unicodedata

# A font's ligature glyphs ("ﬁnd", "eﬃcient") as the letters they stand for.
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# TeX's accents as pdfTeX sets them: a spacing accent glyph before its letter ("M¨uller", "Rodr´ıguez" with a dotless
# i), two characters to a reader's search.
_SPACING_ACCENTS = {"´": "\u0301", "ˇ": "\u030c", "¨": "\u0308", "˜": "\u0303", "ˆ": "\u0302", "˘": "\u0306", "˙": "\u0307", "˚": "\u030a", "¯": "\u0304", "˝": "\u030b"}  # fmt: skip
_ACCENTED = re.compile(f"([{''.join(_SPACING_ACCENTS)}])([A-Za-zı])")


def compose_accents(text: str) -> str:
    """`_SPACING_ACCENTS` before a letter as the accented letter: "Veličković", "Müller", "Rodríguez"."""
    return _ACCENTED.sub(lambda m: unicodedata.normalize("NFC", ("i" if m[2] == "ı" else m[2]) + _SPACING_ACCENTS[m[1]]), text)


def plain_letters(text: str) -> str:
    """Ligatures spelt out and TeX's accents composed."""
    return compose_accents(text.translate(LIGATURES))

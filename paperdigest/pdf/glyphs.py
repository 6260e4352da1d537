"""Letters as a PDF's text layer spells them oddly, spelt as a reader reads them: search, rules and copy-paste see
words ("ﬁnd" is "find", "Veliˇckovi´c" is "Veličković")."""

from __future__ import annotations

import re
import unicodedata

# A font's ligature glyphs ("ﬁnd", "eﬃcient") as the letters they stand for.
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# TeX's accents as pdfTeX sets them: a spacing accent glyph before its letter ("M¨uller", "Rodr´ıguez" with a dotless
# i), two characters to a reader's search.
_SPACING_ACCENTS = {"˛": "\u0328", "´": "\u0301", "ˇ": "\u030c", "¨": "\u0308", "˜": "\u0303", "ˆ": "\u0302", "˘": "\u0306", "˙": "\u0307", "˚": "\u030a", "¯": "\u0304", "˝": "\u030b"}  # fmt: skip
_ACCENTED = re.compile(f"([{''.join(_SPACING_ACCENTS)}])([A-Za-zı])")


def compose_accents(text: str) -> str:
    """`_SPACING_ACCENTS` before a letter as the accented letter: "Veličković", "Müller", "Rodríguez"."""
    return _ACCENTED.sub(lambda m: unicodedata.normalize("NFC", ("i" if m[2] == "ı" else m[2]) + _SPACING_ACCENTS[m[1]]), text)


# A cedilla set as a spacing glyph beside its letter: after it ("Franc¸ois", "S¸ima"), or before a c or an s
# ("Louren¸co"). Under a vowel it stands for an ogonek, which TeX's old fonts lack: "Jastrze¸bski" is Jastrzębski.
_CEDILLA = re.compile(r"([cCsS])¸|¸([cCsS])|([A-Za-z])¸(?![cCsS])")


def _with_cedilla(found: re.Match[str]) -> str:
    letter = found[1] or found[2] or found[3]
    return unicodedata.normalize("NFC", letter + ("\u0328" if letter in "aeiouAEIOU" else "\u0327"))


def plain_letters(text: str) -> str:
    """Ligatures spelt out and TeX's accents composed."""
    return _CEDILLA.sub(_with_cedilla, compose_accents(text.translate(LIGATURES)))

"""A cheap guess at a text's language, to catch a document in the wrong language.

Vietnamese is told by its letters (ơ ư đ ă and the stacked tone marks: nearly every
Vietnamese word has one, English prose almost none), English by its commonest
function words, other scripts by their Unicode blocks. It only answers when sure,
and only vi, en and scripts are told apart; other Latin-script languages are
"unknown", never a warning.
"""

from __future__ import annotations

import re
import unicodedata

from .lengths import primary

_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_WORD = re.compile(r"[^\W\d_]+")
_EN_COMMON = frozenset("the and of to in is that for it with as was on are be this by you have not".split())
_SCRIPTS = (
    ("zh", ("CJK UNIFIED",)),
    ("ja", ("HIRAGANA", "KATAKANA")),
    ("ko", ("HANGUL",)),
    ("ru", ("CYRILLIC",)),
    ("ar", ("ARABIC",)),
    ("th", ("THAI",)),
    ("el", ("GREEK",)),
    ("he", ("HEBREW",)),
    ("hi", ("DEVANAGARI",)),
)
NAMES = {"vi": "Vietnamese", "en": "English", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Cyrillic-script",
         "ar": "Arabic", "th": "Thai", "el": "Greek", "he": "Hebrew", "hi": "Devanagari-script"}


def _is_vietnamese_letter(char: str) -> bool:
    if char in _VI_LETTERS:
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return len(decomposed) > 1 and any(mark in decomposed for mark in "\u0300\u0301\u0303\u0309\u0323")


def guess(text: str, sample: int = 20000) -> str | None:
    """'vi', 'en', a script's language, or None when unsure."""
    text = text[:sample]
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 40:
        return None
    for lang, blocks in _SCRIPTS:
        count = 0
        for char in letters:
            name = unicodedata.name(char, "")
            if name.startswith(blocks):
                count += 1
        if count > 0.3 * len(letters):
            return lang
    vi = sum(1 for c in letters if _is_vietnamese_letter(c.lower()))
    if vi > 0.08 * len(letters):
        return "vi"
    words = [w.lower() for w in _WORD.findall(text)]
    if words and sum(1 for w in words if w in _EN_COMMON) > 0.12 * len(words) and vi < 0.01 * len(letters):
        return "en"
    return None


def mismatch(text: str, declared: str | None) -> str | None:
    """A sentence saying that `text` looks like another language than `declared`, or None."""
    want = primary(declared)
    if not want:
        return None
    found = guess(text)
    if found is None or found == want:
        return None
    if want not in NAMES and found in ("en",):
        return None  # other Latin-script languages are not told from English reliably enough
    return f"the text looks {NAMES.get(found, found)} ({found}), not {NAMES.get(want, want)} ({want}) as declared"

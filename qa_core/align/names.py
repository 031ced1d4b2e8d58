"""Names that two languages write differently, from CLDR (the Unicode Common Locale
Data Repository, read through Babel): countries and regions, languages, days of the
week. "Trung Quốc" and "China" share no letter, so the capitalised-word anchors of
`anchors.py` cannot tie them; CLDR's display names can: both name the territory CN,
and each paragraph that names it gets the anchor key g:CN.

Nothing is shipped: the names are read at run time from the CLDR data that Babel
(a dependency, BSD licence; its CLDR data under the Unicode licence) bundles, for any
language CLDR knows, and kept per language for the run. Only the display names of
codes are used (no sentences).

How a name is found in a paragraph (`find`): the words of the display name in a row,
compared in lower case; every word after the first that CLDR capitalises must be
capitalised in the text ("vương quốc Anh" = "Vương quốc Anh", not "vương quốc anh"),
and a name of one word must be capitalised and not open a sentence (Vietnamese
"Anh ..." at a sentence's start is mostly the pronoun, "Pháp" inside "phương pháp" is
not France). The longest name wins. A name of one word also matches with an English
possessive ("China's"). Where most of a language's language names start with the same
word (Vietnamese "Tiếng Anh", "Tiếng Pháp": "tiếng" = language), the names are also
kept without it ("người Anh", the English). A display name that names several codes
(Vietnamese "Pháp": France and French) gives every one of them.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .lengths import primary

#: what ends a sentence (or opens a quotation) in the chunk before a word
_OPENERS = ".!?:;\"“”«»…"
_SPLIT = re.compile(r"[\s,;()\[\]]+")


def _display_names(lang: str) -> dict[str, set[str]]:
    """Display name -> the codes it names, in `lang` (empty if CLDR lacks the language)."""
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # pragma: no cover - babel is a dependency
        return {}
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return {}
    names: dict[str, set[str]] = {}

    def add(name: str, code: str) -> None:
        name = " ".join(name.split())
        if name and len(name) >= 2 and not any(c.isdigit() for c in name):
            names.setdefault(name, set()).add(code)

    for code, name in locale.territories.items():
        if not code.isdigit() or code in _REGIONS:
            add(name, "T" + code)
    languages = {code: name for code, name in locale.languages.items() if "_" not in code and len(code) <= 3}
    for code, name in languages.items():
        add(name, "L" + code)
    # a classifier word most language names open with ("tiếng" in Vietnamese): the
    # names without it are how the running text also says them
    firsts = Counter(name.split()[0].lower() for name in languages.values() if len(name.split()) > 1)
    if firsts:
        word, count = firsts.most_common(1)[0]
        if count > 0.3 * len(languages):
            for code, name in languages.items():
                parts = name.split()
                if len(parts) > 1 and parts[0].lower() == word:
                    add(" ".join(parts[1:]), "L" + code)
    for width in ("wide",):
        for context in ("format", "stand-alone"):
            try:
                days = locale.days[context][width]
            except KeyError:
                continue
            for number, name in days.items():
                add(name, f"D{number}")
    return names


#: UN M.49 regions kept (continents and the like, which talks and articles name);
#: the other numeric codes are sub-regions ("Western Asia") seldom written so
_REGIONS = frozenset({"001", "002", "009", "019", "142", "150", "419", "021", "005", "053", "054", "057", "061"})


class NameTable:
    """One language's names, indexed by the capitalised words that can trigger them."""

    __slots__ = ("by_word",)

    def __init__(self, names: dict[str, set[str]]) -> None:
        #: lower-cased capitalised word -> (name's words lower-cased, the word's place in
        #: them, which of them must be capitalised, the codes), longest name first
        by_word: dict[str, list[tuple[tuple[str, ...], int, tuple[bool, ...], tuple[str, ...]]]] = {}
        for name, codes in names.items():
            words = name.split()
            caps = tuple(k > 0 and w[:1].isupper() for k, w in enumerate(words))
            if len(words) == 1:
                caps = (True,)
            entry_words = tuple(w.lower() for w in words)
            ordered = tuple(sorted(codes))
            for place, word in enumerate(words):
                if place == 0 or caps[place]:
                    by_word.setdefault(word.lower(), []).append((entry_words, place, caps, ordered))
        for entries in by_word.values():
            entries.sort(key=lambda e: (-len(e[0]), e[0]))
        self.by_word = by_word

    def find(self, chunks: list[str], index: int, core: str) -> tuple[int, tuple[str, ...]] | None:
        """The name that the word `core` (chunk `index` of the paragraph's chunks between
        spaces, punctuation stripped, capitalised) belongs to: (the index of the chunk
        after the name, its codes), or None."""
        low = core.lower()
        entries = self.by_word.get(low)
        if entries is None and low[-2:] in ("'s", "’s"):
            entries = [e for e in self.by_word.get(low[:-2], ()) if len(e[0]) == 1]
        if not entries:
            return None
        for words, place, caps, codes in entries:
            start = index - place
            stop = start + len(words)
            if start < 0 or stop > len(chunks):
                continue
            if len(words) == 1:
                if start == 0 or chunks[start - 1][-1:] in _OPENERS or chunks[start][:1] in _OPENERS:
                    continue  # a one-word name opening a sentence: most often a common word
                return stop, codes
            ok = True
            for k in range(len(words)):
                word = chunks[start + k].strip(_STRIP)
                if k == len(words) - 1 and word.lower()[-2:] in ("'s", "’s"):
                    word = word[:-2]
                if word.lower() != words[k] or (caps[k] and not word[:1].isupper()):
                    ok = False
                    break
            if ok:
                return stop, codes
        return None


_STRIP = "".join(sorted(set(".,;:!?\"'“”‘’«»()[]…–—")))


@lru_cache(maxsize=16)
def table(lang: str | None) -> NameTable | None:
    """The name table of `lang` (a BCP 47 tag; its base language is used), or None."""
    base = primary(lang)
    if not base:
        return None
    names = _display_names(base)
    return NameTable(names) if names else None

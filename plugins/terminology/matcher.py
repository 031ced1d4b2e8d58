"""Finding a glossary's terms in text, the way users expect.

- Word boundaries: "ASEAN" does not match inside "ASEANs'", "Sea" not inside "Seattle".
- Case: acronyms (and terms marked `case = "sensitive"`) match only as written;
  everything else ignores case.
- English plurals and possessives: "Partnerships", "Corps's", "Programs'".
- Vietnamese: NFC, and both tone-mark placements ("hoà" = "hòa", "thuỷ" = "thủy");
  optionally diacritic-insensitive ("Bien Dong" = "Biển Đông").
- Separators: "Indo-Pacific" = "Indo Pacific", "Mekong–U.S." = "Mekong-U.S.", line
  breaks inside a name are fine, but a comma or a bracket between two words ends a match.
- Overlaps: the longest match wins, so "South China Sea" inside the title of the
  2002 Declaration belongs to the title, not to the sea.

All terms of all languages go into one Aho–Corasick automaton (pyahocorasick) over a
normalised text in which every run of non-word characters is one space and every
pattern is padded with spaces, so matches start and end on word boundaries by
construction. Normalisation keeps offsets (it maps back to the original text).
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from qa_core.glossary import Concept, Glossary, Term, primary_lang

SEP = re.compile(r"[\W_]+")
_TAIL = re.compile(r"[^\w\s]+$")
WORDRUN = re.compile(r"[^\W_]+")

# old tone-mark placement -> new, on lower-case text; only syllable-final oa/oe/uy move
_TONE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
#: the keys of _TONE at a syllable's end, as two classes ("o" before a marked a or e, "u"
#: before a marked y): the same matches as the keys' alternation, found faster
_TONE_RE = re.compile(r"(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![^\W\d_])")


def _tone(match: re.Match) -> str:
    return _TONE[match.group()]


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, end):
            base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
            if len(base) == 1 and base != chr(code):
                table[code] = base
    return table


def fold(text: str) -> str:
    """Diacritics removed, length kept: 'Biển Đông' -> 'Bien Dong'."""
    return text.translate(_fold_table())


class Prepared:
    """A text normalised for matching, with the way back to original offsets."""

    __slots__ = ("original", "low", "norm", "_to_orig", "_starts", "_removed")

    def __init__(self, text: str, fold_diacritics: bool = False) -> None:
        self.original = text
        self._to_orig: list[int] | None = None
        if unicodedata.is_normalized("NFC", text):
            low = text.lower()
            if len(low) != len(text):
                low, self._to_orig = _slow(text)
        else:
            low, self._to_orig = _slow(text)
        if not low.isascii():  # (every match of the tone pattern holds a Vietnamese vowel)
            low = _TONE_RE.sub(_tone, low)
            if fold_diacritics:
                low = low.translate(_fold_table())
        self.low = low
        self.norm = _separated(low)
        self._starts: list[int] | None = None
        self._removed: list[int] = []

    def _index(self) -> None:
        # each separator run of `low` is one space in `norm`; keep, per run, its place
        # in `norm` and how many characters the runs up to it removed
        runs = [m.span() for m in SEP.finditer(self.low)]
        removed = list(accumulate((b - a - 1 for a, b in runs), initial=0))
        self._starts = [1 + a - removed[k] for k, (a, _) in enumerate(runs)]
        self._removed = removed

    def _to_low(self, norm_index: int) -> int:
        k = bisect.bisect_right(self._starts, norm_index) - 1
        return norm_index - 1 + self._removed[k + 1]

    def span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Original offsets of norm[norm_start:norm_end], which starts and ends on word chars."""
        if self._starts is None:
            self._index()
        start = self._to_low(norm_start)
        end = self._to_low(norm_end - 1) + 1
        if self._to_orig is not None:
            mapping = self._to_orig
            start = mapping[start]
            end = mapping[end] if end < len(mapping) else len(self.original)
        return start, end


#: UTF-8 bytes with every ASCII separator (`SEP`'s class: not a letter or digit) made a space
_SEPARATORS_AS_SPACE = bytes(0x20 if c < 0x80 and SEP.match(chr(c)) else c for c in range(256))
#: a separator outside ASCII (a no-break space, a dash, a curly quote)
_WIDE_SEPARATOR = re.compile(r"[^\x00-\x7f\w]")


def _separated(low: str) -> str:
    """`" " + SEP.sub(" ", low) + " "`: each run of separators one space, padded. A text
    whose separators are all ASCII (most are; UTF-8 writes every other character with
    bytes of 0x80 and more) has them made spaces in its UTF-8 bytes by one table and
    its runs of spaces made one by split and join, in C: a third of the substitution's
    time, which makes a string and a match for each run."""
    if not low.isascii() and _WIDE_SEPARATOR.search(low) is not None:
        return " " + SEP.sub(" ", low) + " "
    spaced = low.encode("utf-8", "surrogatepass").translate(_SEPARATORS_AS_SPACE)
    words = spaced.split()  # (ASCII whitespace: the spaces, as no other is left)
    if not words:  # no word: SEP.sub made the text one space, or left it empty
        return "   " if low else "  "
    inner = b" ".join(words).decode("utf-8", "surrogatepass")
    return ("  " if spaced[0] == 0x20 else " ") + inner + ("  " if spaced[-1] == 0x20 else " ")


def _slow(text: str) -> tuple[str, list[int]]:
    """NFC and lower case one combining sequence at a time, keeping each output
    character's original offset (for NFD input and characters whose lower case is longer)."""
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j]).lower()
        out.append(piece)
        index.extend([i] * len(piece))
        i = j
    index.append(n)
    return "".join(out), index


def key_of(text: str, fold_diacritics: bool = False) -> str:
    """The padded normalised form of a term, as the automaton stores it."""
    inner = Prepared(text, fold_diacritics).norm.strip(" ")
    return f" {inner} " if inner else ""


def _case_form(text: str, fold_diacritics: bool) -> str:
    text = _TONE_RE.sub(_tone, unicodedata.normalize("NFC", text))
    if fold_diacritics:
        text = fold(text)
    return " ".join(WORDRUN.findall(text))


def _inflections(key: str) -> list[str]:
    """English plural and possessive forms of a padded key ' peace corps '."""
    words = key.strip().split(" ")
    last = words[-1]
    if not last.isalpha():
        return [key[:-1] + "s "]
    forms = set()
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(last + "es")
    else:
        forms.add(last + "s")
    head = " ".join(words[:-1])
    head = head + " " if head else ""
    out = [" " + head + form + " " for form in forms]
    out.append(key + "s ")  # possessive: "Corps's" -> "corps s", "Vietnam’s" -> "vietnam s"
    return out


_CAPITALS_AFTER_HYPHEN = re.compile(r"-[A-Z]{3,}(?![\w-])")
_GAP_OK = re.compile(r"^[\s\-‐‑‒–—/'’&+·]*\.?[\s\-‐‑‒–—/'’&+·]*$")


@dataclass(frozen=True, slots=True)
class Entry:
    """What one automaton key stands for: a term of a concept, or a protected phrase,
    with what matching asks of the term worked out once."""

    concept: Concept | None
    term: Term
    inflected: bool = False
    protected: bool = False
    lang: str = field(init=False, compare=False)
    any_lang: bool = field(init=False, compare=False)  # acronyms match in every language
    case_sensitive: bool = field(init=False, compare=False)
    tail: str = field(init=False, compare=False)  # the term's closing marks: "." of "U.S."

    def __post_init__(self) -> None:
        object.__setattr__(self, "lang", self.term.language)
        object.__setattr__(self, "any_lang", self.term.is_acronym)
        object.__setattr__(self, "case_sensitive", self.term.case_sensitive)
        tail = _TAIL.search(self.term.text)
        object.__setattr__(self, "tail", tail.group() if tail and not self.inflected else "")


@dataclass(frozen=True, slots=True)
class Mention:
    """A term found in a text: original offsets, the concept and term it is, and whether
    it is a protected phrase (an official title inside which nothing is flagged)."""

    start: int
    end: int
    concept: Concept | None
    term: Term
    protected: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


class TermMatcher:
    """Every term of a glossary (and its profile's protected phrases), ready to find."""

    def __init__(self, glossary: Glossary, *, fold_diacritics: bool = False) -> None:
        self.glossary = glossary
        self.fold_diacritics = fold_diacritics
        table: dict[str, list[Entry]] = {}
        for concept, term in glossary.terms():
            self._add(table, Entry(concept, term))
        for term in glossary.protected:
            self._add(table, Entry(None, term, protected=True))
        self.size = len(table)
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def _add(self, table: dict[str, list[Entry]], entry: Entry) -> None:
        key = key_of(entry.term.text, self.fold_diacritics)
        if not key.strip():
            return
        table.setdefault(key, []).append(entry)
        term = entry.term
        if term.inflect and term.language == "en" and not term.is_acronym:
            for form in _inflections(key):
                if form != key:
                    table.setdefault(form, []).append(Entry(entry.concept, term, True, entry.protected))

    def find(self, text: str, lang: str | None = None, prepared: Prepared | None = None) -> list[Mention]:
        """The non-overlapping mentions in `text` of terms in `lang` (acronyms in any
        language), longest first, returned in text order."""
        if self._empty or not text:
            return []
        prepared = prepared or Prepared(text, self.fold_diacritics)
        want = primary_lang(lang)
        hits: list[Mention] = []
        for end, (size, entries) in self._automaton.iter(prepared.norm):
            # `end` is the index of the key's trailing pad; its words lie inside the pads
            located = None
            for entry in entries:
                if want is not None and entry.lang != want and not entry.any_lang:
                    continue
                term = entry.term
                if located is None:
                    start, stop = prepared.span(end - size + 2, end)
                    surface = text[start:stop]
                    located = _gaps_ok(surface, term.text) if " " in term.text or "-" in surface else True
                if not located:
                    break
                if entry.case_sensitive and not _case_matches(surface, term, entry.inflected, self.fold_diacritics):
                    continue
                end_here = stop
                if entry.tail and text.startswith(entry.tail, stop):
                    end_here = stop + len(entry.tail)  # "U.S.", "ADMM+": the term's own closing marks
                if entry.any_lang and text.startswith("$", end_here):
                    continue  # "US$2 million", "HK$": part of a currency sign, not the country
                if entry.any_lang and _CAPITALS_AFTER_HYPHEN.match(text, end_here):
                    continue  # "US-ASCII": one name made of two capitalised parts, not the country
                hits.append(Mention(start, end_here, entry.concept, term, entry.protected))
        return _resolve(hits)


def _gaps_ok(surface: str, term_text: str) -> bool:
    if not unicodedata.is_normalized("NFC", surface):
        surface = unicodedata.normalize("NFC", surface)
    for gap in SEP.findall(surface):
        if not _GAP_OK.match(gap):
            return False
        if "." in gap and "." not in term_text and not gap.startswith("'"):
            return False
    return True


def _case_matches(surface: str, term: Term, inflected: bool, fold_diacritics: bool) -> bool:
    found = _case_form(surface, fold_diacritics)
    wanted = _case_form(term.text, fold_diacritics)
    if inflected:
        return found.startswith(wanted)
    return found == wanted


def _resolve(hits: list[Mention]) -> list[Mention]:
    """Longest first; a hit overlapping one already kept is dropped, unless it covers
    exactly the same span (a protected title that is also a concept's term, a term two
    concepts share). At equal length the earlier hit wins."""
    if len(hits) <= 1:
        return hits
    hits.sort(key=lambda m: (-m.length, not m.protected, m.start))
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for hit in hits:
        same = any((hit.start, hit.end) == span for span in taken)
        if not same and any(hit.start < b and a < hit.end for a, b in taken):
            continue
        kept.append(hit)
        taken.append((hit.start, hit.end))
    kept.sort(key=lambda m: (m.start, m.end))
    return kept

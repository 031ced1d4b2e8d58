"""Sentence segmentation, pluggable per language.

`split_sentences(text, lang, hook)` asks the `tqa_split_sentences` hook first (a
plugin may bring a real segmenter for its language) and falls back to the rules
here: a sentence ends at . ! ? … (and CJK 。！？) followed by space and a sentence
start, unless the dot belongs to an abbreviation ("Dr.", "U.S.", "TP.", "v.v."), an
initial ("J. Smith"), or a list number at the start of the text. Dots and commas
inside numbers ("1.150", "123,86", "10/9/2023") never end a sentence, since no space
follows them. English and Vietnamese have abbreviation lists; other languages use
the generic rule (no abbreviations but initials).
"""

from __future__ import annotations

import re
from typing import Any

from qa_core import hookimpl
from qa_core.findings import Span

ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """mr mrs ms dr prof sr jr st mt ft rev gen col lt sgt capt cmdr adm gov sen rep pres hon messrs
        vs etc al eg ie cf approx dept est fig figs no nos vol vols p pp ed eds inc ltd co corp bros
        jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
        ave blvd rd u.s u.k u.n e.g i.e a.m p.m u.s.a d.c ph.d m.a b.a""".split()
    ),
    "vi": frozenset(
        """tp tp.hcm ts ths pgs gs bs ks ns ths.bs pgs.ts gs.ts tt q p tx h v.v vv st bt ctv cty ubnd ttxvn
        mr mrs ms dr prof u.s u.k tr th tl kt tm ng đ""".split()
    ),
}

#: abbreviations that end no sentence only when a number follows ("No. 5", "p. 12")
BEFORE_NUMBERS = frozenset({"no", "nos", "p", "pp", "vol", "vols", "fig", "figs", "art", "sec", "ch", "tr", "q"})

_CLOSERS = "\"'”’»)]}›"
_OPENERS = "\"'“‘«([{‹¿¡"
#: a sentence end: a run of marks and the closers after it, then whitespace or the end
#: of the text; or a CJK mark (closers included)
_CANDIDATE = re.compile("([.!?…]+)[%s]*(?=\\s|\\Z)|[。！？][%s]*" % (re.escape(_CLOSERS), re.escape(_CLOSERS)))
_SPACES = re.compile(r"\s*")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_LIST_NUMBER = re.compile(r"^\s*(?:[0-9]+|[IVXLCDM]+|[A-Za-z])$")


def _primary(lang: str | None) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


def rule_split(text: str, lang: str | None = None) -> list[Span]:
    """The built-in segmentation: spans of sentences, whitespace between them left out."""
    abbreviations = ABBREVIATIONS.get(_primary(lang), frozenset())
    spans: list[Span] = []
    start = 0
    length = len(text)
    # only the marks a sentence can end at: followed by closers, then whitespace or the
    # end of the text (or a CJK mark, which needs no space); a mark inside "1.150",
    # "U.S." or "a...b" is never looked at
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        mark = match.group(1)
        if mark is not None:
            nxt = _SPACES.match(text, end).end()
            if nxt < length and not _starts_sentence(text, nxt):
                continue
            if mark == "." and _dot_is_not_an_end(text, start, match.start(), abbreviations, text[nxt:nxt + 1]):
                continue
        span = _trim(text, start, end)
        if span is not None:
            spans.append(span)
        start = end
    span = _trim(text, start, length)
    if span is not None:
        spans.append(span)
    return spans


def _starts_sentence(text: str, index: int) -> bool:
    char = text[index]
    if char in _OPENERS or char in "-–—•*":
        index += 1
        while index < len(text) and text[index] in _OPENERS:
            index += 1
        if index >= len(text):
            return True
        char = text[index]
    return char.isupper() or char.isdigit() or not char.isalpha()


def _dot_is_not_an_end(text: str, start: int, dot: int, abbreviations: frozenset[str], following: str) -> bool:
    # the word before the dot, looked for in the last few characters first (a search
    # from the sentence's start tries every position of the sentence)
    near = max(start, dot - 24)
    before = _WORD_BEFORE.search(text, near, dot)
    if before is not None and before.start() == near and near > start:
        before = _WORD_BEFORE.search(text, start, dot)  # a longer word: the whole sentence
    if before is None:
        return False
    word = before.group(1)
    lowered = word.lower().strip("-")
    if lowered in abbreviations:
        return lowered not in BEFORE_NUMBERS or following.isdigit()
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith", "Phan Văn K."
    if _DOTTED.fullmatch(word):
        return True  # "U.S", "e.g", "Ph.D" before the final dot
    first = before.start()
    if (first == start or text[start:first].isspace()) and _LIST_NUMBER.match(text[start:dot]):
        return True  # "1. The first point" at the start of a paragraph
    return False


def _trim(text: str, start: int, end: int) -> Span | None:
    """The span of text[start:end] without its leading and trailing whitespace (None
    when there is nothing else)."""
    piece = text[start:end]
    left = piece.lstrip()
    if not left:
        return None
    start += len(piece) - len(left)
    return Span(start, start + len(left.rstrip()))


def split_sentences(text: str, lang: str | None = None, hook: Any = None) -> list[Span]:
    """Sentence spans of `text`: a plugin's answer through `tqa_split_sentences` when
    `hook` (the plugin manager's hook relay) is given, else the built-in rules."""
    if hook is not None:
        try:
            spans = hook.tqa_split_sentences(text=text, lang=lang)
        except Exception as error:  # noqa: BLE001 - a plugin's splitter: go on with the rules
            from qa_core.plugin_errors import warn_once

            warn_once(hook.tqa_split_sentences, "tqa_split_sentences", error, "its sentences are split by tqa's own rules")
            spans = None
        if spans is not None:
            spans = list(spans)
            if all(0 <= s.start <= s.end <= len(text) for s in spans):
                return spans
    return rule_split(text, lang)


@hookimpl(trylast=True)
def tqa_split_sentences(text: str, lang: str | None) -> list[Span] | None:
    return rule_split(text, lang)

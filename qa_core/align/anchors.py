"""Anchors: tokens a paragraph and its translation share across languages.

Each paragraph yields a bag of language-neutral keys:

- numbers, normalised per locale: "30.000" (vi) = "30,000" (en) -> n:30000,
  "123,86" = "123.86", "2 triệu" = "2 million" -> n:2000000, spelled-out
  numbers ("two", "hai") -> their value; dates "10/9/2023" = "September 10,
  2023" -> d:2023-9-10 (and n:2023);
- acronyms and all-caps tokens (ASEAN, USD, O-RAN) -> a:ASEAN;
- capitalised words with diacritics folded (Nguyễn Phú Trọng = Nguyen Phu Trong)
  -> w:nguyen w:phu w:trong, and two or three of them in a row also joined
  (Việt Nam = Vietnam, Hà Nội = Hanoi -> w:vietnam, w:hanoi);
- URLs and e-mail addresses, scheme and trailing slash dropped -> u:example.org/x;
- inline code in backticks -> c:useState;
- quotes and brackets, as counts -> p:quote, p:paren (weak);
- section numbers that open a paragraph ("IV.", "2)", "a.") -> m:iv, and a
  paragraph written all in capitals (a heading) -> m:upper;
- with the same language on both sides, every word of four letters or more -> l:word.

Numbers go through `qa_core.quantities.extract`, the same locale-aware reader
the numbers check uses (CLDR separators, magnitude words, spelled-out numbers,
dates, times, identifiers such as Covid-19 or 5G).
Plugins add anchors (glossary term pairs) through the `tqa_alignment_anchors` hook.
"""

from __future__ import annotations

import re
from collections import Counter

from qa_core.quantities import extract
from qa_core.text import fold_diacritics

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ACRONYM = re.compile(r"(?<![\w-])([A-ZĐ][A-Z0-9Đ&]*[A-Z0-9Đ](?:-[A-Z0-9]+)*)(?![\w-])")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>()\[\]\"'`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_URL_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?")
_CODE = re.compile(r"`([^`\n]{1,80})`")
_QUOTE_MARKS = "\"“”«»"
_STOP_CAPS = frozenset({"I", "A"})
#: an English possessive ending ("Darwin's", "Darwin’s", "the Joneses'"): the same name
_POSSESSIVE = re.compile(r"['’]s?$")
_SECTION = re.compile(r"^\s*((?:[IVXLC]+|[0-9]+(?:\.[0-9]+)*|[a-zA-Z]))[.)]\s+\S")

#: weight of one occurrence of each kind of anchor (before rarity weighting)
KIND_WEIGHT = {"d": 1.0, "n": 1.0, "s": 0.35, "a": 1.0, "w": 0.6, "u": 1.5, "c": 1.0, "p": 0.15, "l": 0.6, "x": 1.0, "t": 0.1, "m": 1.0}


def quantity_keys(text: str, lang: str | None) -> list[str]:
    """The anchor keys of the numbers, amounts, percentages, dates, times and numeric
    identifiers of `text`, read by `qa_core.quantities.extract` with `lang`'s
    conventions: "30.000" (vi) and "30,000" (en) -> n:30000, "2 triệu" -> n:2000000,
    "10/9/2023" and "September 10, 2023" -> d:2023-9-10 and n:2023; small integers
    (0-12, often spelled out and often dropped) are the weaker s: keys. A text
    without a digit is not read (its spelled-out numbers would be weak keys and the
    reading costs most of the anchors' time)."""
    keys: list[str] = []
    if not _DIGIT.search(text):
        return keys  # spelled-out numbers alone are weak anchors, not worth the reading
    for quantity in extract(text, lang):
        value = quantity.value
        if quantity.kind in ("number", "percent", "amount"):
            small = value == value.to_integral_value() and 0 <= value <= 12
            keys.append(("s:" if small else "n:") + format(value.normalize(), "f"))
        elif quantity.kind == "date":
            year, month, day = value
            keys.append(f"d:{year or ''}-{month or ''}-{day or ''}")
            if year:
                keys.append(f"n:{year}")
        elif quantity.kind == "time":
            keys.append(f"d:{value[0]}:{value[1]:02d}")
        else:
            keys.append("a:" + str(value))
    return keys


def _joined(bag: Counter, run: list[str]) -> None:
    """A name written in syllables is one word elsewhere: Việt Nam ~ Vietnam, Hà Nội ~ Hanoi."""
    for size in (2, 3):
        for k in range(len(run) - size + 1):
            bag["w:" + "".join(run[k : k + size])] += 1


def anchors(text: str, lang: str | None, same_language: bool = False) -> Counter:
    """The anchor keys of one paragraph, with counts."""
    bag: Counter = Counter()
    section = _SECTION.match(text)
    if section:
        bag["m:" + section.group(1).lower()] += 1
        text = text[section.end(1) + 1 :]  # the number is not also a quantity
    if text.isupper() and sum(c.isalpha() for c in text) >= 8:
        bag["m:upper"] += 1
    for key in quantity_keys(text, lang):
        bag[key] += 1
    has_url = "://" in text or "www." in text or "@" in text
    if has_url:
        for match in _URL.finditer(text):
            url = _URL_PREFIX.sub("", match.group().lower()).rstrip("/.,;:")
            bag["u:" + url] += 1
    if "`" in text:
        for match in _CODE.finditer(text):
            bag["c:" + match.group(1).strip()] += 1
    for match in _ACRONYM.finditer(text):
        token = match.group(1)
        if token not in _STOP_CAPS and not token.isdigit() and (len(token) <= 12 or "-" in token):
            bag["a:" + fold_diacritics(token)] += 1
    words = _WORD.findall(_URL.sub(" ", text) if has_url else text)
    run: list[str] = []
    for word in words:
        if word[0].isupper() and len(word) > 1 and not word.isupper():
            folded = fold_diacritics(word).lower()
            if folded[-1] in "'’s" and ("'" in folded or "’" in folded):
                folded = _POSSESSIVE.sub("", folded)
            bag["w:" + folded] += 1
            run.append(folded)
        elif run:
            _joined(bag, run)
            run = []
    if run:
        _joined(bag, run)
    if same_language:
        for word in words:
            if len(word) >= 4:
                bag["l:" + word.lower()] += 1
    quotes = sum(text.count(mark) for mark in _QUOTE_MARKS) // 2
    if quotes:
        bag["p:quote"] += quotes
    parens = text.count("(") + text.count("[")
    if parens:
        bag["p:paren"] += parens
    return bag

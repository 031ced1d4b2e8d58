"""Anchors: tokens a paragraph and its translation share across languages.

Each paragraph yields a bag of language-neutral keys:

- numbers, normalised per locale: "30.000" (vi) = "30,000" (en) -> n:30000,
  "123,86" = "123.86", "2 triệu" = "2 million" -> n:2000000, spelled-out
  numbers ("two", "hai") -> their value; dates "10/9/2023" = "September 10,
  2023" -> d:2023-9-10 (and n:2023);
- acronyms and all-caps tokens (ASEAN, USD, O-RAN) -> a:ASEAN;
- names that CLDR gives in both languages (countries and regions, languages, days:
  Trung Quốc = China -> g:TCN, tiếng Anh = English -> g:Len; see `names.py`);
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

from qa_core.align import names
from qa_core.align.lexicon import NOT_LETTERS
from qa_core.quantities import extract
from qa_core.text import fold_diacritics

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ACRONYM = re.compile(r"(?<![\w-])([A-ZĐ][A-Z0-9Đ&]*[A-Z0-9Đ](?:-[A-Z0-9]+)*)(?![\w-])")
#: `_ACRONYM` without its look-behind (see `_acronyms`)
_ACRONYM_BODY = re.compile(r"[A-ZĐ][A-Z0-9Đ&]*[A-Z0-9Đ](?:-[A-Z0-9]+)*(?![\w-])")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>()\[\]\"'`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_URL_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?")
_CODE = re.compile(r"`([^`\n]{1,80})`")
_QUOTE_MARKS = "\"“”«»"
_STOP_CAPS = frozenset({"I", "A"})
#: an English possessive ending ("Darwin's", "Darwin’s", "the Joneses'"): the same name
_POSSESSIVE = re.compile(r"['’]s?$")
_SECTION = re.compile(r"^\s*((?:[IVXLC]+|[0-9]+(?:\.[0-9]+)*|[a-zA-Z]))[.)]\s+\S")

#: weight of one occurrence of each kind of anchor (before rarity weighting)
KIND_WEIGHT = {"d": 1.0, "n": 1.0, "s": 0.35, "a": 1.0, "w": 0.6, "g": 0.6, "u": 1.5, "c": 1.0, "p": 0.15, "l": 0.6, "x": 1.0, "t": 0.1, "m": 1.0}


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


def _words(text: str) -> list[str]:
    """`_WORD.findall(text)`, in a fraction of the time: most chunks between spaces are
    one word once their punctuation is stripped; only the others go through the
    regular expression."""
    out: list[str] = []
    for chunk in text.split():
        core = chunk.strip(NOT_LETTERS)
        if core.isalpha():
            out.append(core)
        elif core:
            out.extend(_WORD.findall(core))
    return out


def _acronyms(text: str) -> list[str]:
    """The acronyms `_ACRONYM.finditer` finds, found faster: the expression without its
    look-behind lets the regular-expression engine skip to the capitals; the
    look-behind is tested here, and where it fails the search goes on one character
    later, as the full expression's would."""
    out: list[str] = []
    search = _ACRONYM_BODY.search
    pos = 0
    while True:
        match = search(text, pos)
        if match is None:
            return out
        first = match.start()
        if first and (text[first - 1].isalnum() or text[first - 1] in "_-"):
            pos = first + 1
            continue
        out.append(match.group())
        pos = match.end()


def _joined(keys: list[str], run: list[str]) -> None:
    """A name written in syllables is one word elsewhere: Việt Nam ~ Vietnam, Hà Nội ~ Hanoi."""
    for size in (2, 3):
        for k in range(len(run) - size + 1):
            keys.append("w:" + "".join(run[k : k + size]))


def _named(keys: list[str], table: "names.NameTable", chunks: list[str], index: int, word: str, named_until: int) -> int:
    """Adds g: keys for the CLDR name (`names.py`) that `word`, chunk `index`, belongs to;
    returns the chunk after that name (or `named_until` unchanged)."""
    hit = table.find(chunks, index, word)
    if hit is None:
        return named_until
    stop, codes = hit
    keys.extend("g:" + code for code in codes)
    return stop


def anchors(text: str, lang: str | None, same_language: bool = False) -> Counter:
    """The anchor keys of one paragraph, with counts."""
    keys: list[str] = []  # in the order found (a bag's order is its keys' first occurrences)
    section = _SECTION.match(text)
    if section:
        keys.append("m:" + section.group(1).lower())
        text = text[section.end(1) + 1 :]  # the number is not also a quantity
    if text.isupper() and sum(c.isalpha() for c in text) >= 8:
        keys.append("m:upper")
    keys.extend(quantity_keys(text, lang))
    has_url = "://" in text or "www." in text or "@" in text
    if has_url:
        for match in _URL.finditer(text):
            url = _URL_PREFIX.sub("", match.group().lower()).rstrip("/.,;:")
            keys.append("u:" + url)
    if "`" in text:
        for match in _CODE.finditer(text):
            keys.append("c:" + match.group(1).strip())
    for token in _acronyms(text):
        if token not in _STOP_CAPS and not token.isdigit() and (len(token) <= 12 or "-" in token):
            keys.append("a:" + fold_diacritics(token))
    # capitalised words (names), and runs of them joined; a chunk between spaces that is
    # all letters is one word (most are), the others go through `_words`'s steps
    plain = _URL.sub(" ", text) if has_url else text
    table = names.table(lang)
    by_word = table.by_word if table is not None else None
    chunks = plain.split()
    named_until = 0  # chunks before this one belong to a name already found
    run: list[str] = []
    for index, chunk in enumerate(chunks):
        if chunk.isalpha():  # no apostrophe: no possessive to strip
            if chunk[0].isupper() and len(chunk) > 1 and not chunk.isupper():
                folded = fold_diacritics(chunk).lower()
                keys.append("w:" + folded)
                run.append(folded)
                if by_word is not None and index >= named_until and chunk.lower() in by_word:
                    named_until = _named(keys, table, chunks, index, chunk, named_until)
            elif run:
                _joined(keys, run)
                run = []
            continue
        core = chunk.strip(NOT_LETTERS)
        if not core:
            continue
        for word in (core,) if core.isalpha() else _WORD.findall(core):
            if word[0].isupper() and len(word) > 1 and not word.isupper():
                if by_word is not None and index >= named_until:
                    low = word.lower()
                    if low in by_word or low[-2:] in ("'s", "’s"):
                        named_until = _named(keys, table, chunks, index, word, named_until)
                folded = fold_diacritics(word).lower()
                if folded[-1] in "'’s" and ("'" in folded or "’" in folded):
                    folded = _POSSESSIVE.sub("", folded)
                keys.append("w:" + folded)
                run.append(folded)
            elif run:
                _joined(keys, run)
                run = []
    if run:
        _joined(keys, run)
    if same_language:
        keys.extend("l:" + word.lower() for word in _words(plain) if len(word) >= 4)
    bag = Counter(keys)
    quotes = sum(text.count(mark) for mark in _QUOTE_MARKS) // 2
    if quotes:
        bag["p:quote"] += quotes
    parens = text.count("(") + text.count("[")
    if parens:
        bag["p:paren"] += parens
    return bag

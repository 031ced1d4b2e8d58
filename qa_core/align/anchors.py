"""Anchors: tokens a paragraph and its translation share across languages.

Each paragraph yields a bag of language-neutral keys:

- numbers, normalised per locale: "30.000" (vi) = "30,000" (en) -> n:30000,
  "123,86" = "123.86", "2 triệu" = "2 million" -> n:2000000, English number words
  and month names ("two", "September") -> their value, so dates written
  "10/9/2023" and "September 10, 2023" share 10, 9 and 2023;
- acronyms and all-caps tokens (ASEAN, USD, O-RAN) -> a:ASEAN;
- capitalised words with diacritics folded (Nguyễn Phú Trọng = Nguyen Phu Trong)
  -> w:nguyen w:phu w:trong;
- URLs and e-mail addresses, scheme and trailing slash dropped -> u:example.org/x;
- inline code in backticks -> c:useState;
- quotes and brackets, as counts -> p:quote, p:paren (weak);
- section numbers that open a paragraph ("IV.", "2)", "a.") -> m:iv, and a
  paragraph written all in capitals (a heading) -> m:upper;
- with the same language on both sides, every word of four letters or more -> l:word.

Numbers go through one function, `number_values`, a small normaliser of this
module's own (issue 5's locale-aware `qa_core.quantities` can replace it there).
Plugins add anchors (glossary term pairs) through the `tqa_alignment_anchors` hook.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from qa_core.text import fold_diacritics

from .lengths import primary

#: locales that write 30.000 and 123,86 (the rest: 30,000 and 123.86)
DECIMAL_COMMA = frozenset(
    "vi id de fr es it pt nl da sv nb nn no fi pl cs sk sl hr sr bs ru uk be bg ro hu tr el lt lv et is ca gl eu az kk uz mn".split()
)

MAGNITUDES: dict[str, int] = {
    "thousand": 10**3, "thousands": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9,
    "billions": 10**9, "trillion": 10**12, "trillions": 10**12,
    "nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9,
}
WORD_NUMBERS: dict[str, int] = {
    # English
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "first": 1, "second": 2, "third": 3, "fifth": 5, "tenth": 10,
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    # Vietnamese, leaving out the ambiguous một (a), ba (father), năm (year), tư (private)
    "hai": 2, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "trăm": 100,
    "giêng": 1,
}
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w])")
_MAGNITUDE_AFTER = re.compile(r"\s*(nghìn tỷ|ngàn tỷ|nghìn tỉ|[^\W\d_]+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ACRONYM = re.compile(r"(?<![\w-])([A-ZĐ][A-Z0-9Đ&]*[A-Z0-9Đ](?:-[A-Z0-9]+)*)(?![\w-])")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>()\[\]\"'`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_CODE = re.compile(r"`([^`\n]{1,80})`")
_QUOTES = re.compile(r"[\"“”«»]")
_PARENS = re.compile(r"[(\[]")
_STOP_CAPS = frozenset({"I", "A"})
_SECTION = re.compile(r"^\s*((?:[IVXLC]+|[0-9]+(?:\.[0-9]+)*|[a-zA-Z]))[.)]\s+\S")

#: weight of one occurrence of each kind of anchor (before rarity weighting)
KIND_WEIGHT = {"n": 1.0, "s": 0.35, "a": 1.0, "w": 0.6, "u": 1.5, "c": 1.0, "p": 0.15, "l": 0.6, "x": 1.0, "t": 0.1, "m": 1.0}


def number_values(text: str, lang: str | None) -> list[Decimal]:
    """The numbers of `text` as values, read with `lang`'s separators and magnitude words."""
    comma_decimal = primary(lang) in DECIMAL_COMMA
    values: list[Decimal] = []
    for match in _NUMBER.finditer(text):
        value = _parse_number(match.group(1), comma_decimal)
        if value is None:
            continue
        after = _MAGNITUDE_AFTER.match(text, match.end())
        if after:
            word = after.group(1).lower()
            if word.endswith(("tỷ", "tỉ")) and " " in word:
                value *= 10**12
            elif word in MAGNITUDES:
                value *= MAGNITUDES[word]
        values.append(value)
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word in WORD_NUMBERS:
            values.append(Decimal(WORD_NUMBERS[word]))
    return values


def _parse_number(token: str, comma_decimal: bool) -> Decimal | None:
    token = re.sub(r"[\u00a0\u202f ]", "", token)
    thousands, decimal = (".", ",") if comma_decimal else (",", ".")
    parts_t = token.split(thousands)
    if len(parts_t) > 1 and all(len(p) == 3 for p in parts_t[1:-1]) and len(parts_t[-1].split(decimal)[0]) == 3:
        token = token.replace(thousands, "")
    elif thousands in token and decimal not in token and token.count(thousands) == 1:
        token = token.replace(thousands, decimal)  # "1.5" in a Vietnamese text written the English way
    token = token.replace(decimal, ".")
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


def _number_key(value: Decimal) -> str:
    normal = value.normalize()
    text = format(normal, "f")
    return text


def anchors(text: str, lang: str | None, same_language: bool = False) -> Counter:
    """The anchor keys of one paragraph, with counts."""
    bag: Counter = Counter()
    section = _SECTION.match(text)
    if section:
        bag["m:" + section.group(1).lower()] += 1
        text = text[section.end(1) + 1 :]  # the number is not also a quantity
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 8 and all(c.isupper() for c in letters):
        bag["m:upper"] += 1
    for value in number_values(text, lang):
        small = value == value.to_integral_value() and 0 <= value <= 12
        bag[("s:" if small else "n:") + _number_key(value)] += 1
    for match in _URL.finditer(text):
        url = re.sub(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?", "", match.group().lower()).rstrip("/.,;:")
        bag["u:" + url] += 1
    for match in _CODE.finditer(text):
        bag["c:" + match.group(1).strip()] += 1
    for match in _ACRONYM.finditer(text):
        token = match.group(1)
        if token not in _STOP_CAPS and not token.isdigit() and (len(token) <= 12 or "-" in token):
            bag["a:" + fold_diacritics(token)] += 1
    words = _WORD.findall(_URL.sub(" ", text))
    for word in words:
        if word[0].isupper() and not word.isupper() and len(word) > 1:
            bag["w:" + fold_diacritics(word).lower()] += 1
    if same_language:
        for word in words:
            if len(word) >= 4:
                bag["l:" + word.lower()] += 1
    quotes = len(_QUOTES.findall(text)) // 2
    if quotes:
        bag["p:quote"] += quotes
    parens = len(_PARENS.findall(text))
    if parens:
        bag["p:paren"] += parens
    return bag

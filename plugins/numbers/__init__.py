"""Numbers, amounts, currencies, percentages and dates must survive translation.

Each side is read with its own language's conventions (`qa_core.quantities`, CLDR
data through Babel): "2 triệu USD" and "US$2 million" are the same amount,
"123,86 tỷ" and "123.86 billion" the same number, "ngày 10/9/2023" and
"September 10, 2023" the same date. pofilter's numbers check compares digit
strings instead, so it flags the first three pairs and passes "2 million" →
"20 triệu" and "US$2 million" → "VND 2 million".
"""

from __future__ import annotations

import re

from decimal import Decimal

from tqa_plugins.numbers.matching import (
    ADDED,
    APPROX,
    CURRENCY,
    DATE,
    FORMAT,
    MAGNITUDE,
    MISSING,
    VALUE,
    Issue,
    cannot_differ,
    compare,
)

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.quantities import Quantity, conventions, extract, primary_language

#: languages whose approximation words tqa knows ("about", "khoảng"…); NUM007 needs both sides
APPROXIMATION_LANGUAGES = frozenset({"en", "vi"})


#: any digit (`qa_core.quantities` reads digits only in a text that holds one)
_ANY_DIGIT = re.compile(r"\d")
_MNEMONIC = re.compile(r"(?<![\w])_(?=[^\W_])")
#: a numbered slot written %0, %1 … (xfce's clock, Qt): a placeholder when both sides have it
_NUMBERED_SLOT = re.compile(r"(?<![\w%])%\d{1,2}(?![\d\w$*'#+-]|\.\d)")  # not printf's %2.2u, %0.1f, %5s, %1$s
#: what every match of `_NUMBERED_SLOT` holds: a source without it has no slot to blank
_PERCENT_DIGIT = re.compile(r"%\d")
#: a narrow or short name (a calendar's weekday initial "M", "Tu") and the numbered name a
#: language gives it instead (Vietnamese weekdays are numbered: "2", "T2" for Monday)
_NARROW_NAME = re.compile(r"[^\W\d_]{1,2}\.?")
_NUMBERED_NAME = re.compile(r"[^\W\d_]{0,2}\s?[1-8]\.?")
# gettext's convention for the translators' names, years and addresses in the target
_CREDITS = frozenset({"translator-credits", "translator_credits", "translator-credits:"})


class NumberConsistency(Check):
    """Numbers, amounts and currencies in the source must survive in the target."""

    name = "numbers"
    rules = (
        Rule(MISSING, "number-missing", Severity.MAJOR, "Accuracy/Omission",
             "A number, amount, date or numeric identifier of the source is absent from the target.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule(ADDED, "number-added", Severity.MAJOR, "Accuracy/Addition",
             "The target has a number, amount, date or numeric identifier the source does not have.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule(VALUE, "number-changed", Severity.MAJOR, "Accuracy/Mistranslation",
             "A number of the source has another value in the target."),
        Rule(MAGNITUDE, "magnitude-changed", Severity.CRITICAL, "Accuracy/Mistranslation",
             "A number is off by a power of ten in the target (million for billion, 2 million for 20 triệu).",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule(CURRENCY, "currency-changed", Severity.CRITICAL, "Accuracy/Mistranslation",
             "An amount keeps its figure but changes currency in the target (US$2 million → VND 2 million)."),
        Rule(DATE, "date-changed", Severity.MAJOR, "Accuracy/Mistranslation",
             "A date or time of the source is another date or time in the target."),
        Rule(APPROX, "approximation-changed", Severity.MINOR, "Accuracy/Mistranslation",
             "A qualifier such as about, nearly or over (khoảng, gần, hơn) was changed, added or dropped.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule(FORMAT, "number-format", Severity.MINOR, "Locale convention/Number format",
             "A target number is written with another locale's separators (1.150 for 1,150 in English).",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
    )
    options = (
        Option("source-locale", "", "Locale to read sources with (BCP 47), when the file's source language is "
               "missing or wrong; empty = the file's."),
        Option("target-locale", "", "Locale to read targets with (BCP 47); empty = the file's."),
        Option("accept-source-format", False, "Accept target numbers written with the source locale's separators "
               "(no NUM008 for 1.150 in an English target of a Vietnamese source)."),
        Option("allow-currency-conversion", False, "Amounts may be converted: an amount in another currency "
               "with another figure is not a NUM005 finding (the same figure in another currency still is)."),
    )

    def check_unit(self, unit, ctx):
        target = unit.target
        if not unit.translate or target is None:
            return
        source_text, target_text = unit.source.text, target.text
        if source_text == target_text:
            return  # a copy (BAS002's business) has every number of its source, however each locale reads it
        stripped = source_text.strip()
        if not stripped or not target_text.strip():
            return  # (a paragraph only the target has, in an aligned document: the addition is reported as a whole)
        if stripped in _CREDITS:
            return
        first = stripped[0]  # most sources start with a letter or a digit: no need to look further
        if not (first.isalpha() or first.isdigit()) \
                and not any(ch.isdigit() or ch.isalpha() for ch in source_text + target_text):
            return
        if _zero_sample(source_text):
            return  # "00:00:00 PM", "Oct 00 0000": a format sample of zeros, written the language's way
        # a mnemonic underscore at a word's start ("Button _2", "_24-hour", "_POP3") is not part of the number;
        # replaced by a space so that offsets stay those of the unit's text
        if "_" in source_text or "_" in target_text:
            source_text, target_text = _MNEMONIC.sub(" ", source_text), _MNEMONIC.sub(" ", target_text)
        narrow = source_text.strip()
        if len(narrow) <= 3 and _NARROW_NAME.fullmatch(narrow) and _NUMBERED_NAME.fullmatch(target_text.strip()):
            return  # "M" -> "2": a weekday initial written as the language's numbered weekday
        if "%" in target_text and _PERCENT_DIGIT.search(source_text) is not None:
            for slot in set(_NUMBERED_SLOT.findall(source_text)) & set(_NUMBERED_SLOT.findall(target_text)):
                blank = " " * len(slot)  # offsets stay those of the unit's text
                source_text, target_text = source_text.replace(slot, blank), target_text.replace(slot, blank)
        source_lang = self.settings["source-locale"] or ctx.source_lang or "en"
        target_lang = self.settings["target-locale"] or ctx.target_lang or source_lang
        src = extract(source_text, source_lang)
        if cannot_differ(src, _ANY_DIGIT.search(target_text) is not None):
            return  # most units of real files: no digit on either side, no number word in the source
        tgt = extract(target_text, target_lang)
        if not src and not tgt:
            return
        if any(q.written == "words" for q in src) and primary_language(source_lang) != primary_language(target_lang):
            # a number word the target keeps as it is, in the source's language (the FSF's
            # "Fifth Floor" in an address left in English): the target's reader cannot read it
            src = tuple(q for q in src if q.written != "words" or not _verbatim(q.text, target_text))
        if unit.notes and any(_SAMPLE_NOTE.search(note.text) for note in unit.notes):
            # a sample the translator writes in the language's own longest form (git's width
            # string); asked only of units with a quantity (most PO units have notes, few numbers)
            return
        src_conv, tgt_conv = conventions(source_lang), conventions(target_lang)
        accept = bool(self.settings["accept-source-format"]) and src_conv.decimal != tgt_conv.decimal
        both_approx = {primary_language(source_lang), primary_language(target_lang)} <= APPROXIMATION_LANGUAGES
        issues = compare(
            src,
            tgt,
            accept_source_format=accept,
            allow_currency_conversion=bool(self.settings["allow-currency-conversion"]),
            compare_approximations=both_approx,
            lone_identifiers=_lone_identifiers(src, tgt, source_text, target_text),
        )
        for issue in issues:
            if issue.rule == MISSING and _still_there(issue.source, source_text, target_text, tgt):
                continue
            if issue.rule == ADDED and _gloss(issue.target, src, tgt, source_text):
                continue
            if issue.rule == APPROX and (_interval_word(issue, source_text, target_text)
                                         or _literal_word(issue, source_text)):
                continue
            if issue.rule == VALUE and _example_replaced(issue, source_text, target_text):
                continue
            if issue.rule == FORMAT and "`" in target_text and _in_code(issue.target, target_text):
                continue  # `abs(a - b) < 0.0001`: a literal of code, written as the code's language writes it
            yield self._finding(issue, unit, ctx, source_text, target_text, target_lang)

    def _finding(self, issue: Issue, unit, ctx, source_text: str, target_text: str, target_lang: str):
        a, b = issue.source, issue.target
        spans = {}
        if a is not None:
            spans["source"] = Span(a.start, a.end)
        if b is not None:
            spans["target"] = Span(b.start, b.end)
        data = {}
        severity = None
        suggestion = None
        if issue.rule == MISSING:
            message = f"{_quote(a.text)} ({_show(a)}) of the source is missing from the target {_quote(target_text, 50)}."
            data = {"source_value": _plain(a)}
        elif issue.rule == ADDED:
            message = f"The target adds {_quote(b.text)} ({_show(b)}), which the source {_quote(source_text, 50)} does not have."
            data = {"target_value": _plain(b)}
        elif issue.rule == VALUE:
            message = f"{_quote(a.text)} ({_show(a)}) became {_quote(b.text)} ({_show(b)}) in the target; expected the same value."
            data = {"source_value": _plain(a), "target_value": _plain(b)}
            if a.kind == "amount" or b.kind == "amount":
                severity = Severity.CRITICAL  # money
        elif issue.rule == MAGNITUDE:
            message = (f"{_quote(a.text)} ({_show(a)}) became {_quote(b.text)} ({_show(b)}) in the target: "
                       f"off by a factor of {_factor(a, b)}.")
            data = {"source_value": _plain(a), "target_value": _plain(b)}
        elif issue.rule == CURRENCY:
            same = "the same figure in another currency" if a.value == b.value else "another figure in another currency"
            message = (f"{_quote(a.text)} ({_currency(a)}) became {_quote(b.text)} ({_currency(b)}) in the target: "
                       f"{same}; expected {_currency(a)}.")
            data = {"source_currency": a.unit, "target_currency": b.unit}
        elif issue.rule == DATE:
            message = f"The {a.kind} {_quote(a.text)} ({_show(a)}) became {_quote(b.text)} ({_show(b)}) in the target."
            data = {"source_value": _plain(a), "target_value": _plain(b)}
        elif issue.rule == APPROX:
            message = (f"{_quote(_context(source_text, a))} is {_approx(a.approx)} but {_quote(_context(target_text, b))} "
                       f"is {_approx(b.approx)}; expected the same qualifier.")
            data = {"source_approx": a.approx, "target_approx": b.approx}
        else:  # FORMAT
            suggestion = _formatted(a.value, b.magnitude, target_lang)
            expected = f"; {target_lang} writes {_quote(suggestion)}" if suggestion else ""
            message = (f"{_quote(b.text)} in the target is written with another locale's separators "
                       f"(the source has {_quote(a.text)}){expected}.")
        return ctx.finding(issue.rule, message, unit=unit, severity=severity, suggestion=suggestion, data=data, **spans)


#: a developer comment saying the string is a sample whose width or form the translator
#: chooses ("the maximum display width ... your language may need more or fewer columns",
#: "translate as the longest date in your language"): its numbers are not the source's
_SAMPLE_NOTE = re.compile(
    r"display width|(?:more|fewer) (?:display )?columns|\b(?:the )?longest (?:\w+ ){0,3}(?:form|date|string|text|word|name)s?\b"
    r"|\bwidest\b", re.IGNORECASE)


#: words that open an example in the source ("e.g., ISO-8859-2, ISO-8859-5", "such as 19xx")
_EXAMPLE = re.compile(r"\b(?:e\.\s?g\.|eg\b|for (?:example|instance)|such as)", re.IGNORECASE)


def _example_replaced(issue: Issue, source_text: str, target_text: str = "") -> bool:
    """A sample inside the source's example that the target replaces with one of another
    form (`ISO-8859-5` by `UTF-8`, a year template `19xx` by `2006`), or a phone number in
    international form by one of another country (`+33612345678` by `+49123456789`): the
    translator localised the example. A typo keeps the form (`5432` / `5342`) and the
    country code, and is still reported."""
    a, b = issue.source, issue.target
    opener = None
    for opener in _EXAMPLE.finditer(source_text, 0, a.start):
        pass
    if opener is None or re.search(r"[)\]]|[.!?]\s|\n\n", source_text[opener.end():a.start]):
        return False
    if _international_phone(a, source_text) and _international_phone(b, target_text):
        return re.sub(r"\D", "", a.text)[:2] != re.sub(r"\D", "", b.text)[:2]
    if a.kind == "identifier" and b.kind == "identifier":
        return re.sub(r"[\W\d_]", "", a.text).lower() != re.sub(r"[\W\d_]", "", b.text).lower()
    digits_a, digits_b = sum(ch.isdigit() for ch in a.text), sum(ch.isdigit() for ch in b.text)
    return digits_a != digits_b


def _international_phone(q, text: str) -> bool:
    """A number written as an international phone number: `+` and 8 to 15 digits."""
    return text[max(0, q.start - 1):q.start] == "+" and 8 <= sum(ch.isdigit() for ch in q.text) <= 15


def _lone_identifiers(src, tgt, source_text: str, target_text: str) -> bool:
    """Whether an identifier found on one side only counts (see `compare`); it only
    matters when there is an identifier, so the scripts are looked at only then."""
    if not any(q.kind == "identifier" for q in src) and not any(q.kind == "identifier" for q in tgt):
        return True
    return _mostly_latin(source_text) and _mostly_latin(target_text)


#: a dimension written with digits: 2D, 3D (the target may say "ba chiều", "two-dimensional")
_DIMENSION = re.compile(r"(\d)[Dd]")
#: a numeronym: i18n, l10n, a11y (a word shortened by counting its letters), translated as the word
_NUMERONYM = re.compile(r"[a-z]\d{1,2}[a-z]{1,2}")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: "powers of two", "a multiple of 8": the target may list the values the words describe
_SERIES = re.compile(r"\b(powers?|multiples?)\s+of\s+(two|three|four|eight|ten|sixteen|\d{1,3})\b", re.IGNORECASE)
_SERIES_BASE = {"two": 2, "three": 3, "four": 4, "eight": 8, "ten": 10, "sixteen": 16}


def _still_there(q: Quantity, source_text: str, target_text: str, tgt) -> bool:
    """A source quantity reported missing that the target has in another form."""
    if q.kind == "identifier":
        if _verbatim(q.text, target_text):
            return True  # "PS/2/chuột/touchpad": the name is there, glued into a run the reader takes for a path
        if (m := _NAME_VERSION.fullmatch(q.text)) and re.search(
                rf"(?<![\w.-]){re.escape(m.group(1))}[\s\u00a0-]*{re.escape(m.group(2))}(?![\w-]|\.\d)", target_text, re.IGNORECASE):
            return True  # "Apache-2.0" as "Apache 2.0", "POP3" as "POP 3": the name and its number, spaced
        if _NUMERONYM.fullmatch(q.text):
            return True  # "i18n" is "internationalization": the target writes the word
        if (m := _DIMENSION.fullmatch(q.text)) and any(t.value == int(m.group(1)) for t in tgt if _is_number(t)):
            return True  # "3D" as "ba chiều" (three dimensions)
        return False
    if q.kind != "number":
        return False
    digits = source_text[q.start:q.end]
    if (word := _EN_NUMBER_WORDS.get(digits)) and (joined := re.match(r"-([^\W\d_]{2,})", source_text[q.end:])):
        if re.search(rf"\b{word}-{re.escape(joined.group(1))}\b", target_text, re.IGNORECASE):
            return True  # "3-way merge" with the English term kept as "three-way" 
    if q.start > 1 and source_text[q.start - 1] == "^":
        base = re.search(r"(\d+)\^$", source_text[:q.start])
        if base and base.group(1) + digits.translate(_SUPERSCRIPT) in target_text:
            return True  # "2^32" written "2³²"
    word = re.search(r"([^\W\d_])[^\W\d_]*[\s\u00a0]+$", source_text[:q.start])
    if word and re.search(rf"(?<![\w]){re.escape(word.group(1))}{re.escape(digits)}(?![\w])", target_text, re.IGNORECASE):
        return True  # "Heading 2" → "h2": the label's abbreviation with its number
    # a number inside a slot of angle brackets the reader takes for a metavariable's name
    # ("<Plane 15 Private Use>" → "<Dùng riêng phẳng 15>"): the number is there
    return any(re.search(rf"(?<![\d.,]){re.escape(digits)}(?![\d.,])", m.group()) for m in _SLOT.finditer(target_text))


_SLOT = re.compile(r"<[^<>\n]{1,60}>")
#: a name and its number or version written as one identifier (Apache-2.0, POP3, SHA-1)
_NAME_VERSION = re.compile(r"([A-Za-z][A-Za-z+]{1,})[-_]?(v?\d+(?:\.\d+)*)")
_EN_NUMBER_WORDS = {str(n): w for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def _is_number(q: Quantity) -> bool:
    return q.kind == "number" and not q.unit


def _gloss(q: Quantity, src, tgt, source_text: str) -> bool:
    """A target quantity reported added that explains or repeats the source rather than adding to it."""
    if q.kind == "identifier":
        m = _DIMENSION.fullmatch(q.text)
        return bool(m) and any(s.value == int(m.group(1)) for s in src if _is_number(s))  # "two-dimensional" as "2D"
    if q.kind not in ("number", "percent", "amount"):
        return False
    if any(s.kind == q.kind and s.value == q.value for s in src) and any(
            t is not q and t.kind == q.kind and t.value == q.value for t in tgt):
        return True  # the source's value said again in a gloss: "first and second" → "1 và 2 (hai phiên bản)"
    if q.kind == "number" and q.value == int(q.value) and q.value > 1:
        n = int(q.value)
        # a numbered name of the source translated with a space: "file2" → "tập tin 2", "branch1" → "nhánh 1"
        if re.search(rf"[^\W\d_]{{2,}}[_-]?{n}(?![\d])", source_text):
            return True
        for m in _SERIES.finditer(source_text):
            word = m.group(2).lower()
            base = int(word) if word.isdigit() else _SERIES_BASE[word]
            if base > 1 and (n % base == 0 if m.group(1).lower().startswith("multiple") else _is_power(n, base)):
                return True  # "Power of Two" → "2, 4, 8, 16 hoặc 32"
    return False


#: Vietnamese "khoảng" is "about" and also the noun "interval, span, gap"; where the source
#: names an interval the target's "khoảng" is that noun ("interval width 1" → "độ rộng khoảng 1")
_KHOANG_BEFORE = re.compile(r"(?<![\w])khoảng[\s\u00a0]*$", re.IGNORECASE)
_INTERVAL_NOUN = re.compile(r"\b(?:intervals?|ranges?|gaps?|spacing|spans?|distances?|periods?|spaces?)\b", re.IGNORECASE)


def _interval_word(issue: Issue, source_text: str, target_text: str) -> bool:
    a, b = issue.source, issue.target
    return (a.approx is None and b.approx == "about" and _KHOANG_BEFORE.search(target_text[max(0, b.start - 12):b.start]) is not None
            and _INTERVAL_NOUN.search(source_text) is not None)


_CODE_SPAN = re.compile(r"`[^`\n]+`")


def _in_code(q: Quantity, text: str) -> bool:
    return any(m.start() < q.start and q.end < m.end() for m in _CODE_SPAN.finditer(text))


def _zero_sample(text: str) -> bool:
    """Digits, at least four, all of them zeros: a format sample (a width or a layout), not values."""
    # (every unit asks: most have fewer than four zeros and leave at the count, in C)
    return text.count("0") >= 4 and not any(ch.isdigit() and ch != "0" for ch in text)


#: English words before a number that Vietnamese writes with a qualifier's word: "on 1 line" is
#: "trên 1 dòng", "Upper 2" is "Trên 2", "Near 1" is "Gần 1" (names and places, not "over"/"nearly")
_LITERAL_BEFORE = re.compile(r"(?<![\w])(on|onto|upper|near)[\s\u00a0]+$", re.IGNORECASE)


def _literal_word(issue: Issue, source_text: str) -> bool:
    a, b = issue.source, issue.target
    return (a.approx is None and b.approx in ("over", "nearly")
            and _LITERAL_BEFORE.search(source_text[max(0, a.start - 12):a.start]) is not None)


def _is_power(n: int, base: int) -> bool:
    while n > 1 and n % base == 0:
        n //= base
    return n == 1


def _verbatim(name: str, text: str) -> bool:
    """Whether `name` stands in `text` as it is, not inside a longer word or number."""
    return re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-]|\.\w)", text) is not None


def _mostly_latin(text: str) -> bool:
    if text.isascii():
        return True  # every ASCII letter is Latin
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    latin = sum(1 for ch in letters if ch < "\u0250" or "\u1e00" <= ch <= "\u1eff")
    return latin * 2 >= len(letters)


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _plain(q: Quantity):
    if isinstance(q.value, Decimal):
        return _number(q.value)
    if isinstance(q.value, tuple):
        return list(q.value)
    return q.value


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _show(q: Quantity) -> str:
    """The value as tqa read it: 2000000 USD, 5%, 2023-09-10."""
    if q.kind == "date":
        y, m, d = q.value
        return "-".join(part for part in (f"{y:04d}" if y else "", f"{m:02d}" if m else "", f"{d:02d}" if d else "") if part) or q.text
    if q.kind == "time":
        return f"{q.value[0]:02d}:{q.value[1]:02d}"
    if q.kind == "identifier":
        return "identifier"
    value = q.value.normalize()
    text = f"{value:,f}" if abs(value) >= 10000 else f"{value:f}"  # years stay 1995, not 1,995
    if q.kind == "percent":
        return text + "%"
    if q.kind == "amount" and q.unit:
        return f"{text} {_currency(q)}"
    return text


def _currency(q: Quantity) -> str:
    return (q.unit or "no currency").replace("|", " or ")


def _factor(a: Quantity, b: Quantity) -> str:
    ratio = (b.value / a.value).normalize()
    if ratio >= 1:
        return f"{ratio:,f}"
    return f"1/{(1 / ratio).normalize():,f}"


def _approx(kind: str | None) -> str:
    return {
        None: "exact", "about": "approximate", "nearly": "'nearly'", "under": "'under'", "over": "'over'",
        "at-least": "'at least'", "at-most": "'up to'",
    }.get(kind, kind or "exact")


def _context(text: str, q: Quantity) -> str:
    """The quantity with the words before it, where an approximation word would sit."""
    start = q.start
    words = text[max(0, start - 18):start].split()
    lead = " ".join(words[-2:]) if words else ""
    return (lead + " " + q.text).strip()


def _formatted(value: Decimal, magnitude: int, lang: str) -> str | None:
    """`value` as `lang` writes it (the figure before a magnitude word)."""
    try:
        from babel.numbers import format_decimal

        value = value / (Decimal(10) ** magnitude) if magnitude else value
        return format_decimal(value, locale=lang.replace("-", "_"), group_separator=True)
    except Exception:  # noqa: BLE001 - an unknown locale: no suggestion
        return None


@hookimpl
def tqa_register_checks():
    return [NumberConsistency]

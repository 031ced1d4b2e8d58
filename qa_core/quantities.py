"""Numbers, amounts, percentages, dates, times and numeric identifiers in running text,
read with the conventions of the text's language.

    >>> [(q.kind, q.value, q.unit) for q in extract("khoản tài trợ 2 triệu USD", "vi")]
    [('amount', Decimal('2000000'), 'USD')]
    >>> [(q.kind, q.value) for q in extract("on September 10, 2023", "en")]
    [('date', (2023, 9, 10))]

`extract(text, lang)` is a pure function: it returns a tuple of frozen `Quantity`
records in text order, never overlapping. Its patterns are compiled once per
language (`functools.lru_cache`), so it is cheap enough to run on every unit of a
million-unit file, and results for repeated texts are cached too.

What comes from CLDR (through Babel): decimal and group symbols and the grouping
sizes (Indian 1,00,000 included), the order of numeric dates (the short date
pattern), month names in both contexts and widths, currency symbols and names
(singular and plural), and magnitude words (the long and short compact decimal
formats: thousand/million/billion, nghìn/triệu/tỷ, 万/亿, Millionen, लाख/करोड़…).
Spelled-out numbers come from num2words. What CLDR does not have is written
here, and kept small: Vietnamese magnitude variants (ngàn, tỉ), colloquial currency
names (đô la, đồng, yuan, 元), percent words, approximation words (English and
Vietnamese), ordinal markers, CJK numerals, Vietnamese and Hindi number words.

Deliberately not quantities: placeholders (`%1$@`, `{0}`, `{{ limit }}`), URLs,
e-mail addresses, file paths, character references, keyboard shortcuts.
Identifiers that hold digits but are not amounts (5G, Covid-19, F-35, ISO 9001,
802.11g, version strings) come back as kind "identifier", to be kept verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any

from qa_core.lazy import LazyPattern, lazy_pattern, pattern_code, pattern_from_code
from qa_core.records import quick_records
from qa_core.text import placeholders

__all__ = ["Quantity", "Conventions", "extract", "conventions", "primary_language", "APPROX_KINDS"]

#: what `Quantity.approx` may hold: ~ about/khoảng; < nearly/under/gần/dưới; > over/hơn/trên;
#: >= at least/ít nhất; <= up to/at most/tối đa
APPROX_KINDS = ("about", "nearly", "under", "over", "at-least", "at-most")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a text.

    kind: "number", "percent", "amount" (money), "date", "time" or "identifier".
    value: a `Decimal` (magnitude applied: "2 triệu" is 2000000) for numbers,
      percents and amounts; `(year, month, day)` with None for parts not written for
      dates; `(hour, minute)` for times; the case-folded text for identifiers.
    start, end: code-point offsets of `text` in the string searched (half-open).
    unit: for amounts the ISO 4217 code ("USD"; "CNY|JPY" when a symbol such as ¥
      is ambiguous); for other numbers the unit of measure written after it (mg/dL,
      km, U/hr), else None.
    magnitude: the power of ten of a magnitude word (6 for million/triệu, 4 for 万).
    approx: one of APPROX_KINDS when a word such as "about"/"khoảng" qualifies it.
    ordinal: written as an ordinal (31st, thứ 31, 第3, fifth).
    written: "digits", "words" (spelled out: ten, mười, sieben, 十) or "weak" (words
      that are often not numbers at all: Roman numerals, square = 2, twice).
    role: "from"/"to" for the two ends of a range (10-20%, 10-11/9/2023), else "".
    foreign: the digits are not valid with this language's separators and were read
      with the other convention ("1.5" in Vietnamese, "1.000,5" in English).
    alternatives: other plausible readings as (reason, value) pairs: ("separators",
      1150) for an English "1.150", ("date-order", (2023, 10, 9)) for "9/10/2023".
    """

    kind: str
    value: Any
    start: int
    end: int
    text: str
    unit: str | None = None
    magnitude: int = 0
    approx: str | None = None
    ordinal: bool = False
    written: str = "digits"
    role: str = ""
    foreign: bool = False
    alternatives: tuple[tuple[str, Any], ...] = ()

    @property
    def hard(self) -> bool:
        """Written with digits (or an identifier): expected to survive translation."""
        return self.written == "digits"


# a text of numbers makes a few quantities: made through their slots (qa_core/records.py)
quick_records(Quantity)


@dataclass(frozen=True, slots=True)
class Conventions:
    """A language's number and date conventions, from CLDR."""

    lang: str
    decimal: str
    group: str
    grouping: tuple[int, int]
    date_order: str  # "dmy", "mdy", "ymd", or "dmy|mdy" when a language without a region writes both


@lru_cache(maxsize=512)
def primary_language(lang: str | None) -> str:
    """'vi-VN' -> 'vi', 'zh_Hans' -> 'zh', None -> 'en'. (Asked for both sides of every
    unit with a number: kept for the few tags a run meets.)"""
    if not lang:
        return "en"
    return re.split(r"[-_]", lang.strip())[0].lower() or "en"


def _babel_locale(lang: str):
    from babel import Locale, UnknownLocaleError

    tag = lang.replace("-", "_")
    for candidate in (tag, primary_language(lang)):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def conventions(lang: str | None) -> Conventions:
    """Separators, grouping and numeric date order of `lang` (BCP 47), from CLDR."""
    return _lang(lang or "en").conv


def _cldr_conventions(lang: str) -> Conventions:
    from babel import dates, numbers

    lang = lang or "en"
    loc = _babel_locale(lang)
    decimal = numbers.get_decimal_symbol(loc)
    group = numbers.get_group_symbol(loc)
    pattern = loc.decimal_formats.get(None)
    grouping = tuple(pattern.grouping) if pattern is not None else (3, 3)
    short = dates.get_date_format("short", locale=loc).pattern
    order = "".join(ch for ch in re.sub(r"'[^']*'", "", short) if ch in "dMy")
    order = re.sub(r"(.)\1+", r"\1", order).lower()
    if order not in ("dmy", "mdy", "ymd"):
        order = "dmy"
    if loc.territory is None and "-" not in lang and "_" not in lang and order == "mdy":
        order = "dmy|mdy"  # "en" alone: US and British usage are both common
    return Conventions(primary_language(lang), decimal, group, (grouping[0] or 3, grouping[1] or 3), order)


# ---------------------------------------------------------------------------
# Word lists CLDR does not have (kept small; each says why it is here)
# ---------------------------------------------------------------------------

# magnitude words missing from CLDR's compact forms (spelling variants, abbreviations)
_EXTRA_MAGNITUDES: dict[str, dict[str, int]] = {
    "vi": {"ngàn": 3, "ngàn tỷ": 12, "ngàn tỉ": 12, "nghìn tỉ": 12, "tỉ": 9, "trăm": 2},
    "en": {"hundred": 2, "bn": 9, "mn": 6, "mln": 6},
    "zh": {"千": 3, "百万": 6, "千万": 7, "亿": 8},
    "ja": {"千": 3, "百万": 6, "千万": 7},
    "de": {"Tsd.": 3},
    "cs": {"tisíc": 3, "tisíce": 3},
    "pl": {"tysięcy": 3, "tys.": 3},
}

# colloquial currency names and symbols CLDR's display names do not cover
_EXTRA_CURRENCIES: dict[str, dict[str, str]] = {
    "*": {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₫": "VND", "₹": "INR", "¥": "CNY|JPY", "￥": "CNY|JPY",
          "₩": "KRW", "₽": "RUB", "zł": "PLN", "Kč": "CZK", "R$": "BRL"},
    "en": {"dollar": "USD", "dollars": "USD", "U.S. dollars": "USD", "US dollars": "USD", "U.S. dollar": "USD",
           "euro": "EUR", "euros": "EUR", "Euros": "EUR", "yuan": "CNY", "renminbi": "CNY",
           "yen": "JPY", "dong": "VND", "đồng": "VND", "rupee": "INR", "rupees": "INR", "ruble": "RUB", "rubles": "RUB",
           "rouble": "RUB", "roubles": "RUB", "zloty": "PLN", "zlotys": "PLN", "koruna": "CZK", "korunas": "CZK",
           "crowns": "CZK", "won": "KRW", "pounds sterling": "GBP"},
    "vi": {"đô la": "USD", "đô-la": "USD", "đôla": "USD", "đô": "USD", "USD": "USD", "đồng": "VND", "đ": "VND",
           "VNĐ": "VND", "VNĐ.": "VND", "tỷ đồng": "VND", "yên": "JPY", "won": "KRW", "rúp": "RUB", "rupee": "INR"},
    "de": {"Dollar": "USD", "Euro": "EUR", "Yuan": "CNY", "Yen": "JPY", "Rupien": "INR", "Rubel": "RUB"},
    "fr": {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "yuans": "CNY", "roupies": "INR"},
    "es": {"dólares": "USD", "dólar": "USD", "euros": "EUR", "rupias": "INR", "yuanes": "CNY"},
    "it": {"dollari": "USD", "dollaro": "USD", "euro": "EUR", "rupie": "INR"},
    "pl": {"dolarów": "USD", "dolary": "USD", "dolar": "USD", "euro": "EUR", "złotych": "PLN", "zł": "PLN"},
    "ru": {"долларов": "USD", "доллара": "USD", "доллар": "USD", "евро": "EUR", "рублей": "RUB", "рубля": "RUB",
           "рубль": "RUB", "руб.": "RUB"},
    "cs": {"korun": "CZK", "koruny": "CZK", "koruna": "CZK", "dolarů": "USD", "eur": "EUR"},
    "zh": {"元": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY", "人民币": "CNY", "英镑": "GBP", "越南盾": "VND"},
    "ja": {"円": "JPY", "ドル": "USD", "ユーロ": "EUR", "元": "CNY"},
    "hi": {"रुपये": "INR", "रुपए": "INR", "रुपया": "INR", "डॉलर": "USD"},
}
_CURRENCY_CODES = (
    "USD", "EUR", "VND", "GBP", "JPY", "CNY", "INR", "RUB", "PLN", "CZK", "CHF", "KRW", "AUD", "CAD", "SGD", "THB",
    "HKD", "TWD", "BRL", "MXN", "SEK", "NOK", "DKK", "IDR", "MYR", "PHP", "LAK", "KHR", "TRY", "ZAR", "NZD", "HUF",
)

_PERCENT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("percent", "per cent", "percentage points", "percentage point", "pct"),
    "vi": ("phần trăm",),
    "de": ("Prozent", "Prozentpunkte"),
    "fr": ("pour cent", "pourcent"),
    "es": ("por ciento",),
    "it": ("per cento",),
    "pl": ("procent", "procenty", "procentów", "proc."),
    "ru": ("процентов", "процента", "процент", "проц."),
    "cs": ("procent", "procenta", "procento"),
    "hi": ("प्रतिशत", "फ़ीसदी", "फीसदी"),
    "ja": ("パーセント",),
}

# approximation words, by what they claim (before the number unless noted)
_APPROX: dict[str, dict[str, str]] = {
    "en": {
        "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
        "an estimated": "about", "approx.": "about", "circa": "about", "ca.": "about", "~": "about",
        "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
        "under": "under", "less than": "under", "fewer than": "under", "below": "under",
        "over": "over", "more than": "over", "above": "over", "exceeding": "over", "in excess of": "over",
        "upwards of": "over", "greater than": "over", "just over": "over",
        "bigger than": "over", "larger than": "over", "longer than": "over", "wider than": "over",
        "higher than": "over", "smaller than": "under", "shorter than": "under", "lower than": "under",
        "narrower than": "under", "exceed": "over", "exceeds": "over", "faster than": "over", "slower than": "under",
        "not greater than or equal to": "under", "not less than": "at-least", "not greater than": "at-most",
        "at least": "at-least", "no less than": "at-least", "a minimum of": "at-least",
        "up to": "at-most", "at most": "at-most", "no more than": "at-most", "a maximum of": "at-most",
        "not more than": "at-most", "not exceed": "at-most", "not to exceed": "at-most", "not exceeding": "at-most",
        "max": "at-most", "max.": "at-most", "max is": "at-most", "maximum": "at-most", "maximum is": "at-most",
        "min": "at-least", "min.": "at-least", "min is": "at-least", "minimum": "at-least", "minimum is": "at-least",
    },
    "vi": {
        "khoảng": "about", "chừng": "about", "ước tính": "about", "xấp xỉ": "about", "độ": "about",
        "khoảng chừng": "about", "ước chừng": "about",
        "gần": "nearly", "gần như": "nearly", "suýt": "nearly",
        "dưới": "under", "ít hơn": "under", "chưa đến": "under", "chưa tới": "under", "không tới": "under",
        "hơn": "over", "trên": "over", "nhiều hơn": "over", "cao hơn": "over", "vượt quá": "over", "vượt": "over",
        "ngoài": "over", "thấp hơn": "under", "kém hơn": "under", "nhỏ hơn": "under", "ngắn hơn": "under",
        "bé hơn": "under",
        "ít nhất": "at-least", "tối thiểu": "at-least", "không dưới": "at-least",
        "tối đa": "at-most", "không quá": "at-most", "nhiều nhất": "at-most", "lên đến": "at-most", "lên tới": "at-most",
        "không vượt quá": "at-most", "không được vượt quá": "at-most", "không được quá": "at-most",
        "không được hơn": "at-most", "quá": "over",
    },
}
# bare "đến"/"tới" are left out: they are prepositions and emphasis ("có đến 10 đứa con",
# as many as ten children) far more often than "up to"; these words are read as
# qualifiers only when no range or number comes just before them -- see _approx_before
_APPROX_AMBIGUOUS = {"độ", "ngoài", "vượt"}

_ORDINAL_SUFFIX: dict[str, str] = {
    "en": r"(?:st|nd|rd|th)\b",
    "fr": r"(?:er|re|ère|e|ème|ieme|ième)\b",
    "es": r"(?:º|ª|\.º|\.ª|o\b|a\b)",
    "it": r"(?:º|ª|°)",
}

_UNITS = (
    "mg/dL", "mmol/L", "mmol/l", "U/hr", "U/h", "U/giờ", "U", "g", "kg", "mg", "µg", "mcg", "km", "m", "cm", "mm",
    "nm", "µm", "km2", "km²", "m2", "m²", "ha", "L", "l", "ml", "mL", "dl", "dL", "s", "ms", "min", "h", "hr", "hrs",
    "°C", "°F", "°", "K", "W", "kW", "MW", "GW", "kWh", "MWh", "GWh", "V", "kV", "mAh", "Hz", "kHz", "MHz", "GHz",
    "B", "KB", "kB", "MB", "GB", "TB", "PB", "bit", "bits", "bít", "Mbit/s", "Mbps", "Gbps", "kbps", "px", "pt", "dpi",
    "mph", "km/h", "ft", "mi", "lb", "lbs", "oz",
)
_UNIT_SET = frozenset(_UNITS)

# Vietnamese number words (num2words has no Vietnamese ordinals and reads "năm" as 5
# even where it means "year"): standalone "năm"/"một" are skipped, see _spelled_regex
_VI_ORDINALS = {"thứ nhất": 1, "thứ nhì": 2, "thứ tư": 4}
_HI_WORDS = {
    "एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पांच": 5, "पाँच": 5, "छह": 6, "छः": 6, "सात": 7, "आठ": 8, "नौ": 9, "दस": 10,
    "बीस": 20, "सौ": 100, "हज़ार": 1000, "हजार": 1000,
}
_HI_ORDINALS = {
    "पहला": 1, "पहले": 1, "पहली": 1, "दूसरा": 2, "दूसरे": 2, "दूसरी": 2, "तीसरा": 3, "तीसरे": 3, "तीसरी": 3,
    "चौथा": 4, "चौथे": 4, "चौथी": 4, "पांचवां": 5, "पाँचवाँ": 5, "पांचवें": 5, "छठा": 6, "छठे": 6, "सातवां": 7,
    "सातवें": 7, "आठवां": 8, "आठवें": 8, "नौवां": 9, "नौवें": 9, "दसवां": 10, "दसवें": 10,
}
# oblique and gendered forms of 2-10 that num2words does not give (it writes the
# nominative): "trzech marynarzy", "пяти человек", "čtyř let"
_SLAVIC_FORMS: dict[str, dict[str, int]] = {
    "pl": {"dwóch": 2, "dwaj": 2, "dwie": 2, "dwoma": 2, "dwu": 2, "trzech": 3, "trzej": 3, "trzema": 3,
           "czterech": 4, "czterej": 4, "czterema": 4, "pięciu": 5, "sześciu": 6, "siedmiu": 7, "ośmiu": 8,
           "dziewięciu": 9, "dziesięciu": 10},
    "ru": {"двух": 2, "двум": 2, "двумя": 2, "две": 2, "трёх": 3, "трех": 3, "трём": 3, "тремя": 3, "четырёх": 4,
           "четырех": 4, "пяти": 5, "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10},
    "cs": {"dvou": 2, "dvěma": 2, "dvě": 2, "tří": 3, "třem": 3, "třemi": 3, "čtyř": 4, "čtyřem": 4, "pěti": 5,
           "šesti": 6, "sedmi": 7, "osmi": 8, "devíti": 9, "deseti": 10},
}

# words that stand for a number without being one ("square root" = root of 2); they are
# "weak": they confirm an equal value of the other side and are never reported or paired
_WEAK_WORDS: dict[str, dict[str, int | Decimal]] = {
    "en": {"square": 2, "squared": 2, "cube": 3, "cubic": 3, "cubed": 3, "twice": 2, "double": 2, "dual": 2,
           "triple": 3, "thrice": 3, "dozen": 12, "zeroth": 0, "midnight": 0, "noon": 12, "both": 2, "pair": 2,
           "half": Decimal("0.5"), "decade": 10, "century": 100, "once": 1, "single": 1, "couple": 2,
           "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9,
           "non-zero": 0, "nonzero": 0, "zeros": 0, "zeroes": 0,
           # a count a word names, which a translator may write in digits ("Power of Two",
           # "Bakers Dozen" → "Tá 13 cái", "Octal" → "Hệ 8", "Stereo" → "2 kênh")
           "quarter": Decimal("0.25"), "baker's dozen": 13, "bakers dozen": 13, "fortnight": 14,
           "stereo": 2, "binary": 2, "octal": 8, "hexadecimal": 16},
    "vi": {"bình phương": 2, "lập phương": 3, "gấp đôi": 2, "nửa đêm": 0, "cả hai": 2, "đôi": 2, "nửa": Decimal("0.5"),
           "thập kỷ": 10, "thập niên": 10, "thế kỷ": 100, "tá": 12, "đầu tiên": 1, "hàng chục": 10, "hàng trăm": 100,
           "hàng nghìn": 1000, "hàng ngàn": 1000, "hàng triệu": 10**6, "hàng tỷ": 10**9, "hàng tỉ": 10**9,
           "không": 0, "nhị phân": 2, "bát phân": 8, "thập phân": 10, "thập lục phân": 16},
    "fr": {"aucun": 0, "aucune": 0},
}

_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
# CJK counters/units after which a lone numeral is a number (一 alone is too often "a")
_CJK_COUNTERS = "个個人名位座家天年月日次回届場场件种項项条本只匹架艘辆輛歳岁周週倍分秒時时点點度枚つカ所ヶ所軒期章节節号號部国國代歳"

_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LETTER = _LATIN + "\u0370-\u03ff\u0400-\u04ff"  # scripts where letters glued to digits make an identifier
_DIGIT = r"[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]"
_SEPS = ".,\u00a0\u202f\u2009 '’"
_NUM = rf"{_DIGIT}+(?:[{_SEPS}]{_DIGIT}+)*"
_DASH = r"\s?[-–—~～－〜]\s?"

# text that is never a quantity: _MASK's alternatives, in its order, each with what it needs
# somewhere in the text (`_mask_needs`)
_MASK_ALTERNATIVES = (
    (r"[a-z][a-z0-9+.-]*://\S+", "://"),
    (r"www\.\S+", "dot"),  # _MASK_DOT_HINT's first branch
    (r"[\w.+-]+@[\w-]+\.[\w.-]+", "@"),
    (r"&#?[A-Za-z0-9]+;", "&"),  # character references
    (r"`[^`\n]*[={}()\[\];<>][^`\n]*`", "`"),  # code spans that hold code (`{id: 0}`; a bare `0` is a value)
    (r"(?<![\w/])(?=[\w./-]*[A-Za-z_])(?:[\w.-]+/){2,}[\w.-]*", "path"),  # paths (with a letter: 10/9/2023 is a date)
    (r"\b(?:Ctrl|Control|Alt|Shift|Cmd|Command|Super|Meta|Option|Fn)(?:\s?\+\s?[\w.]+)+", "+"),  # shortcuts
    (r"\b0[xX][0-9A-Fa-f]+\b", "0x"),  # hex numbers
    (r"#[0-9A-Fa-f]{3,8}\b", "#"),  # colours
    (r"\b[\w-]+\.(?:com|org|net|gov|edu|io|vn|html?|php|json|xml|png|jpe?g|svg|pdf)\b", "dot"),  # the dot hint's second
)
_MASK = lazy_pattern("(?:" + "|".join(source for source, _ in _MASK_ALTERNATIVES) + ")", re.IGNORECASE)
# what every alternative of _MASK needs somewhere in the text ("://", "@", "&", a
# backtick, "/" of a path, "+" of a shortcut, "0x", "#", a known domain ending): most
# sentences have none, and this scan is ten times cheaper than _MASK's
_MASK_CHARS = ("@", "&", "`", "+", "#", "://")
_MASK_CHARS_HINT = lazy_pattern("|".join(map(re.escape, _MASK_CHARS)))  # one of _MASK_CHARS is in the text
#: www. and the domain endings, each with its dot first (a literal the engine skips to)
_MASK_DOT_HINT = lazy_pattern(
    r"\.(?:(?<=www\.)|(?:com|org|net|gov|edu|io|vn|html?|php|json|xml|png|jpe?g|svg|pdf)\b)", re.IGNORECASE)
_MASK_HEX_HINT = lazy_pattern(r"0x", re.IGNORECASE)
# ... and what a path needs besides its slashes: its look-ahead's letter, joined to one of its
# slashes by a run of [\w./-] (the run from the path's start to that letter holds the path's first
# slash, on one side of the letter or the other). A date (10/9/2023) has a slash and no such letter.
_MASK_PATH_HINT = lazy_pattern(r"[A-Za-z_][\w./-]*/|/[\w./-]*[A-Za-z_]", re.IGNORECASE)
_STANDARD = lazy_pattern(
    r"\b(?:ISO(?:/IEC)?|IEC|EN|DIN|RFC|IEEE|ASTM|ANSI|ISBN|ISSN|WCAG|PEP|CVE|UN|NATO|STANAG)[ -]?" + _DIGIT + r"+(?:[-:./]" + _DIGIT + r"+)*\b"
    r"|\b(?:UTC|GMT)\s?[+−-]\s?\d{1,2}(?::\d\d)?"
)
_IDENT_LETTER_LED = lazy_pattern(
    # one way only to read each stretch (no optional joiner between two runs that may be cut
    # anywhere): the old form backtracked exponentially on "D9aaa…aG20²"
    rf"(?<![\w.,])(?<![\d.,\-]-)[{_LETTER}]+(?:[-'’_/]|(?<=[{_LETTER}]))" + _DIGIT
    + rf"+(?:(?!{_DIGIT})[{_LETTER}\d]+)?(?:[-_.][{_LETTER}\d]+)*\+?(?![\w])"
)
# words joined to the end of an identifier by hyphens (German compounds, English "-based"):
# letters only, three or more, with a small letter (so "Win32-API" keeps its "API")
_WORD_TAIL = lazy_pattern(r"(?:-(?=[^\W\d_]*[a-zà-ỹ])[^\W\d_]{3,})+$")
_IDENT_DIGIT_LED = lazy_pattern(rf"(?<![\w.,])({_DIGIT}+)([A-Z][A-Za-z]*|[A-Z]+\d+)(?![\w])")
_IDENT_DOTTED = lazy_pattern(rf"(?<![\w.,])\d+(?:\.\d+){{2,}}[{_LATIN}]*(?![\w])|(?<![\w.,])\d+\.\d+[a-z]{{1,2}}(?![\w])")


def _digits(text: str) -> str:
    """Any script's decimal digits as ASCII."""
    out = []
    for ch in text:
        if ch.isdigit():
            out.append(str(unicodedata.digit(ch, 0)))
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# Per-language tables, compiled once
# ---------------------------------------------------------------------------


#: the patterns of a language's tables, compiled on first use (a text with no digit
#: needs neither the currency nor the month patterns)
_PATTERNS = ("magnitude_re", "short_magnitude_re", "currency_after_re", "currency_before_re", "percent_re",
             "approx_re", "month_re", "ordinal_re", "spelled_re", "weak_re", "digit_names_re",
             "magnitude_hint", "short_magnitude_hint", "currency_after_hint", "currency_before_hint", "percent_hint",
             "head_words_re")


class _Lang:
    """One language's tables for extraction: words and symbols from CLDR and num2words
    (JSON data, cached on disk by `_lang`), and the patterns built from them, each
    compiled the first time it is used. `None` for a pattern the language lacks.

    digit_names: CLDR month and weekday names written with digits (vi "thg 10", "Thứ 2",
    "T2"): a month name confirms a month of the other side, a weekday name is no number."""

    def __init__(self, tables: dict[str, Any]) -> None:
        lang, decimal, group, grouping, order = tables["conv"]
        self.conv = Conventions(str(lang), str(decimal), str(group), (int(grouping[0]), int(grouping[1])), str(order))
        self.magnitudes: dict[str, int] = {str(k): int(v) for k, v in tables["magnitudes"].items()}
        self.short_magnitudes: dict[str, int] = {str(k): int(v) for k, v in tables["short_magnitudes"].items()}
        self.currencies: dict[str, str] = {str(k): str(v) for k, v in tables["currencies"].items()}
        self.approx: dict[str, str] = {str(k): str(v) for k, v in tables["approx"].items()}
        self.months: dict[str, int] = {str(k): int(v) for k, v in tables["months"].items()}
        self.spelled: dict[str, tuple[int, bool]] = {str(k): (int(v), bool(o)) for k, (v, o) in tables["spelled"].items()}
        self.digit_names: dict[str, tuple[str, int]] = {str(k): (str(kind), int(n))
                                                        for k, (kind, n) in tables["digit_names"].items()}
        self.cjk = bool(tables["cjk"])
        weak = _WEAK_WORDS.get(self.conv.lang, {})  # values include Decimal: not from the JSON cache
        self.weak: dict[str, Any] = {k.casefold(): v for k, v in weak.items()}
        self._sources: dict[str, tuple[str, int] | None] = {}
        for name in _PATTERNS:
            source = tables["patterns"].get(name)
            self._sources[name] = (str(source[0]), int(source[1])) if source is not None else None
        self._sources["weak_re"] = (r"(?<![\w])(" + _alternation(weak) + r")(?![\w])", re.IGNORECASE) if weak else None
        codes = tables.get("codes")
        self._codes: dict[str, Any] = codes if isinstance(codes, dict) else {}
        heads = tables.get("heads")
        self._heads: dict[str, Any] = heads if isinstance(heads, dict) else {}
        tails = tables["patterns"].get("approx_tails")
        self.approx_tails: tuple[str, ...] | None = tuple(tails) if isinstance(tails, list) else None
        self.approx_tail = max(map(len, tails)) if tails else 0
        self.approx_tail_ends = frozenset(tail[-1] for tail in tails) if tails else frozenset()

    def _compile(self, name: str) -> re.Pattern | None:
        source = self._sources[name]
        if source is None:
            return None
        record = self._codes.get(name)
        return (pattern_from_code(*source, record) if record is not None else None) or re.compile(*source)

    def codes(self) -> dict[str, Any]:
        """The regex engine's code of every pattern (qa_core.lazy.pattern_code), to cache."""
        out = {}
        for name, source in self._sources.items():
            record = pattern_code(*source) if source is not None else None
            if record is not None:
                out[name] = record
        return out

    # each reads `_sources` once, then is a plain attribute of the instance
    magnitude_re = cached_property(lambda self: self._compile("magnitude_re"))
    short_magnitude_re = cached_property(lambda self: self._compile("short_magnitude_re"))
    currency_after_re = cached_property(lambda self: self._compile("currency_after_re"))
    currency_before_re = cached_property(lambda self: self._compile("currency_before_re"))
    percent_re = cached_property(lambda self: self._compile("percent_re"))
    approx_re = cached_property(lambda self: self._compile("approx_re"))
    month_re = cached_property(lambda self: self._compile("month_re"))
    ordinal_re = cached_property(lambda self: self._compile("ordinal_re"))
    spelled_re = cached_property(lambda self: self._compile("spelled_re"))
    weak_re = cached_property(lambda self: self._compile("weak_re"))
    digit_names_re = cached_property(lambda self: self._compile("digit_names_re"))
    # prefilters of the patterns above (`_char_hint`): None = none, ask the pattern
    magnitude_hint = cached_property(lambda self: self._compile("magnitude_hint"))
    short_magnitude_hint = cached_property(lambda self: self._compile("short_magnitude_hint"))
    currency_after_hint = cached_property(lambda self: self._compile("currency_after_hint"))
    currency_before_hint = cached_property(lambda self: self._compile("currency_before_hint"))
    percent_hint = cached_property(lambda self: self._compile("percent_hint"))

    @cached_property
    def ascii_heads(self) -> frozenset[str] | None:
        """For an ASCII text without a digit: the words one of which it must hold (in lower
        case) for `_spelled` to find anything but a Roman numeral, all scans together (the
        heads of spelled_re and weak_re, English bare magnitudes; "năm" is not ASCII); None
        when a pattern's heads are not known (spelled words that take endings) or for CJK."""
        if self.cjk:
            return None
        heads: set[str] = set()
        for name in ("spelled_re", "weak_re"):
            if self._sources[name] is not None:  # the pattern exists (not compiled for this)
                if self.word_heads[name] is None:
                    return None
                heads |= self.word_heads[name]
        if self.conv.lang == "en":
            heads |= {"hundred", "thousand", "million", "billion", "trillion"}  # _BARE_MAGNITUDE's words
        return frozenset(heads)

    time_patterns = cached_property(lambda self: _time_patterns(self))

    @cached_property
    def head_words_re(self) -> re.Pattern:
        """The words of a folded text (`_folded`) that are a head of one of the word
        patterns (`word_heads`) or of `ascii_heads`: `(?<!\\w)(?:H1|H2|...)(?!\\w)`,
        case-sensitive, each H a folded run of word characters (`_word_heads`). Its
        matches are exactly the whole words of the text that are heads: a match starts
        where no word character is before it and ends where none follows, so it is a
        whole word, one of the H; every whole word that is an H matches (the engine tries
        every alternative before it moves on, and the matches before it, whole words
        themselves, end before it). So `set(findall(folded))` is the text's words
        (`_text_words`) less those that are no head, and a head set is disjoint from the
        one exactly when it is from the other (`_head_words`)."""
        if self._sources.get("head_words_re") is None:  # tables built before they kept it
            self._sources["head_words_re"] = (self.head_words_source(), 0)
        return self._compile("head_words_re")

    def head_words_source(self) -> str:
        """`head_words_re`'s source, kept with the tables (and its code with theirs)."""
        heads: set[str] = set(self.ascii_heads or ())
        for found in self.word_heads.values():
            heads.update(found or ())
        return r"(?<!\w)(?:" + _alternation(heads) + r")(?!\w)"

    @cached_property
    def word_heads(self) -> dict[str, frozenset[str] | None]:
        """For the word patterns spelled_re, weak_re, month_re and digit_names_re: the
        words a text must hold for the pattern to match in it (`_word_heads`), or None."""
        spelled = self._heads.get("spelled_re")
        return {
            # the spelled pattern is made of num2words' words, its table keeps them case-folded:
            # their heads are taken when the tables are built
            "spelled_re": frozenset(spelled) if isinstance(spelled, list) else None,
            "weak_re": _word_heads(_WEAK_WORDS.get(self.conv.lang, {})),
            "month_re": _word_heads(self.months),
            "digit_names_re": _word_heads(self.digit_names, spaced=True),
        }


#: a word as the regex engine's \w sees it; in an ASCII text
_WORD_RUN = lazy_pattern(r"\w+")
_ASCII_WORD = lazy_pattern(r"[A-Za-z0-9_]+")


@lru_cache(maxsize=1)
def _fold_table() -> tuple[dict[int, str], re.Pattern] | None:
    """How the regex engine compares characters case-blind, as a table: it lower-cases
    both (the simple mapping) and takes as equal a few characters more (i and dotless ı,
    s and long ſ, Greek and Cyrillic variants: `re._casefix`). The table maps each member
    of such a class to one word character of it; with the pattern of the members it maps.
    None when this Python does not say (then only ASCII texts are prefiltered)."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # pragma: no cover - another Python's regex engine
        return None
    table: dict[int, str] = {}
    for key, others in _EXTRA_CASES.items():
        members = sorted({key, *others})
        word = [m for m in members if chr(m).isalnum() or chr(m) == "_"]
        if not word:  # pragma: no cover - no such class in CPython 3.11-3.13
            return None
        for member in members:
            if member != word[0]:
                table[member] = chr(word[0])
    return table, re.compile("[" + "".join(re.escape(chr(m)) for m in sorted(table)) + "]")


#: a combining mark the regex engine takes as equal to Greek iota case-blind: a non-word
#: character equal to word characters; a text that holds it is not prefiltered
_NOT_FOLDED = "\u0345"


def _folded(text: str) -> str | None:
    """`text` with each character replaced by a representative of the characters the
    regex engine takes as equal to it case-blind (same length, same word characters),
    or None when that cannot be said (`_fold_table`, `_NOT_FOLDED`).

    str.lower() is the simple lower-case mapping the engine uses for every character
    but İ (U+0130), which it writes as two (i and a combining dot), and it keeps each
    character a word character or not (both checked over every code point on CPython
    3.11)."""
    if text.isascii():
        return text.lower()  # no ASCII character is folded with another ASCII character
    fold = _fold_table()
    if fold is None or _NOT_FOLDED in text:
        return None
    lowered = (text.replace("\u0130", "i") if "\u0130" in text else text).lower()
    table, members = fold
    return lowered.translate(table) if members.search(lowered) else lowered


def _text_words(text: str) -> set[str] | None:
    """The words of `text`, folded (`_folded`; an ASCII text's in lower case), for the word
    patterns' prefilter (`_may_match`); None when the text cannot be folded."""
    if text.isascii():
        return set(_ASCII_WORD.findall(text.lower()))
    folded = _folded(text)
    return set(_WORD_RUN.findall(folded)) if folded is not None else None


def _head_words(text: str, data: _Lang) -> set[str] | None:
    """The words of `text` (`_text_words`) that are a head of one of `data`'s word patterns
    or of `ascii_heads` (`_Lang.head_words_re`): what the prefilters ask of the text's
    words, found by one scan for the heads instead of a set of every word; None when the
    text cannot be folded."""
    folded = _folded(text)
    return set(data.head_words_re.findall(folded)) if folded is not None else None


def _word_heads(words, *, inflect: bool = False, spaced: bool = False) -> frozenset[str] | None:
    r"""The folded leading word (`_folded`, a run of word characters) of each of `words`,
    the words a case-blind pattern `(?<![\w])(W1|W2|...)(?![\w])` is made of (a space
    in a word is a run of spaces, any other character is itself; with `spaced`, as
    digit_names_re writes them, a space is an optional space); None when a word does
    not start with a word character, cannot be folded, or takes an ending (`inflect`).

    Such a pattern matches only where a whole word of the text, folded, is the leading
    word of one of the W: the match starts after a non-word character; its leading
    word's characters are word characters, each equal case-blind to the text's, which
    are word characters too, and have the same folded form; what follows them in the
    pattern is a non-word character or the end (then the text's word ends there). With
    `spaced`, a missing space joins the words around it: each run of the joined words
    counts. So a text none of whose words is a head holds no match, and the pattern
    need not scan it."""
    if inflect:
        return None
    heads = set()
    for word in words:
        if not word:
            continue
        parts = re.split(r"\s+", word) if spaced else [word]
        for count in range(1, len(parts) + 1):
            folded = _folded(" ".join(parts) if not spaced else "".join(parts[:count]))
            head = _WORD_RUN.match(folded) if folded is not None else None
            if head is None:
                return None
            heads.add(head.group())
            if not spaced:
                break
    return frozenset(heads)


def _may_match(heads: frozenset[str] | None, words: set[str] | None) -> bool:
    """False when a word pattern with these heads cannot match a text with these words
    (`_text_words`; None for a text that cannot be folded)."""
    return heads is None or words is None or not heads.isdisjoint(words)


_ANY_DIGIT = lazy_pattern(r"\d")


def _alternation(words, *, inflect: bool = False, short_tail=frozenset()) -> str:
    """A regex matching any of `words`, longest first, built as a trie: Python's
    engine tries alternatives one by one, and a flat list of a few hundred number
    words made this the slowest part of extraction. Spaces match any run of spaces;
    with `inflect`, words of five letters or more may take up to four more letters
    (Millionen, milionu), those of `short_tail` (ordinals) up to two (ersten, primeros):
    four would read German "Erstelle", "Erstellen" (create) as "erste" (first)."""
    words = {w for w in words if w}
    if not words:
        return r"(?!x)x"
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        inflects = inflect and len(word) >= 5 and word[-1:].isalpha() and not _is_cjk(word)
        node[""] = (2 if word in short_tail else 4) if inflects else 0
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    options = []
    for ch in sorted(k for k in node if k):
        piece = r"[\s\u00a0]+" if ch == " " else re.escape(ch)
        options.append(piece + _trie_regex(node[ch]))
    if "" in node:
        options.append(rf"\w{{0,{node['']}}}" if node[""] else "")
    if len(options) == 1:
        return options[0]
    return "(?:" + "|".join(options) + ")"


def _char_hint(words, *, last: bool = False, extra: str = "") -> str | None:
    """A character class holding the first (or `last`) character of each of `words`
    (and `extra`), or None when a word is empty or starts (ends) with a space.

    Made for the prefilters of a word pattern (`_alternation(words)` between fixed pieces):
    the pattern's match holds one of its words, whose first (last) character is written
    in the pattern as a literal. A class of those literals compiled with the pattern's
    flags matches a character exactly when one of them does (case-blind too: the regex
    engine folds a class's members as it folds a literal), so a hint made of the
    pattern's fixed pieces around this class matches wherever the pattern does."""
    chars = set(extra)
    for word in words:
        if not word:
            return None
        ch = word[-1] if last else word[0]
        if ch.isspace():
            return None
        chars.add(ch)
    if not chars:
        return r"(?!x)x"
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


#: languages whose spelled-out numbers take endings (`_alternation`'s `inflect`)
_SPELLED_INFLECTED = ("de", "es", "it")
_INFLECTING = {"de", "pl", "ru", "cs", "sk", "uk", "fr", "es", "it", "pt", "ro", "hu", "fi", "nl", "sv", "da", "no", "hi"}


@lru_cache(maxsize=64)
def _lang(lang: str | None) -> _Lang:
    """The tables of `lang`, from the on-disk cache when it holds them for the installed
    Babel and num2words and this module's code (a cold build costs ~40 ms a language)."""
    from qa_core import cache

    name = lang or "en"
    key = _tables_key()
    stored = cache.load("numbers", name, key)
    if stored is not None:
        try:
            return _Lang(stored)
        except (KeyError, TypeError, ValueError, AttributeError, re.error):
            pass  # not what this code writes: build it again
    tables = _lang_tables(name)
    built = _Lang(tables)
    if cache.cache_dir() is not None:
        source = built.head_words_source()
        tables["patterns"]["head_words_re"] = (source, 0)
        built._sources["head_words_re"] = (source, 0)
        tables["codes"] = built.codes()  # ~8 ms of compiling a language's patterns, saved from now on
        cache.store("numbers", name, key, tables)
    return built


@lru_cache(maxsize=1)
def _tables_key() -> list[str]:
    """What the cached tables depend on: this module's code (its word lists and the
    way it builds patterns), Babel's and num2words' versions, and the Python build
    (the compiled patterns' code is its regex engine's)."""
    import sys

    import _sre

    from qa_core.digests import blake2b
    from qa_core.distributions import version

    try:
        with open(__file__, "rb") as handle:
            code = blake2b(handle.read(), digest_size=32).hexdigest()
    except OSError:
        code = "?"
    return [code, version("babel") or "?", version("num2words") or "?", sys.version, str(_sre.MAGIC), str(_sre.CODESIZE)]


def _lang_tables(lang: str) -> dict[str, Any]:
    """Build a language's tables (JSON data: words, symbols and pattern sources) from
    CLDR through Babel and from num2words."""
    from babel import dates
    from babel.numbers import get_currency_name, get_currency_symbol

    conv = _cldr_conventions(lang)
    code = conv.lang
    loc = _babel_locale(lang or "en")
    cjk = code in ("zh", "ja", "ko")
    inflect = code in _INFLECTING

    # magnitude words from CLDR's compact decimal formats
    long_words: dict[str, int] = {}
    short_words: dict[str, int] = {}
    compact = loc._data.get("compact_decimal_formats", {}) if hasattr(loc, "_data") else {}
    for width in ("long", "short"):
        for forms in (compact.get(width) or {}).values():
            for key, pattern in forms.items():
                text = getattr(pattern, "pattern", str(pattern))
                zeros = text.count("0")
                word = re.sub(r"'([^']*)'", r"\1", text.replace("0", "")).strip(" \u00a0")
                if not word or not zeros or not str(key).isdigit():
                    continue
                exponent = len(str(key)) - 1 - (zeros - 1)
                if exponent <= 0:
                    continue
                target = long_words if (width == "long" or len(word) > 2 or cjk) else short_words
                target.setdefault(word, exponent)
    for word, exponent in _EXTRA_MAGNITUDES.get(code, {}).items():
        long_words.setdefault(word, exponent)
    patterns: dict[str, tuple[str, int] | None] = {}
    patterns["magnitude_re"] = (r"[\s\u00a0]*(" + _alternation(long_words, inflect=inflect) + r")(?![\w])" if not cjk
                                else r"(" + _alternation(long_words) + r")", re.IGNORECASE if not cjk else 0)
    patterns["short_magnitude_re"] = (r"[\s\u00a0]?(" + _alternation(short_words) + r")(?![\w])", 0)
    # prefilters: the fixed start of each pattern, then the first character of one of its words
    first = _char_hint(long_words)
    patterns["magnitude_hint"] = None if first is None else \
        ((r"[\s\u00a0]*" + first, re.IGNORECASE) if not cjk else (first, 0))
    first = _char_hint(short_words)
    patterns["short_magnitude_hint"] = None if first is None else (r"[\s\u00a0]?" + first, 0)

    # currencies: ISO codes anywhere, CLDR symbols and names, then the colloquial extras
    currencies: dict[str, str] = {}

    def add(name: str, iso: str) -> None:
        key = name.casefold()
        if key in currencies and iso not in currencies[key].split("|"):
            currencies[key] = currencies[key] + "|" + iso
        else:
            currencies.setdefault(key, iso)

    for iso in _CURRENCY_CODES:
        add(iso, iso)
        try:
            symbol = get_currency_symbol(iso, locale=loc)
            if symbol and symbol != iso:
                add(symbol, iso)
            for count in (1, 2, 5, 1.5):
                add(get_currency_name(iso, count, locale=loc), iso)
        except Exception:  # noqa: BLE001 - a locale without the data: keep what we have
            pass
    for table in ("*", code):
        for name, iso in _EXTRA_CURRENCIES.get(table, {}).items():
            currencies[name.casefold()] = iso
    names = [n for n in currencies]
    symbols = [n for n in names if not any(ch.isalpha() for ch in n) or n.isupper()]
    connector = r"(?:[\s\u00a0]*(?:de|d'|d’|di)\s*)?" if code in ("fr", "es", "it", "pt") else ""
    patterns["currency_after_re"] = (r"[\s\u00a0]*" + connector + "(" + _alternation(names) + r")(?![\w])", re.IGNORECASE)
    patterns["currency_before_re"] = ("(" + _alternation(symbols + [s for s in names if s.isupper() or len(s) == 3]) + r")[\s\u00a0]?$", re.IGNORECASE)
    first = _char_hint(names, extra="d" if connector else "")  # the connector (de, d', di) starts with d
    patterns["currency_after_hint"] = None if first is None else (r"[\s\u00a0]*" + first, re.IGNORECASE)
    last = _char_hint(symbols + [s for s in names if s.isupper() or len(s) == 3], last=True)
    patterns["currency_before_hint"] = None if last is None else (last + r"[\s\u00a0]?$", re.IGNORECASE)

    patterns["percent_re"] = (r"[\s\u00a0]?(%|％|‰|" + _alternation(_PERCENT_WORDS.get(code, ()), inflect=False) + r")(?![\w])", re.IGNORECASE)
    first = _char_hint(_PERCENT_WORDS.get(code, ()), extra="%％‰")
    patterns["percent_hint"] = None if first is None else (r"[\s\u00a0]?" + first, re.IGNORECASE)

    approx = _APPROX.get(code, {})
    patterns["approx_re"] = (r"(?<![\w])(" + _alternation(approx) + r")[\s\u00a0]+(?:of[\s\u00a0]+|than[\s\u00a0]+|là[\s\u00a0]+)?"
                             r"(?:(?:from|between|từ|trong|an?)[\s\u00a0]+)?$", re.IGNORECASE) if approx else None
    # the last word before the spaces that end a match: the last word of an approximation word, or of,
    # than, là, from, between, từ, trong, a, an (searched from that word's longest length before the spaces)
    tails = {word.split(" ")[-1] for word in approx} | {"of", "than", "là", "from", "between", "từ", "trong", "a", "an"}
    folded_tails = [_folded(tail) for tail in tails]
    patterns["approx_tails"] = sorted(folded_tails) if approx and all(folded_tails) else None

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            try:
                names_ = dates.get_month_names(width, context, loc)
            except Exception:  # noqa: BLE001
                continue
            for number, name in names_.items():
                if not name or any(ch.isdigit() for ch in name) or (_is_cjk(name) and not cjk):
                    continue
                months.setdefault(name.casefold().rstrip("."), number)
    if code == "en":
        months.update({"sept": 9})
    digit_names = _digit_names(loc, code)
    patterns["digit_names_re"] = (
        (r"(?<![\w])(" + "|".join(
            r"\s?".join(re.escape(part) for part in re.split(r"\s+", name)) for name in sorted(digit_names, key=len, reverse=True)
        ) + r")(?![\w])", re.IGNORECASE)
        if digit_names else None
    )
    patterns["month_re"] = None
    if months and not cjk:
        alt = _alternation(months)
        patterns["month_re"] = (r"(?<![\w])(" + alt + r")\.?(?![\w])", re.IGNORECASE)

    patterns["ordinal_re"] = (_ORDINAL_SUFFIX[code], 0) if code in _ORDINAL_SUFFIX else None

    spelled = _spelled_words(code)
    spelled_heads = _word_heads(spelled, inflect=code in _SPELLED_INFLECTED) if spelled else None
    patterns["spelled_re"] = None
    if spelled:
        ordinals = frozenset(word for word, (_value, ordinal) in spelled.items() if ordinal)
        patterns["spelled_re"] = (r"(?<![\w-])(" + _alternation(spelled, inflect=code in _SPELLED_INFLECTED, short_tail=ordinals) + r")(?![\w])", re.IGNORECASE)

    return {
        "conv": [conv.lang, conv.decimal, conv.group, list(conv.grouping), conv.date_order],
        "patterns": patterns,
        "magnitudes": {k.casefold(): v for k, v in long_words.items()},
        "short_magnitudes": dict(short_words),
        "currencies": currencies,
        "approx": {k.casefold(): v for k, v in approx.items()},
        "months": months,
        "spelled": {k.casefold(): list(v) for k, v in spelled.items()},
        "digit_names": {k: list(v) for k, v in digit_names.items()},
        "cjk": cjk,
        "heads": {"spelled_re": None if spelled_heads is None else sorted(spelled_heads)},
    }


def _digit_names(loc, code: str) -> dict[str, tuple[str, int]]:
    """CLDR's month and weekday names of a language that hold digits, every width and
    context (Vietnamese "thg 10", "tháng 10", "Thứ 2", "T2"), casefolded without spaces;
    plus Vietnamese "Th10", the compact month abbreviation GNOME and others use."""
    from babel import dates

    out: dict[str, tuple[str, int]] = {}
    if loc is None:
        return out
    for width in ("wide", "abbreviated", "narrow", "short"):
        for context in ("format", "stand-alone"):
            for kind, getter in (("month", dates.get_month_names), ("weekday", dates.get_day_names)):
                try:
                    names = getter(width, context, loc)
                except Exception:  # noqa: BLE001 - a width a locale lacks
                    continue
                if kind == "month" and width in ("wide", "narrow"):
                    continue  # "tháng 10" is read with its year by the date patterns; narrow months are bare digits
                for number, name in names.items():
                    if name and any(ch.isdigit() for ch in name) and any(ch.isalpha() for ch in name):
                        out.setdefault(name.casefold(), (kind, int(number) + (1 if kind == "weekday" else 0)))
    if code == "vi":
        for month in range(1, 13):
            out.setdefault(f"th{month}", ("month", month))
    return out


@lru_cache(maxsize=64)
def _spelled_words(code: str) -> dict[str, tuple[int, bool]]:
    """word -> (value, is ordinal) for 0..100 (and ordinals from 1), from num2words.

    Cardinal 1 (one/ein/un/một/один) is read as a weak number: an article or pronoun
    as often as a count, it may confirm a 1 of the other side but never pairs alone."""
    out: dict[str, tuple[int, bool]] = {}
    if code == "hi":
        out.update({w: (v, False) for w, v in _HI_WORDS.items()})
        out.update({w: (v, True) for w, v in _HI_ORDINALS.items()})
        return out
    if code in ("zh", "ja", "ko"):
        return out  # CJK numerals have their own reader
    try:
        from num2words import CONVERTER_CLASSES, num2words
    except ImportError:  # pragma: no cover - a dependency
        return out
    if code not in CONVERTER_CLASSES:
        return out
    for value in range(0, 101):
        try:
            word = num2words(value, lang=code)
        except Exception:  # noqa: BLE001 - not every language has every form
            continue
        if code == "vi" and word in ("năm", "không"):
            continue  # "năm" is also "year" (only in compounds and after "thứ"), "không" also "not"
        out.setdefault(word.casefold(), (value, False))
        if code == "en" and "-" in word:
            out.setdefault(word.replace("-", " "), (value, False))
    for word, value in _SLAVIC_FORMS.get(code, {}).items():
        out.setdefault(word, (value, False))
    if code == "vi":
        for value in range(2, 21):
            word = num2words(value, lang="vi")
            out.setdefault(f"thứ {word}", (value, True))
        out.update({w: (v, True) for w, v in _VI_ORDINALS.items()})
        out.setdefault("mười", (10, False))
        return out
    for value in list(range(1, 32)) + list(range(40, 101, 10)):
        try:
            word = num2words(value, lang=code, to="ordinal")
        except Exception:  # noqa: BLE001
            break
        if not word or any(ch.isdigit() for ch in word):
            break
        out.setdefault(word.casefold(), (value, True))
        if code == "en" and "-" in word:
            out.setdefault(word.replace("-", " "), (value, True))
    if code == "en":
        out["zeroth"] = (0, True)
    return out


# ---------------------------------------------------------------------------
# Reading numbers
# ---------------------------------------------------------------------------


def _read(token: str, decimal: str, group: str, grouping: tuple[int, int]) -> Decimal | None:
    """The value of `token` with these separators, or None when it is not written that way.
    Spaces (plain, no-break, narrow) group digits in every convention."""
    groups_chars = {group, " ", "\u00a0", "\u202f", "\u2009"}
    if group in ("'", "’"):
        groups_chars |= {"'", "’"}
    body = _digits(token)
    seps = [(i, ch) for i, ch in enumerate(body) if not ch.isdigit()]
    if not seps:
        return Decimal(body)
    for _, ch in seps:
        if ch != decimal and ch not in groups_chars:
            return None
    dec_positions = [i for i, ch in seps if ch == decimal]
    if len(dec_positions) > 1:
        return None
    integer, fraction = (body[: dec_positions[0]], body[dec_positions[0] + 1:]) if dec_positions else (body, "")
    if fraction and not fraction.isdigit():
        return None
    parts = re.split("[" + re.escape("".join(groups_chars)) + "]", integer)
    if len(parts) > 1:
        primary, secondary = grouping
        if len(parts[-1]) != primary or not (1 <= len(parts[0]) <= max(primary, secondary)):
            return None
        if any(len(p) != secondary for p in parts[1:-1]):
            return None
    digits = "".join(parts)
    if not digits.isdigit():
        return None
    try:
        return Decimal(digits + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


def _swap(conv: Conventions) -> tuple[str, str]:
    """The other common convention: '.' and ',' trade roles (a space group keeps ',' decimal)."""
    if conv.decimal == ".":
        return ",", "."
    return ".", ","


def _readings(token: str, conv: Conventions) -> tuple[Decimal, bool, tuple[tuple[str, Any], ...]] | None:
    """(value, foreign, alternatives) of a digit token in `conv`, or None."""
    if token.isdigit() and token.isascii():
        # no separator: both conventions read the same value (what _read does, faster)
        return Decimal(token), False, ()
    own = _read(token, conv.decimal, conv.group, conv.grouping)
    other_dec, other_group = _swap(conv)
    other = _read(token, other_dec, other_group, (3, 3))
    if own is not None:
        alts = (("separators", other),) if other is not None and other != own else ()
        return own, False, alts
    if other is not None:
        return other, True, ()
    return None


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------


class _Claims:
    """Character ranges already taken; a quantity may not overlap one."""

    __slots__ = ("mask",)

    def __init__(self, length: int) -> None:
        self.mask = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) < 0  # bounds read as a slice's, as mask[start:end] did

    def take(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)


class _PlaceholderClaims(_Claims):
    """Claims that start with the text's placeholders, found only when a pattern first
    asks (`free`) or claims (`take`): most texts without a digit hold no number word at
    all, and then their placeholders are never needed. Claims are a union of ranges,
    so taking the placeholders later leaves every answer as it was."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        super().__init__(len(text))
        self.text = text

    def _settle(self) -> None:
        text, self.text = self.text, None
        for ph in placeholders(text):
            _Claims.take(self, ph.start, ph.end)

    def free(self, start: int, end: int) -> bool:
        if self.text is not None:
            self._settle()
        return _Claims.free(self, start, end)

    def take(self, start: int, end: int) -> None:
        if self.text is not None:
            self._settle()
        _Claims.take(self, start, end)


def extract(text: str, lang: str | None) -> tuple[Quantity, ...]:
    """Every quantity of `text` read as language `lang` (BCP 47; None = English),
    in text order. Placeholders, URLs, e-mail addresses, paths and shortcuts are
    skipped; identifiers with digits come back as kind "identifier"."""
    if not text:
        return ()
    first = text[0]  # most texts start with a letter or a digit: no need to look further
    if not (first.isalpha() or first.isdigit()) and not any(ch.isdigit() or ch.isalpha() for ch in text):
        return ()
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return _extract(text, lang or "en")
    # decomposed text (NFD, as some tools write Vietnamese): read the NFC form and
    # give the spans back in the original's offsets
    composed, offsets = _compose(text)
    out = []
    for q in _extract(composed, lang or "en"):
        start, end = offsets[q.start], offsets[q.end]
        out.append(replace(q, start=start, end=end, text=text[start:end]))
    return tuple(out)


def _mask_needs(text: str) -> set[str]:
    """What `text` holds of what _MASK's alternatives need (`_MASK_ALTERNATIVES`): each
    needs one of @ & ` + # ://, or www. or a domain ending (`_MASK_DOT_HINT`), or 0x, or a
    path's letter and slash (`_MASK_PATH_HINT`). Empty: _MASK cannot match in `text`."""
    needs = set()
    if _MASK_CHARS_HINT.search(text) is not None:
        needs.update(piece for piece in _MASK_CHARS if piece in text)
    if "." in text and _MASK_DOT_HINT.search(text) is not None:
        needs.add("dot")
    if "0" in text and _MASK_HEX_HINT.search(text) is not None:
        needs.add("0x")
    if "/" in text and _MASK_PATH_HINT.search(text) is not None:
        needs.add("path")
    return needs


def _mask_for(text: str) -> re.Pattern | None:
    """A pattern that finds in `text` what _MASK finds there (the same matches, in order),
    or None when _MASK finds nothing: _MASK less the alternatives whose need `text` lacks
    (`_mask_needs`). Such an alternative matches nowhere in the text, so at every place
    _MASK tries it fails, and the alternative that succeeds first there is the one the
    smaller pattern finds first: each match is the same. A text of numbers and an e-mail
    address, or a path, is read 4-5 times faster (all ten alternatives tried at every
    place, two of them backtracking over every word, cost 40-60 µs a text)."""
    needs = _mask_needs(text)
    return _mask_of(frozenset(needs)) if needs else None


@lru_cache(maxsize=None)  # one pattern per combination of needs met: a handful in a run
def _mask_of(needs: frozenset[str]) -> re.Pattern:
    return re.compile("(?:" + "|".join(source for source, need in _MASK_ALTERNATIVES if need in needs) + ")", re.IGNORECASE)


def _compose(text: str) -> tuple[str, list[int]]:
    """NFC of `text`, and for each offset of it (and its end) the offset in `text`."""
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or unicodedata.combining(text[index]) == 0:
            chunk = unicodedata.normalize("NFC", text[start:index])
            pieces.append(chunk)
            offsets.extend([start] * len(chunk))
            start = index
    offsets.append(len(text))
    return "".join(pieces), offsets


@lru_cache(maxsize=8192)
def _extract(text: str, lang: str) -> tuple[Quantity, ...]:
    data = _lang(lang)
    has_digit = _ANY_DIGIT.search(text) is not None
    # the text's words that are heads of the word patterns, for their prefilter (`_word_heads`)
    words = _head_words(text, data)
    if not has_digit and text.isascii() and data.ascii_heads is not None \
            and data.ascii_heads.isdisjoint(words) and _ROMAN_HINT.search(text) is None:
        return ()  # what _spell_scans would say below, without its other scans
    found: list[Quantity] = []
    scans = () if data.cjk else _spell_scans(text, data, words)  # CJK reads its own numerals
    if not has_digit and not data.cjk and not any(scans):
        return ()  # most texts of real files: no digit, no number word (_spelled alone could find one)
    if has_digit or "&" in text:
        claims = _Claims(len(text))
        for ph in placeholders(text):
            claims.take(ph.start, ph.end)
    else:  # only number words can be found: placeholders are looked for if one is
        claims = _PlaceholderClaims(text)
    if (has_digit or "&" in text) and (mask := _mask_for(text)) is not None:
        for m in mask.finditer(text):
            claims.take(m.start(), m.end())
    if has_digit and "<" in text:
        for m in _SPACED_METAVARIABLE.finditer(text):
            claims.take(m.start(), m.end())  # <nhánh 1> for <branch1>: a slot's name, its number no value
    if has_digit:
        _dates(text, data, claims, found, words)
    if has_digit and data.digit_names_re is not None and _may_match(data.word_heads["digit_names_re"], words):  # after the dates: "ngày 10 tháng 9 năm 2023" is one date
        for m in data.digit_names_re.finditer(text):
            kind, number = data.digit_names.get(_WHITE_RUN.sub(" ", m.group(1)).casefold(), None) or \
                data.digit_names.get(_WHITE_RUN.sub("", m.group(1)).casefold(), ("weekday", 0))
            if kind == "weekday" and not m.group(1)[0].isupper():
                continue  # "phân vùng thứ 3" is the third partition; the weekday is "Thứ 3"
            if claims.free(m.start(), m.end()):
                if kind == "month":
                    _add_date(found, claims, text, m.start(), m.end(), [(None, number, None)], written="weak")
                else:
                    claims.take(m.start(), m.end())
    if has_digit:
        _identifiers(text, claims, found)
        _times(text, data, claims, found)
        _numbers(text, data, claims, found)
    if data.cjk:
        _cjk_numerals(text, data, claims, found)
    else:
        _spelled(text, data, claims, found, scans)
    if len(found) > 1:
        found.sort(key=_START_END)
    return tuple(found)


_START_END = attrgetter("start", "end")  # the order of `extract`'s answer


# Prefilters: each pattern below cannot match a text in which its prefilter finds
# nothing (every match of the pattern holds a match of the prefilter, which is a
# piece of the pattern), and a prefilter scans a text five to ten times faster.
# A pattern with no match changes nothing, so skipping it changes no result.
def _any_literal(literals: tuple[str, ...]) -> LazyPattern:
    """A prefilter that finds something exactly when one of `literals` is in the text: their
    alternation, case-sensitive. Faster than looking for each with `in` (the engine skips
    to a character that starts one of them): 0.7 against 1.8 µs a text of the generated
    corpus."""
    return lazy_pattern("|".join(re.escape(literal) for literal in sorted(literals, key=len, reverse=True)))


_STANDARD_HINT = _any_literal(("ISO", "IEC", "EN", "DIN", "RFC", "IEEE", "ASTM", "ANSI", "ISBN", "ISSN", "WCAG", "PEP",
                               "CVE", "UN", "NATO", "STANAG", "UTC", "GMT"))
_IDENT_HINTS = (
    (_STANDARD, _STANDARD_HINT),
    (_IDENT_DOTTED, lazy_pattern(r"\d\.\d")),  # both alternatives: digits, a dot, digits
    # a letter, maybe a joiner, a digit: written digit first, the letter (and joiner) looked
    # back at, so that the engine skips from digit to digit (three times faster on prose)
    (_IDENT_LETTER_LED, lazy_pattern(_DIGIT + rf"(?:(?<=[{_LETTER}].)|(?<=[{_LETTER}][-'’_/].))")),
    (_IDENT_DIGIT_LED, lazy_pattern(_DIGIT + "[A-Z]")),  # a digit, then a capital
)
_VERSION_LIKE = lazy_pattern(r"\d{1,3}(?:\.\d{3})+")
_LETTERS_RUN = lazy_pattern(rf"[{_LETTER}]+")
_JOINER = lazy_pattern(r"[-'’]")


# a metavariable of a usage line: <file1>, <tham_số_1>, [<param2>]
_METAVARIABLE = lazy_pattern(r"<[^<>\s]+>")
#: a translated metavariable with a space before its number: <nhánh 1>, <tệp 2>
_SPACED_METAVARIABLE = lazy_pattern(r"<[^\W\d_][^<>\n]{0,40}?[\s_-]\d{1,2}>")
_STEM_NUMBER = lazy_pattern(r"^(.*?[^\W\d])[_-]?(\d+)$")


def _metavariable_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _METAVARIABLE.finditer(text)] if "<" in text else []


def _identifiers(text: str, claims: _Claims, found: list[Quantity]) -> None:
    """Identifiers (x86, SHA1, 2D, v2.3.1); not metavariables (<param1>, a series such
    as EXPR1 … EXPR2 or file1/file2 names slots, not values), and each once per text."""
    metavars = None
    seen: set[str] = set()
    mine: list[Quantity] = []
    for pattern, hint in _IDENT_HINTS:
        if hint.search(text) is None:
            continue
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if not claims.free(start, end):
                continue
            surface = m.group()
            if pattern is _IDENT_DIGIT_LED and m.group(2) in _UNIT_SET:
                continue  # 10GB, 5K: a number with its unit
            if pattern is _IDENT_DOTTED and _VERSION_LIKE.fullmatch(_digits(surface)):
                continue  # 2.400.000: thousands, not a version
            if pattern is _IDENT_LETTER_LED:
                tail = _WORD_TAIL.search(surface)
                if tail:  # "x86-Filter", "x86-based": the identifier, then a word joined by a hyphen
                    surface = surface[: tail.start()]
                    end = start + len(surface)
                letters = _LETTERS_RUN.match(surface).group()
                if letters in _UNIT_SET or letters.lower() in ("x", "v", "h", "t", "n", "p", "no", "nr", "nos", "vs", "q"):
                    if not _JOINER.search(surface):
                        continue  # x2, v3, h5: read the number on its own
            claims.take(start, end)
            if metavars is None:
                metavars = _metavariable_spans(text)
            if any(a < start and end < b for a, b in metavars):
                continue  # <file1>, <tham_số_1>: a slot's name, translated at will
            value = _digits(surface).casefold().replace("’", "'")
            if value in seen:
                continue  # "Adds 2D vector to 2D vector": one identifier, however often repeated
            seen.add(value)
            mine.append(Quantity("identifier", value, start, end, surface))
    if not mine:
        return
    # a series of numbered names (EXPR1, EXPR2; name1, name2) are metavariables too
    stems: dict[str, set[str]] = {}
    for q in mine:
        m = _STEM_NUMBER.match(q.text)
        if m:
            stems.setdefault(m.group(1).casefold(), set()).add(m.group(2))
    for q in mine:
        m = _STEM_NUMBER.match(q.text)
        if m and len(stems.get(m.group(1).casefold(), ())) >= 2:
            continue
        found.append(q)


def _valid_date(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    if y is not None and not (1000 <= y <= 2999 or 0 <= y <= 99):
        return False
    return True


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    value = int(_digits(raw))
    if len(raw) == 2:
        value += 2000 if value < 50 else 1900
    return value


def _add_date(found: list[Quantity], claims: _Claims, text: str, start: int, end: int, values: list[tuple],
              alt: list[tuple] | None = None, written: str = "digits") -> bool:
    if not claims.free(start, end) or not all(_valid_date(*v) for v in values):
        return False
    claims.take(start, end)
    surface = text[start:end]
    for index, value in enumerate(values):
        role = "" if len(values) == 1 else ("from" if index == 0 else "to")
        alternatives: tuple[tuple[str, Any], ...] = ()
        if alt and alt[index] != value and _valid_date(*alt[index]):
            alternatives = (("date-order", alt[index]),)
        found.append(Quantity("date", value, start, end, surface, role=role, alternatives=alternatives, written=written))
    return True


_D = r"(" + _DIGIT + r"{1,2})"
_Y = r"(" + _DIGIT + r"{4}|" + _DIGIT + r"{2})"
_NUMERIC_DATE = lazy_pattern(rf"(?<![\w.,/-]){_D}(?:{_DASH}{_D})?([./-]){_D}\3{_Y}(?![\w/]|[.,]\d)")
_ISO_DATE = lazy_pattern(rf"(?<![\w.,/-])({_DIGIT}{{4}})-({_DIGIT}{{2}})-({_DIGIT}{{2}})(?![\w/-])")
_VI_SHORT_DATE = lazy_pattern(rf"(?<![\w])(?:ngày|hôm|sáng|chiều|tối|đêm|từ|đến)\s+{_D}(?:{_DASH}{_D})?/{_D}(?![\w/]|[.,]\d)", re.IGNORECASE)
_VI_MONTH_YEAR = lazy_pattern(rf"(?<![\w])tháng\s+{_D}(?:/|\s+năm\s+)({_DIGIT}{{4}})(?![\w/])", re.IGNORECASE)
_VI_DAY_MONTH = lazy_pattern(rf"(?<![\w])(?:ngày\s+)?{_D}(?:{_DASH}{_D})?\s+tháng\s+{_D}(?:(?:\s+năm\s+|/|,\s*)({_DIGIT}{{4}}))?(?![\w/])", re.IGNORECASE)
_VI_MONTH_ONLY = lazy_pattern(rf"(?<![\w])tháng\s+{_D}(?![\w/]|[.,]\d)", re.IGNORECASE)
_CJK_DATE = lazy_pattern(rf"(?:({_DIGIT}{{2,4}})\s?年\s?)?({_DIGIT}{{1,2}})\s?月\s?(?:({_DIGIT}{{1,2}})\s?[日号]?)?")
_CJK_DAY = lazy_pattern(rf"(?<![\d月])({_DIGIT}{{1,2}})\s?日(?![間间])")


# a digit then "-" (ISO dates), "." "/" or "-" (numeric dates, "ngày 10/9"): see _IDENT_HINTS
_DIGIT_SEP_HINT = lazy_pattern(_DIGIT + r"[./-]")
_THANG_HINT = lazy_pattern("tháng", re.IGNORECASE)  # in every _VI_* pattern but _VI_SHORT_DATE


def _dates(text: str, data: _Lang, claims: _Claims, found: list[Quantity], words: set[str] | None = None) -> None:
    conv = data.conv
    separated = _DIGIT_SEP_HINT.search(text) is not None
    for m in _ISO_DATE.finditer(text) if separated else ():
        _add_date(found, claims, text, m.start(), m.end(), [(int(_digits(m.group(1))), int(_digits(m.group(2))), int(_digits(m.group(3))))])
    for m in _NUMERIC_DATE.finditer(text) if separated else ():
        a, a2, sep, b, y = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        if sep == "-" and len(y) == 2:
            continue  # 10-11-12: a range or a code rather than a date
        if sep == "." and conv.decimal == "." and conv.lang == "en":
            continue  # 1.2.23 in English is a version rather than a date
        first, month_or_day, year = int(_digits(a)), int(_digits(b)), _year(y)
        firsts = [first] + ([int(_digits(a2))] if a2 else [])
        orders = conv.date_order.split("|")
        readings = []
        for order in orders:
            if order == "mdy" and not a2:
                readings.append([(year, f, month_or_day) for f in firsts])
            else:
                readings.append([(year, month_or_day, f) for f in firsts])
        primary = readings[0]
        if not all(_valid_date(*v) for v in primary) and len(readings) > 1:
            primary, readings = readings[1], readings[::-1]
        alt = readings[1] if len(readings) > 1 else None
        _add_date(found, claims, text, m.start(), m.end(), primary, alt)
    thang = conv.lang == "vi" and _THANG_HINT.search(text) is not None
    if conv.lang == "vi":
        for m in _VI_DAY_MONTH.finditer(text) if thang else ():
            d1, d2, month, year = m.group(1), m.group(2), m.group(3), m.group(4)
            days = [int(_digits(d1))] + ([int(_digits(d2))] if d2 else [])
            y = int(_digits(year)) if year else None
            _add_date(found, claims, text, m.start(), m.end(), [(y, int(_digits(month)), d) for d in days])
        for m in _VI_SHORT_DATE.finditer(text) if separated else ():
            d1, d2, month = m.group(1), m.group(2), m.group(3)
            days = [int(_digits(d1))] + ([int(_digits(d2))] if d2 else [])
            start = m.start(1)
            _add_date(found, claims, text, start, m.end(), [(None, int(_digits(month)), d) for d in days])
        for m in _VI_MONTH_YEAR.finditer(text) if thang else ():
            _add_date(found, claims, text, m.start(), m.end(), [(int(_digits(m.group(2))), int(_digits(m.group(1))), None)])
        for m in _VI_MONTH_ONLY.finditer(text) if thang else ():
            # "tháng 4" is the name of April, not a figure: it only confirms a month of the other side
            _add_date(found, claims, text, m.start(), m.end(), [(None, int(_digits(m.group(1))), None)], written="weak")
    if data.cjk:
        for m in _CJK_DATE.finditer(text):
            y, mo, d = m.group(1), m.group(2), m.group(3)
            if d is None and y is None:
                if text.startswith("份", m.end()):
                    # "12月份": the month of December (份 rules out "12 months"); like "tháng 4"
                    _add_date(found, claims, text, m.start(), m.end() + 1, [(None, int(_digits(mo)), None)], written="weak")
                continue  # "3月" alone: a month, also "3 months" in Japanese (3ヶ月 is written differently)
            _add_date(found, claims, text, m.start(), m.end(), [(int(_digits(y)) if y else None, int(_digits(mo)), int(_digits(d)) if d else None)])
        for m in _CJK_DAY.finditer(text):
            _add_date(found, claims, text, m.start(), m.end(), [(None, None, int(_digits(m.group(1))))])
    if data.month_re is not None and _may_match(data.word_heads["month_re"], words):
        _named_month_dates(text, data, claims, found)


_MONTH_DAY = rf"({_DIGIT}{{1,2}})(?:st|nd|rd|th|er|\.|º)?"
_MONTH_YEAR = rf"({_DIGIT}{{4}})"
# compiled once rather than looked up in `re`'s cache (and their sources built) for every month name
_DAY_BEFORE_MONTH = lazy_pattern(rf"(?<![\w.,]){_MONTH_DAY}(?:{_DASH}{_MONTH_DAY})?[\s\u00a0]*(?:de[\s\u00a0]+|of[\s\u00a0]+)?$")
_YEAR_AFTER_MONTH = lazy_pattern(rf"(?:,?[\s\u00a0]*(?:de[\s\u00a0]+|del[\s\u00a0]+|năm[\s\u00a0]+|of[\s\u00a0]+|r\.?[\s\u00a0]+)?){_MONTH_YEAR}(?![\w])")
_DAY_AFTER_MONTH = lazy_pattern(rf"[\s\u00a0]+{_MONTH_DAY}(?:{_DASH}{_MONTH_DAY})?(?:,?[\s\u00a0]+{_MONTH_YEAR})?(?![\w])")
_DECIMAL_AFTER_MONTH = lazy_pattern(r"[\s\u00a0]+\d{1,2}[.,]\d")


def _named_month_dates(text: str, data: _Lang, claims: _Claims, found: list[Quantity]) -> None:
    for mm in data.month_re.finditer(text):
        name = mm.group(1)
        if data.conv.lang == "en" and not name[0].isupper():
            continue  # "may", "march": verbs unless capitalised
        month = data.months.get(name.casefold().rstrip("."))
        if month is None:
            continue
        before = text[: mm.start()]
        after = text[mm.end():]
        # day (range) before the month: 10 September, 10-11 September, 15 de agosto, 17. Juli
        b = _DAY_BEFORE_MONTH.search(before)
        y_after = _YEAR_AFTER_MONTH.match(after)
        if b:
            days = [int(_digits(b.group(1)))] + ([int(_digits(b.group(2)))] if b.group(2) else [])
            y = int(_digits(y_after.group(1))) if y_after else None
            end = mm.end() + (y_after.end() if y_after else 0)
            if _add_date(found, claims, text, b.start(), end, [(y, month, d) for d in days]):
                continue
        # month then day (range): September 10, 2023; June 20
        a = _DAY_AFTER_MONTH.match(after)
        if a and not _DECIMAL_AFTER_MONTH.match(after):
            days = [int(_digits(a.group(1)))] + ([int(_digits(a.group(2)))] if a.group(2) else [])
            y = int(_digits(a.group(3))) if a.group(3) else None
            if _add_date(found, claims, text, mm.start(), mm.end() + a.end(), [(y, month, d) for d in days]):
                continue
        if y_after:
            _add_date(found, claims, text, mm.start(), mm.end() + y_after.end(), [(int(_digits(y_after.group(1))), month, None)])


_TIME = lazy_pattern(rf"(?<![\w:.,])({_DIGIT}{{1,2}})[:：]({_DIGIT}{{2}})(?::({_DIGIT}{{2}}))?(?![\w:]|[.,]\d)(?:[\s\u00a0]?([ap])\.?m\.?(?![\w]))?", re.IGNORECASE)
_TIME_H = lazy_pattern(rf"(?<![\w:.,])({_DIGIT}{{1,2}})[\s\u00a0]?h[\s\u00a0]?({_DIGIT}{{2}})?(?![\w])")
_TIME_CJK = lazy_pattern(rf"(?<![\d])({_DIGIT}{{1,2}})[時时点點](?:({_DIGIT}{{1,2}})分|(半))?(?![間间])")
_TIME_AMPM = lazy_pattern(rf"(?<![\w:.,])({_DIGIT}{{1,2}})[\s\u00a0]?([ap])\.?m\.?(?![\w])", re.IGNORECASE)


# prefilters (see _IDENT_HINTS): a digit then the colon, the a/p of am/pm, the h
_TIME_HINTS = {
    _TIME: lazy_pattern(_DIGIT + "[:：]"),
    _TIME_AMPM: lazy_pattern(_DIGIT + r"[\s\u00a0]?[ap]", re.IGNORECASE),
    _TIME_H: lazy_pattern(_DIGIT + r"[\s\u00a0]?h"),
}


def _time_patterns(data: _Lang) -> tuple[tuple[Any, Any], ...]:
    """The time patterns a language reads, each with its hint (or None)."""
    patterns = [_TIME, _TIME_AMPM] + ([_TIME_H] if data.conv.lang in ("fr", "vi") else []) + ([_TIME_CJK] if data.cjk else [])
    return tuple((pattern, _TIME_HINTS.get(pattern)) for pattern in patterns)


def _times(text: str, data: _Lang, claims: _Claims, found: list[Quantity]) -> None:
    for pattern, hint in data.time_patterns:
        if hint is not None and hint.search(text) is None:
            continue
        for m in pattern.finditer(text):
            if not claims.free(m.start(), m.end()):
                continue
            hour = int(_digits(m.group(1)))
            if pattern is _TIME_AMPM:
                minute, ampm = 0, m.group(2)
            elif pattern is _TIME_CJK:
                minute, ampm = (int(_digits(m.group(2))) if m.group(2) else (30 if m.group(3) else 0)), None
            else:
                minute = int(_digits(m.group(2))) if m.group(2) else 0
                ampm = m.group(4) if pattern is _TIME else None
            if ampm:
                if not 1 <= hour <= 12:
                    continue
                hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
            if not (0 <= hour <= 24 and 0 <= minute <= 59):
                continue
            claims.take(m.start(), m.end())
            found.append(Quantity("time", (hour, minute), m.start(), m.end(), m.group()))


_NUMBER = lazy_pattern(_NUM)
_VERSION_CONTEXT = lazy_pattern(r"(?:\b(?:versions?|release|v|ver\.?|phiên bản|bản|Version|Versionen?|versión|versione|wersj\w*|верси\w*)"
                              r"(?:[\s\u00a0]+[^\s\d]+){0,5}[\s\u00a0]+$|\bv$)", re.IGNORECASE)
_FRACTION = lazy_pattern(rf"(?<![\w/.,])({_DIGIT}{{1,2}})/({_DIGIT}{{1,3}})(?![\w/]|[.,]\d)")
_FRACTION_HINT = lazy_pattern(_DIGIT + "/")  # see _IDENT_HINTS
_LETTER_CHAR = lazy_pattern(rf"[{_LETTER}]")
_DIGIT_RUN = lazy_pattern(_DIGIT + "+")
_TOKEN_SPACE = lazy_pattern(r"\s")
_NON_SPACE = lazy_pattern(r"\S+")
_WILDCARD_ADDRESS = lazy_pattern(r"\d{1,3}(?:\.(?:\d{1,3}|\*)){1,3}")
_DECADE = lazy_pattern(r"['’]?s\b")
_UNIT_GLUE = lazy_pattern(r"[\w/]")
_VI_THU = lazy_pattern(r"(?<![\w])thứ[\s\u00a0]+$", re.IGNORECASE)
_VI_WEEKDAY_LEAD = lazy_pattern(r"(?<![\w])(?:ngày|hôm|sáng|chiều|tối|đêm|vào|mỗi|các|từ|đến)[\s\u00a0]+thứ[\s\u00a0]+$", re.IGNORECASE)
_VI_THU_CAPITAL = lazy_pattern(r"Thứ[\s\u00a0]+$")
_CLAUSE_END = lazy_pattern(r"\s*(?:[,;:!?]|$)")
_RANGE_DASH = lazy_pattern(_DASH + r"(?=" + _DIGIT + ")")
_DIGIT_DOTTED = lazy_pattern(_DIGIT + r"+[./]" + _DIGIT)
# patterns the functions below once wrote inline (re.match(r"...")): the same sources
# and flags, compiled once instead of looked up in `re`'s cache on every call
_WHITE_RUN = lazy_pattern(r"\s+")
_SPACE_RUN = lazy_pattern(r"[\s\u00a0]+")
_RANGE_START_WORD = lazy_pattern(r"(?<![\w])(?:từ|from|between|giữa)\b", re.IGNORECASE)
_EN_PLUS_AFTER = lazy_pattern(r"(?:-plus\b|\+(?!\w))")
_EN_OR_SO = lazy_pattern(r"[\s\u00a0]+(?:\w+[\s\u00a0]+)?or[\s\u00a0]+so\b")
_VI_HALF = lazy_pattern(r"[\s\u00a0]+(?:[^\W\d_]+[\s\u00a0]+)?rưỡi(?![\w])")
_EN_SECOND_AFTER_COUNT = lazy_pattern(r"(?:\b(?:one|per|each|every|split)|\d)[\s\u00a0]+$", re.IGNORECASE)
_EN_SECOND_OF_TIME = lazy_pattern(r"[\s\u00a0]*(?:$|[.,;:!?)\"”]|or so|later|earlier|ago|before|after|to\b|and\b|of\b|for\b)")
_EN_AND_A_HALF = lazy_pattern(r"[\s\u00a0-]+and[\s\u00a0-]+(?:a[\s\u00a0-]+)?half\b")
_EN_DECADES = lazy_pattern(r"[\s\u00a0]+decades?\b")
_TRAILING_UNIT = lazy_pattern(r"[\s\u00a0]?((?:[^\W\d_]|[µμ°²³])+(?:/[^\W\d_]+)?)")
# Prefilters of the patterns _number_at and the approximation words try after or before each
# number (each holds a piece that every match of its pattern holds: see _STANDARD_HINT's
# comment; `_char_hint` for a class of first letters). Most numbers are followed by a
# word that is no magnitude, currency, unit or qualifier: one cheap match each rules them out.
_UNIT_HINT = lazy_pattern(r"[\s\u00a0]?" + _char_hint(_UNITS))  # a unit of _UNIT_SET starts group 1
_CENTURY_HINT = lazy_pattern(r"[ .\u00a0]*[cjswвсt世]", re.IGNORECASE)  # after the lstrip, _CENTURY's first letters
_VI_THU_HINT = lazy_pattern(r"thứ[\s\u00a0]+$", re.IGNORECASE)
_MAX_MIN_HINT = lazy_pattern(r"max|min", re.IGNORECASE)
_VI_LIMIT_HINT = lazy_pattern(r"tối[\s\u00a0]+(?:đa|thiểu)", re.IGNORECASE)
_VI_OR_HINT = lazy_pattern(r"hoặc[\s\u00a0]+", re.IGNORECASE)
_EN_OR_HINT = lazy_pattern(r"or[\s\u00a0]+", re.IGNORECASE)


def _numbers(text: str, data: _Lang, claims: _Claims, found: list[Quantity]) -> None:
    conv = data.conv
    pending: list[Quantity] = []
    for m in _FRACTION.finditer(text) if _FRACTION_HINT.search(text) else ():
        numerator, denominator = int(_digits(m.group(1))), int(_digits(m.group(2)))
        if 0 < numerator < denominator and (denominator <= 10 or denominator == 100) and claims.free(m.start(), m.end()):
            # 1/2, 3/4: a fraction (24/7 and 10/9 are not: the first figure is the larger; 9/11 is a date)
            claims.take(m.start(), m.end())
            pending.append(Quantity("number", Decimal(numerator) / Decimal(denominator), m.start(), m.end(), m.group()))
    for m in _NUMBER.finditer(text):
        start, end = m.start(), m.end()
        if not claims.free(start, end):
            # part of the token may be free (a number glued to a claimed identifier): skip it
            continue
        prev = text[start - 1] if start else ""
        token = m.group()
        if text.startswith(".*", end) and (wild := _WILDCARD_ADDRESS.match(text, start)) is not None \
                and claims.free(start, wild.end()):
            # 192.168.*.*: an address pattern with wildcards, kept as it is (no decimal number)
            claims.take(start, wild.end())
            pending.append(Quantity("identifier", wild.group(), start, wild.end(), wild.group()))
            continue
        if prev in ("v", "V") and "." in token and (start < 2 or not _LETTER_CHAR.match(text[start - 2])) \
                and claims.free(start - 1, end):
            # v2.33: a version, the same as "version 2.33" (kept verbatim)
            claims.take(start - 1, end)
            pending.append(Quantity("identifier", _digits(token), start - 1, end, text[start - 1:end]))
            continue
        if prev == "v" and token.isdigit() and (start < 2 or not _LETTER_CHAR.match(text[start - 2])) \
                and claims.free(start - 1, end) and (end == len(text) or not _LETTER_CHAR.match(text[end])):
            # v3 (the identifier patterns leave "v" and a bare number alone): version 3, read as the number
            # (a capital V and digits is as often a name: e2fsprogs' V1 and V2 journals)
            pending.extend(_number_at(text, data, claims, start, end, Decimal(token), False, ()))
            continue
        if prev and (_LETTER_CHAR.match(prev) or prev in "_"):
            gap = _TOKEN_SPACE.search(token)
            if gap is None:
                continue  # glued to letters: an identifier or code the patterns above left alone
            # "x86 32 bít": the run glued to the letters is the identifier's; a space never groups
            # the digits of a name, so what follows it is a number of its own
            start += gap.end()
            token = token[gap.end():]
        if prev == "." and conv.decimal == "." and (start < 2 or text[start - 2] in " (\u00a0") and token.isdigit():
            start -= 1  # .5 in English: 0.5
            pending.extend(_number_at(text, data, claims, start, end, Decimal("0." + _digits(token)), False, ()))
            continue
        readings = _readings(token, conv)
        if readings is None:
            # "0.3 3" (a step of 0.3, then 3 pictures): a space that groups nothing separates
            # two numbers, each read on its own ("0.3" with the other convention's point);
            # what still reads as no number (a list written without spaces, "0,1,2,3", or
            # mixed separators): each run of digits
            spaced = _TOKEN_SPACE.search(token) is not None
            pieces = [(start + m.start(), m.group()) for m in _NON_SPACE.finditer(token)] if spaced else [(start, token)]
            for at, piece in pieces:
                one = _readings(piece, conv) if spaced else None
                if one is not None:
                    pending.extend(_number_at(text, data, claims, at, at + len(piece), *one))
                    continue
                for run in _DIGIT_RUN.finditer(piece):
                    pending.extend(_number_at(text, data, claims, at + run.start(), at + run.end(),
                                              Decimal(_digits(run.group())), False, ()))
            continue
        value, foreign, alts = readings
        if "." in token and _VERSION_CONTEXT.search(text[max(0, start - 40):start]):
            # "versions prior to 0.76", "phiên bản 2.5": a version, kept verbatim
            claims.take(start, end)
            pending.append(Quantity("identifier", _digits(token), start, end, token))
            continue
        pending.extend(_number_at(text, data, claims, start, end, value, foreign, alts))
    found.extend(pending)


def _number_at(text, data: _Lang, claims: _Claims, start: int, end: int, value: Decimal, foreign: bool, alts) -> list[Quantity]:
    """A number at text[start:end] with what surrounds it: currency, magnitude, percent,
    ordinal marker, unit, approximation, and a range partner after a dash."""
    if not claims.free(start, end):
        return []
    q_start = start
    kind = "number"
    unit: str | None = None
    magnitude = 0
    ordinal = False
    after = text[end:]
    before = text[max(0, start - 8):start]  # the 8 characters before: all the currency before may use
    # currency before: $2 million, US$ 2, USD 2, €5
    hint = data.currency_before_hint
    cb = data.currency_before_re.search(before) if before and (hint is None or hint.search(before)) else None
    if cb and (cb.start() == 0 or not before[cb.start() - 1].isalpha()):
        code = data.currencies.get(cb.group(1).casefold())
        if code:
            kind, unit = "amount", code
            q_start = start - (len(before) - cb.start())
    # magnitude after
    mg = data.magnitude_re.match(after) if _may_follow(data.magnitude_hint, after) else None
    if mg:
        magnitude = data.magnitudes.get(mg.group(1).casefold(), 0) or _magnitude_of(data, mg.group(1))
        if magnitude:
            end += mg.end()
            after = text[end:]
    elif _may_follow(data.short_magnitude_hint, after) and (
            kind == "amount" or not _may_follow(data.currency_after_hint, window := text[end + 3:end + 12] or "x")
            or data.currency_after_re.match(window) is None):
        # the short magnitude's hint first (most numbers are followed by none): the tests
        # around it are pure, and without a hint's match `sm` is None whatever they say
        sm = data.short_magnitude_re.match(after)
        if sm and (kind == "amount" or data.currency_after_re.match(after[sm.end():])):
            magnitude = data.short_magnitudes.get(sm.group(1), 0)
            if magnitude:
                end += sm.end()
                after = text[end:]
    # currency after: 2 triệu USD, 503 Millionen US-Dollar, 6000万元, 46.000 rupias
    if kind == "number":
        ca = data.currency_after_re.match(after) if _may_follow(data.currency_after_hint, after) else None
        if ca:
            code = data.currencies.get(ca.group(1).casefold()) or _currency_prefix(data, ca.group(1))
            if code:
                kind, unit = "amount", code
                end += ca.end()
                after = text[end:]
    if kind == "number":
        pc = data.percent_re.match(after) if _may_follow(data.percent_hint, after) else None
        if pc:
            kind = "percent"
            end += pc.end()
            after = text[end:]
    if kind == "number" and data.conv.lang == "en" and _DECADE.match(after) and value >= 10 and value % 10 == 0:
        unit = "decade"  # the 1980s, the '60s
        end += _DECADE.match(after).end()
        after = text[end:]
        if start and text[start - 1] in "'’":
            q_start -= 1
    if kind == "number" and data.ordinal_re is not None:
        om = data.ordinal_re.match(after)
        if om:
            ordinal = True
            end += om.end()
            after = text[end:]
    if kind == "number" and unit is None:
        um = _TRAILING_UNIT.match(after) if _UNIT_HINT.match(after) else None
        if um and um.group(1) in _UNIT_SET and not _UNIT_GLUE.match(after[um.end():um.end() + 1]):
            unit = um.group(1)
            end += um.end()  # the unit stays attached: '180 mg/dL'
            after = text[end:]
        elif _CENTURY_HINT.match(after) and _CENTURY.match(after.lstrip(" .\u00a0")[:12]):
            unit = "century"
    lead = text[max(0, q_start - 12):q_start]
    written = "digits"
    if data.conv.lang == "vi" and _VI_THU_HINT.search(lead) and _VI_THU.search(lead):
        ordinal = True
        if 2 <= value <= 7 and (_VI_WEEKDAY_LEAD.search(text[max(0, q_start - 20):q_start]) or _VI_THU_CAPITAL.search(lead)
                                or _CLAUSE_END.match(text[end:end + 2])):
            written = "weak"  # ngày thứ 6: Friday, not the sixth
    if data.cjk and lead.endswith("第"):
        ordinal = True
    total = value * (Decimal(10) ** magnitude) if magnitude else value
    alternatives = tuple((reason, alt * (Decimal(10) ** magnitude)) for reason, alt in alts) if alts else ()
    if start and text[start - 1] in "'’" and end - start == 2 and kind == "number" and unit is None:
        alternatives += tuple(("year", Decimal(century + int(value))) for century in (1900, 2000, 1800))  # in '71
    if data.conv.lang == "vi" and kind == "number" and not magnitude:
        total, end = _vi_half(text, end, total)
    approx = _approx_before(text, q_start, data) or _approx_after(text, end, data)
    if approx is None and data.cjk:
        approx = _cjk_approx(text, q_start, end)
    if not claims.free(q_start, end):
        q_start = start
        if not claims.free(q_start, end):
            return []
    claims.take(q_start, end)
    out = [Quantity(kind, total, q_start, end, text[q_start:end], unit=unit, magnitude=magnitude, approx=approx,
                    ordinal=ordinal, written=written, foreign=foreign, alternatives=alternatives)]
    # a range: 10-20%, $2-3 million, 150～200: the second end's unit applies to both
    rm = _RANGE_DASH.match(text[end:]) if kind in ("number", "amount") and not magnitude else None
    if rm and not _DIGIT_DOTTED.match(text[end + rm.end():]):
        nm = _NUMBER.match(text, end + rm.end())
        if nm and claims.free(nm.start(), nm.end()):
            readings = _readings(nm.group(), data.conv)
            if readings is not None:
                partner = _number_at(text, data, claims, nm.start(), nm.end(), *readings)
                if partner:
                    other = partner[0]
                    first = out[0]
                    if other.kind != "number" or other.magnitude:
                        # 10-20%, 2-3 million: the second end's unit and magnitude apply to the first
                        scale = Decimal(10) ** other.magnitude
                        first = Quantity(other.kind if first.kind == "number" else first.kind, first.value * scale, first.start,
                                         first.end, first.text, unit=first.unit or other.unit, magnitude=other.magnitude,
                                         approx=first.approx, ordinal=first.ordinal, foreign=first.foreign,
                                         alternatives=tuple((r, v * scale) for r, v in first.alternatives))
                    if first.kind == "amount" and other.kind == "number":
                        other = replace(other, kind="amount", unit=first.unit)  # $2-3 million: both in USD
                    out = [_with_role(first, "from"), _with_role(other, "to")] + partner[1:]
    return out


def _may_follow(hint, text: str) -> bool:
    """False when `hint` (a prefilter of a _Lang pattern, or None) says the pattern
    cannot match at the start of `text`."""
    return hint is None or hint.match(text) is not None


def _with_role(q: Quantity, role: str) -> Quantity:
    return replace(q, role=role)


def _magnitude_of(data: _Lang, word: str) -> int:
    folded = word.casefold()
    for key, exponent in sorted(data.magnitudes.items(), key=lambda kv: -len(kv[0])):
        if folded.startswith(key):
            return exponent
    return 0


def _currency_prefix(data: _Lang, word: str) -> str | None:
    folded = word.casefold()
    for key, code in sorted(data.currencies.items(), key=lambda kv: -len(kv[0])):
        if len(key) >= 4 and folded.startswith(key):
            return code
    return None


# Vietnamese words that end in "độ" without meaning "about"
_VI_DO_COMPOUND = lazy_pattern(
    r"(?<![\w])(?:chế|mức|tốc|nhiệt|cường|nồng|mật|tọa|toạ|kinh|vĩ|biên|trình|thái|hạn|tiến|niên|cấp|góc|"
    r"phân|thước|nhịp|quá|triều|chiều|tuyệt|ánh)[\s\u00a0]+độ[\s\u00a0]*$",
    re.IGNORECASE,
)
# a number followed by the end of a range: "0.5 đến 2.0", "1 tới 100", "0 - 10"
_RANGE_AFTER = lazy_pattern(r"[\d.,]+[\s\u00a0]*(?:đến|tới|–|-|~|và)[\s\u00a0]*[-+]?\d", re.IGNORECASE)


#: a comparison sign written before a number, alone (not an arrow "->", a redirection ">>", a tag)
_COMPARISON_SIGN = lazy_pattern(r"(?:^|(?<=[\s(\[]))(>=|<=|[<>≤≥])[\u00a0 ]?$")
_COMPARISON_SIGNS = {">": "over", "<": "under", ">=": "at-least", "≥": "at-least", "<=": "at-most", "≤": "at-most"}


def _approx_before(text: str, start: int, data: _Lang) -> str | None:
    if data.approx_re is None:
        return None
    lead = text[max(0, start - 32):start]
    # every match of _COMPARISON_SIGN holds one of its four signs (see the prefilters above)
    if ("<" in lead or ">" in lead or "≤" in lead or "≥" in lead) and (sign := _COMPARISON_SIGN.search(lead)) is not None:
        return _COMPARISON_SIGNS[sign.group(1)]  # "(>2048 octets)": more than 2048, the same as "over 2048"
    m = data.approx_re.search(lead) if _may_approx(data, lead) else None
    if not m:
        if data.conv.lang == "en" and _MAX_MIN_HINT.search(lead) and (limit := _EN_LIMIT_NOUN.search(lead)):
            # "Maximum length is 1024", "the minimum size of 8": the limit word stands before its noun
            return "at-most" if limit.group(1).lower().startswith("max") else "at-least"
        if data.conv.lang == "vi" and _VI_LIMIT_HINT.search(lead) and (limit := _VI_LIMIT_NOUN.search(lead)):
            # "kích thước tối thiểu của gói là 1 MiB": the limit word, then what it limits
            return "at-most" if limit.group(1).lower() == "tối đa" else "at-least"
        return None
    word = _SPACE_RUN.sub(" ", m.group(1)).casefold()
    if word == "khoảng" and _RANGE_AFTER.match(text, start) and (
        re.search(r"từ[\s\u00a0]*$", m.group(), re.IGNORECASE) or re.search(r"trong[\s\u00a0]+$", lead[: m.start()], re.IGNORECASE)
    ):
        return None  # "trong khoảng 0.5 đến 2.0", "khoảng từ 1 đến 100": khoảng is the interval, not "about"
    do_end = max(0, start - 32) + m.end(1)
    if word == "độ" and _VI_DO_COMPOUND.search(text[max(0, do_end - 20):do_end]):
        return None  # chế độ (mode), mức độ (level), tốc độ (speed), nhiệt độ: not "about"
    word_start = max(0, start - 32) + m.start(1)
    if word in ("quá", "vượt quá", "vượt") and _VI_NEGATED.search(text[max(0, word_start - 40):word_start]):
        return "at-most"  # "không thể theo dõi quá 64", "không thể vượt quá 12" (cannot exceed 12): no more than
    if word == "trên" and (_VI_ON_AFTER_VERB.search(text[max(0, do_end - 30):do_end]) or _VI_FIRST_N.match(text, start)):
        return None  # "thực hiện trên 2 tệp" (works on 2 files), "trên 8 màu đầu tiên" (on the first 8 colours): on, not over
    if word in _APPROX_AMBIGUOUS:
        earlier = text[max(0, start - 40):start - len(m.group())]
        if _RANGE_START_WORD.search(earlier) or _ANY_DIGIT.search(earlier[-12:]):
            return None
    return data.approx.get(word)


def _may_approx(data: _Lang, lead: str) -> bool:
    """False when approx_re cannot match in `lead`: a match ends with the last word of an
    approximation word, or with of, than, là, from, between, từ, trong, a or an (the
    folded `approx_tails`), then spaces to the end. So the lead, stripped of its last
    spaces (it must have some), ends with one of them case-blind: its folded form
    (`_folded`, one character for one) ends with a folded tail."""
    tails = data.approx_tails
    if tails is None:
        return True
    stripped = lead.rstrip()  # str.isspace is the regex engine's \s, which holds \u00a0
    if len(stripped) == len(lead) or not stripped:
        return False  # (an empty window ends with no tail: tails are words)
    window = stripped[-data.approx_tail:]
    # the window's last character, folded alone, is its folded form's last (`_FOLDED_CHARS`):
    # most leads end with a word no tail ends like, answered without folding the window
    last = _FOLDED_CHARS.get(window[-1], _UNSEEN)
    if last is _UNSEEN:
        last = _FOLDED_CHARS[window[-1]] = _folded(window[-1])
    if last is not None and last not in data.approx_tail_ends and _NOT_FOLDED not in window:
        return False
    folded = _folded(window)
    return folded is None or folded.endswith(tails)


#: `_folded` of single characters, as met (a few hundred in a run). A character folded alone
#: is the character folded in any text: `_folded` works one character for one (str.lower()
#: depends on its neighbours only for Σ, final ς or σ, which the engine's case-blind class
#: takes as one, and `_fold_table` maps to one); a text with U+0345 folds to None as a whole.
_FOLDED_CHARS: dict[str, str | None] = {}
_UNSEEN = object()


def _approx_after(text: str, end: int, data: _Lang) -> str | None:
    """Qualifiers written after the number: 500-plus, 500+, 20 years or so, 14 trở lên."""
    if text.startswith("+", end) and not text[end + 1:end + 2].isalnum():
        return "over"  # "Android 4.0+" in any language
    if data.conv.lang == "vi":
        # "iOS 14 trở lên", "18 tuổi trở lên": and above, as English 14+
        if _VI_OR_HINT.search(text, end) and (bound := _VI_OR_BOUND.match(text, end)) is not None:
            # "bằng 0 hoặc nhỏ hơn" (0 or smaller), "8 hoặc nhiều hơn": at most, at least
            return "at-most" if bound.group(1).lower() in ("nhỏ", "bé", "ít", "thấp", "ngắn") else "at-least"
        return "over" if "trở" in text[end:] and _VI_AND_ABOVE.match(text, end) else None
    if data.conv.lang != "en":
        return None
    after = text[end:end + 24]
    if _EN_PLUS_AFTER.match(after):
        return "over"
    if "so" in after and _EN_OR_SO.match(after):
        return "about"
    if _MAX_MIN_HINT.search(text, end) and (limit := _EN_LIMIT_AFTER.match(text, end)) is not None:
        # "(1 second minimum)", "64 characters max.": the limit word after the number and its unit
        return "at-most" if limit.group(1).lower().startswith("max") else "at-least"
    if _EN_OR_HINT.search(text, end) and (bound := _EN_OR_BOUND.match(text, end)) is not None:
        # "must be 1 or greater" is "≥ 1"; "8 characters or fewer" is "≤ 8"
        return "at-most" if bound.group(1).lower() in ("less", "fewer", "lower", "smaller", "below") else "at-least"
    return None


# a negation a few words before "quá": không (thể|được|nên) <verb> quá N = no more than N
_VI_NEGATED = lazy_pattern(r"(?<![\w])không(?:[\s\u00a0]+(?:thể|được|nên))?(?:[\s\u00a0]+[^\W\d]+){0,3}[\s\u00a0]*$",
                         re.IGNORECASE)
# verbs after which "trên" is the preposition "on" (run on, shown on, stored on), not "over"
_VI_ON_AFTER_VERB = lazy_pattern(
    r"(?<![\w])(?:thực hiện|thực thi|chạy|hoạt động|làm việc|thao tác|hiển thị|hiện|xuất hiện|áp dụng|dùng|"
    r"sử dụng|cài đặt|cài|lưu|lưu trữ|nằm|có|đặt|in|ghi|tìm|mở|gắn|bấm|nhấn|nhấp)[\s\u00a0]+trên$",
    re.IGNORECASE)
# "trên 8 màu đầu tiên": on the first 8 colours
_VI_FIRST_N = lazy_pattern(r"[\d.,]+[\s\u00a0]+(?:[^\W\d_]+[\s\u00a0]+){0,2}đầu[\s\u00a0]+tiên(?![\w])", re.IGNORECASE)
# English "maximum length is", "the minimum size of", "max. width =": the limit word before its noun
_EN_LIMIT_NOUN = lazy_pattern(r"(?<![\w])(maximum|max\.?|minimum|min\.?)[\s\u00a0]+(?:[^\W\d_][\w-]*[\s\u00a0]+){1,3}"
                              r"(?:is|are|of|=)[\s\u00a0]*$", re.IGNORECASE)
_VI_LIMIT_NOUN = lazy_pattern(r"(?<![\w])(tối[\s\u00a0]+đa|tối[\s\u00a0]+thiểu)(?:[\s\u00a0]+[^\W\d_]+){1,3}[\s\u00a0]+(?:là|=)[\s\u00a0]*$",
                             re.IGNORECASE)
_EN_OR_BOUND = lazy_pattern(r"[\s\u00a0]+(?:[^\W\d_]+[\s\u00a0]+)?or[\s\u00a0]+(greater|more|higher|larger|above|less|fewer|lower|smaller|below)\b(?![\s\u00a0]+than\b)",
                            re.IGNORECASE)
_EN_LIMIT_AFTER = lazy_pattern(r"[\s\u00a0]+(?:[^\W\d_]+[\s\u00a0]+)?(minimum|min\.|maximum|max\.?)(?=[\s\u00a0]*(?:[)\],;]|\.?$))",
                               re.IGNORECASE)
_VI_OR_BOUND = lazy_pattern(r"[\s\u00a0]+(?:[^\W\d_]+[\s\u00a0]+)?hoặc[\s\u00a0]+(nhỏ|bé|ít|thấp|ngắn|lớn|nhiều|cao|dài)[\s\u00a0]+hơn(?![\s\u00a0]*[\w\d])",
                           re.IGNORECASE)
_VI_AND_ABOVE = lazy_pattern(r"[\s\u00a0]+(?:[^\W\d_]+[\s\u00a0]+){0,2}trở[\s\u00a0]+lên(?![\w])")


def _vi_half(text: str, end: int, value: Decimal) -> tuple[Decimal, int]:
    """Vietnamese 'rưỡi' (and a half) after the number or its noun: 4 năm rưỡi = 4.5 years."""
    m = _VI_HALF.match(text[end:end + 16]) if "rưỡi" in text[end:end + 16] else None
    if m:
        return value + Decimal("0.5"), end + m.end()
    return value, end


def _cjk_approx(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 3):start]
    after = text[end:end + 2]
    if after.startswith(("多", "余", "餘", "以上", "超")) or before.endswith(("超过", "超過", "超", "逾")):
        return "over"
    if before.endswith(("近", "将近", "將近", "接近")):
        return "nearly"
    if before.endswith(("约", "約", "大约", "大約", "左右")) or after.startswith(("左右", "前後", "ほど", "程度")):
        return "about"
    if after.startswith(("以下", "未満")):
        return "under"
    return None


# ---------------------------------------------------------------------------
# Numbers written in words
# ---------------------------------------------------------------------------


def _spell_scans(text: str, data: _Lang, words: set[str] | None) -> tuple[bool, bool, bool, bool, bool]:
    """Which of `_spelled`'s scans can find something in `text` (spelled numbers, vi "năm"
    as five, en bare magnitudes, weak words, Roman numerals): each is run only when its
    cheap test here says yes, and a text none of them can read holds no number word."""
    return (data.spelled_re is not None and _may_match(data.word_heads["spelled_re"], words),
            data.conv.lang == "vi" and "năm" in text,
            data.conv.lang == "en" and _bare_magnitude_hint(text),
            data.weak_re is not None and _may_match(data.word_heads["weak_re"], words),
            _ROMAN_HINT.search(text) is not None)


def _spelled(text: str, data: _Lang, claims: _Claims, found: list[Quantity], scans: tuple[bool, bool, bool, bool, bool]) -> None:
    scan_spelled, scan_five, scan_magnitude, scan_weak, scan_roman = scans  # `_spell_scans`
    if scan_spelled:
        for m in data.spelled_re.finditer(text):
            start, end = m.start(), m.end()
            if not claims.free(start, end):
                continue
            word = _SPACE_RUN.sub(" ", m.group(1)).casefold()
            entry = data.spelled.get(word) or _spelled_prefix(data, word)
            if entry is None:
                continue
            value, ordinal = entry
            strength = "weak" if value == 1 and not ordinal else "words"
            if data.conv.lang == "vi" and word.startswith("thứ") and m.group(1)[0].isupper():
                continue  # Thứ Hai…Thứ Bảy: days of the week
            if data.conv.lang == "en" and word == "second" and (
                _EN_SECOND_AFTER_COUNT.search(text[max(0, start - 8):start])
                or _EN_SECOND_OF_TIME.match(text[end:])
            ):
                continue  # the unit of time: wait a second. / a second later
            kind = "number"
            total = Decimal(value)
            magnitude = 0
            after = text[end:]
            half = _EN_AND_A_HALF.match(after) if data.conv.lang == "en" else None
            if half:
                total += Decimal("0.5")  # two and a half billion
                end += half.end()
                after = text[end:]
            mg = data.magnitude_re.match(after.lstrip("-") if after.startswith("-") else after) if not ordinal else None
            if mg and after.startswith("-"):
                end += 1  # six-and-a-half-million
            if mg:
                magnitude = data.magnitudes.get(mg.group(1).casefold(), 0) or _magnitude_of(data, mg.group(1))
                if magnitude:
                    end += mg.end()
                    total *= Decimal(10) ** magnitude
                    after = text[end:]
            unit = None
            decades = _EN_DECADES.match(after) if data.conv.lang == "en" and not ordinal else None
            alternatives: tuple[tuple[str, Any], ...] = ()
            if decades:
                alternatives = (("decades", total * 10),)  # three decades: 3 thập niên, or 30 years
                end += decades.end()
            elif not ordinal:
                pc = data.percent_re.match(after)
                ca = data.currency_after_re.match(after)
                if pc and pc.group(1) not in ("%",):
                    kind = "percent"
                    end += pc.end()
                elif ca:
                    code = data.currencies.get(ca.group(1).casefold()) or _currency_prefix(data, ca.group(1))
                    if code:
                        kind, unit = "amount", code
                        end += ca.end()
            claims.take(start, end)
            if data.conv.lang == "vi":
                total, end = _vi_half(text, end, total)
            found.append(Quantity(kind, total, start, end, text[start:end], unit=unit, magnitude=magnitude,
                                  approx=_approx_before(text, start, data) or _approx_after(text, end, data), ordinal=ordinal,
                                  written=strength if not (magnitude or kind != "number") else "words", alternatives=alternatives))
    # Vietnamese "năm" is "five" before a counted noun ("năm phút", five minutes), "year" elsewhere
    if scan_five:
        for m in _VI_FIVE.finditer(text):
            if claims.free(m.start(), m.end()):
                claims.take(m.start(), m.end())
                found.append(Quantity("number", Decimal(5), m.start(), m.end(), m.group(),
                                      approx=_approx_before(text, m.start(), data), written="words"))
    # a bare magnitude word: "a million people", "a thousand years"
    if scan_magnitude:
        for m in _BARE_MAGNITUDE.finditer(text):
            if claims.free(m.start(), m.end()):
                exponent = {"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}[m.group(1).lower()]
                claims.take(m.start(), m.end())
                found.append(Quantity("number", Decimal(10) ** exponent, m.start(), m.end(), m.group(), magnitude=exponent,
                                      approx=_approx_before(text, m.start(), data), written="words"))
    if scan_weak:
        for m in data.weak_re.finditer(text):
            if claims.free(m.start(), m.end()):
                value = data.weak.get(_SPACE_RUN.sub(" ", m.group(1)).casefold())
                if value is not None:
                    claims.take(m.start(), m.end())
                    found.append(Quantity("number", Decimal(value), m.start(), m.end(), m.group(), written="weak"))
    # only numerals of two letters or more, or I, V, X with a suffix ("Ier", "Ve siècle"), are kept:
    # "Le", "Ce", "De", "Der", "Me" are words (see _IDENT_HINTS for the hint)
    for m in _ROMAN.finditer(text) if scan_roman else ():
        if claims.free(m.start(), m.end()) and (len(m.group(1)) >= 2 or (m.group(2) and m.group(1) in "IVX")) and m.group(1):
            value = _roman(m.group(1))
            if value:
                claims.take(m.start(), m.end())
                found.append(Quantity("number", Decimal(value), m.start(), m.end(), m.group(), ordinal=True, written="weak",
                                      unit="century" if _CENTURY.search(text[max(0, m.start() - 12):m.end() + 14]) else None))


_VI_FIVE = lazy_pattern(r"(?<![\w])(?:(?<=cấp )|(?<=mức )|(?<=bậc ))năm(?![\w])|(?<![\w])(?<!thứ )(?<!hàng )năm(?=[\s\u00a0]+(?:giây|phút|giờ|ngày|tuần|lần|mục|ký tự|kí tự|dòng|cột|"
                       r"hàng|tập tin|tệp|bước|điểm|trang|màu|kênh|cái|chiếc|bài|ảnh|chữ số|byte|KB|MB|GB|MiB|GiB)(?![\w]))",
                       re.IGNORECASE)
_BARE_MAGNITUDE = lazy_pattern(r"(?<![\w])(?:a|one|another)[\s\u00a0]+(hundred|thousand|million|billion|trillion)(?![\w])",
                               re.IGNORECASE)
#: every match of `_BARE_MAGNITUDE` holds one of these (see the prefilters above)
_BARE_MAGNITUDE_HINT = lazy_pattern(r"hundred|thousand|[mb]illion|trillion", re.IGNORECASE)


def _bare_magnitude_hint(text: str) -> bool:
    """`_BARE_MAGNITUDE_HINT.search(text)`, answered for an ASCII text by substring tests
    of its lower case (an ASCII letter matches another without regard to case exactly
    when their lower cases are equal; "illion" holds "million" and "billion", and
    "trillion" too): a case-blind alternation gives the engine no first character to
    skip to, and scans a text several times slower."""
    if text.isascii():
        lowered = text.lower()
        return "illion" in lowered or "hundred" in lowered or "thousand" in lowered
    return _BARE_MAGNITUDE_HINT.search(text) is not None


def _spelled_prefix(data: _Lang, word: str) -> tuple[int, bool] | None:
    for key, entry in sorted(data.spelled.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(key) and len(word) - len(key) <= 4:
            return entry
    return None


_CENTURY = lazy_pattern(r"centur|jahrhundert|siècle|siecle|siglo|secolo|wiek|век|столет|stolet|thế k[ỷỉ]|世纪|世紀", re.IGNORECASE)
_ROMAN_HINT = lazy_pattern("[MDCLXVI][MDCLXVIeè]")
_ROMAN = lazy_pattern(r"(?<![\w.-])(?=[MDCLXVI])(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))(e|er|ème|eme)?(?![\w-])")


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        if i + 1 < len(text) and values[text[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


_CJK_NUMERAL = lazy_pattern("[〇零一二两兩三四五六七八九十百千万萬亿億兆]+")


def _cjk_value(token: str) -> int | None:
    """十 = 10, 二十一 = 21, 三百 = 300, 一千 = 1000, 两万 = 20000."""
    total = 0
    section = 0
    digit = None
    for ch in token:
        if ch in _CJK_DIGITS:
            digit = _CJK_DIGITS[ch]
        else:
            unit = _CJK_UNITS[ch]
            if unit >= 10**4:
                section = (section + (digit or 0)) * unit if (section or digit) else unit
                total += section
                section = 0
            else:
                section += (digit if digit is not None else 1) * unit
            digit = None
    return total + section + (digit or 0)


def _cjk_numerals(text: str, data: _Lang, claims: _Claims, found: list[Quantity]) -> None:
    for m in _CJK_NUMERAL.finditer(text):
        start, end = m.start(), m.end()
        token = m.group()
        if not claims.free(start, end):
            continue
        before = text[start - 1:start]
        after = text[end:end + 2]
        ordinal = before == "第" or after.startswith("番目")
        counted = bool(after) and after[0] in _CJK_COUNTERS
        if token in ("一", "两", "兩", "二") and not ordinal:
            continue  # 一些, 一起, 两国: too often not a count
        if len(token) == 1 and not (ordinal or counted):
            continue
        if "分之" in text[end:end + 2] or text[max(0, start - 2):start] == "分之":
            continue  # fractions: 三分之一
        value = _cjk_value(token)
        if value is None:
            continue
        kind, unit = "number", None
        tail = text[end:]
        for name in ("美元", "欧元", "日元", "人民币", "元", "円", "ドル"):
            if tail.startswith(name):
                kind, unit = "amount", data.currencies.get(name.casefold())
                end += len(name)
                break
        claims.take(start, end)
        found.append(Quantity(kind, Decimal(value), start, end, text[start:end], unit=unit, ordinal=ordinal,
                              written="words", approx=_cjk_approx(text, start, end)))

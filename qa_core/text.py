"""Text helpers shared by checks: placeholders, words, Unicode folding."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A variable of a format string: `text` as written, `key` what must survive in
    translation (printf position + conversion, a name, an index), `style` its syntax."""

    text: str
    key: str
    style: str
    start: int
    end: int
    positional: bool = False


# printf (C, Objective-C %@, POSIX positional %1$s, Python %(name)s); a space flag
# only in files known to be c-format, since "5% discount" would read as "% d".
_PRINTF = re.compile(
    r"%(?:(?P<pos>[1-9][0-9]*)\$|\((?P<name>[A-Za-z_][\w.]*)\))?"
    r"(?P<flags>[-+#0']*)(?P<width>[0-9]+|\*)?(?:\.(?P<prec>[0-9]+|\*))?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|t|I64|I32)?(?P<conv>[diouxXeEfFgGaAcsSp@])"
)
_PRINTF_SPACE = re.compile(
    r"%(?:(?P<pos>[1-9][0-9]*)\$|\((?P<name>[A-Za-z_][\w.]*)\))?"
    r"(?P<flags>[-+ #0']*)(?P<width>[0-9]+|\*)?(?:\.(?P<prec>[0-9]+|\*))?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|t|I64|I32)?(?P<conv>[diouxXeEfFgGaAcsSp@])"
)
# gettext's <PRIu64>-style macros as written in PO files: %'<PRIu64>
_PRINTF_MACRO = re.compile(r"%(?:(?P<pos>[1-9][0-9]*)\$)?[-+#0']*(?P<conv><PRI[diouxX](?:8|16|32|64|MAX|PTR)>)")
# percent-encoded bytes (%E1%BA%A1 in a URL) are not printf conversions
_URL_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2}){2,}|(?<=[/=?&])%[0-9A-Fa-f]{2}(?=[\w.~/-])")
_DOUBLE_BRACE = re.compile(r"\{\{\s*(?P<name>[^{}]+?)\s*\}\}")
_BRACE = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][\w.]*|[0-9]+)(?P<rest>(?::[^{}]*)?|,\s*(?:plural|select|selectordinal|number|date|time)\b)")
_PERCENT_NAME = re.compile(r"(?<![%\w])%(?P<name>[A-Za-z_][\w.-]*)%(?!\w)")
_DOLLAR_BRACE = re.compile(r"\$\{(?P<name>[A-Za-z_][\w.]*)\}")

PRINTF_CONVERSION_CLASS = {
    "d": "int", "i": "int", "o": "int", "u": "int", "x": "int", "X": "int", "c": "char",
    "e": "float", "E": "float", "f": "float", "F": "float", "g": "float", "G": "float", "a": "float", "A": "float",
    "s": "str", "S": "str", "p": "ptr", "@": "obj",
}


def placeholders(text: str, *, c_format: bool = False, styles: frozenset[str] | None = None) -> list[Placeholder]:
    """Every placeholder in `text`, in order, without overlaps; `%%` is a literal percent.

    styles: any of printf, brace, double-brace, percent-name, dollar-brace (default all).
    """
    if "%" not in text and "{" not in text and "$" not in text:
        return []  # every style starts with one of these
    found: list[Placeholder] = []
    taken = _Taken()
    want = styles or frozenset({"printf", "brace", "double-brace", "percent-name", "dollar-brace"})
    literal_percents = [m.start() for m in re.finditer(r"%%", text)]
    for start in literal_percents:
        taken.add(start, start + 2)
    if "double-brace" in want:
        for m in _DOUBLE_BRACE.finditer(text):
            if taken.add(m.start(), m.end()):
                found.append(Placeholder(m.group(), "{{" + re.sub(r"\s+", "", m.group("name")) + "}}", "double-brace", m.start(), m.end()))
    if "dollar-brace" in want:
        for m in _DOLLAR_BRACE.finditer(text):
            if taken.add(m.start(), m.end()):
                found.append(Placeholder(m.group(), "${" + m.group("name") + "}", "dollar-brace", m.start(), m.end()))
    if "brace" in want:
        for m in _BRACE.finditer(text):
            end = m.end()
            if not m.group("rest").startswith(","):
                if end >= len(text) or text[end] != "}":
                    continue
                end += 1
            if taken.add(m.start(), end):
                name = m.group("name")
                found.append(Placeholder(text[m.start():end], "{" + name + "}", "brace", m.start(), end, positional=name.isdigit()))
    if "percent-name" in want:
        # before printf, so that %phut% is one name and not printf %p + "hut%"; one
        # letter is too short to tell from printf ("%s%" ends a printf, not a name)
        for m in _PERCENT_NAME.finditer(text):
            if len(m.group("name")) > 1 and taken.add(m.start(), m.end()):
                found.append(Placeholder(m.group(), "%" + m.group("name") + "%", "percent-name", m.start(), m.end()))
    if "printf" in want:
        for m in _URL_ESCAPES.finditer(text):
            taken.add(m.start(), m.end())
        for m in _PRINTF_MACRO.finditer(text):
            if taken.add(m.start(), m.end()):
                found.append(_printf(m, text))
        for m in (_PRINTF_SPACE if c_format else _PRINTF).finditer(text):
            if taken.add(m.start(), m.end()):
                found.append(_printf(m, text))
    found.sort(key=lambda p: p.start)
    return found


def _printf(m: re.Match, text: str) -> Placeholder:
    conv = m.group("conv")
    kind = PRINTF_CONVERSION_CLASS.get(conv, "int" if conv.startswith("<PRI") else conv)
    if m.groupdict().get("name"):
        return Placeholder(m.group(), f"%({m.group('name')}){kind}", "printf", m.start(), m.end(), positional=True)
    if m.group("pos"):
        return Placeholder(m.group(), f"%{m.group('pos')}${kind}", "printf", m.start(), m.end(), positional=True)
    return Placeholder(m.group(), f"%{kind}", "printf", m.start(), m.end())


@dataclass(frozen=True, slots=True)
class PrintfSpec:
    """The parts of one printf conversion: `%2$-08.3ld` -> pos '2', flags '-0', width '8',
    precision '3', length 'l', conversion 'd'."""

    pos: str | None
    name: str | None
    flags: str
    width: str | None
    precision: str | None
    length: str | None
    conversion: str

    @property
    def kind(self) -> str:
        conv = self.conversion
        return PRINTF_CONVERSION_CLASS.get(conv, "int" if conv.startswith("<PRI") else conv)

    @property
    def form(self) -> str:
        """Flags, width, precision and length as written, without the argument number."""
        flags = "".join(sorted(set(self.flags)))
        width = self.width or ""
        prec = "." + self.precision if self.precision is not None else ""
        return f"{flags}{width}{prec}{self.length or ''}"


def printf_spec(text: str) -> PrintfSpec | None:
    """Parse one printf placeholder as `placeholders` found it; None if it is not printf."""
    m = _PRINTF_SPACE.fullmatch(text) or _PRINTF_MACRO.fullmatch(text)
    if m is None:
        return None
    groups = m.groupdict()
    return PrintfSpec(
        groups.get("pos"), groups.get("name"), groups.get("flags") or "", groups.get("width"),
        groups.get("prec"), groups.get("len"), groups["conv"],
    )


# strftime/strptime directives that printf does not have: a text holding them is a date format
_STRFTIME = re.compile(r"%[-_0^#]?[EO]?[YyBbhHIMjZzklPTDRCVUWmFre]")
_STRFTIME_STRONG = frozenset("YyBbHIMjZzklPTDRCV")


def is_strftime(text: str) -> bool:
    """True when `text` reads as a strftime/strptime format ('%Y-%m-%d %H:%M', '%a %e %b'):
    one directive printf lacks (%Y %H %M %B %b…), or two date directives."""
    if "%" not in text:
        return False
    found = [m.group()[-1] for m in _STRFTIME.finditer(text.replace("%%", ""))]
    return any(ch in _STRFTIME_STRONG for ch in found) or len(found) >= 2


class _Taken:
    """Character ranges already claimed by a placeholder."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> bool:
        for a, b in self.ranges:
            if start < b and a < end:
                return False
        self.ranges.append((start, end))
        return True


# ---------------------------------------------------------------------------
# Unicode
# ---------------------------------------------------------------------------

# Vietnamese tone marks: the "old" placement (hoà, thuỷ) and the "new" one (hòa,
# thủy) are both in common use; compare them as equal by moving the mark.
_OLD_TO_NEW = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(sorted(_OLD_TO_NEW, key=len, reverse=True)), re.IGNORECASE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vi_tone_normalise(text: str) -> str:
    """Vietnamese text with one tone-mark placement ("hoà" -> "hòa", "thuỷ" -> "thủy"),
    NFC first. Only syllable-final "oa/oe/uy" move: "hoàng" keeps its mark."""

    def fix(match: re.Match) -> str:
        end = match.end()
        if end < len(text_nfc) and text_nfc[end].isalpha():
            return match.group()
        new = _OLD_TO_NEW[match.group().lower()]
        return new.upper() if match.group().isupper() else (new[0].upper() + new[1:] if match.group()[0].isupper() else new)

    text_nfc = nfc(text)
    return _TONE_RE.sub(fix, text_nfc)


@lru_cache(maxsize=65536)
def fold_diacritics(text: str) -> str:
    """'Nguyễn Phú Trọng' -> 'Nguyen Phu Trong', 'Đà Nẵng' -> 'Da Nang'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)

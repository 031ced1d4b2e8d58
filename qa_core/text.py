"""Text helpers shared by checks: placeholders, words, Unicode folding."""

from __future__ import annotations

import bisect
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
# (each alternative starts with its "%", the look back after it: the engine skips from "%" to "%")
_URL_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2}){2,}|%(?<=[/=?&]%)[0-9A-Fa-f]{2}(?=[\w.~/-])")
_DOUBLE_BRACE = re.compile(r"\{\{\s*(?P<name>[^{}]+?)\s*\}\}")
# the "{" first and the looks back after it (not "{{", not "\\x{"): the engine skips from "{" to "{"
_BRACE = re.compile(r"\{(?<!\{\{)(?<!\\[A-Za-z]\{)(?P<name>[A-Za-z_][\w.]*|[0-9]+)(?P<rest>(?::[^{}]*)?|,\s*(?:plural|select|selectordinal|number|date|time)\b)")
#: %NAME%; not when its closing '%' opens a flagged conversion: in GNOME's clock format
#: `%R:%S_%-e %b` the '%' after `%S_` starts `%-e`
_PERCENT_NAME = re.compile(r"%(?<![%\w]%)(?P<name>[A-Za-z_][\w.-]*)%(?!\w|[-_0^#][A-Za-z])")
_LITERAL_PERCENT = re.compile(r"%%")
_DOLLAR_BRACE = re.compile(r"\$\{(?P<name>[A-Za-z_][\w.]*)\}")

PRINTF_CONVERSION_CLASS = {
    "d": "int", "i": "int", "o": "int", "u": "int", "x": "int", "X": "int", "c": "char",
    "e": "float", "E": "float", "f": "float", "F": "float", "g": "float", "G": "float", "a": "float", "A": "float",
    "s": "str", "S": "str", "p": "ptr", "@": "obj",
}


def placeholders(text: str, *, c_format: bool = False, styles: frozenset[str] | None = None) -> list[Placeholder]:
    """Every placeholder in `text`, in order, without overlaps; `%%` is a literal percent.
    Several checks ask for the same text's placeholders: the answer is kept for the last
    texts asked (a fresh list each time, so a caller may change it).
"""
    if "%" not in text and "{" not in text and "$" not in text and ":" not in text:
        return []
    # one answer per text, whichever way a check asks: the default styles named or not,
    # and c-format (a space flag allowed) where no "%" could take a space flag
    if styles is not None and (not styles or styles == DEFAULT_STYLES):
        styles = None
    if c_format and (" " not in text or _SPACE_FLAG.search(text) is None):
        c_format = False
    if styles is not None and "printf" in styles and "qt" not in styles and styles < DEFAULT_STYLES:
        # a PO file's c-format (or python-format...) unit: its styles are printf, maybe with
        # a few other default ones. The default styles' answer, which other checks ask for
        # the same text, is this answer too when it holds no placeholder of another style:
        # the styles are looked for in a fixed order, each claiming only what it finds, so
        # styles that find nothing change nothing for the others, and the two runs differ
        # in nothing else (with printf in both, the same URL escapes are set aside; the qt
        # pattern that depends on printf is not among these styles).
        every = _placeholders(text, c_format, None)
        if all(ph.style in styles for ph in every):
            return list(every)
    return list(_placeholders(text, c_format, styles))


#: where `_PRINTF_SPACE` may match what `_PRINTF` does not: a "%" (with a position or a
#: name) whose flags hold a space; without one, the two find the same conversions
_SPACE_FLAG = re.compile(r"%(?:[1-9][0-9]*\$|\([A-Za-z_][\w.]*\))?[-+#0']* ")


@lru_cache(maxsize=4096)
def _placeholders(text: str, c_format: bool, styles: frozenset[str] | None) -> tuple[Placeholder, ...]:
    return tuple(_find_placeholders(text, c_format=c_format, styles=styles))


def _find_placeholders(text: str, *, c_format: bool = False, styles: frozenset[str] | None = None) -> list[Placeholder]:
    """Every placeholder in `text`, in order, without overlaps; `%%` is a literal percent.

    styles: any of printf, brace, double-brace, percent-name, dollar-brace, and the
    dialects of `DIALECTS` (qt, ruby, icu, java, laravel, vue-link, i18next-nesting,
    apple-var, fluent). The default is `DEFAULT_STYLES`: every style that cannot be
    mistaken for text; `icu`, `java`, `laravel`, `vue-link`, `i18next-nesting`,
    `apple-var` and `fluent` only when the file says so (`unit_placeholder_styles`).
    """
    want = styles or DEFAULT_STYLES
    if "%" not in text and "{" not in text and "$" not in text and not (":" in text and want & _COLON_STYLES):
        return []  # every style starts with one of these
    found: list[Placeholder] = []
    taken = _Taken()
    literal_percents = [m.start() for m in _LITERAL_PERCENT.finditer(text)] if "%%" in text else []
    for start in literal_percents:
        taken.add(start, start + 2)
    if "%" in text and want & {"printf", "qt", "ruby", "percent-name"}:
        for m in _URL_ESCAPES.finditer(text):  # %E1%BA%A1 in a URL: bytes, no placeholder of any style
            taken.add(m.start(), m.end())
    if "brace" in want and "icu" not in want and "{" in text and _ICU_HEAD.search(text):
        want = want | {"icu"}  # an ICU plural or select: its `=0` keys and `#` are syntax, not text
    if want & _DIALECT_NAMES:
        # the dialects first: an ICU plural or a Java quote decides what the braces are
        _dialects(text, want, taken, found)
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
DEFAULT_STYLES = frozenset({"printf", "brace", "double-brace", "percent-name", "dollar-brace", "qt", "ruby"})

# ---------------------------------------------------------------------------
# Placeholder dialects of resource formats and of PO/XLIFF flags
# ---------------------------------------------------------------------------

_QT = re.compile(r"%L?(?P<n>[1-9][0-9]?)(?![0-9])|%n(?![A-Za-z0-9])")
# beside printf, `%1$s`, `%10s` and `%2d` are printf's
_QT_BESIDE_PRINTF = re.compile(r"%L?(?P<n>[1-9][0-9]?)(?![0-9$A-Za-z.*'#+-])|%Ln(?![A-Za-z0-9])")
_RUBY = re.compile(r"%\{(?P<name>[A-Za-z_]\w*)\}|%<(?P<fname>[A-Za-z_]\w*)>[-+ 0#]*[0-9]*(?:\.[0-9]+)?[A-Za-z]")
_LARAVEL = re.compile(r"(?<![\w:/]):(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
_VUE_LINK = re.compile(r"@(?:\.[a-z]+)?:(?:\{[^{}]*\}|\(?[\w.-]*[\w-]\)?)")
_I18NEXT_NESTING = re.compile(r"\$t\((?P<key>[^,)]+)[^)]*\)")
#: Apple substitutions: `%#@name@` (the name is each localization's own: compared by count)
#: and `%arg`, a String Catalog substitution form's own argument
_APPLE_VAR = re.compile(r"%#@(?P<name>[A-Za-z_]\w*)@|%arg(?![A-Za-z0-9])")
_FLUENT_REF = re.compile(r"\{\s*(?P<ref>\$[A-Za-z][\w-]*|-[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)?|[A-Z][A-Z0-9_-]*\()")
_ICU_HEAD = re.compile(r"\{\s*([\w$.-]+)\s*,\s*(plural|selectordinal|select)\b")
_DIALECT_NAMES = frozenset({"qt", "ruby", "icu", "java", "laravel", "vue-link", "i18next-nesting", "apple-var", "fluent"})
_COLON_STYLES = frozenset({"laravel", "vue-link"})

#: gettext format flags -> placeholder styles (`no-c-format` and friends are left to printf's own rules)
FLAG_STYLES: dict[str, frozenset[str]] = {
    "c-format": frozenset({"printf"}),
    "objc-format": frozenset({"printf"}),
    "python-format": frozenset({"printf"}),
    "php-format": frozenset({"printf"}),
    "perl-format": frozenset({"printf"}),
    "lua-format": frozenset({"printf"}),
    "gcc-internal-format": frozenset({"printf"}),
    "gfc-internal-format": frozenset({"printf"}),
    "object-pascal-format": frozenset({"printf"}),
    "javascript-format": frozenset({"printf"}),
    "python-brace-format": frozenset({"brace"}),
    "perl-brace-format": frozenset({"brace"}),
    "csharp-format": frozenset({"brace"}),
    "java-format": frozenset({"java"}),
    "java-printf-format": frozenset({"printf"}),
    "qt-format": frozenset({"qt"}),
    "qt-plural-format": frozenset({"qt"}),
    "kde-format": frozenset({"qt"}),
    "ruby-format": frozenset({"ruby", "printf"}),
    "sh-format": frozenset({"dollar-brace"}),
    "icu-format": frozenset({"icu"}),
}

#: XLIFF 1.2 `datatype`/`restype` values -> placeholder styles
DATATYPE_STYLES: dict[str, frozenset[str]] = {
    "javaproperties": frozenset({"java", "printf"}),
    "javalistresourcebundle": frozenset({"java", "printf"}),
    "javapropertyresourcebundle": frozenset({"java", "printf"}),
    "resx": frozenset({"brace"}),
    "winres": frozenset({"printf"}),
    "c": frozenset({"printf"}),
    "cpp": frozenset({"printf"}),
    "objectivec": frozenset({"printf"}),
    "x-android": frozenset({"printf"}),
    "x-gettext": frozenset({"printf"}),
    "php": frozenset({"printf"}),
    "x-icu": frozenset({"icu"}),
    "x-fluent": frozenset({"fluent"}),
}


def unit_placeholder_styles(unit) -> frozenset[str] | None:
    """The placeholder styles a unit's own file declares: a resource reader's
    `placeholder-styles` property, PO format flags (`#, qt-format`), XLIFF 1.2
    `datatype` (file) or `restype` (unit); None when the file says nothing."""
    declared = unit.get("placeholder-styles")
    if declared:
        return frozenset(declared.split(","))
    flags = unit.flags
    if flags:
        chosen: set[str] = set()
        for flag in flags:
            chosen |= FLAG_STYLES.get(flag, frozenset())
        if chosen:
            return frozenset(chosen)
    restype = (unit.get("restype") or "").lower()
    if restype in DATATYPE_STYLES:
        return DATATYPE_STYLES[restype]
    for key, value in getattr(unit.file, "attrs", ()):
        if key == "datatype" and value.lower() in DATATYPE_STYLES:
            return DATATYPE_STYLES[value.lower()]
    return None


def _dialects(text: str, want: frozenset[str], taken: "_Taken", found: list[Placeholder]) -> None:
    def add(start: int, end: int, key: str, style: str, positional: bool = False) -> None:
        if taken.add(start, end):
            found.append(Placeholder(text[start:end], key, style, start, end, positional))

    if "icu" in want and "{" in text:
        _icu(text, add)
    if "java" in want and "{" in text:
        _java(text, add)
    if "apple-var" in want:
        for m in _APPLE_VAR.finditer(text):
            add(m.start(), m.end(), "%#@@" if m.group("name") else "%arg", "apple-var")
    if "fluent" in want and "{" in text:
        seen: set[str] = set()
        for m in _FLUENT_REF.finditer(text):
            ref = m.group("ref").rstrip("(")
            if ref not in seen:  # a selector repeats its variable in every variant
                seen.add(ref)
                add(m.start("ref"), m.start("ref") + len(ref), ref, "fluent")
    if "i18next-nesting" in want:
        for m in _I18NEXT_NESTING.finditer(text):
            add(m.start(), m.end(), "$t(" + m.group("key").strip().strip("'\"") + ")", "i18next-nesting")
    if "vue-link" in want:
        for m in _VUE_LINK.finditer(text):
            add(m.start(), m.end(), m.group(), "vue-link")
    if "ruby" in want and "%" in text:
        for m in _RUBY.finditer(text):
            add(m.start(), m.end(), "%{" + (m.group("name") or m.group("fname")) + "}", "ruby")
    if "qt" in want and "%" in text:
        for m in (_QT_BESIDE_PRINTF if "printf" in want else _QT).finditer(text):
            add(m.start(), m.end(), "%" + (m.group("n") or "n"), "qt", positional=True)
    if "laravel" in want:
        for m in _LARAVEL.finditer(text):
            add(m.start(), m.end(), ":" + m.group("name").lower(), "laravel")


def _icu(text: str, add) -> None:
    from qa_core.resources.icu import IcuSyntaxError, parse_lenient, walk

    try:
        pattern = parse_lenient(text)
    except IcuSyntaxError:
        # the ICU checks report it; keep the keys a parsed message would give
        for m in _ICU_HEAD.finditer(text):
            add(m.start(), m.end(), "{" + m.group(1) + "," + m.group(2) + "}", "icu")
        for m in re.finditer(r"=[0-9]+(?=\s*\{)|offset\s*:\s*[0-9]+", text):
            add(m.start(), m.end(), m.group(), "icu-key")
        return
    seen: set[str] = set()
    for argument in walk(pattern):
        if argument.options:
            # `=0`, `=1` and `offset:1` select forms: syntax (style icu-key, which BAS003 does not compare)
            for key, _inner, at in argument.options:
                if key.startswith("="):
                    add(at, at + len(key), key, "icu-key")
            offset = re.compile(r"offset\s*:\s*\d+").search(text, argument.start, argument.options[0][2])
            if offset:
                add(offset.start(), offset.end(), "offset", "icu-key")
            head = text.find(argument.type, argument.start) + len(argument.type)
            key = "{" + argument.name + "," + argument.type + "}"
            end = head
        else:
            key = "{" + argument.name + ("," + argument.type if argument.type else "") + "}"
            end = argument.end
        if key not in seen:  # plural variants repeat their arguments
            seen.add(key)
            add(argument.start, end, key, "icu", argument.name.isdigit())


def _java(text: str, add) -> None:
    """Java MessageFormat: an apostrophe quotes up to the next one, '' is one."""
    pos = 0
    quoted = False
    while pos < len(text):
        char = text[pos]
        if char == "'":
            if text.startswith("''", pos):
                pos += 2
                continue
            quoted = not quoted
            pos += 1
            continue
        if char == "{" and not quoted:
            depth = 0
            end = pos
            while end < len(text):
                if text[end] == "{":
                    depth += 1
                elif text[end] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            inner = text[pos + 1 : end]
            match = re.match(r"\s*([0-9]+)\s*(?:,\s*(\w+))?", inner)
            if end < len(text) and match:
                add(pos, end + 1, "{" + match.group(1) + ("," + match.group(2) if match.group(2) else "") + "}", "java", True)
            pos = end + 1
            continue
        pos += 1


class _Taken:
    """Character ranges already claimed by a placeholder: disjoint, kept sorted, so
    that claiming one is a binary search (a unit with 10,000 placeholders costs
    10,000 searches, not 50 million comparisons)."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start)
        # the range before may reach into [start, end); the one after may begin inside it
        if index and self.ends[index - 1] > start:
            return False
        if index < len(self.starts) and self.starts[index] < end:
            return False
        if start == end and index and self.starts[index - 1] == start:
            return False
        self.starts.insert(index, start)
        self.ends.insert(index, end)
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
#: the keys of _OLD_TO_NEW, any case: "o" before a marked a or e, "u" before a marked y
#: (the same matches as the keys' alternation, found four times faster; the cases written
#: out and the pattern led by one class, so the engine skips to an o or a u: twice faster
#: again than `o[...]|u[...]` with IGNORECASE, the same matches for every character)
_TONE_RE = re.compile(r"[oOuU](?:(?<=[oO])[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|(?<=[uU])[ỳýỷỹỵỲÝỶỸỴ])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vi_tone_normalise(text: str) -> str:
    """Vietnamese text with one tone-mark placement ("hoà" -> "hòa", "thuỷ" -> "thủy"),
    NFC first. Only syllable-final "oa/oe/uy" move: "hoàng" keeps its mark."""

    text_nfc = nfc(text)
    if _TONE_RE.search(text_nfc) is None:  # most texts: nothing to move, no new string
        return text_nfc
    return _TONE_RE.sub(_tone_fix, text_nfc)


def _tone_fix(match: re.Match) -> str:
    text_nfc, end = match.string, match.end()
    if end < len(text_nfc) and text_nfc[end].isalpha():
        return match.group()
    new = _OLD_TO_NEW[match.group().lower()]
    return new.upper() if match.group().isupper() else (new[0].upper() + new[1:] if match.group()[0].isupper() else new)


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

"""A parser of ICU MessageFormat patterns (FormatJS, Flutter ARB, Android ICU, Java).

    Hello {name}, you have {count, plural, =0 {no messages} one {# message} other {# messages}}.

A pattern is text with arguments in braces: `{name}`, `{n, number}`, `{d, date, short}`,
and the complex ones whose options are patterns again: `plural`, `selectordinal`
(`=N` and CLDR category keys, `offset:N`, `#` for the number) and `select`. An
apostrophe quotes syntax characters (`'{'`, `'#'`); `''` is one apostrophe; any other
apostrophe is text (ICU's DOUBLE_OPTIONAL mode, which FormatJS and Flutter follow).

`parse()` returns the pattern as a tree and raises `IcuSyntaxError` with the offset
of the problem. Offsets are 0-based code points into the pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COMPLEX = ("plural", "select", "selectordinal")
SIMPLE_TYPES = ("number", "date", "time", "spellout", "ordinal", "duration", "choice")


class IcuSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Argument:
    """`{name}` or `{name, type, style}`, or a complex argument with `options`
    (key -> pattern, in order). `start`/`end` cover the braces."""

    name: str
    type: str | None
    start: int
    end: int
    style: str | None = None
    options: tuple[tuple[str, "Pattern", int], ...] = ()  # key, pattern, key offset


@dataclass(frozen=True)
class Pound:
    """The `#` of a plural branch (the number), at offsets start and end."""

    start: int
    end: int


@dataclass(frozen=True)
class Pattern:
    """A message's parts: literal text, arguments and pound signs, in order."""

    parts: tuple = field(default=())  # str | Argument | Pound


_NAME = re.compile(r"\s*([^\s{},#'=]+|=[-+]?\d+(?:\.\d+)?)\s*")
_IDENT = re.compile(r"\s*([\w$.-]+)\s*", re.UNICODE)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text

    def pattern(self, pos: int, depth: int, in_plural: bool) -> tuple[Pattern, int]:
        text = self.text
        parts: list = []
        buffer: list[str] = []
        while pos < len(text):
            char = text[pos]
            if char == "'":
                nxt = text[pos + 1] if pos + 1 < len(text) else ""
                if nxt == "'":
                    buffer.append("'")
                    pos += 2
                    continue
                if nxt in "{}" or (nxt == "#" and in_plural) or nxt == "|":
                    end = pos + 1
                    quoted: list[str] = []
                    while True:
                        close = text.find("'", end)
                        if close < 0:
                            quoted.append(text[end:])
                            end = len(text)
                            break
                        if text.startswith("''", close):
                            quoted.append(text[end:close] + "'")
                            end = close + 2
                            continue
                        quoted.append(text[end:close])
                        end = close + 1
                        break
                    buffer.append("".join(quoted))
                    pos = end
                    continue
                buffer.append("'")
                pos += 1
                continue
            if char == "{":
                if buffer:
                    parts.append("".join(buffer))
                    buffer = []
                argument, pos = self.argument(pos, depth)
                parts.append(argument)
                continue
            if char == "}":
                if depth == 0:
                    raise IcuSyntaxError("unmatched '}'", pos)
                break
            if char == "#" and in_plural:
                if buffer:
                    parts.append("".join(buffer))
                    buffer = []
                parts.append(Pound(pos, pos + 1))
                pos += 1
                continue
            buffer.append(char)
            pos += 1
        if buffer:
            parts.append("".join(buffer))
        return Pattern(tuple(parts)), pos

    def argument(self, start: int, depth: int) -> tuple[Argument, int]:
        text = self.text
        if depth > 50:
            raise IcuSyntaxError("arguments nested more than 50 deep", start)
        match = _IDENT.match(text, start + 1)
        if not match or not match.group(1):
            raise IcuSyntaxError("an argument needs a name or number after '{'", start + 1)
        name = match.group(1)
        pos = match.end()
        if pos >= len(text):
            raise IcuSyntaxError(f"argument '{{{name}' is not closed", start)
        if text[pos] == "}":
            return Argument(name, None, start, pos + 1), pos + 1
        if text[pos] != ",":
            raise IcuSyntaxError(f"expected ',' or '}}' after the argument name {name!r}", pos)
        match = _IDENT.match(text, pos + 1)
        if not match or not match.group(1):
            raise IcuSyntaxError(f"argument {name!r} needs a type after ','", pos + 1)
        kind = match.group(1)
        pos = match.end()
        if kind in COMPLEX:
            if pos >= len(text) or text[pos] != ",":
                raise IcuSyntaxError(f"'{kind}' argument {name!r} needs ',' and its options", pos)
            return self.options(name, kind, start, pos + 1, depth)
        if pos < len(text) and text[pos] == "}":
            return Argument(name, kind, start, pos + 1), pos + 1
        if pos < len(text) and text[pos] == ",":
            # a style: text up to the matching brace (quotes allowed)
            level = 0
            index = pos + 1
            while index < len(text):
                if text[index] == "'":
                    close = text.find("'", index + 1)
                    index = close + 1 if close > 0 else len(text)
                    continue
                if text[index] == "{":
                    level += 1
                elif text[index] == "}":
                    if level == 0:
                        return Argument(name, kind, start, index + 1, text[pos + 1:index].strip()), index + 1
                    level -= 1
                index += 1
        raise IcuSyntaxError(f"argument {name!r} is not closed", start)

    def options(self, name: str, kind: str, start: int, pos: int, depth: int) -> tuple[Argument, int]:
        text = self.text
        options: list[tuple[str, Pattern, int]] = []
        seen: set[str] = set()
        match = re.compile(r"\s*offset\s*:\s*(\d+)").match(text, pos)
        if match and kind != "select":
            pos = match.end()
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                raise IcuSyntaxError(f"'{kind}' argument {name!r} is not closed", start)
            if text[pos] == "}":
                break
            match = _NAME.match(text, pos)
            if not match:
                raise IcuSyntaxError(f"expected a {kind} key (got {text[pos]!r})", pos)
            key = match.group(1)
            key_at = match.start(1)
            if key in seen:
                raise IcuSyntaxError(f"{kind} key {key!r} appears twice", key_at)
            seen.add(key)
            pos = match.end()
            if pos >= len(text) or text[pos] != "{":
                raise IcuSyntaxError(f"expected '{{' after the {kind} key {key!r}", pos)
            pattern, pos = self.pattern(pos + 1, depth + 1, kind != "select")
            if pos >= len(text):
                raise IcuSyntaxError(f"the {kind} option {key!r} is not closed", key_at)
            options.append((key, pattern, key_at))
            pos += 1
        if not options:
            raise IcuSyntaxError(f"'{kind}' argument {name!r} has no options", start)
        if "other" not in seen:
            raise IcuSyntaxError(f"'{kind}' argument {name!r} has no 'other' option", start)
        return Argument(name, kind, start, pos + 1, options=tuple(options)), pos + 1


def parse(text: str) -> Pattern:
    """The pattern as a tree; `IcuSyntaxError` (with `offset`) when it does not parse."""
    parser = _Parser(text)
    pattern, pos = parser.pattern(0, 0, False)
    if pos < len(text):
        raise IcuSyntaxError("unmatched '}'", pos)
    return pattern


def parse_lenient(text: str) -> Pattern:
    """Like `parse`, but a missing `other` is not an error (the checks report it)."""
    parser = _Parser(text)
    original = parser.options

    def options(name, kind, start, pos, depth):
        try:
            return original(name, kind, start, pos, depth)
        except IcuSyntaxError as error:
            if "has no 'other' option" not in error.message:
                raise
            return _options_without_other(parser, name, kind, start, pos, depth)

    parser.options = options  # type: ignore[method-assign]
    pattern, pos = parser.pattern(0, 0, False)
    if pos < len(text):
        raise IcuSyntaxError("unmatched '}'", pos)
    return pattern


def _options_without_other(parser: _Parser, name, kind, start, pos, depth):
    text = parser.text
    options = []
    match = re.compile(r"\s*offset\s*:\s*(\d+)").match(text, pos)
    if match and kind != "select":
        pos = match.end()
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text[pos] == "}":
            break
        match = _NAME.match(text, pos)
        key, key_at = match.group(1), match.start(1)
        pattern, pos = parser.pattern(match.end() + 1, depth + 1, kind != "select")
        options.append((key, pattern, key_at))
        pos += 1
    return Argument(name, kind, start, pos + 1, options=tuple(options)), pos + 1


def walk(pattern: Pattern):
    """Every `Argument` of the pattern, outer ones first, in order."""
    for part in pattern.parts:
        if isinstance(part, Argument):
            yield part
            for _key, inner, _at in part.options:
                yield from walk(inner)


def looks_like_icu(text: str) -> bool:
    """Whether `text` uses ICU syntax beyond a bare `{name}` (which many formats share)."""
    return bool(re.search(r"\{\s*[\w$]+\s*,\s*(?:plural|select|selectordinal|number|date|time)\b", text))

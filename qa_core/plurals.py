"""CLDR plural categories of a language, from Babel's copy of the CLDR data, and gettext's
`Plural-Forms` header (`nplurals=N; plural=EXPR;`), parsed without `eval`."""

from __future__ import annotations

import re
from functools import lru_cache

ORDER = ("zero", "one", "two", "few", "many", "other")


@lru_cache(maxsize=256)
def plural_categories(lang: str) -> tuple[str, ...]:
    """The cardinal plural categories `lang` (BCP 47 or POSIX) uses, in CLDR order,
    always with `other` ('vi' -> ('other',), 'ru' -> ('one', 'few', 'many', 'other')).
    An unknown language gets ('one', 'other'), the most common set."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            locale = Locale.parse(lang.replace("-", "_").split("_")[0])
        except (UnknownLocaleError, ValueError, TypeError):
            return ("one", "other")
    tags = set(locale.plural_form.tags) | {"other"}
    return tuple(c for c in ORDER if c in tags)


@lru_cache(maxsize=256)
def ordinal_categories(lang: str) -> tuple[str, ...]:
    """The ordinal categories (`selectordinal`) of `lang`: 'en' -> one/two/few/other."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
        tags = set(locale.ordinal_form.tags) | {"other"}
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return ("other",)
    return tuple(c for c in ORDER if c in tags)


@lru_cache(maxsize=256)
def whole_numbers(lang: str, limit: int = 1000) -> dict[str, tuple[int, ...]]:
    """The whole numbers 0..limit each cardinal category of `lang` takes:
    'ru' -> {'one': (1, 21, …), 'few': (2, 3, 4, 22, …), 'many': (0, 5, …), 'other': ()}.
    A category with no whole number (Russian `other`, French `many` below a million)
    is never shown for a count; one with a single number (German `one`: 1) may be
    written without the number."""
    from babel import Locale, UnknownLocaleError

    out: dict[str, list[int]] = {c: [] for c in plural_categories(lang)}
    try:
        rule = Locale.parse(lang.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError, TypeError):
        out = {"one": [1], "other": [n for n in range(limit + 1) if n != 1]}
        return {c: tuple(v) for c, v in out.items()}
    for number in range(limit + 1):
        out.setdefault(rule(number), []).append(number)
    return {c: tuple(v) for c, v in out.items()}


def integers_reach_other(lang: str) -> bool:
    """Whether some whole number takes the `other` form in `lang` (English 2; in
    Russian only fractions do)."""
    return bool(whole_numbers(lang).get("other"))


@lru_cache(maxsize=256)
def integer_categories(lang: str) -> tuple[str, ...]:
    """The CLDR categories whole numbers reach (0..1000): what gettext's forms can
    express, since gettext plural expressions take an integer n."""
    from babel import Locale, UnknownLocaleError

    try:
        rule = Locale.parse(lang.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError, TypeError):
        return ()
    reached = {rule(n) for n in range(1001)}
    return tuple(tag for tag in ORDER if tag in reached)


# ---------------------------------------------------------------------------
# gettext Plural-Forms
# ---------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*nplurals\s*=\s*(?P<n>[0-9]+)\s*;\s*plural\s*=\s*(?P<expr>[^;]+?)\s*;?\s*$")
_TOKEN = re.compile(r"\s*(?:(?P<num>[0-9]+)|(?P<n>n)|(?P<op>\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))


class PluralFormsError(ValueError):
    """The header does not parse; the message says what is wrong."""


class PluralForms:
    """A parsed `Plural-Forms` header: `nplurals` and `form(n)`."""

    __slots__ = ("nplurals", "_expr", "expression")

    def __init__(self, nplurals: int, expr, expression: str) -> None:
        self.nplurals = nplurals
        self._expr = expr
        self.expression = expression

    def form(self, n: int) -> int:
        return int(self._expr(n))

    def values(self, upto: int = 1000) -> dict[int, list[int]]:
        """Which n in 0..upto select each form."""
        out: dict[int, list[int]] = {i: [] for i in range(self.nplurals)}
        for n in range(upto + 1):
            out.setdefault(self.form(n), []).append(n)
        return out


@lru_cache(maxsize=64)
def parse_plural_forms(header: str) -> PluralForms:
    """Parse 'nplurals=3; plural=(n==1 ? 0 : ...);' or raise PluralFormsError."""
    m = _HEADER.match(header)
    if not m:
        raise PluralFormsError(f"expected 'nplurals=N; plural=EXPRESSION;' (got {header.strip()[:60]!r})")
    nplurals = int(m.group("n"))
    if not 1 <= nplurals <= 6:
        raise PluralFormsError(f"nplurals must be 1 to 6 (got {nplurals})")
    tokens = _tokens(m.group("expr"))
    parser = _Parser(tokens)
    expr = parser.ternary()
    if parser.pos != len(tokens):
        raise PluralFormsError(f"unexpected {tokens[parser.pos]!r} in the plural expression")
    forms = PluralForms(nplurals, expr, m.group("expr"))
    for n in range(201):
        try:
            value = forms.form(n)
        except ZeroDivisionError:
            raise PluralFormsError(f"the plural expression divides by zero for n={n}") from None
        if not 0 <= value < nplurals:
            raise PluralFormsError(f"the plural expression gives form {value} for n={n}, but nplurals={nplurals}")
    return forms


def _tokens(text: str) -> list[str]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise PluralFormsError(f"unexpected {text[pos:pos + 10]!r} in the plural expression")
        out.append(m.group("num") or m.group("n") or m.group("op"))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


_OPS = {
    "||": lambda a, b: int(bool(a) or bool(b)), "&&": lambda a, b: int(bool(a) and bool(b)),
    "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b), "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b), "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a // b, "%": lambda a, b: a % b,
}


class _Parser:
    """Recursive descent over C's precedence: ?: < || < && < equality < relational < additive < multiplicative < unary."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        token = self.peek()
        if token is None or (want is not None and token != want):
            raise PluralFormsError(f"expected {want or 'more'} in the plural expression (got {token or 'the end'!r})")
        self.pos += 1
        return token

    def ternary(self):
        cond = self.binary(0)
        if self.peek() == "?":
            self.take("?")
            yes = self.ternary()
            self.take(":")
            no = self.ternary()
            return lambda n, c=cond, y=yes, o=no: y(n) if c(n) else o(n)
        return cond

    def binary(self, level: int):
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = _OPS[self.take()]
            right = self.binary(level + 1)
            left = (lambda n, f=op, a=left, b=right: f(a(n), b(n)))
        return left

    def unary(self):
        token = self.peek()
        if token == "!":
            self.take()
            inner = self.unary()
            return lambda n, f=inner: int(not f(n))
        if token == "(":
            self.take()
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            self.take()
            return lambda n: n
        if token is not None and token.isdigit():
            self.take()
            value = int(token)
            return lambda n, v=value: v
        raise PluralFormsError(f"expected a number, n or '(' in the plural expression (got {token or 'the end'!r})")

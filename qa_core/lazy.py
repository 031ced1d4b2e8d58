"""Patterns compiled on first use.

Python compiles a regular expression in pure Python; a module with fifty patterns
spends ~15 ms of every start-up on them, although a short text with no digit, no
URL and no date uses a handful. `lazy_pattern(source, flags)` stands for
`re.compile(source, flags)` at module level: the first attribute read (`.search`,
`.finditer`, ...) compiles it, and each attribute read is then kept on the object,
so later calls cost what they cost on the compiled pattern. It hashes and compares
by identity, so it can key a dict. It is not an `re.Pattern`: pass its methods,
not the object, to `re.sub` and friends.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["lazy_pattern", "LazyPattern"]


class LazyPattern:
    """A compiled pattern in waiting (see the module's docstring)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # only for names not yet on the instance
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value  # bound methods of the compiled pattern: read once
        return value

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_pattern(pattern: str, flags: int = 0) -> LazyPattern:
    """`re.compile(pattern, flags)`, done when the pattern is first used."""
    return LazyPattern(pattern, flags)


# ---------------------------------------------------------------------------
# Compiled code kept as data
# ---------------------------------------------------------------------------
# `re.compile` parses a pattern and turns it into the regex engine's code in pure
# Python, then hands that code to `_sre.compile`. For long patterns built from word
# lists (the numbers check's ~200 number words, currency names) the first two steps
# are nearly all the cost (~8 ms a language) and the last one ~0.01 ms. These two
# helpers keep the code as JSON data next to the tables it was built from (see
# qa_core/cache.py, whose key names the Python build) and hand it back to the engine.
# They use `re`'s internals the way `re._compiler.compile` does; on a Python where
# that does not work they return None and the caller compiles as usual; the engine
# checks the code it is given (`_sre` refuses invalid code).


def pattern_code(pattern: str, flags: int = 0) -> list | None:
    """What `re.compile(pattern, flags)` gives the regex engine, as JSON data, or None."""
    try:
        from re import _compiler, _parser

        flags = int(flags)
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for group, index in groupindex.items():
            indexgroup[index] = group
        return [pattern, flags, flags | parsed.state.flags, list(code), parsed.state.groups - 1, groupindex, indexgroup]
    except Exception:  # noqa: BLE001 - another Python's internals: compile as usual
        return None


def pattern_from_code(pattern: str, flags: int, record: Any) -> re.Pattern | None:
    """The pattern `re.compile(pattern, flags)` would give, from `pattern_code`'s record
    (None when the record is for another pattern or this Python refuses it)."""
    try:
        import _sre

        source, asked, final, code, groups, groupindex, indexgroup = record
        if source != pattern or asked != int(flags):
            return None
        return _sre.compile(pattern, final, code, groups, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - compile as usual
        return None

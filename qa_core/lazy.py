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

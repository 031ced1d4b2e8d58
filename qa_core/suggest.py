"""'Did you mean ...?' for names users type: options, rule selectors, profiles."""

from __future__ import annotations

import difflib
from typing import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The choice nearest to `word` (case-insensitive), or None when none is near."""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.7) -> str:
    """" (did you mean 'X'?)" for the nearest choice, or "" when none is near."""
    found = closest(word, choices, cutoff)
    return f" (did you mean '{found}'?)" if found else ""

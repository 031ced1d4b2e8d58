"""CLDR plural categories of a language, from Babel's copy of the CLDR data."""

from __future__ import annotations

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

"""Language tags: BCP 47 tags checked against CLDR (through Babel).

`language_tag("vie")` returns "vi", `language_tag("pt_br")` returns "pt-BR";
an unknown tag raises `UnknownLanguage` whose message suggests what was probably
meant: a country code given for a language ("vn" -> "vi"), an English language
name ("english" -> "en"), or the nearest code. Babel's data is read on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["UnknownLanguage", "language_arg", "language_tag", "primary_language", "language_name"]


class UnknownLanguage(ValueError):
    """A tag that names no language CLDR knows; `str()` is the one-line message."""

    def __init__(self, tag: str, suggestion: str | None):
        self.tag = tag
        self.suggestion = suggestion
        hint = f" (did you mean '{suggestion}'?)" if suggestion else " (a BCP 47 tag such as 'vi', 'en-US', 'zh-Hant')"
        super().__init__(f"unknown language '{tag}'{hint}")


@lru_cache(maxsize=1)
def _cldr() -> tuple[frozenset[str], frozenset[str], frozenset[str], dict[str, str], dict[str, str], dict]:
    from babel import Locale, localedata
    from babel.core import get_global

    english = Locale("en")
    languages = {code for code in english.languages if "_" not in code}
    languages |= {identifier.split("_")[0] for identifier in localedata.locale_identifiers()}
    scripts = frozenset(english.scripts)
    territories = frozenset(english.territories)
    aliases = {alias: target for alias, target in get_global("language_aliases").items() if "_" not in alias}
    names = {name.lower(): code for code, name in english.languages.items() if "_" not in code}
    return frozenset(languages), scripts, territories, aliases, names, get_global("territory_languages")


_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")


@lru_cache(maxsize=256)
def language_tag(tag: str) -> str:
    """The canonical BCP 47 form of `tag` ('-' separators, ISO 639-2/3 and deprecated
    codes replaced by CLDR's preferred ones), or `UnknownLanguage`."""
    text = tag.strip()
    parts = re.split(r"[-_]", text)
    if not text or not all(_SUBTAG.match(part) for part in parts):
        raise UnknownLanguage(tag, _suggest(text))
    languages, scripts, territories, aliases, _, _ = _cldr()
    primary = parts[0].lower()
    if primary in aliases and primary not in languages:
        replacement = aliases[primary].split("_")
        primary = replacement[0]
    if primary in aliases and len(primary) == 3 and "_" not in aliases[primary]:
        primary = aliases[primary]  # ISO 639-2/3 code of a language that has a 2-letter one
    if not re.fullmatch(r"[a-z]{2,3}", primary) or primary not in languages:
        raise UnknownLanguage(tag, _suggest(text))
    out = [primary]
    rest = parts[1:]
    if rest and re.fullmatch(r"[A-Za-z]{4}", rest[0]):
        script = rest.pop(0).title()
        if script not in scripts:
            raise UnknownLanguage(tag, primary)
        out.append(script)
    if rest and re.fullmatch(r"[A-Za-z]{2}|[0-9]{3}", rest[0]):
        region = rest.pop(0).upper()
        if region not in territories:
            raise UnknownLanguage(tag, primary)
        out.append(region)
    for part in rest:  # variants and extensions (de-CH-1996, en-US-u-ca-gregory) are kept as written
        if len(part) == 1 or re.fullmatch(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}", part) or out[-1] in ("u", "t", "x"):
            out.append(part.lower())
        elif len(out) > 1 and len(out[-1]) == 1:
            out.append(part.lower())
        else:
            raise UnknownLanguage(tag, "-".join(out))
    return "-".join(out)


def language_of_name(name: str) -> str | None:
    """The code of a language named in English ('Vietnamese' -> 'vi'), or None."""
    return _cldr()[4].get(name.strip().lower()) if name and name.strip() else None


def primary_language(tag: str | None) -> str | None:
    """'pt-BR' -> 'pt'; None stays None; no validation."""
    if not tag:
        return None
    return re.split(r"[-_]", tag.strip())[0].lower() or None


def language_name(tag: str | None) -> str:
    """The English name of a tag's language ('vi' -> 'Vietnamese'), or the tag itself."""
    code = primary_language(tag)
    if not code:
        return "an unknown language"
    from babel import Locale

    return Locale("en").languages.get(code, tag or code)


def _suggest(text: str) -> str | None:
    languages, _, territories, aliases, names, territory_languages = _cldr()
    word = text.strip().lower().replace("_", "-")
    if not word:
        return None
    head = word.split("-")[0]
    # a country code for a language: vn, jp, cn, kr, dk, gr, ua, cz, se ...
    if head.upper() in territories and head.upper() in territory_languages:
        spoken = territory_languages[head.upper()]
        official = [code for code, info in spoken.items() if info.get("official_status") and "_" not in code and code in languages]
        ranked = sorted(official or [c for c in spoken if "_" not in c and c in languages], key=lambda c: -spoken[c].get("population_percent", 0))
        if ranked:
            return ranked[0]
    if word in names:
        return names[word]
    if head in aliases:
        return aliases[head].split("_")[0]
    import difflib  # an unknown name only

    close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.75)
    if close:
        return names[close[0]]
    return None


def language_arg(value: str) -> str:
    """An argparse `type` for --source-lang/--target-lang: the canonical tag, or a usage error."""
    import argparse

    try:
        return language_tag(value)
    except UnknownLanguage as error:
        raise argparse.ArgumentTypeError(str(error)) from None

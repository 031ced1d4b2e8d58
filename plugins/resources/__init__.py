"""Checks of resource-file pairs (keys) and of ICU MessageFormat and plural forms.

RES rules concern keys: missing from the target file, left in the target after the
source dropped them, values copied from the source. ICU rules concern the message
syntax and the plural forms, in ICU messages (`{n, plural, one {…} other {…}}`) and
in the plural forms resource formats store apart (Android `<plurals>`, i18next
`key_one`/`key_other`, Rails `one:`/`other:`, `.stringsdict`, String Catalogs);
plural categories come from CLDR for the target language (`qa_core.plurals`).
"""

from __future__ import annotations

import re

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.plurals import ORDER, integers_reach_other, ordinal_categories, plural_categories, whole_numbers
from qa_core.resources.icu import IcuSyntaxError, Pattern, looks_like_icu, parse, parse_lenient, walk
from qa_core.text import placeholders

_URLISH = re.compile(r"(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")
_REFERENCE = re.compile(r"^\s*[@?](?:[\w.]+:)?[\w]+/[\w.]+\s*$")  # Android @string/name, ?attr/name


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def _primary(lang: str | None) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


class ResourceKeys(Check):
    """Keys of a resource-file pair: missing, obsolete, copied from the source."""

    name = "resources"
    needs_target = False
    rules = (
        Rule("RES001", "key-missing", Severity.MAJOR, "Accuracy/Untranslated",
             "A key of the source-language file is missing from the target-language file."),
        Rule("RES002", "key-obsolete", Severity.MINOR, "Accuracy/Addition",
             "A key of the target-language file is no longer in the source-language file."),
        Rule("RES003", "value-same-as-source", Severity.MINOR, "Accuracy/Untranslated",
             "A value of the target file is the source's value, copied untranslated."),
    )
    options = (
        Option("allow", [], "Values that may stay as in the source (exact text), e.g. product names.", type="array"),
        Option("min-letters", 4, "RES003 ignores values with fewer letters than this (OK, FAQ, PDF)."),
        Option("min-words", 2, "RES003 ignores values with fewer words than this: single words are mostly "
               "the same in both languages on purpose (Notifications, Details, Dessert in French or German)."),
    )

    def check_unit(self, unit, ctx):
        if unit.get("resource:missing") == "yes":
            key = unit.id
            if _REFERENCE.match(unit.source.text) or self._nothing_to_translate(unit.source.text, unit):
                return  # nothing to translate: the app's fallback to the source is right
            yield ctx.finding(
                "RES001",
                f"Key '{key}' ({_quote(unit.source.text)}) is missing from the target file.",
                source=Span(0, len(unit.source.text)),
                target=Span(0, 0),
                data={"key": key},
            )
            return
        if unit.get("resource:obsolete") == "yes":
            yield ctx.finding(
                "RES002",
                f"Key '{unit.id}' is not in the source file any more: remove it from the target file or restore the source.",
                target=Span(0, len(unit.target.text)),
                data={"key": unit.id},
            )
            return
        if unit.get("resource:format") is None or not unit.translate or unit.target is None:
            return
        source, target = unit.source.text, unit.target.text
        if source.strip() != target.strip() or not source.strip():
            return
        if _primary(ctx.source_lang) == _primary(ctx.target_lang):
            return
        if unit.get("resource:format") == "ftl" and unit.id.startswith("-"):
            return  # a Fluent term: brand and product names by convention
        if self._may_stay(source, unit):
            return
        yield ctx.finding(
            "RES003",
            f"Value {_quote(source)} of key '{unit.id}' is the source text, untranslated.",
            source=Span(0, len(source)),
            target=Span(0, len(target)),
        )

    def _nothing_to_translate(self, text: str, unit) -> bool:
        """A value a missing key may lack: no words (`1080p60`, `%1$s`) or a name."""
        bare = _URLISH.sub(" ", text)
        for ph in reversed(placeholders(bare, styles=_styles(unit))):
            bare = bare[: ph.start] + " " + bare[ph.end:]
        words = _LETTERS.findall(re.sub(r"<[^>]+>|&\w+;|[#@]\w+", " ", bare))
        if sum(len(w) for w in words) < int(self.settings["min-letters"]):
            return True
        return len(words) == 1 and (words[0].isupper() or any(ch.isupper() for ch in words[0][1:]))

    def _may_stay(self, text: str, unit) -> bool:
        if text.strip() in self.settings["allow"]:
            return True
        bare = _URLISH.sub(" ", text)
        for ph in reversed(placeholders(bare, styles=_styles(unit))):
            bare = bare[: ph.start] + " " + bare[ph.end:]
        bare = re.sub(r"<[^>]+>|&\w+;|[#@]\w+", " ", bare)
        words = _LETTERS.findall(bare)
        letters = sum(len(w) for w in words)
        if letters < int(self.settings["min-letters"]) or len(words) < int(self.settings["min-words"]):
            return True
        if len(words) == 1 and (words[0].isupper() or any(ch.isupper() for ch in words[0][1:])):
            return True  # an acronym or a brand written in camel case (GitHub, iOS)
        if all(w[0].isupper() for w in words) and 1 < len(words) <= 4:
            return True  # a name: Open Source Licenses, Mastodon Social
        return False


def _styles(unit) -> frozenset[str] | None:
    declared = unit.get("placeholder-styles")
    return frozenset(declared.split(",")) if declared else None


class IcuMessages(Check):
    """ICU MessageFormat syntax, plural categories, select keys; plural forms of
    resource formats."""

    name = "icu"
    needs_target = False
    rules = (
        Rule("ICU001", "icu-syntax-error", Severity.CRITICAL, "Design and markup",
             "The target's ICU message does not parse: the app shows the raw text or fails."),
        Rule("ICU002", "icu-source-syntax-error", Severity.MAJOR, "Design and markup",
             "The source's ICU message does not parse, so its translation cannot be checked against it."),
        Rule("ICU003", "plural-other-missing", Severity.CRITICAL, "Accuracy/Omission",
             "A plural or select in the target has no 'other' form."),
        Rule("ICU004", "plural-category-unused", Severity.MINOR, "Linguistic conventions/Grammar",
             "A plural form is for a category the target language does not use (CLDR)."),
        Rule("ICU005", "plural-category-missing", Severity.MAJOR, "Linguistic conventions/Grammar",
             "A plural category the target language uses (CLDR) has no form in the target."),
        Rule("ICU006", "select-keys-differ", Severity.MAJOR, "Accuracy/Mistranslation",
             "The keys of a select in the target differ from the source's."),
    )
    options = (
        Option("icu", "auto", "Read values as ICU MessageFormat: auto (ARB files, and values with "
               "'{x, plural|select|…'), always, never.", choices=("auto", "always", "never")),
        Option("optional-categories", {"vi": ["one"]}, "Plural categories a language may leave to 'other' "
               "(ICU005 stays silent): CLDR 48 gave Vietnamese 'one' for pronoun agreement, which "
               "Vietnamese translations rarely write.", type="object"),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self.forms: dict[str, dict] = {}

    def check_unit(self, unit, ctx):
        if unit.get("resource:plural") and unit.target is not None and unit.get("resource:obsolete") != "yes":
            self._collect_form(unit)
        if unit.target is None or not unit.translate or not unit.target.text:
            return
        source, target = unit.source.text, unit.target.text
        mode = self.settings["icu"]
        if mode == "never":
            return
        icu_file = "icu" in (unit.get("placeholder-styles") or "").split(",")
        if mode == "auto" and not (icu_file or looks_like_icu(source) or looks_like_icu(target)):
            return
        if mode == "auto" and not icu_file and not ("{" in target or "{" in source):
            return
        try:
            src = parse(source)
        except IcuSyntaxError as error:
            if "has no 'other' option" not in error.message:
                yield ctx.finding("ICU002", f"The source message does not parse as ICU: {error.message} (at character {error.offset + 1}).",
                                  source=Span(error.offset, min(error.offset + 1, len(source))), data={"offset": error.offset})
                src = None
            else:
                src = parse_lenient(source)
        try:
            tgt = parse_lenient(target)
        except IcuSyntaxError as error:
            yield ctx.finding("ICU001", f"The target message does not parse as ICU: {error.message} (at character {error.offset + 1}).",
                              target=Span(error.offset, min(error.offset + 1, len(target))), data={"offset": error.offset})
            return
        yield from self._arguments(unit, ctx, src, tgt, target)

    def _arguments(self, unit, ctx, src: Pattern | None, tgt: Pattern, target: str):
        lang = ctx.target_lang or ""
        cardinal = set(plural_categories(lang)) if lang else set(ORDER)
        ordinal = set(ordinal_categories(lang)) if lang else set(ORDER)
        src_selects = {a.name: a for a in walk(src) if a.type == "select"} if src is not None else {}
        for argument in walk(tgt):
            if not argument.options:
                continue
            keys = [k for k, _p, _at in argument.options]
            if "other" not in keys:
                yield ctx.finding("ICU003", f"The {argument.type} of '{argument.name}' has no 'other' form: ICU needs it for every value the other keys do not match.",
                                  target=Span(argument.start, argument.end), data={"argument": argument.name})
            if argument.type in ("plural", "selectordinal"):
                allowed = cardinal if argument.type == "plural" else ordinal
                for key, _pattern, at in argument.options:
                    if key.startswith("=") or key in allowed:
                        continue
                    if key in ORDER:
                        yield ctx.finding("ICU004", f"Plural form '{key}' of '{argument.name}' is never used in {lang}: CLDR gives it {', '.join(c for c in ORDER if c in allowed)}.",
                                          target=Span(at, at + len(key)), data={"argument": argument.name, "category": key})
                missing = [c for c in ORDER if c in allowed and c not in keys and c != "other" and c not in self._optional(lang)]
                if argument.type == "plural":
                    missing = [c for c in missing if not _covered_by_exact(c, keys, lang)]
                if missing and "other" in keys and not _same_reading([p for _k, p, _a in argument.options], target):
                    yield ctx.finding("ICU005", f"The {argument.type} of '{argument.name}' has no form for {', '.join(missing)}, which {lang} uses (CLDR): those numbers get the 'other' form.",
                                      target=Span(argument.start, argument.end), data={"argument": argument.name, "missing": missing})
            elif argument.type == "select" and argument.name in src_selects:
                want = {k for k, _p, _a in src_selects[argument.name].options}
                have = set(keys)
                if want != have:
                    parts = []
                    if want - have:
                        parts.append(f"missing {', '.join(sorted(want - have))}")
                    if have - want:
                        parts.append(f"added {', '.join(sorted(have - want))}")
                    yield ctx.finding("ICU006", f"The select of '{argument.name}' has other keys than the source's: {'; '.join(parts)}.",
                                      target=Span(argument.start, argument.end), data={"argument": argument.name, "missing": sorted(want - have), "added": sorted(have - want)})

    def _optional(self, lang: str) -> set[str]:
        table = self.settings["optional-categories"] or {}
        return set(table.get(lang, ())) | set(table.get(_primary(lang), ()))

    # ----- plural forms stored apart (Android, i18next, Rails, stringsdict) -----

    def _collect_form(self, unit) -> None:
        base = unit.get("resource:base-key") or unit.id
        record = self.forms.setdefault(base, {"units": [], "categories": set()})
        record["units"].append(unit)
        record["categories"].add(unit.get("resource:plural"))

    def check_document(self, document, ctx):
        lang = ctx.target_lang or ""
        if not lang or not self.forms:
            return
        allowed = set(plural_categories(lang))
        for base, record in self.forms.items():
            present = record["categories"]
            units = record["units"]
            for unit in units:
                category = unit.get("resource:plural")
                if category == "zero" and unit.get("resource:format") in ("stringsdict", "xcstrings", "yaml"):
                    continue  # Apple and Rails use a `zero` form for 0 in every language
                if category in ORDER and category not in allowed and category != "other":
                    yield ctx.finding("ICU004", f"Plural form '{category}' of '{base}' is never used in {lang}: CLDR gives it {', '.join(c for c in ORDER if c in allowed)}.",
                                      unit=unit, target=Span(0, len(unit.target.text)), data={"key": base, "category": category})
            last = units[-1]
            if "other" not in present and integers_reach_other(lang):
                yield ctx.finding("ICU003", f"Plural '{base}' has no 'other' form in the target.", unit=last,
                                  target=Span(0, len(last.target.text)), data={"key": base})
            counts = whole_numbers(lang)
            missing = [c for c in ORDER if c in allowed and c not in present and c != "other" and c not in self._optional(lang) and counts.get(c)]
            if missing and ("other" in present or not integers_reach_other(lang)) and not _same_words([u.target.text for u in units], units[0]):
                yield ctx.finding("ICU005", f"Plural '{base}' has no form for {', '.join(missing)}, which {lang} uses (CLDR): those numbers get the 'other' form.",
                                  unit=last, target=Span(0, len(last.target.text)), data={"key": base, "missing": missing})
        self.forms = {}


def _words_only(text: str) -> str:
    return " ".join(re.sub(r"[\d#]+", " ", text).split()).casefold()


def _same_reading(patterns, target: str) -> bool:
    """Every option reads the same once numbers, `#` and arguments are left out
    ("1 h" / "{hours} h"): a missing category would read the same too."""
    readings = {_words_only("".join(part for part in pattern.parts if isinstance(part, str))) for pattern in patterns}
    return len(readings) == 1


def _same_words(texts: list[str], unit) -> bool:
    readings = set()
    for text in texts:
        for ph in reversed(placeholders(text, styles=_styles(unit))):
            text = text[: ph.start] + " " + text[ph.end:]
        readings.add(_words_only(text))
    return len(readings) == 1


def _covered_by_exact(category: str, keys: list[str], lang: str) -> bool:
    """A category is covered when every whole number it takes is an exact key (`=1`
    for English `one`, `=0` and `=1` for French `one`), or when it takes no whole
    number at all (French `many` is for millions)."""
    numbers = whole_numbers(lang).get(category, ())
    exact = {key[1:] for key in keys if key.startswith("=")}
    return all(str(n) in exact for n in numbers)


@hookimpl
def tqa_register_checks():
    return [ResourceKeys, IcuMessages]

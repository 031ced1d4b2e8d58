"""Plural entries of bilingual files (gettext PO): as many forms as the file's
`Plural-Forms` header declares, a header that agrees with CLDR for the target language,
and forms that differ where the language distinguishes them. The other checks already
run on each form against the source form it serves (the PO reader picks msgid or
msgid_plural per form from the header)."""

from __future__ import annotations

from qa_core import Check, Rule, Severity, Span
from qa_core.plurals import PluralFormsError, integer_categories, parse_plural_forms


def _header(ctx):
    for key, value in ctx.document.properties:
        if key == "plural-forms":
            try:
                return parse_plural_forms(value)
            except PluralFormsError:
                return None  # the reader reported it (TQA002)
    return None


def _lang(ctx) -> str | None:
    lang = ctx.target_lang
    return lang.replace("-", "_").split("_")[0].lower() if lang else None


class PluralForms(Check):
    """A plural entry has the forms its language needs, and they differ."""

    name = "plurals"
    needs_target = False
    rules = (
        Rule("PLR001", "plural-form-count", Severity.MAJOR, "Accuracy/Omission",
             "A plural entry has a different number of forms than the file's Plural-Forms header declares.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule("PLR002", "plural-header-mismatch", Severity.MINOR, "Locale convention",
             "The Plural-Forms header declares a different number of forms than CLDR gives the target language."),
        Rule("PLR003", "plural-forms-identical", Severity.MINOR, "Linguistic conventions/Grammar",
             "Every plural form of an entry is the same text although the language distinguishes them."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._header_checked = False
        self._forms: list = []
        self._key: str | None = None

    def check_unit(self, unit, ctx):
        if not self._header_checked:
            self._header_checked = True
            yield from self._check_header(ctx)
        index = unit.get("plural-form")
        if index is None:
            return
        key = unit.id.rpartition("[")[0]
        if key != self._key:
            self._key, self._forms = key, []
        self._forms.append(unit)
        if len(self._forms) != int(unit.get("plural-count") or 0):
            return
        forms, self._forms = self._forms, []
        yield from self._check_entry(ctx, forms)

    def _check_header(self, ctx):
        header = _header(ctx)
        lang = _lang(ctx)
        if header is None or not lang or header.nplurals == 1:
            # one form for every n is gettext's convention for languages without grammatical
            # number (vi, ja, zh, ko, th): never wrong, so not reported
            return
        categories = integer_categories(lang)
        if categories and len(categories) != header.nplurals:
            yield ctx.finding(
                "PLR002",
                f"The Plural-Forms header declares nplurals={header.nplurals}, but CLDR gives '{lang}' "
                f"{len(categories)} forms for whole numbers ({', '.join(categories)}).",
                unit=None,
            )

    def _check_entry(self, ctx, forms):
        header = _header(ctx)
        lang = _lang(ctx)
        expected = header.nplurals if header is not None else (len(integer_categories(lang)) if lang else 0)
        first = forms[0]
        untranslated = all(u.target is None or not u.target.text.strip() for u in forms)
        # an untranslated entry's empty forms are the template's (msgmerge writes two): BAS001 reports it
        if expected and len(forms) != expected and not untranslated:
            where = "the file's Plural-Forms header" if header is not None else f"CLDR for '{lang}'"
            yield ctx.finding(
                "PLR001",
                f"This plural entry has {len(forms)} form{'s' if len(forms) != 1 else ''} (msgstr[0]"
                f"{'…msgstr[' + str(len(forms) - 1) + ']' if len(forms) > 1 else ''}) but {where} "
                f"declares {expected}.",
                unit=forms[-1], sides=("target",) if forms[-1].target is not None else ("source",),
                data={"forms": len(forms), "expected": expected},
            )
        texts = [u.target.text for u in forms if u.target is not None and not u.fuzzy]
        # with two forms (German, French…) many words do not change ("%d Fehler"), so only
        # languages of three or more forms, where one text for 1, 2-4 and 5+ is all but never right
        if (
            len(forms) >= 3 and len(texts) == len(forms) and len(set(texts)) == 1
            and first.source.text != forms[-1].source.text
        ):
            yield ctx.finding(
                "PLR003",
                f"All {len(forms)} plural forms are the same text {_quote(texts[0])}, although the language "
                f"distinguishes them (the source says {_quote(first.source.text)} and {_quote(forms[-1].source.text)}).",
                unit=forms[-1], target=Span(0, len(texts[-1])),
                data={"forms": len(forms)},
            )


def _quote(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"

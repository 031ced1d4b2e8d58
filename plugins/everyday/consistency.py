"""Consistency: the same source translated differently (source -> target) and
different sources sharing one translation (target -> source), across a file and
across all files of one run, compared with case, whitespace, placeholders, inline
codes and accelerator marks normalised."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import islice

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.findings import Location, UnitText
from qa_core.text import placeholders

from tqa_plugins.everyday.common import c_format, quote, translated

_ACCEL = re.compile(r"\((?:&|_)\w\)|(?<![&_~])[&_~](?=[^\W_])")
_SPACES = re.compile(r"\s+")


def normalise(text: str, *, ignore_case: bool, ignore_punctuation: bool, cf: bool = False) -> str:
    """The text as "the same" compares it: placeholders as {}, accelerators and
    surrounding whitespace removed, spaces collapsed, NFC; case and punctuation by option."""
    for ph in reversed(placeholders(text, c_format=cf)):
        text = text[: ph.start] + "{}" + text[ph.end :]
    text = _ACCEL.sub("", text)
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
    if ignore_punctuation:
        text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P") or ch in "{}").strip()
        text = _SPACES.sub(" ", text)
    return text.casefold() if ignore_case else text


def _letters_at_least(text: str, minimum: int) -> bool:
    """`text` holds `minimum` letters or more (counting stops at the minimum, in C)."""
    return minimum <= 0 or next(islice(filter(str.isalpha, text), minimum - 1, None), None) is not None


class Consistency(Check):
    """One source, one translation; one translation, one source."""

    name = "consistency"
    rules = (
        Rule("CON001", "inconsistent-translation", Severity.MINOR, "Style/Inconsistent style",
             "The same source text is translated in different ways (in one file or across the files of a run)."),
        Rule("CON002", "inconsistent-source", Severity.MINOR, "Style/Inconsistent style",
             "Different source texts share one translation (in one file or across the files of a run).",
             default=False),
    )
    options = (
        Option("ignore-case", True, "Texts that differ only in case count as the same."),
        Option("ignore-punctuation", False, "Texts that differ only in punctuation count as the same."),
        Option("across-files", True, "Also compare the files of one run with each other (same target language)."),
        Option("min-letters", 2, "Sources (for CON002, targets) with fewer letters are not compared."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        # (lang, context, normalised source) -> {normalised target: [display target, location, count]}
        self._by_source: dict[tuple, dict[str, list]] = defaultdict(dict)
        self._by_target: dict[tuple, dict[str, list]] = defaultdict(dict)

    def _norm(self, text: str, cf: bool) -> str:
        return normalise(text, ignore_case=bool(self.settings["ignore-case"]),
                         ignore_punctuation=bool(self.settings["ignore-punctuation"]), cf=cf)

    def check_unit(self, unit, ctx):
        if not translated(unit) or unit.fuzzy:
            return ()
        source, target = unit.source.text, unit.target.text
        minimum = int(self.settings["min-letters"])
        cf = c_format(unit)
        lang = (ctx.target_lang or "").replace("_", "-").lower()  # zh-CN and zh-TW are not one language here
        context = (unit.get("msgctxt") or "", unit.get("plural-form") or "")
        src_key, tgt_key = self._norm(source, cf), self._norm(target, cf)
        location = None
        if _letters_at_least(source, minimum):
            variants = self._by_source[(lang, context, src_key)]
            if tgt_key in variants:
                variants[tgt_key][2] += 1
            else:
                location = ctx.location(unit, Span(0, len(source)), Span(0, len(target)))
                variants[tgt_key] = [target, location, 1, source]
        if _letters_at_least(target, minimum):
            variants = self._by_target[(lang, context, tgt_key)]
            if src_key in variants:
                variants[src_key][2] += 1
            else:
                location = location or ctx.location(unit, Span(0, len(source)), Span(0, len(target)))
                variants[src_key] = [source, location, 1, target]
        return ()

    def check_document(self, document, ctx):
        yield from _report(self._by_source, "CON001", lambda f, loc, **kw: _doc_finding(ctx, f, loc, **kw))
        yield from _report(self._by_target, "CON002", lambda f, loc, **kw: _doc_finding(ctx, f, loc, **kw))

    def run_data(self):
        if not self.settings["across-files"]:
            return None
        return ({k: v for k, v in self._by_source.items()}, {k: v for k, v in self._by_target.items()})

    def check_run(self, data, ctx):
        """Groups whose variants come from different files and that no single file shows."""
        for index, rule_id in ((0, "CON001"), (1, "CON002")):
            merged: dict[tuple, dict[str, list]] = defaultdict(dict)
            seen_alone: dict[tuple, int] = defaultdict(int)
            for doc in data:
                for key, variants in doc[index].items():
                    seen_alone[key] = max(seen_alone[key], len(variants))
                    group = merged[key]
                    for norm, (shown, location, count, other) in variants.items():
                        if norm in group:
                            group[norm][2] += count
                        else:
                            group[norm] = [shown, location, count, other]
            across = {k: v for k, v in merged.items() if len(v) > 1 and len(v) > seen_alone[k]
                      and len({entry[1].file for entry in v.values()}) > 1}
            yield from _report(across, rule_id, lambda f, loc, **kw: _run_finding(ctx, f, loc, **kw))


def _doc_finding(ctx, rule_id, location, **kw):
    finding = ctx.finding(rule_id, kw["message"], data=kw["data"], suggestion=kw.get("suggestion"),
                          unit=None)
    return _replace_location(finding, location, kw.get("context"))


def _run_finding(ctx, rule_id, location, **kw):
    return ctx.finding(rule_id, kw["message"], location, context=kw.get("context"), data=kw["data"],
                       suggestion=kw.get("suggestion"))


def _replace_location(finding, location: Location, context):
    from dataclasses import replace
    return replace(finding, location=location, context=context)


def _where(location: Location, many_files: bool) -> str:
    line = location.target.line if location.target is not None and location.target.line else None
    name = location.file.rsplit("/", 1)[-1] if many_files else ""
    place = f"{name}:{line}" if many_files and line else (f"line {line}" if line else f"unit {location.unit_id}")
    return place if not many_files or line else f"{name} unit {location.unit_id}"


def _report(groups: dict, rule_id: str, make):
    """One finding per group of more than one variant, at the first occurrence of the
    least used variant (the likely slip), listing every variant and where it occurs."""
    for key, variants in groups.items():
        if len(variants) < 2:
            continue
        ordered = sorted(variants.values(), key=lambda v: -v[2])
        many_files = len({v[1].file for v in ordered}) > 1
        listed = "; ".join(f"{quote(v[0], 50)} ×{v[2]} ({_where(v[1], many_files)})" for v in ordered[:5])
        if len(ordered) > 5:
            listed += f"; and {len(ordered) - 5} more"
        odd = ordered[-1]
        common_text = ordered[0][3]
        if rule_id == "CON001":
            message = f"{quote(common_text, 50)} is translated {len(ordered)} ways: {listed}."
        else:
            message = f"{quote(common_text, 50)} translates {len(ordered)} different sources: {listed}."
        yield make(rule_id, odd[1], message=message,
                   context=UnitText(odd[3], odd[0]) if rule_id == "CON001" else UnitText(odd[0], odd[3]),
                   suggestion=ordered[0][0] if rule_id == "CON001" else None,
                   data={"variants": [v[0] for v in ordered], "counts": [v[2] for v in ordered]})


@hookimpl
def tqa_register_checks():
    return [Consistency]

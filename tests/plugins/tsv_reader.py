"""A third-party-style plugin used by the tests: a reader for `source<TAB>target`
lines (`.pairs` files) and a check that crashes on a marker word."""

from __future__ import annotations

from qa_core import Check, Content, Document, File, Format, InputError, Rule, Segment, Severity, Unit, hookimpl


def _units(path: str):
    file = File(id="f", original=path, source_lang="vi", target_lang="en")
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line:
                continue
            if "\t" not in line:
                raise InputError(path, "expected source<TAB>target", line=number, column=1)
            source, target = line.split("\t", 1)
            yield Unit(
                id=f"l{number}",
                segments=(Segment(Content(source), Content(target) if target != "-" else None, source_line=number, target_line=number),),
                file=file,
                line=number,
            )


@hookimpl
def tqa_register_formats():
    return [Format("pairs", (".pairs",), "tab-separated source and target, one pair per line (tests only)")]


@hookimpl
def tqa_open_document(path, format, options):
    if format not in (None, "pairs") or (format is None and not path.endswith(".pairs")):
        return None
    list(_units(path))  # validate eagerly so errors surface before the run
    return Document(path=path, format="pairs", units=lambda: _units(path), source_lang="vi", target_lang="en")


class Fragile(Check):
    """Crashes on units whose source contains 'CRASH' (tests the engine's TQA001)."""

    name = "fragile"
    rules = (Rule("TST001", "fragile-rule", Severity.MINOR, "Other", "Test rule."),)

    def check_unit(self, unit, ctx):
        if "CRASH" in unit.source.text:
            raise ZeroDivisionError("boom")
        if "FLAG" in unit.source.text:
            yield ctx.finding("TST001", "Flagged by the test plugin.")


@hookimpl
def tqa_register_checks():
    return [Fragile]

"""The case-file test harness, public so that third-party plugins test the same way.

One YAML file per rule (`tests/cases/NUM002.yaml`); each top-level key is a case:

    currency_swapped:
      source: {lang: vi, text: "khoản tài trợ 2 triệu USD"}
      target: {lang: en, text: "a grant of VND 2 million"}
      expect: [{rule: NUM002, target_span: [11, 24]}]
    same_amount_other_notation:          # an empty expect: the rule must stay silent
      source: {lang: vi, text: "123,86 tỷ USD"}
      target: {lang: en, text: "$123.86 billion"}
      expect: []

A side may give `xml:` (XLIFF 2 inline markup) instead of `text:`; `target: null`
means no target element. A case may give `units:` (a list of {id, source, target,
properties, translate, notes, segment}) for document-level rules, `properties:` for its one unit,
`segment:` ({state, sub_state, attrs}) for the workflow state of its one segment, `format:`
the document's format name (default "case"),
`options:` ({check name: {option: value}}), `rules:` to select more rules than
the file's own, `notes:` (strings, or {text, category, applies_to}) for the unit's
notes, `check_fuzzy: true` to run content checks on fuzzy units, and
`document_properties:` for the document (a PO header's `plural-forms`), and
`monolingual: true` for a target checked without its source
(give `source: ""`). An expected finding may say rule, unit, source_span, target_span,
severity, message (a substring), suggestion (a substring) and data (a subset).
Only findings of the selected rules are compared, and their number must match.

Use it from pytest:

    from qa_core.testing import cases, assert_case
    @pytest.mark.parametrize("case", cases("tests/cases"), ids=str)
    def test_case(case):
        assert_case(case)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from qa_core.config import Config, Layer
from qa_core.findings import Finding
from qa_core.inline import from_markup
from qa_core.manager import Plugins, load_plugins
from qa_core.model import Content, Document, File, Note, Segment, Unit
from qa_core.runner import check_document

CASE_KEYS = {"source", "target", "units", "properties", "options", "rules", "expect", "translate", "id", "notes", "path", "monolingual", "check_fuzzy", "segment", "format", "document_properties"}
EXPECT_KEYS = {"rule", "unit", "source_span", "target_span", "severity", "message", "suggestion", "data"}


@dataclass(frozen=True)
class Case:
    """One named case of a rule's case file."""

    rule: str
    name: str
    path: str
    spec: dict[str, Any] = field(repr=False, hash=False, compare=False)

    def __str__(self) -> str:
        return f"{self.rule}:{self.name}"

    @property
    def expect(self) -> list[dict[str, Any]]:
        return list(self.spec.get("expect") or [])


class CaseError(ValueError):
    """A case file that does not follow the format above."""


def cases(folder: str | Path) -> list[Case]:
    """Every case of every `*.yaml` file in `folder`, in a stable order."""
    out: list[Case] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        out.extend(load_case_file(path))
    return out


def load_case_file(path: str | Path) -> list[Case]:
    path = Path(path)
    with open(path, encoding="utf-8") as handle:
        try:
            data = yaml.safe_load(handle) or {}
        except yaml.YAMLError as error:
            raise CaseError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise CaseError(f"{path}: must map case names to cases")
    rule = path.stem.upper()
    out = []
    for name, spec in data.items():
        if not isinstance(spec, dict):
            raise CaseError(f"{path}: case {name!r} must be a mapping")
        unknown = set(spec) - CASE_KEYS
        if unknown:
            raise CaseError(f"{path}: case {name!r} has unknown keys {sorted(unknown)} (known: {sorted(CASE_KEYS)})")
        if "expect" not in spec:
            raise CaseError(f"{path}: case {name!r} needs 'expect' (an empty list when the rule must stay silent)")
        for item in spec["expect"] or []:
            bad = set(item) - EXPECT_KEYS
            if bad:
                raise CaseError(f"{path}: case {name!r} expects unknown keys {sorted(bad)} (known: {sorted(EXPECT_KEYS)})")
        out.append(Case(rule, str(name), str(path), spec))
    return out


# ---------------------------------------------------------------------------
# Building the document of a case
# ---------------------------------------------------------------------------


def _side(spec: Any) -> tuple[Content | None, str | None]:
    if spec is None:
        return None, None
    if isinstance(spec, str):
        return Content(spec), None
    if "xml" in spec:
        return from_markup(spec["xml"]), spec.get("lang")
    return Content(str(spec.get("text", ""))), spec.get("lang")


def _properties(spec: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in (spec.get("properties") or {}).items())


def _notes(spec: dict[str, Any]) -> tuple[Note, ...]:
    out = []
    for item in spec.get("notes") or ():
        if isinstance(item, str):
            out.append(Note(item))
        else:
            out.append(Note(str(item.get("text", "")), item.get("category"), item.get("applies_to")))
    return tuple(out)


def build_document(case: Case) -> Document:
    """The in-memory document a case describes: one unit, or its `units:` list."""
    spec = case.spec
    unit_specs = spec.get("units") or [spec]
    first_source = unit_specs[0].get("source")
    first_target = unit_specs[0].get("target")
    source_lang = first_source.get("lang") if isinstance(first_source, dict) else None
    target_lang = first_target.get("lang") if isinstance(first_target, dict) else None
    path = spec.get("path", f"{case.rule}-{case.name}.xlf")
    file = File(id="f1", original=path, source_lang=source_lang, target_lang=target_lang)
    units: list[Unit] = []
    for index, item in enumerate(unit_specs, start=1):
        source, _ = _side(item.get("source", ""))
        target, _ = _side(item.get("target")) if "target" in item else (None, None)
        seg = item.get("segment") or {}
        units.append(
            Unit(
                id=str(item.get("id", f"u{index}")),
                segments=(Segment(source=source or Content(""), target=target, source_line=index, target_line=index,
                                  state=seg.get("state"), sub_state=seg.get("sub_state"),
                                  attrs=tuple((str(k), str(v)) for k, v in (seg.get("attrs") or {}).items())),),
                file=file,
                translate=bool(item.get("translate", True)),
                properties=_properties(item),
                notes=_notes(item),
                line=index,
            )
        )
    return Document(
        path=path,
        format=str(spec.get("format", "case")),
        units=lambda: iter(units),
        source_lang=source_lang,
        target_lang=target_lang,
        monolingual=bool(spec.get("monolingual", False)),
        properties=tuple((str(k), str(v)) for k, v in (spec.get("document_properties") or {}).items()),
    )


# ---------------------------------------------------------------------------
# Running and comparing
# ---------------------------------------------------------------------------


_plugins_cache: dict[tuple[str, ...], Plugins] = {}


def default_plugins(extra: tuple[str, ...] = ()) -> Plugins:
    """The built-in plugins plus `extra` modules, loaded once per test session."""
    if extra not in _plugins_cache:
        _plugins_cache[extra] = load_plugins(extra, entry_points=False)
    return _plugins_cache[extra]


def run_case(case: Case, plugins: Plugins | None = None) -> list[Finding]:
    """Run the checks a case selects on its document; return the selected rules' findings."""
    plugins = plugins or default_plugins()
    if plugins.rules.get(case.rule) is None:
        raise CaseError(f"{case.path}: no loaded check declares rule {case.rule}")
    selected = (case.rule, *[str(r) for r in case.spec.get("rules", [])])
    config = Config(layers=[Layer("case", select=selected)], check_fuzzy=bool(case.spec.get("check_fuzzy", False)))
    for check_name, settings in (case.spec.get("options") or {}).items():
        config.checks[check_name] = dict(settings)
    result = check_document(build_document(case), plugins, config)
    return [f for f in result.findings if f.rule_id in selected]


def match(expected: dict[str, Any], finding: Finding) -> bool:
    loc = finding.location
    checks: Iterator[bool] = (
        expected.get("rule", finding.rule_id) == finding.rule_id,
        "unit" not in expected or str(expected["unit"]) == loc.unit_id,
        "source_span" not in expected or _span(loc.source) == list(expected["source_span"]),
        "target_span" not in expected or _span(loc.target) == list(expected["target_span"]),
        "severity" not in expected or expected["severity"] == finding.severity.value,
        "message" not in expected or str(expected["message"]) in finding.message,
        "suggestion" not in expected or (finding.suggestion is not None and str(expected["suggestion"]) in finding.suggestion),
        "data" not in expected or all(finding.data.get(k) == v for k, v in expected["data"].items()),
    )
    return all(checks)


def _span(side) -> list[int] | None:
    if side is None or side.span is None:
        return None
    return [side.span.start, side.span.end]


def assert_case(case: Case, plugins: Plugins | None = None) -> None:
    """Fail with a readable diff when the findings differ from what the case expects."""
    findings = run_case(case, plugins)
    remaining = list(findings)
    unmatched = []
    for expected in case.expect:
        hit = next((f for f in remaining if match(expected, f)), None)
        if hit is None:
            unmatched.append(expected)
        else:
            remaining.remove(hit)
    if unmatched or remaining:
        lines = [f"{case}: findings differ from the case file {case.path}"]
        for expected in unmatched:
            lines.append(f"  expected, not found: {expected}")
        for finding in remaining:
            lines.append(f"  found, not expected: {describe(finding)}")
        if findings and unmatched:
            lines.append("  all findings: " + "; ".join(describe(f) for f in findings))
        raise AssertionError("\n".join(lines))


def describe(finding: Finding) -> str:
    loc = finding.location
    return (
        f"{finding.rule_id} {finding.severity.value} unit={loc.unit_id} "
        f"source_span={_span(loc.source)} target_span={_span(loc.target)} {finding.message!r}"
    )

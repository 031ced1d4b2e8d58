"""The JSON report carries each finding's unit text and reads back unchanged."""

from __future__ import annotations

import json

from qa_core.report import Report, finding_from_dict, finding_to_dict, validate
from qa_core.testing import Case, build_document, default_plugins
from qa_core.config import Config
from qa_core.runner import check_document


def _findings():
    case = Case("BAS003", "ctx", "x.yaml", {
        "source": {"lang": "en", "text": "Deleted %d files"},
        "target": {"lang": "vi", "text": "Đã xoá các tệp"},
        "expect": [],
    })
    return check_document(build_document(case), default_plugins(), Config()).findings


def test_finding_carries_unit_text():
    findings = [f for f in _findings() if f.rule_id == "BAS003"]
    assert findings
    context = findings[0].context
    assert context.source == "Deleted %d files"
    assert context.target == "Đã xoá các tệp"


def test_context_round_trips_through_json():
    for finding in _findings():
        data = json.loads(json.dumps(finding_to_dict(finding)))
        back = finding_from_dict(data)
        assert back == finding
        assert back.context == finding.context
        assert back.fingerprint == finding.fingerprint


def test_report_without_context_still_valid():
    finding = finding_to_dict(_findings()[0])
    del finding["context"]
    back = finding_from_dict(finding)
    assert back.context is None
    report = Report("0", [], [], [back], {}, started="2023-09-10T00:00:00+00:00")
    data = report.to_dict()
    validate(data)
    assert Report.from_dict(data).findings[0].context is None


def test_empty_span_survives_the_json_report():
    """An empty span (the place where text is missing) is a span, not no span."""
    case = Case("BAS001", "empty", "x.yaml", {
        "source": {"lang": "vi", "text": "Chương trình Fulbright"},
        "target": {"lang": "en", "text": ""},
        "expect": [],
    })
    finding = next(f for f in check_document(build_document(case), default_plugins(), Config()).findings if f.rule_id == "BAS001")
    assert finding.location.target.span is not None and len(finding.location.target.span) == 0
    back = finding_from_dict(json.loads(json.dumps(finding_to_dict(finding))))
    assert back.location.target.span == finding.location.target.span


def _many(text_source: str, text_target: str, count: int):
    from dataclasses import replace

    from qa_core.findings import Span, UnitText

    base = _findings()[0]
    context = UnitText(text_source, text_target)
    out = []
    for n in range(count):
        location = replace(base.location, target=replace(base.location.target, span=Span(n, n + 1), column=n + 1))
        out.append(replace(base, message=f"finding {n}", location=location, context=context))
    return out


def test_one_findings_context_is_shared_by_the_findings_of_its_unit():
    from qa_core.check import CheckContext
    from qa_core.engine import Engine
    from qa_core.testing import Case as _Case

    case = _Case("BAS003", "ctx", "x.yaml", {
        "source": {"lang": "en", "text": "Deleted %d files"}, "target": {"lang": "vi", "text": "Đã xoá"}, "expect": []})
    document = build_document(case)
    unit = next(iter(document.units()))
    ctx = CheckContext(document, Engine(), Config())
    ctx.unit = unit
    first, second = (ctx.finding("TQA001", f"m{n}") for n in range(2))
    assert first.context is second.context  # one object per unit, not one per finding


def test_a_long_units_text_is_written_once_in_the_json_report_and_shared_when_read_back():
    from qa_core.report import SHARED_CONTEXT

    source, target = "s" * SHARED_CONTEXT, "t" * 50
    report = Report("0", [], [], _many(source, target, 200), {}, started="2023-09-10T00:00:00+00:00")
    text = report.to_json()
    assert text.count(source) == 1  # once, not 200 times
    data = json.loads(text)
    assert data["findings"][0]["context"] == {"source": source, "target": target}
    assert all(f["context"] == {"same_as": 0} for f in data["findings"][1:])
    back = Report.from_dict(data).findings
    assert back == report.findings
    assert all(f.context is back[0].context for f in back)
    assert back[150].context.source == source and back[150].location.target.span == report.findings[150].location.target.span


def test_a_normal_units_context_is_written_with_each_finding():
    from qa_core.report import SHARED_CONTEXT

    source, target = "s" * (SHARED_CONTEXT - 50), "t" * 50  # at the threshold: unchanged
    report = Report("0", [], [], _many(source, target, 3), {}, started="2023-09-10T00:00:00+00:00")
    data = json.loads(report.to_json())
    assert [f["context"] for f in data["findings"]] == [{"source": source, "target": target}] * 3


def test_a_same_as_naming_no_earlier_finding_is_a_one_line_error():
    import pytest

    from qa_core.errors import InputError
    from qa_core.report import SHARED_CONTEXT

    report = Report("0", [], [], _many("s" * SHARED_CONTEXT, "t", 2), {}, started="2023-09-10T00:00:00+00:00")
    data = json.loads(report.to_json())
    data["findings"][1]["context"] = {"same_as": 1}
    with pytest.raises(InputError, match="'same_as' must name an earlier finding"):
        Report.from_dict(data, "r.json")

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

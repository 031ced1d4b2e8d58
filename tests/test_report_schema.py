"""The report validator refuses what the schema refuses, with the place."""

import copy

import pytest

from qa_core.errors import TqaError
from qa_core.report import validate

GOOD = {
    "schema_version": "1.0",
    "tool": {"name": "tqa", "version": "0.1.0"},
    "plugins": [],
    "run": {"started": "2026-11-23T10:00:00+00:00", "duration_seconds": 0.5, "fail_on": "minor"},
    "inputs": [{"path": "a.xlf", "format": "xliff", "units": 1, "segments": 1, "source_words": 3}],
    "rules": {},
    "findings": [
        {
            "rule_id": "NUM005",
            "rule_name": "currency-changed",
            "severity": "critical",
            "category": "Accuracy/Mistranslation",
            "message": "'2 triệu USD' became 'VND 2 million'.",
            "location": {"file": "a.xlf", "unit_id": "p2", "target": {"path": "a.xlf", "line": 3, "span": [0, 3]}},
            "fingerprint": "0" * 32,
        }
    ],
    "summary": {"files": 1, "units": 1, "source_words": 3, "findings": 1, "by_severity": {"critical": 1}, "by_category": {}, "by_rule": {}},
}


def test_good_report_passes():
    validate(GOOD)


@pytest.mark.parametrize(
    "path, value, where",
    [
        (("findings", 0, "rule_id"), "num5", "findings/0/rule_id"),
        (("findings", 0, "severity"), "blocker", "findings/0/severity"),
        (("findings", 0, "category"), "Fluency/Grammar", "findings/0/category"),
        (("findings", 0, "location", "target", "line"), 0, "findings/0/location/target"),
        (("run", "started"), "yesterday", "run/started"),
    ],
)
def test_bad_report_is_refused_with_the_place(path, value, where):
    data = copy.deepcopy(GOOD)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(TqaError, match=f"at {where}"):
        validate(data)

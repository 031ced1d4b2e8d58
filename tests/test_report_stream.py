"""The JSON report written as it is made (`Report.write_json`, what `tqa check -f json
-o FILE` uses) is the text `Report.to_json` renders, byte for byte."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from qa_core.config import Config
from qa_core.errors import TqaError
from qa_core.findings import UnitText
from qa_core.manager import load_plugins
from qa_core.report import SHARED_CONTEXT, Report, indented_json
from qa_core.rules import Severity
from qa_core.runner import run

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report() -> Report:
    plugins = load_plugins(entry_points=False)
    config = Config()
    result = run([str(ROOT / "samples/joint-statement.vi-en.xlf"), str(ROOT / "samples/app-strings.en-vi.xlf")],
                 plugins, config, show_progress=False)
    assert result.findings and not result.errors
    return Report.build(result, plugins, config, command=["check"])


def _streamed(report: Report) -> bytes:
    stream = io.BytesIO()
    report.write_json(stream)
    return stream.getvalue()


def test_streamed_json_is_the_rendered_json(report):
    assert _streamed(report) == report.to_json().encode("utf-8")


def test_no_findings_and_shared_contexts(report):
    empty = dataclasses.replace(report, findings=[])
    assert _streamed(empty) == empty.to_json().encode("utf-8")
    big = UnitText("x" * (SHARED_CONTEXT + 1), "y")
    shared = dataclasses.replace(report, findings=[dataclasses.replace(f, context=big) for f in report.findings[:3]])
    text = _streamed(shared)
    assert text == shared.to_json().encode("utf-8") and b'"same_as": 0' in text


def test_an_invalid_finding_names_its_place_and_the_file_is_not_written(report, tmp_path, monkeypatch):
    from qa_core.files import output_file

    bad = dataclasses.replace(report.findings[1], rule_name="Not A Kebab Name")
    broken = dataclasses.replace(report, findings=[report.findings[0], bad])
    with pytest.raises(TqaError) as caught:
        broken.to_json()
    assert "findings/1" in str(caught.value)
    out = tmp_path / "report.json"
    with pytest.raises(TqaError) as streamed:
        with output_file(str(out)) as stream:
            broken.write_json(stream)
    assert str(streamed.value) == str(caught.value)
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("value", [
    {"a": 1, "b": [1, 2.5, -0.0, 1e300, True, False, None], "c": {}, "d": [], "e": {"f": [{"g": "h"}, []]}},
    {"text": "Lưu \"tệp\"\n\t\\ \u2028 \x00 \ud800 €", "n": -7, "big": 2**70, "x": [[[]]], "y": [{}]},
    ["top", "level", ["list"]],
    "just a string", 3, None, 1.5,
    {"nan": float("nan"), "inf": [float("inf"), float("-inf")]},  # left to json: NaN, Infinity
    {1: "int key", None: "none key", 2.5: "float key", True: "bool key"},  # keys json converts
    {"tuple": (1, "two"), "sub": Severity.MAJOR},  # a tuple is a list; a str enum a string
])
@pytest.mark.parametrize("margin", ["", "    ", "        "])
def test_indented_json_is_json_dumps_with_indent(value, margin):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + margin)
    assert indented_json(value, margin) == expected

"""The terminology, language and omission checks' shortcuts give what the work they skip
gave (issue 14): each is compared here with the path it replaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_core.cli import main

ROOT = Path(__file__).resolve().parents[1]


# ----- omission: the segment-level work, when no segment-level rule is on ------------


def _report(args, tmp_path, name):
    out = tmp_path / name
    code = main(["check", *args, "--isolated", "-q", "--fail-on", "never", "-j", "1", "-f", "json", "-o", str(out)])
    assert code in (0, 1)
    return json.loads(out.read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize("profile", ["software", "document"])
def test_omission_without_segment_rules_finds_the_same(tmp_path, monkeypatch, profile):
    """A run that skips `_segment` (no rule of OMI005-OMI009 on, as in the software profile)
    reports what a run that does it reported."""
    from tqa_plugins import omission

    sample = tmp_path / "sample.po"
    entries = [("Open the file in a new window before you save it.", "Mở tệp trong một cửa sổ mới trước khi lưu."),
               ("The grant of 2 million USD was signed in 2019 by the WHO and UNICEF.", "Khoản tài trợ đã được ký."),
               ("Save the changes. Then close the window and restart the application.", "Lưu các thay đổi.")] * 30
    sample.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
                      + "".join(f'msgid "{a}"\nmsgstr "{b}"\n\n' for a, b in entries), encoding="utf-8")
    args = [str(sample), "--checking-profile", profile, "--source-lang", "en"]
    calls = []
    segment = omission.Omission._segment
    monkeypatch.setattr(omission.Omission, "_segment", lambda self, *a: calls.append(1) or segment(self, *a))
    fast = _report(args, tmp_path, "fast.json")
    assert bool(calls) == (profile == "document")
    calls.clear()
    monkeypatch.setattr(omission, "SEGMENT_RULES", omission.SEGMENT_RULES | {"OMI001"})  # on in every profile
    slow = _report(args, tmp_path, "slow.json")
    assert calls
    assert slow == fast
    if profile == "document":
        assert any(f["rule_id"] in omission.SEGMENT_RULES for f in fast)

"""The numbers check on third-party data (../shared/data): it runs on the real vi
files without crashing, and DEMETR's number perturbations stay caught. The figures
themselves are printed by bench/numbers_eval.py and written up in docs/numbers.md."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from qa_core.config import Config, Layer
from qa_core.model import Content, Document, File, Segment, Unit
from qa_core.runner import check_document
from qa_core.testing import default_plugins

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    env = os.environ.get("TQA_SHARED_DATA")
    path = Path(env) if env else ROOT.parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path} (set TQA_SHARED_DATA)")
    return path


def _bench():
    spec = importlib.util.spec_from_file_location("numbers_eval", ROOT / "bench" / "numbers_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(path: str, pairs, source_lang: str, target_lang: str, select=("NUM", "TQA001")):
    file = File(id="f", original=path, source_lang=source_lang, target_lang=target_lang)
    units = [Unit(id=uid, segments=(Segment(Content(s), Content(t)),), file=file) for uid, s, t in pairs]
    document = Document(path=path, format="test", units=lambda: iter(units), source_lang=source_lang, target_lang=target_lang)
    return check_document(document, default_plugins(), Config(layers=[Layer("test", select=select)])).findings


@pytest.mark.shared_data
def test_real_vi_files_run_without_crashes():
    data = shared_data()
    bench = _bench()
    for relative, source_lang, target_lang in bench.REAL_FILES:
        path = data / relative
        if not path.is_file():
            continue
        pairs = bench.read_pairs(path)
        findings = _run(relative, pairs, source_lang, target_lang)
        assert not [f for f in findings if f.rule_id == "TQA001"], f"the numbers check crashed on {relative}"
        texts = {uid: (s, t) for uid, s, t in pairs}
        for finding in findings:
            source, target = texts[finding.location.unit_id]
            for side, text in ((finding.location.source, source), (finding.location.target, target)):
                if side is not None and side.span is not None:
                    assert side.text == text[side.span.start:side.span.end]


@pytest.mark.shared_data
def test_demetr_numbers_replaced_stays_caught():
    data = shared_data()
    path = data / "demetr" / "dataset" / "critical_id10_numbers_replaced.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    items = [x for x in json.loads(path.read_text(encoding="utf-8")) if x.get("pert_check")]
    langs = _bench().DEMETR_LANGS
    caught = alarms = 0
    for lang in sorted(set(langs.values())):
        group = [x for x in items if langs[x["lang_tag"]] == lang]
        clean = _run("clean", [(str(x["id"]), x["src_sent"], x["mt_sent"]) for x in group], lang, "en", ("NUM",))
        pert = _run("pert", [(str(x["id"]), x["src_sent"], x["pert_sent"]) for x in group], lang, "en", ("NUM",))
        caught += len({f.location.unit_id for f in pert})
        alarms += len({f.location.unit_id for f in clean})
    # the bar: recall >= 0.95 with at most 2% false alarms on the clean items
    assert caught / len(items) >= 0.95
    assert alarms / len(items) <= 0.02

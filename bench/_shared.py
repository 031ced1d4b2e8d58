"""What the benchmarks share: where ../shared/data is, and the IWSLT'15 en-vi talks.

The data is read in place and never copied into the project.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa_core.formats import parser_options  # noqa: E402

#: tuning split (parameters were chosen on it) and held-out split (reported separately)
DEV_SETS = ("dev2010", "tst2010")
TEST_SETS = ("tst2011", "tst2012")
#: a third split, used by no choice of parameters: IWSLT'15 tst2013 (18 talks), not in
#: ../shared/data; fetched by the user into the folder $TQA_IWSLT_EXTRA names (see
#: bench/deletion_errors.py for where it comes from)
FRESH_SETS = ("tst2013",)


#: DEMETR's source languages (its `lang_tag`) as language tags
DEMETR_LANGS = {
    "chinese_simple": "zh", "german": "de", "hindi": "hi", "japanese": "ja", "polish": "pl", "russian": "ru",
    "czech": "cs", "french": "fr", "spanish": "es", "italian": "it",
}
#: DEMETR's removal perturbations: what was removed -> the file holding them
DEMETR_REMOVALS = {
    "named entity": "critical_id25_ne_removed",
    "noun": "critical_id23_noun_removed",
    "verb": "critical_id22_verb_removed",
    "subject": "critical_id24_subj_removed",
    "adjective/adverb": "critical_id21_adj_adv_removed",
    "prepositional phrase": "major_id5_pp_removed",
    "conjunction": "minor_id12_conj_removed",
}


def keep_bytecode_caches() -> None:
    """Let the tqa children a bench times write and use bytecode caches, as an installed
    tqa does (pofilter is installed with compiled bytecode): a shell with
    PYTHONDONTWRITEBYTECODE=1 would make every tqa child compile its ~100 modules from
    source again (~0.3 s of CPU a run), a cost no user pays."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def shared_data() -> Path:
    """$TQA_SHARED_DATA, else ../shared/data beside the repository (or beside the
    folder of worktrees it sits in)."""
    if os.environ.get("TQA_SHARED_DATA"):
        return Path(os.environ["TQA_SHARED_DATA"])
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    return ROOT.parent / "shared" / "data"


def require(folder: str) -> Path:
    path = shared_data() / folder
    if not path.is_dir():
        sys.exit(f"{path} is absent: this benchmark reads ../shared/data (or $TQA_SHARED_DATA)")
    return path


@dataclass
class Talk:
    set: str
    docid: str
    en: list[str]
    vi: list[str]


def _segments(path: Path) -> dict[str, list[str]]:
    tree = etree.parse(str(path), etree.XMLParser(**parser_options()))
    out = {}
    for doc in tree.iter("doc"):
        segs = sorted(doc.iter("seg"), key=lambda s: int(s.get("id")))
        out[doc.get("docid")] = [" ".join((s.text or "").split()) for s in segs]
    return out


def iwslt_talks(sets=DEV_SETS + TEST_SETS) -> list[Talk]:
    folders = [require("iwslt15-en-vi-ted-docs") / "data"]
    if os.environ.get("TQA_IWSLT_EXTRA"):
        folders.append(Path(os.environ["TQA_IWSLT_EXTRA"]))
    talks = []
    for name in sets:
        found = [f for f in folders if (f / f"IWSLT15.TED.{name}.en-vi.en.xml").exists()]
        if not found:
            continue
        en_path = found[0] / f"IWSLT15.TED.{name}.en-vi.en.xml"
        vi_path = found[0] / f"IWSLT15.TED.{name}.en-vi.vi.xml"
        en, vi = _segments(en_path), _segments(vi_path)
        for docid in en:
            pairs = [(e, v) for e, v in zip(en[docid], vi.get(docid, [])) if e.strip() and v.strip()]
            talks.append(Talk(name, docid, [e for e, _ in pairs], [v for _, v in pairs]))
    return talks

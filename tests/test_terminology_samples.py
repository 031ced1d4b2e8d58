"""The terminology samples (samples/terminology-*) give the findings samples/README.md
promises, one profile each. Until the XLIFF reader is on this branch the XLIFF 2.1
samples are read here with lxml (they hold plain text only); the .txt sample is read
exactly as `tqa check --target-only` reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from qa_core.config import Config, Layer
from qa_core.formats import parser_options
from qa_core.model import Content, Document, File, Segment, Unit
from qa_core.runner import check_document
from qa_core.testing import default_plugins

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}


def read_xliff2(path: Path) -> Document:
    root = etree.parse(str(path), etree.XMLParser(**parser_options())).getroot()
    file = File(id="f1", original=path.name, source_lang=root.get("srcLang"), target_lang=root.get("trgLang"))
    units = []
    for unit in root.iterfind(".//x:unit", NS):
        source = unit.find(".//x:source", NS)
        target = unit.find(".//x:target", NS)
        units.append(Unit(id=unit.get("id"), file=file, line=unit.sourceline, segments=(
            Segment(Content(source.text or ""), Content(target.text or "") if target is not None else None,
                    source_line=source.sourceline, target_line=target.sourceline if target is not None else None),)))
    return Document(path=f"samples/{path.name}", format="xliff", units=lambda: iter(units),
                    source_lang=file.source_lang, target_lang=file.target_lang)


def read_text(path: Path, lang: str) -> Document:
    """The document `tqa check --target-only FILE --target-lang LANG` checks."""
    import argparse

    from qa_core.align.command import monolingual_from_args

    return monolingual_from_args(f"samples/{path.name}", argparse.Namespace(), lang)


def run(document: Document, profile: str | None):
    config = Config(layers=[Layer("samples", select=("TRM",))])
    if profile:
        config.checks["terminology"] = {"profile": profile}
    return check_document(document, default_plugins(), config).findings


EXPECTED = {
    ("terminology-vn-official.vi-en.xlf", "vn-official"): [
        ("TRM001", "title"), ("TRM002", "p3"), ("TRM004", "p4"), ("TRM004", "p4"), ("TRM005", "p5"), ("TRM003", "p6")],
    ("terminology-vn-media.vi-en.xlf", "vn-media"): [
        ("TRM002", "p1"), ("TRM002", "p2"), ("TRM003", "p3"), ("TRM005", "p4")],
    ("terminology-us-official.vi-en.xlf", "us-official"): [
        ("TRM002", "p2"), ("TRM002", "p3"), ("TRM004", "p4"), ("TRM005", "p5")],
    ("terminology-neutral.vi-en.xlf", "neutral"): [
        ("TRM004", "p1"), ("TRM006", "p2"), ("TRM002", "p3")],
    ("terminology-statement.en.txt", "vn-official"): [
        ("TRM002", "u2"), ("TRM004", "u3"), ("TRM004", "u3"), ("TRM005", "u4")],
    ("terminology-statement.en.txt", "us-official"): [
        ("TRM002", "u3"), ("TRM004", "u3"), ("TRM004", "u3"), ("TRM005", "u4")],
    ("terminology-statement.en.txt", None): [
        ("TRM003", "u3"), ("TRM004", "u3"), ("TRM004", "u3"), ("TRM005", "u4")],
}


@pytest.mark.parametrize("name, profile", sorted(EXPECTED, key=str), ids=lambda v: str(v))
def test_sample(name, profile):
    path = SAMPLES / name
    document = read_text(path, "en") if name.endswith(".txt") else read_xliff2(path)
    found = sorted((f.rule_id, f.location.unit_id) for f in run(document, profile))
    assert found == sorted(EXPECTED[(name, profile)])


if __name__ == "__main__":  # print the reports samples/README.md shows
    for name, profile in EXPECTED:
        path = SAMPLES / name
        document = read_text(path, "en") if name.endswith(".txt") else read_xliff2(path)
        print(f"\n### {name} --profile {profile}")
        for f in sorted(run(document, profile), key=lambda f: (f.location.line or 0, f.rule_id)):
            print(f"{document.path}:{f.location.line or ''} {f.location.unit_id} {f.rule_id} {f.severity.value}: {f.message}"
                  + (f" [suggestion: {f.suggestion}]" if f.suggestion else ""))

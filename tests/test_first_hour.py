"""Issue 20, the first hour of a new user: language codes validated, frictions of the
command line (did you mean, usage of the command, plain documents given as files,
one encoding per side)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_core.cli import main
from tests.conftest import run_tqa
from qa_core.languages import UnknownLanguage, language_tag

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "samples" / "joint-statement.vi-en.xlf")


def tqa(capsys, *args):
    return run_tqa(capsys, *args)


@pytest.mark.parametrize("tag, canonical", [
    ("vi", "vi"), ("vie", "vi"), ("VI_vn", "vi-VN"), ("eng", "en"), ("ger", "de"), ("fre", "fr"),
    ("jpn", "ja"), ("iw", "he"), ("pt_br", "pt-BR"), ("zh-hans-cn", "zh-Hans-CN"), ("sr-Latn", "sr-Latn"),
    ("es-419", "es-419"), ("fil", "fil"), ("de-CH-1996", "de-CH-1996"),
])
def test_known_tags_and_iso_639_aliases_are_canonicalised(tag, canonical):
    assert language_tag(tag) == canonical


@pytest.mark.parametrize("tag, suggestion", [
    ("vn", "vi"), ("english", "en"), ("Vietnamese", "vi"), ("jp", "ja"), ("cz", "cs"), ("ua", "uk"),
    ("en-XX", "en"), ("xx", None), ("zz-ZZ", None), ("", None), ("en US", None),
])
def test_unknown_tags_are_refused_with_a_suggestion(tag, suggestion):
    with pytest.raises(UnknownLanguage) as caught:
        language_tag(tag)
    assert caught.value.suggestion == suggestion
    if suggestion:
        assert str(caught.value) == f"unknown language '{tag}' (did you mean '{suggestion}'?)"


def test_unknown_language_on_the_command_line_exits_2(capsys):
    code, out, err = tqa(capsys, "check", "--isolated", SAMPLE, "--source-lang", "vn", "--select", "NUM")
    assert code == 2 and out == ""
    assert "unknown language 'vn' (did you mean 'vi'?)" in err and "usage: tqa check" in err
    code, _, err = tqa(capsys, "align", SAMPLE, SAMPLE, "--source-lang", "vi", "--target-lang", "english")
    assert code == 2 and "unknown language 'english' (did you mean 'en'?)" in err


def test_unknown_language_in_the_configuration_names_the_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tqa.toml").write_text('fail-on = "major"\ntarget-lang = "vn"\n', encoding="utf-8")
    code, out, err = tqa(capsys, "check", SAMPLE)
    assert code == 2
    assert "tqa.toml" in err and ":2" in err and "'target-lang': unknown language 'vn' (did you mean 'vi'?)" in err


def test_iso_639_2_alias_runs_like_the_two_letter_code(capsys):
    a = tqa(capsys, "check", "--isolated", SAMPLE, "--source-lang", "vie", "--target-lang", "eng", "-f", "json", "-q")
    b = tqa(capsys, "check", "--isolated", SAMPLE, "--source-lang", "vi", "--target-lang", "en", "-f", "json", "-q")
    assert a[0] == b[0] == 1
    assert json.loads(a[1])["findings"] == json.loads(b[1])["findings"]


def test_misspelled_option_shows_the_commands_usage_and_the_nearest_option(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--no-entry-points", "check", SAMPLE, "--selct", "BAS"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tqa check")
    assert "tqa check: error: unrecognized arguments: --selct BAS; '--selct' (did you mean '--select'?)" in err


def test_did_you_mean_for_rule_names_and_profiles(capsys):
    code, _, err = tqa(capsys, "check", "--isolated", SAMPLE, "--select", "placeholder-mismach")
    assert code == 2 and "(did you mean 'placeholder-mismatch'?)" in err
    code, _, err = tqa(capsys, "check", "--isolated", SAMPLE, "--profile", "neutrl")
    assert code == 2 and "(did you mean 'neutral'?)" in err


def test_a_plain_document_given_as_a_file_suggests_target_only_and_source_target(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Once upon a time.\n", encoding="utf-8")
    code, out, err = tqa(capsys, "check", "--isolated", str(story))
    assert code == 2 and out == ""
    assert "--target-only" in err and "--source SRC --target" in err and len(err.strip().splitlines()) == 1


def test_one_encoding_per_side(tmp_path, capsys):
    src = tmp_path / "a.vi.txt"
    tgt = tmp_path / "b.en.txt"
    src.write_bytes("Hà Nội có 2 triệu dân.\n".encode("utf-16"))
    tgt.write_bytes("Hanoi has 2 million inhabitants, café.\n".encode("cp1252"))
    base = ["check", "--isolated", "--source", str(src), "--target", str(tgt), "--source-lang", "vi", "--target-lang", "en", "-q"]
    code, _, err = tqa(capsys, *base, "--encoding", "cp1252")
    assert code == 2  # one encoding cannot read both
    code, out, err = tqa(capsys, *base, "--source-encoding", "utf-16", "--target-encoding", "cp1252", "-f", "json")
    assert code in (0, 1), err
    report = json.loads(out)
    assert not [f for f in report["findings"] if f["rule_id"] == "TQA002"], report["findings"]


def test_the_suite_fetches_nothing_unless_asked(tmp_path, monkeypatch):
    """Issue 20/21: the SARIF Multitool (104 MB from npm) is opt-in: without
    TQA_TEST_FETCH=1 and with an empty cache, npm is never called."""
    from tests import external

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TQA_TEST_FETCH", raising=False)
    monkeypatch.delenv("TQA_SARIF_MULTITOOL", raising=False)
    monkeypatch.setattr(external.shutil, "which", lambda name: pytest.fail(f"looked for {name}"))
    folder, why = external._sarif_package()
    assert folder is None and "TQA_TEST_FETCH=1" in why and "104 MB" in why


PO_WITH_CONTEXT = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
    'msgctxt "menu"\nmsgid "Open %s file\\nnow"\nmsgstr "Datei öffnen\\njetzt"\n'
)


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "sarif", "html"])
def test_po_unit_labels_are_msgctxt_bar_msgid_escaped(fmt, tmp_path, capsys):
    """Issue 20: no raw U+0004 and no raw newline of a msgid in any report; the label
    reads `menu | Open %s file\\nnow`. JSON keeps the exact id for machines."""
    po = tmp_path / "l.po"
    po.write_text(PO_WITH_CONTEXT, encoding="utf-8")
    code, out, err = tqa(capsys, "check", "--isolated", str(po), "-f", fmt)
    assert code == 1, err
    out = out.replace("%25", "%") if fmt == "github" else out
    assert "\x04" not in out
    assert "Open %s file\nnow" not in out and "Open %s file\\nnow" in out.replace("\\\\n", "\\n")
    assert "menu | Open %s file" in out


SDL_BAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file original="a.docx" source-language="en-US" target-language="de-DE" datatype="x-sdlfilterframework2"><body>\n'
    '<trans-unit id="a1"><source>Save the file now</source><seg-source><mrk mtype="seg" mid="1">Save the file now</mrk></seg-source>\n'
    '<target><mrk mtype="seg" mid="1">Datei jetzt speichern</mrk></target>\n'
    '<sdl:seg-defs><sdl:seg id="1" conf="Halfway" /></sdl:seg-defs></trans-unit>\n'
    '<trans-unit id="a2"><source>Open the file now</source><seg-source><mrk mtype="seg" mid="2">Open the file now</mrk></seg-source>\n'
    '<target><mrk mtype="seg" mid="2">Datei jetzt öffnen</mrk></target>\n'
    '<sdl:seg-defs><sdl:seg id="2" conf="Translated" origin="tm" percent="80" /></sdl:seg-defs></trans-unit>\n'
    '</body></file></xliff>\n'
)
MQ_BAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" version="1.2">\n'
    '<file original="a.docx" source-language="en" target-language="de" datatype="x-memoq"><body>\n'
    '<trans-unit id="1" mq:status="HalfDone"><source>Save the file now</source><target>Datei jetzt speichern</target></trans-unit>\n'
    '</body></file></xliff>\n'
)


@pytest.mark.parametrize("name, text, line, said", [
    ("bad.sdlxliff", SDL_BAD, 5, "'sdl:seg conf' of segment '1' must be one of"),
    ("bad.mqxliff", MQ_BAD, 4, "'mq:status' must be one of"),
])
def test_unknown_workflow_state_is_an_input_warning_naming_the_line(name, text, line, said, tmp_path, capsys):
    """Issue 18.2: an unknown state value is a TQA002 input warning with its line; the
    rest is checked (here WFS003 on the SDL file's second unit)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = tqa(capsys, "check", "--isolated", str(path), "--select", "TQA002,WFS", "-f", "json")
    findings = json.loads(out)["findings"]
    warnings = [f for f in findings if f["rule_id"] == "TQA002"]
    assert len(warnings) == 1 and said in warnings[0]["message"], findings
    assert warnings[0]["location"]["source"]["line"] == line
    if name.endswith("sdlxliff"):
        assert [f["location"]["unit_id"] for f in findings if f["rule_id"] == "WFS003"] == ["a2"]


def test_write_back_for_document_pairs(tmp_path, capsys):
    """Issue 20: `tqa check --source a --target b -f xliff` and `tqa report r.json -f xliff`
    on such a report write the aligned XLIFF with the issues in it (they exited 2 with
    "no reader for format 'aligned text/text'")."""
    src, tgt = tmp_path / "a.vi.txt", tmp_path / "b.en.txt"
    src.write_text("Hai nước ký thỏa thuận.\n\nKhoản tài trợ 2 triệu USD.\n", encoding="utf-8")
    tgt.write_text("The two countries signed the agreement.\n\nA grant of VND 2 million.\n", encoding="utf-8")
    pair = ["check", "--isolated", "--source", str(src), "--target", str(tgt), "--source-lang", "vi", "--target-lang", "en", "-q"]
    code, out, err = tqa(capsys, *pair, "-f", "xliff", "-o", str(tmp_path / "live.xlf"))
    assert code == 1, err
    code, _, err = tqa(capsys, *pair, "-f", "json", "-o", str(tmp_path / "r.json"))
    code, _, err = tqa(capsys, "report", str(tmp_path / "r.json"), "-f", "xliff", "-o", str(tmp_path / "later.xlf"))
    assert code in (0, 1) and not err, err
    for name in ("live.xlf", "later.xlf"):
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert "NUM005 currency-changed" in written and "tqa-lqi" in written
        assert "Khoản tài trợ 2 triệu USD." in written and "The two countries signed the agreement." in written
        code, out, _ = tqa(capsys, "check", "--isolated", str(tmp_path / name), "--select", "NUM005", "-f", "json")
        assert [f["rule_id"] for f in json.loads(out)["findings"]] == ["NUM005"]
    # a translation alone, too
    code, out, err = tqa(capsys, "check", "--isolated", "--target-only", str(tgt), "--target-lang", "en", "-f", "xliff", "-q")
    assert code in (0, 1) and out.count("<unit ") == 2, err


def test_progress_on_one_large_file_has_a_total(tmp_path, capsys):
    """Issue 20: the bar of one file names the file, counts units against a total
    (so it shows a percentage and an ETA) and reads 'units/s', not 'units big.vi.po/s'."""
    from qa_core.config import Config
    from qa_core.manager import load_plugins
    from qa_core.runner import count_units, run

    entries = "".join(f'msgid "Line {n} of the file"\nmsgstr "Dòng {n} của tệp"\n\n' for n in range(2500))
    po = tmp_path / "big.vi.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n' + entries, encoding="utf-8")
    assert count_units(str(po), "po") == 2500
    config = Config()
    config.layers[0] = type(config.layers[0])("defaults", select=("TQA",))
    result = run([str(po)], load_plugins(entry_points=False), config, show_progress=True)
    assert not result.errors and result.inputs[0].units == 2500
    err = capsys.readouterr().err
    assert "big.vi.po:" in err and "/2500" in err and "%" in err
    assert "units big.vi.po/s" not in err


def test_language_check_samples_large_files_but_keeps_text_left_in_the_source(tmp_path):
    """Past the first 2,000 targets the language check judges every 20th, plus those
    sharing half their words with their source: English left in unit 2,101 is still found."""
    from qa_core.config import Config, Layer
    from qa_core.manager import load_plugins
    from qa_core.model import Content, Document, File, Segment, Unit
    from qa_core.runner import check_document

    file = File(id="f1", original="big.xlf", source_lang="en", target_lang="de")
    rows = [("Save the current document to the disk now.", "Das aktuelle Dokument jetzt auf der Festplatte speichern.")] * 2100
    rows.append(("Save the current document to the disk now.", "Save the current document to the hard disk now please."))
    units = [Unit(id=f"u{n}", segments=(Segment(Content(src), Content(tgt)),), file=file) for n, (src, tgt) in enumerate(rows, 1)]
    document = Document(path="big.xlf", format="xliff2", units=lambda: iter(units), source_lang="en", target_lang="de")
    config = Config(layers=[Layer("test", select=("LNG",))])
    findings = check_document(document, load_plugins(entry_points=False), config).findings
    assert [(f.rule_id, f.location.unit_id) for f in findings] == [("LNG001", "u2101")]

"""The everyday checks from the command line: settings refused with file and line,
consistency across the files of a run, length limits read from real XLIFF, spelling
dictionaries, and the hand-off of URLs from OMI008 to URL001."""

from __future__ import annotations

import json

import pytest

from qa_core.cli import main

PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'


def po(path, *pairs):
    body = "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in pairs)
    path.write_text(PO_HEAD + body, encoding="utf-8")
    return path


def check(capsys, *args):
    code = main(["check", "-q", "--format", "json", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def findings(out):
    return json.loads(out)["findings"]


def test_consistency_across_the_files_of_a_run(tmp_path, capsys):
    a = po(tmp_path / "a.po", ("Access", "Truy cập"), ("Save", "Lưu"))
    b = po(tmp_path / "b.po", ("Access", "Tuy cập"), ("Open", "Mở"))
    code, out, _ = check(capsys, "--isolated", "--select", "CON001", a, b)
    found = findings(out)
    assert code == 1 and len(found) == 1
    assert "translated 2 ways" in found[0]["message"] and "a.po" in found[0]["message"] and "b.po" in found[0]["message"]
    # each file alone is consistent
    code, out, _ = check(capsys, "--isolated", "--select", "CON001", a)
    assert code == 0 and findings(out) == []


def test_consistency_across_files_with_jobs(tmp_path, capsys):
    a = po(tmp_path / "a.po", ("Access", "Truy cập"))
    b = po(tmp_path / "b.po", ("Access", "Tuy cập"))
    code, out, _ = check(capsys, "--isolated", "--select", "CON001", "-j", "2", a, b)
    assert code == 1 and len(findings(out)) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_consistency_across_files_points_at_the_lines(tmp_path, capsys, jobs):
    # the groups of each file travel unlocated (with a locator that reads the file again):
    # the one reported is located in check_run, at its msgstr's line and columns
    filler = [(f"Item {n}", f"Mục {n}") for n in range(700)]  # more strings than the reader hands over
    a = po(tmp_path / "a.po", *filler, ("Access", "Truy cập"))
    b = po(tmp_path / "b.po", ("Open", "Mở"), ("Access", "Tuy cập"))
    code, out, _ = check(capsys, "--isolated", "--select", "CON001", "-j", jobs, a, b)
    (found,) = findings(out)
    where = found["location"]
    lines = (tmp_path / "b.po").read_text(encoding="utf-8").splitlines()
    assert where["file"].endswith("b.po") and lines[where["target"]["line"] - 1] == 'msgstr "Tuy cập"'
    assert (where["target"]["column"], where["target"]["end_column"]) == (9, 16)
    assert lines[where["source"]["line"] - 1] == 'msgid "Access"' and where["source"]["column"] == 8


def test_consistency_across_files_can_be_turned_off(tmp_path, capsys):
    a = po(tmp_path / "a.po", ("Access", "Truy cập"))
    b = po(tmp_path / "b.po", ("Access", "Tuy cập"))
    code, out, _ = check(capsys, "--isolated", "--select", "CON001", "--set", "consistency.across-files=false", a, b)
    assert code == 0


def config(tmp_path, text):
    path = tmp_path / "tqa.toml"
    path.write_text(text, encoding="utf-8")
    return path


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_malformed_custom_regex_names_setting_file_and_line(tmp_path, capsys):
    cfg = config(tmp_path, '[custom]\nchecks = [\n  {id = "ok", target = "!!"},\n  {id = "broken", target = "(open"},\n]\n')
    code, out, err = check(capsys, "--config", cfg, po(tmp_path / "a.po", ("Hi", "Chào")))
    line = one_line(err)
    assert code == 2 and out == ""
    assert line.startswith(f"tqa: {cfg}:4:") and "custom.checks" in line and "broken" in line and "regular expression" in line


def test_unknown_custom_category_is_refused(tmp_path, capsys):
    cfg = config(tmp_path, '[custom]\nchecks = [{id = "x", target = "a", category = "Beauty"}]\n')
    code, _, err = check(capsys, "--config", cfg, po(tmp_path / "a.po", ("Hi", "Chào")))
    assert code == 2 and "MQM" in one_line(err)


def test_ratio_band_that_is_not_a_number(tmp_path, capsys):
    cfg = config(tmp_path, '[length]\nmin-source-chars = 10\nratio = {"en-vi" = [0.5, "two"]}\n')
    code, _, err = check(capsys, "--config", cfg, po(tmp_path / "a.po", ("Hi", "Chào")))
    line = one_line(err)
    assert code == 2 and line.startswith(f"tqa: {cfg}:3:") and "length.ratio" in line


def test_unknown_dictionary_folder(tmp_path, capsys):
    code, _, err = check(capsys, "--isolated", "--extend-select", "SPL", "--dictionary", tmp_path / "nowhere",
                         po(tmp_path / "a.po", ("Quit", "Thoát")))
    line = one_line(err)
    assert code == 2 and "spelling.dictionaries" in line and "does not exist" in line


def test_dictionary_in_a_broken_encoding(tmp_path, capsys):
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "vi_VN.aff").write_bytes(b"SET UTF-8\nTRY \xff\xfe\xfa\n")
    (folder / "vi_VN.dic").write_bytes(b"2\nTho\xe1t\nm\xff\n")
    code, _, err = check(capsys, "--isolated", "--extend-select", "SPL", "--dictionary", folder,
                         po(tmp_path / "a.po", ("Quit", "Thoát")))
    line = one_line(err)
    assert code == 2 and "spelling.dictionaries" in line and "cannot be read" in line


def test_own_dictionary_folder_is_used(tmp_path, capsys):
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "vi_VN.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (folder / "vi_VN.dic").write_text("2\nThoát\nra\n", encoding="utf-8")
    code, out, _ = check(capsys, "--isolated", "--select", "SPL", "--dictionary", folder,
                         po(tmp_path / "a.po", ("Quit", "Thoat ra"), ("Exit", "Thoát ra")))
    found = findings(out)
    assert code == 1 and [f["rule_id"] for f in found] == ["SPL001"]
    assert "'Thoat'" in found[0]["message"]


def test_length_limits_read_from_xliff(tmp_path, capsys):
    x1 = tmp_path / "a.xlf"
    x1.write_text(
        '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" '
        'xmlns:its="http://www.w3.org/2005/11/its">\n<file original="a" source-language="en" target-language="vi" '
        'datatype="plaintext"><body>\n<trans-unit id="1" maxwidth="4" size-unit="char"><source>Exit</source>'
        '<target>Thoát ra</target></trans-unit>\n<trans-unit id="2" its:storageSize="5"><source>Exit</source>'
        '<target>Thoát</target></trans-unit>\n</body></file></xliff>\n', encoding="utf-8")
    x2 = tmp_path / "b.xlf"
    x2.write_text(
        '<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'xmlns:slr="urn:oasis:names:tc:xliff:sizerestriction:2.0" srcLang="en" trgLang="vi">\n<file id="f">'
        '<unit id="1" slr:sizeRestriction="5"><segment><source>Exit</source><target>Thoát ra</target></segment></unit>\n'
        '<unit id="2" slr:storageRestriction="20"><segment><source>Exit</source><target>Thoát ra</target></segment></unit>'
        '</file></xliff>\n', encoding="utf-8")
    code, out, _ = check(capsys, "--isolated", "--select", "LEN001", x1, x2)
    found = findings(out)
    assert code == 1
    assert sorted((f["location"]["file"].rsplit("/", 1)[-1], f["location"]["unit_id"]) for f in found) == [
        ("a.xlf", "1"), ("a.xlf", "2"), ("b.xlf", "1")]


def test_changed_url_is_url001_not_omi008(tmp_path, capsys):
    a = po(tmp_path / "a.po", ("Look at the installation instructions at http://kb2.adobe.com/cps/153/tn_15380.html",
                               "Xem hướng dẫn cài đặt tại hhttp://kb2.adobe.com/cps/153/tn_15380.html/"))
    code, out, _ = check(capsys, "--isolated", "--select", "URL001,OMI008", a)
    assert [f["rule_id"] for f in findings(out)] == ["URL001"]


def test_consistency_groups_only_for_the_rules_that_are_on(tmp_path, capsys):
    from qa_core.config import load_config
    from qa_core.testing import default_plugins
    from qa_core.check import CheckContext
    from tqa_plugins.everyday.consistency import Consistency, _directions

    def directions(config):
        return _directions(CheckContext(None, Consistency(), config))

    checks = default_plugins().checks
    (tmp_path / "tqa.toml").write_text('extend-select = ["CON002"]\n', encoding="utf-8")
    assert directions(load_config(checks, isolated=True)) == (True, False)  # CON002 is off by default
    assert directions(load_config(checks, start=str(tmp_path))) == (True, True)
    # a PO file runs as software strings (CON001 off), but a run with a document compares as documents
    software = load_config(checks, start=str(tmp_path)).with_profile("software")
    assert directions(software) == (True, True)
    # CON002 still finds different sources that share a translation, in a file and across files
    a = po(tmp_path / "a.po", ("Access", "Truy cập"), ("Entry", "Truy cập"))
    b = po(tmp_path / "b.po", ("Open", "Mở"))
    c = po(tmp_path / "c.po", ("Start", "Mở"))
    code, out, _ = check(capsys, "--isolated", "--select", "CON002", a, b, c)
    found = findings(out)
    assert code == 1 and [f["rule_id"] for f in found] == ["CON002", "CON002"]
    assert "Truy cập" in found[0]["message"] and "Mở" in found[1]["message"]

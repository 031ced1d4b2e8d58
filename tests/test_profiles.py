"""Checking profiles (issue 19): software strings run without the rules measured noisy on
them; documents run every default rule; `--checking-profile` and the `profile` key choose."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_tqa
from qa_core.config import load_config, profile_for_format
from qa_core.errors import ConfigError, UsageError
from qa_core.rules import Rule, Severity
from qa_core.testing import default_plugins

PLUGINS = default_plugins()
#: measured noisy on software strings, and (BAS009, PUN006) the two classes judged arguable there
SOFTWARE_OFF = {"BAS009", "CAP002", "CON001", "LNG001", "MKP003", "NUM001", "NUM002", "NUM004", "NUM007", "NUM008",
                "OMI005", "OMI006", "OMI007", "OMI008", "OMI009", "OMI012", "PLR001", "PUN005", "PUN006", "URL001"}

# a number dropped from a translated string: NUM001 in a document, not in software strings
PO = '''msgid ""
msgstr ""
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Keep the last 30 days of history."
msgstr "Giữ lịch sử của những ngày gần đây."
'''

XLIFF = '''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="notes.txt" source-language="en" target-language="vi" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>Keep the last 30 days of history.</source>
        <target>Giữ lịch sử của những ngày gần đây.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
'''


def tqa(capsys, *args):
    return run_tqa(capsys, *args)


def report(capsys, *args):
    code, out, err = tqa(capsys, "check", "--isolated", "--fail-on", "never", "-f", "json", "-j", "1", *args)
    assert code == 0, err
    data = json.loads(out)
    return data, {f["rule_id"] for f in data["findings"]}


@pytest.fixture()
def po(tmp_path):
    path = tmp_path / "vi.po"
    path.write_text(PO, encoding="utf-8")
    return path


def test_the_software_profile_leaves_out_the_rules_measured_noisy_on_software_strings():
    off = {r.id for r in PLUGINS.rules if r.default and not r.default_in("software")}
    assert off == SOFTWARE_OFF
    assert all(r.default_in("document") for r in PLUGINS.rules if r.default)


def test_formats_decide_the_profile():
    for name in ("po", "mo", "ts", "resource:json", "resource:android", "resource:arb"):
        assert profile_for_format(name) == "software", name
    for name in ("xliff1", "xliff2", "tmx", "aligned text/text", "text", "case"):
        assert profile_for_format(name) == "document", name


def test_a_po_file_runs_the_software_profile(capsys, po):
    data, rules = report(capsys, str(po))
    assert "NUM001" not in rules
    assert data["inputs"][0]["profile"] == "software"
    assert data["run"]["config"]["profile"] == "auto"


def test_profile_document_brings_the_rules_back(capsys, po):
    data, rules = report(capsys, "--checking-profile", "document", str(po))
    assert "NUM001" in rules
    assert data["inputs"][0]["profile"] == "document"


def test_a_rule_named_by_a_selection_runs_in_the_software_profile(capsys, po):
    assert "NUM001" in report(capsys, "--extend-select", "NUM001", str(po))[1]
    assert "NUM001" in report(capsys, "--select", "NUM", str(po))[1]
    assert "NUM001" not in report(capsys, "--select", "NUM003", str(po))[1]


def test_the_profile_key_of_the_configuration_file(capsys, po, tmp_path):
    (tmp_path / "tqa.toml").write_text('profile = "document"\n', encoding="utf-8")
    code, out, err = tqa(capsys, "check", "--config", str(tmp_path / "tqa.toml"), "--fail-on", "never", "-f", "json", str(po))
    assert code == 0, err
    assert "NUM001" in {f["rule_id"] for f in json.loads(out)["findings"]}
    # the command line beats the file
    code, out, err = tqa(capsys, "check", "--config", str(tmp_path / "tqa.toml"), "--checking-profile", "software",
                         "--fail-on", "never", "-f", "json", str(po))
    assert "NUM001" not in {f["rule_id"] for f in json.loads(out)["findings"]}


def test_an_xliff_file_keeps_the_document_profile(capsys, tmp_path):
    path = tmp_path / "notes.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    data, rules = report(capsys, str(path))
    assert "NUM001" in rules
    assert data["inputs"][0]["profile"] == "document"
    data, rules = report(capsys, "--checking-profile", "software", str(path))
    assert "NUM001" not in rules


def test_a_mixed_run_checks_each_file_with_its_own_profile(capsys, po, tmp_path):
    path = tmp_path / "notes.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    data, _ = report(capsys, str(po), str(path))
    by_file = {}
    for f in data["findings"]:
        by_file.setdefault(f["location"]["file"].rsplit("/", 1)[-1], set()).add(f["rule_id"])
    assert "NUM001" in by_file["notes.xlf"]
    assert "NUM001" not in by_file.get("vi.po", set())
    assert {i["profile"] for i in data["inputs"]} == {"software", "document"}


def test_a_bad_profile_is_refused(tmp_path, capsys, po):
    (tmp_path / "tqa.toml").write_text('profile = "docs"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="profile"):
        load_config(PLUGINS.checks, start=str(tmp_path))
    with pytest.raises(UsageError, match="profile"):
        load_config(PLUGINS.checks, isolated=True, cli={"profile": "docs"})
    code, _, err = tqa(capsys, "check", "--isolated", "--checking-profile", "docs", str(po))
    assert code == 2 and "--checking-profile" in err


def test_a_rule_names_only_known_profiles():
    with pytest.raises(UsageError, match="profiles"):
        Rule("ABC001", "some-rule", Severity.MINOR, "Accuracy", "x", profiles=("prose",))


def test_tqa_rule_says_where_the_rule_runs_by_default(capsys):
    code, out, _ = tqa(capsys, "rule", "NUM001")
    assert code == 0 and "runs by default on: documents\n" in out
    code, out, _ = tqa(capsys, "rule", "BAS003")
    assert "runs by default on: documents and software strings" in out
    code, out, _ = tqa(capsys, "rules", "--json", "NUM")
    listed = {r["id"]: r["default_in"] for r in json.loads(out)}
    assert listed["NUM001"] == ["document"] and listed["NUM003"] == ["document", "software"]


def test_a_baseline_entry_of_a_rule_the_profile_leaves_out_is_not_stale(capsys, po, tmp_path):
    baseline = tmp_path / "baseline.json"
    code, _, err = tqa(capsys, "check", "--isolated", "--checking-profile", "document", "--write-baseline", str(baseline), str(po))
    assert code == 0, err
    assert "NUM001" in baseline.read_text(encoding="utf-8")
    data, rules = report(capsys, "--baseline", str(baseline), str(po))
    assert "TQA011" not in rules  # NUM001 did not run on these software strings: nothing could have fixed it
    data, rules = report(capsys, "--baseline", str(baseline), "--checking-profile", "document", str(po))
    assert not rules & {"NUM001", "TQA011"}


# ----- the profile from what a file holds (qa_core.readers.content) ---------------------

from qa_core.readers.content import document_reference, po_profile, xliff_profile  # noqa: E402

HEADER = PO.split("\n\n")[0] + "\n\n"
NUMBER_DROPPED = 'msgid "Keep the last 30 days of history."\nmsgstr "Giữ lịch sử của những ngày gần đây."\n'


def po_with(comments: str) -> str:
    """PO with the header, then the number-dropping entry under `comments`."""
    return HEADER + comments + NUMBER_DROPPED


def test_references_that_name_document_sources():
    for ref in (b"C/index.page:10(media)", b"C/evince.xml:25(title)", b"../src/xz/xz.1", b"man/tool.8:12",
                b"doc/intro.adoc:4", b"README.md", b"doc/guide.texi:100", b"lib/Foo.pod:3", b"doc/conf.rst:12",
                b"perl/Foo.3pm"):
        assert document_reference(ref), ref
    for ref in (b"src/main.c:12", b"data/org.example.gschema.xml:4", b"ui/window.ui:30", b"app.py:8",
                b"data/app.desktop.in:3", b"Makefile", b"lib/v1.2/x.js:1"):
        assert not document_reference(ref), ref


def test_a_catalogue_of_documentation_is_a_document():
    itstool = po_with("#. (itstool) path: page/title\n#: C/backup.page:20\n")
    po4a = po_with("#. type: TH\n#: ../doc/tool.1:1 ../doc/other.1:1\n")
    assert po_profile(itstool.encode()) == "document"
    assert po_profile(po4a.encode()) == "document"
    assert po_profile(po_with("#: C/help.xml:25(para)\n").encode()) == "document"
    # program sources, or a schema's .xml without itstool's element: the format's profile
    assert po_profile(po_with("#: src/history.c:40\n").encode()) is None
    assert po_profile(po_with("#: data/app.gschema.xml:4\n").encode()) is None
    assert po_profile(HEADER.encode()) is None  # no reference: nothing says otherwise
    # most references decide
    assert po_profile(po_with("#: C/a.page:3 src/a.c:4 src/b.c:5\n").encode()) is None
    assert po_profile(po_with("#: C/a.page:3 C/b.page:4 src/b.c:5\n").encode()) == "document"


def test_a_plain_text_file_goes_with_what_else_the_catalogue_names():
    # NetworkManager-openconnect: a strings file gathered from the program, beside its sources
    strings = "".join(f"#: ../openconnect-strings.txt:{n}\n" for n in range(1, 40))
    assert po_profile(po_with(strings + "#: ../auth-dialog/main.c:12 ../properties/dialog.ui.h:3\n").encode()) is None
    # alone, it is a document's (Sphinx sources written as .txt); under po4a's comments too
    assert po_profile(po_with("#: docs/intro.txt:12 docs/faq.txt:3\n").encode()) == "document"
    assert po_profile(po_with("#. type: Plain text\n#: README.txt:4\n").encode()) == "document"
    # with documents beside it, the documents decide as before
    assert po_profile(po_with(strings + "#: C/a.page:3 src/a.c:4\n").encode()) is None
    assert po_profile(po_with(strings + "#: C/a.page:3 C/b.page:4 src/a.c:4\n").encode()) == "document"


def test_a_po_file_of_documentation_runs_the_document_profile(capsys, tmp_path):
    path = tmp_path / "help-vi.po"
    path.write_text(po_with("#. (itstool) path: page/p\n#: C/history.page:12\n"), encoding="utf-8")
    data, rules = report(capsys, str(path))
    assert "NUM001" in rules
    assert data["inputs"][0]["profile"] == "document"
    data, rules = report(capsys, "--checking-profile", "software", str(path))
    assert "NUM001" not in rules  # a profile named on the command line wins


def test_xliff_made_from_software_strings():
    assert xliff_profile("po", None) == "software"
    assert xliff_profile("x-gettext", "messages") == "software"
    assert xliff_profile("plaintext", "App/Base.lproj/Localizable.strings") == "software"
    assert xliff_profile(None, "app/src/main/res/values/strings.xml") == "software"
    assert xliff_profile("plaintext", "notes.txt") is None
    assert xliff_profile("xml", "manual.xml") is None
    assert xliff_profile(None, None) is None


XLIFF2 = '''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="vi">
  <file id="f1" original="{original}">
    <unit id="1"><segment>
      <source>Keep the last 30 days of history.</source>
      <target>Giữ lịch sử của những ngày gần đây.</target>
    </segment></unit>
  </file>
</xliff>
'''


@pytest.mark.parametrize("name, text, profile", [
    ("po.xlf", XLIFF.replace('original="notes.txt"', 'original="vi.po"').replace('"plaintext"', '"po"'), "software"),
    ("strings.xlf", XLIFF.replace('original="notes.txt"', 'original="en.lproj/Localizable.strings"'), "software"),
    ("notes.xlf", XLIFF, "document"),
    ("res.xlf", XLIFF2.format(original="res/values/strings.xml"), "software"),
    ("guide.xlf", XLIFF2.format(original="guide.html"), "document"),
])
def test_an_xliff_file_takes_its_profile_from_its_first_file(capsys, tmp_path, name, text, profile):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data, rules = report(capsys, str(path))
    assert data["inputs"][0]["profile"] == profile
    assert ("NUM001" in rules) == (profile == "document")


def test_the_text_and_html_reports_say_which_profile_ran(capsys, po, tmp_path):
    help_po = tmp_path / "help-vi.po"
    help_po.write_text(po_with("#: C/history.page:12(p)\n"), encoding="utf-8")
    code, out, err = tqa(capsys, "check", "--isolated", "--fail-on", "never", "-j", "1", str(po))
    assert "Checking profile: software.\n" in out
    code, out, err = tqa(capsys, "check", "--isolated", "--fail-on", "never", "-j", "1", str(po), str(help_po))
    assert f"Checking profiles: document for {help_po}; software for {po}." in out
    code, out, err = tqa(capsys, "check", "--isolated", "--fail-on", "never", "-j", "1", "-f", "html", str(help_po))
    assert "checking profile document" in out


def test_the_cross_file_part_follows_the_profiles_the_inputs_ran_with():
    config = load_config(PLUGINS.checks, isolated=True)
    assert config.for_run(["software", "software"]).resolved_profile == "software"
    assert config.for_run(["software", "document"]).resolved_profile == "document"
    # a PO catalogue of documentation found by its reader counts as a document
    assert config.for_document("po", "document").resolved_profile == "document"
    assert config.for_document("xliff1", "software").resolved_profile == "software"
    assert config.for_document("po").resolved_profile == "software"
    assert load_config(PLUGINS.checks, isolated=True, cli={"profile": "software"}).for_document("po", "document").resolved_profile == "software"

"""Monolingual resource files: readers keep line and column, layouts pair files,
pairs become units by key, the CLI checks a repository, bad input is one line."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from qa_core.errors import InputError
from qa_core.plurals import plural_categories
from qa_core.resources.icu import IcuSyntaxError, parse, walk
from qa_core.resources.layouts import find_pairs, place
from qa_core.resources.parsers import read_resource
from qa_core.text import placeholders, unit_placeholder_styles

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "l10n-repo"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
    return path


def entries(path: Path, format: str) -> dict:
    return {e.key: e for e in read_resource(str(path), format).entries}


# ---------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------


def test_json_nested_keys_lines_columns_and_i18next_plurals(tmp_path):
    path = write(tmp_path, "en.json", """
        {
          "nav": {"home": "Home",
                  "items_one": "{{count}} item", "items_other": "{{count}} items"},
          "msg": {"message": "Chrome text", "description": "a note"},
          "esc": "a\\tb"
        }
    """)
    got = entries(path, "json")
    assert (got["nav.home"].line, got["nav.home"].column, got["nav.home"].exact) == (2, 20, True)
    assert got["nav.items_one"].plural == "one" and got["nav.items_one"].base_key == "nav.items"
    assert got["msg"].value == "Chrome text" and got["msg"].note == "a note"
    assert got["esc"].value == "a\tb" and not got["esc"].exact


def test_formatjs_default_message(tmp_path):
    path = write(tmp_path, "en.json", '{"app.title": {"defaultMessage": "Hi {name}", "description": "greeting"}}')
    got = entries(path, "json")
    assert got["app.title"].value == "Hi {name}" and got["app.title"].note == "greeting"


def test_yaml_rails_root_plural_and_columns(tmp_path):
    path = write(tmp_path, "vi.yml", """
        vi:
          hello: "Xin chào %{name}"
          inbox:
            other: "%{count} thư"
          count: 5
          plain: Chào
    """)
    resource = read_resource(str(path), "yaml")
    got = {e.key: e for e in resource.entries}
    assert resource.source_lang == "vi"
    assert (got["hello"].line, got["hello"].column) == (2, 11)
    assert got["inbox[other]"].plural == "other" and got["inbox[other]"].base_key == "inbox"
    assert "count" not in got  # a number is not text
    assert (got["plain"].line, got["plain"].column, got["plain"].exact) == (6, 10, True)


def test_android_string_plurals_array_translatable_xliff_g(tmp_path):
    path = write(tmp_path, "values/strings.xml", """
        <?xml version="1.0" encoding="utf-8"?>
        <resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">
            <!-- the app's name -->
            <string name="app" translatable="false">Notes</string>
            <string name="hello">Hello <xliff:g id="n">%1$s</xliff:g>!</string>
            <string name="quote">\\"Don\\'t\\" stop\\n</string>
            <plurals name="files"><item quantity="one">%d file</item><item quantity="other">%d files</item></plurals>
            <string-array name="days"><item>Mon</item><item>Tue</item></string-array>
        </resources>
    """)
    got = entries(path, "android")
    assert not got["app"].translatable and got["app"].note == "the app's name"
    assert got["hello"].value == "Hello %1$s!" and got["hello"].placeholders == ((6, 10),)
    assert got["quote"].value == '"Don\'t" stop\n'
    assert got["files[one]"].plural == "one" and got["files[other]"].line == 7
    assert got["days[1]"].value == "Tue"


def test_strings_comments_escapes_utf16(tmp_path):
    text = '/* Title */\n"title" = "Hello \\"you\\"";\n"plain" = "Plain";\n'
    path = tmp_path / "Localizable.strings"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    got = entries(path, "strings")
    assert got["title"].value == 'Hello "you"' and got["title"].note == "Title"
    assert (got["plain"].line, got["plain"].column, got["plain"].exact) == (3, 12, True)


def test_properties_unicode_escapes_continuation_and_latin1(tmp_path):
    path = write(tmp_path, "messages_vi.properties", "# note\na = Caf\\u00e9 {0}\nb: one \\\n    two\n")
    got = entries(path, "properties")
    assert got["a"].value == "Café {0}" and got["a"].note == "note" and got["a"].line == 2
    assert got["b"].value == "one two"
    latin = tmp_path / "m_fr.properties"
    latin.write_bytes("k=Café\n".encode("iso-8859-1"))
    resource = read_resource(str(latin), "properties")
    assert resource.entries[0].value == "Café"
    assert "ISO-8859-1" in resource.warnings[0].message


def test_arb_stringsdict_xcstrings_resx_ftl():
    arb = entries(SAMPLE / "flutter/lib/l10n/app_en.arb", "arb")
    assert arb["inviteCount"].note == "Count of friends invited to the app" and "@inviteCount" not in arb
    sd = entries(SAMPLE / "ios/App/en.lproj/Localizable.stringsdict", "stringsdict")
    assert sd["attachments.count"].value == "%#@files@"
    assert sd["attachments.count:files[one]"].plural == "one"
    catalog = read_resource(str(SAMPLE / "ios/App/Localizable.xcstrings"), "xcstrings")
    assert catalog.source_lang == "en"
    en = {e.key: e for e in catalog.languages["en"]}
    assert en["Move to folder"].value == "Move to folder"  # no localization: the key is the text
    assert en["Edited %lld times[one]"].value == "Edited once"
    resx = entries(SAMPLE / "dotnet/Properties/Resources.resx", "resx")
    assert resx["ReminderSet"].note.startswith("{0} is a time")
    ftl = entries(SAMPLE / "fluent/locales/en/main.ftl", "ftl")
    assert ftl["notes-left.title"].value == "Notes you can still create"
    assert ftl["welcome"].note == "Shown on the first start" and ftl["welcome"].line == 3


# ---------------------------------------------------------------------------
# Bad input: one line with file, line and column
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, format, data, line, column, words",
    [
        ("vi.json", "json", b'{"a": "A",\n "b": "B",\n}', 3, 1, "trailing comma"),
        ("vi.json", "json", b'{"a": "A\n"}', 1, 7, "not closed"),
        ("vi.yml", "yaml", b'vi:\n  a: "A\n  b: [\n', 4, 1, "YAML syntax error"),
        ("values-vi/strings.xml", "android", b'<resources><string name="a">A</strin></resources>', 1, 38, "XML syntax error"),
        ("vi.strings", "strings", b'"a" = "A"\n"b" = "B";', 2, 2, "';' is missing"),
        ("vi.ftl", "ftl", b"a = A\n!!\n", 2, 1, "Fluent syntax error"),
        ("vi.json", "json", b'{"a": "\xff"}', 1, None, "not UTF-8"),
        ("m_vi.properties", "properties", "a=b\n".encode("utf-16-le"), 1, None, "NUL bytes"),
    ],
)
def test_bad_input_names_the_place(tmp_path, name, format, data, line, column, words):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_resource(str(path), format)
    assert caught.value.line == line and caught.value.column == column
    assert words in str(caught.value)


def test_duplicate_keys_are_warnings(tmp_path):
    path = write(tmp_path, "vi.json", '{"a": "1",\n "a": "2"}')
    resource = read_resource(str(path), "json")
    assert [e.value for e in resource.entries] == ["2"]
    assert resource.warnings[0].line == 2 and "duplicate key 'a'" in resource.warnings[0].message


# ---------------------------------------------------------------------------
# Layouts and pairing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, layout, lang",
    [
        ("locales/vi.json", "locales/{lang}.json", "vi"),
        ("locales/pt_BR.json", "locales/{lang}.json", "pt-BR"),
        ("public/locales/vi/common.json", "public/locales/{lang}/common.json", "vi"),
        ("res/values-vi/strings.xml", "res/values-{lang}/strings.xml", "vi"),
        ("res/values-pt-rBR/strings.xml", "res/values-{lang}/strings.xml", "pt-BR"),
        ("res/values-b+sr+Latn/strings.xml", "res/values-{lang}/strings.xml", "sr-Latn"),
        ("res/values/strings.xml", "res/values-{lang}/strings.xml", None),
        ("App/vi.lproj/Localizable.strings", "App/{lang}.lproj/Localizable.strings", "vi"),
        ("src/messages_vi.properties", "src/messages{sep}{lang}.properties", "vi"),
        ("src/messages.properties", "src/messages{sep}{lang}.properties", None),
        ("lib/l10n/app_vi.arb", "lib/l10n/app{sep}{lang}.arb", "vi"),
        ("config/locales/devise.vi.yml", "config/locales/devise{sep}{lang}.yml", "vi"),
        ("Properties/Resources.vi.resx", "Properties/Resources{sep}{lang}.resx", "vi"),
        ("_locales/vi/messages.json", "_locales/{lang}/messages.json", "vi"),
    ],
)
def test_place_finds_the_language(path, layout, lang):
    placed = place(path)
    assert placed is not None and (placed.layout, placed.lang) == (layout, lang)


@pytest.mark.parametrize("path", ["package.json", "src/index.json", "res/values-night/colors.xml", "res/layout/main.xml", "src/app/config.yml"])
def test_place_ignores_files_without_a_language(path):
    assert place(path) is None


def test_find_pairs_in_the_sample_repository():
    plan = find_pairs(str(SAMPLE), "en", [{"source": "strings/source/*.json", "target": "strings/{lang}/{stem}.json"}])
    got = {(os.path.relpath(p.source, SAMPLE), os.path.relpath(p.target, SAMPLE), p.target_lang) for p in plan.pairs}
    assert ("web/locales/en.json", "web/locales/vi.json", "vi") in got
    assert ("android/app/src/main/res/values/strings.xml", "android/app/src/main/res/values-ru/strings.xml", "ru") in got
    assert ("java/src/main/resources/messages.properties", "java/src/main/resources/messages_vi.properties", "vi") in got
    assert ("ios/App/Localizable.xcstrings", "ios/App/Localizable.xcstrings", "vi") in got
    assert ("strings/source/onboarding.json", "strings/vi/onboarding.json", "vi") in got
    formats = {p.format for p in plan.pairs}
    assert formats == {"json", "android", "strings", "stringsdict", "xcstrings", "properties", "arb", "yaml", "resx", "ftl"}


def test_layout_without_source_is_a_note(tmp_path):
    write(tmp_path, "locales/vi.json", '{"a": "A"}')
    write(tmp_path, "locales/fr.json", '{"a": "A"}')
    plan = find_pairs(str(tmp_path), "en")
    assert not plan.pairs and "no file in the source language en" in plan.notes[0]


# ---------------------------------------------------------------------------
# ICU, plurals, placeholder dialects
# ---------------------------------------------------------------------------


def test_icu_parse_nested_and_errors():
    pattern = parse("{a, plural, offset:1 =0 {none} one {{b} and #} other {{b, select, x {X} other {Y}}}}")
    assert [(a.name, a.type) for a in walk(pattern)] == [("a", "plural"), ("b", None), ("b", "select")]
    with pytest.raises(IcuSyntaxError) as caught:
        parse("{a, plural, one {x} one {y} other {z}}")
    assert caught.value.offset == 20


def test_plural_categories_from_cldr():
    assert plural_categories("ru") == ("one", "few", "many", "other")
    assert plural_categories("ja") == ("other",)
    assert plural_categories("ar")[0] == "zero"
    assert "other" in plural_categories("vi")


class _Unit:
    def __init__(self, **props):
        self.props = props
        self.file = type("F", (), {"attrs": tuple(props.pop("file_attrs", ()))})()

    def get(self, key, default=None):
        return self.props.get(key, default)

    @property
    def flags(self):
        from qa_core.model import Unit

        return Unit.flags.fget(self)


@pytest.mark.parametrize(
    "props, styles",
    [
        ({"po:flags": "fuzzy, qt-format"}, {"qt"}),
        ({"po:flags": "python-brace-format"}, {"brace"}),
        ({"po:flags": "php-format"}, {"printf"}),
        ({"restype": "x-icu"}, {"icu"}),
        ({"file_attrs": [("datatype", "javaproperties")]}, {"java", "printf"}),
        ({"placeholder-styles": "ruby,printf"}, {"ruby", "printf"}),
        ({}, None),
    ],
)
def test_styles_from_the_files_own_flags(props, styles):
    got = unit_placeholder_styles(_Unit(**props))
    assert (set(got) if got is not None else None) == styles


def test_numbers_never_see_qt_placeholders():
    from qa_core.quantities import extract

    assert len(extract("Giảm %2 còn %1 mục, %L3 tệp", "vi")) == 0
    assert len(extract("Giảm 2 còn 1 mục", "vi")) == 2


def test_laravel_and_vue_only_when_chosen():
    assert placeholders("Note: the time") == []
    assert [p.key for p in placeholders("Hi :name, see @:common.save", styles=frozenset({"laravel", "vue-link"}))] == [":name", "@:common.save"]


# ---------------------------------------------------------------------------
# The command line on a repository
# ---------------------------------------------------------------------------


def tqa(*args: str, cwd: Path) -> tuple[int, str, str]:
    import contextlib
    import io

    from qa_core.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--isolated", "--no-entry-points", "--color", "never", *args])
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def repo(tmp_path):
    write(tmp_path, "locales/en.json", """
        {
          "save": "Save changes",
          "hello": "Hello, {{name}}!",
          "bye": "See you soon"
        }
    """)
    write(tmp_path, "locales/vi.json", """
        {
          "save": "Save changes",
          "hello": "Xin chào, {{ten}}!",
          "old": "Cũ"
        }
    """)
    return tmp_path


def test_check_repository_json_report(repo):
    code, out, err = tqa("locales", "--source-lang", "en", "-f", "json", cwd=repo)
    assert code == 1, err
    findings = {(f["rule_id"], f["location"]["unit_id"]): f for f in json.loads(out)["findings"]}
    assert set(findings) == {("RES003", "save"), ("BAS003", "hello"), ("RES001", "bye"), ("RES002", "old")}
    missing = findings[("RES001", "bye")]["location"]
    assert missing["file"] == "locales/vi.json" and missing["target"]["line"] == 3
    assert missing["source"]["path"] == "locales/en.json" and missing["source"]["line"] == 4
    added = findings[("BAS003", "hello")]["location"]["target"]
    assert (added["line"], added["column"]) == (3, 23)


def test_explicit_source_and_target_are_paired_by_key(repo):
    code, out, _ = tqa("--source", "locales/en.json", "--target", "locales/vi.json", "-f", "json", cwd=repo)
    rules = sorted(f["rule_id"] for f in json.loads(out)["findings"])
    assert code == 1 and rules == ["BAS003", "BAS003", "RES001", "RES002", "RES003"]


def test_named_target_file_finds_its_source(repo):
    code, out, _ = tqa("locales/vi.json", "-f", "json", cwd=repo)
    assert code == 1 and len(json.loads(out)["findings"]) == 5


def test_github_sarif_and_baseline(repo):
    code, out, _ = tqa("locales", "-f", "github", cwd=repo)
    assert "::warning file=locales/vi.json,line=3" in out or "file=locales/vi.json,line=3" in out
    code, out, _ = tqa("locales", "-f", "sarif", cwd=repo)
    results = json.loads(out)["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {"locales/vi.json"}
    code, _, _ = tqa("locales", "--write-baseline", "base.json", cwd=repo)
    assert code == 0
    code, out, _ = tqa("locales", "--baseline", "base.json", "-f", "json", cwd=repo)
    assert code == 0 and json.loads(out)["findings"] == []


def test_broken_target_is_one_line_exit_2(repo):
    (repo / "locales/vi.json").write_text('{"save": "Lưu",\n}', encoding="utf-8")
    code, out, err = tqa("locales", cwd=repo)
    assert code == 2 and out == ""
    assert err.strip() == "tqa: locales/vi.json:2:1: JSON syntax error: expected a key in double quotes (a trailing comma?)"


def test_unknown_language_of_explicit_pair_is_exit_2(tmp_path):
    write(tmp_path, "base.json", '{"a": "A"}')
    write(tmp_path, "translated.json", '{"a": "B"}')
    code, _, err = tqa("--source", "base.json", "--target", "translated.json", cwd=tmp_path)
    assert code == 2 and "give --target-lang" in err and "Traceback" not in err
    code, _, err = tqa("--source", "base.json", "--target", "translated.json", "--target-lang", "vi", cwd=tmp_path)
    assert code == 0, err


def test_declared_layout_from_config(tmp_path):
    write(tmp_path, "tqa.toml", '[[resource-layouts]]\nsource = "i18n/base/*.json"\ntarget = "i18n/{lang}/{stem}.json"\n')
    write(tmp_path, "i18n/base/ui.json", '{"a": "Open the file", "b": "Close the file"}')
    write(tmp_path, "i18n/vi/ui.json", '{"a": "Mở tệp"}')
    code, out, err = tqa("--config", "tqa.toml", "i18n", "-f", "json", cwd=tmp_path)
    assert code == 1, err
    assert [(f["rule_id"], f["location"]["unit_id"]) for f in json.loads(out)["findings"]] == [("RES001", "b")]


def test_android_inline_html_keeps_tags_and_their_placeholders(tmp_path):
    path = write(tmp_path, "values/strings.xml", '<resources><string name="faq">See <a href="%2$s">this entry</a> by %1$s</string></resources>')
    value = entries(path, "android")["faq"].value
    assert value == 'See <a href="%2$s">this entry</a> by %1$s'
    assert [p.text for p in placeholders(value, styles=frozenset({"printf"}))] == ["%2$s", "%1$s"]


def test_yaml_alias_bomb_is_refused(tmp_path):
    lines = ["vi:", "  l0: &l0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x, j: x}"]
    for level in range(1, 8):
        ref = f"*l{level - 1}"
        lines.append(f"  l{level}: &l{level} {{" + ", ".join(f"{k}: {ref}" for k in "abcdefghij") + "}")
    path = write(tmp_path, "vi.yml", "\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        read_resource(str(path), "yaml")
    assert "alias" in str(caught.value)


def test_pairs_run_in_worker_processes(repo):
    (repo / "locales/fr.json").write_text((repo / "locales/en.json").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = tqa("locales", "-j", "2", "-f", "json", cwd=repo)
    assert code == 1, err
    report = json.loads(out)
    assert sorted(i["path"] for i in report["inputs"]) == ["locales/fr.json", "locales/vi.json"]
    assert {f["location"]["file"] for f in report["findings"]} == {"locales/fr.json", "locales/vi.json"}


def test_icu_exact_keys_are_not_numbers_nor_placeholders(tmp_path):
    write(tmp_path, "app_en.arb", '{"a": "{n, plural, offset:1 =0 {No files} =1 {One file} other {# files}}"}')
    write(tmp_path, "app_vi.arb", '{"a": "{n, plural, other {# tệp}}"}')
    code, out, err = tqa(".", "-f", "json", cwd=tmp_path)
    assert code == 0 and json.loads(out)["findings"] == [], out
    keys = [(p.text, p.style) for p in placeholders("{n, plural, =0 {none} other {# x}}")]
    assert ("=0", "icu-key") in keys


def test_laravel_json_placeholders(tmp_path):
    write(tmp_path, "lang/en.json", '{"Welcome, :name!": "Welcome, :name!", "Note: see the docs": "Note: see the docs"}')
    write(tmp_path, "lang/vi.json", '{"Welcome, :name!": "Chào mừng, :ten!", "Note: see the docs": "Lưu ý: xem tài liệu"}')
    code, out, _ = tqa("lang", "-f", "json", cwd=tmp_path)
    found = [(f["rule_id"], f["data"].get("placeholder")) for f in json.loads(out)["findings"]]
    assert code == 1 and sorted(found) == [("BAS003", ":name"), ("BAS003", ":ten")]


def test_target_language_the_repository_lacks_is_a_note(tmp_path):
    # found on held-out repositories: `--target-lang vi` where no file is Vietnamese said
    # "the folder holds no supported files" and exited 2
    write(tmp_path, "locales/en.json", '{"a": "Save"}')
    write(tmp_path, "locales/fr.json", '{"a": "Enregistrer"}')
    write(tmp_path, "Localizable.xcstrings", '{"sourceLanguage": "en", "strings": {"Open": {"localizations": {"de": {"stringUnit": {"state": "translated", "value": "Öffnen"}}}}}}')
    plan = find_pairs(str(tmp_path), "en", target_lang="vi")
    assert not plan.pairs and plan.other_langs == {"fr", "de"}
    code, _, err = tqa(".", "--target-lang", "vi", cwd=tmp_path)
    assert code == 0 and "no resource file in vi (target languages found: de, fr)" in err and "no supported files" not in err


def test_a_catalogs_warnings_are_reported_with_the_one_language_asked_for(tmp_path):
    # a String Catalog's warnings go with its first pair; with --target-lang that pair is
    # the first language kept, not the catalog's first language, which may be left out
    write(tmp_path, "Localizable.xcstrings",
          '{"sourceLanguage": "en", "strings": {"Open": {"localizations": {\n'
          ' "de": {"stringUnit": {"state": "translated", "value": "Öffnen"}},\n'
          ' "vi": {"stringUnit": {"state": "translated", "value": "Mở"}}}},\n'
          ' "Open": {}}}')
    plan = find_pairs(str(tmp_path), "en", target_lang="vi")
    assert [p.target_lang for p in plan.pairs] == ["vi"] and plan.pairs[0].source_warnings
    assert plan.other_langs == {"de"}
    code, out, err = tqa(".", "--target-lang", "vi", "-f", "json", cwd=tmp_path)
    assert "duplicate key 'Open'" in out, out + err

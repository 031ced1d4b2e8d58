"""Plural entries of PO files: the source form each msgstr is compared with, the
Plural-Forms parser, CLDR categories, and the text report's unit ids."""

import subprocess
import sys

import pytest

from qa_core.plurals import PluralFormsError, integer_categories, parse_plural_forms, plural_categories

POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
RUSSIAN = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


def _po(tmp_path, header: str, lang: str, forms: list[str], flags: str = "c-format") -> str:
    path = tmp_path / f"{lang}.po"
    body = "".join(f'msgstr[{i}] "{text}"\n' for i, text in enumerate(forms))
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {lang}\\n"\n"Plural-Forms: {header}\\n"\n\n'
        f'#, {flags}\nmsgid "One file"\nmsgid_plural "%d files"\n{body}',
        encoding="utf-8",
    )
    return str(path)


def test_parser_evaluates_c_expressions():
    polish = parse_plural_forms(POLISH)
    assert polish.nplurals == 3
    assert [polish.form(n) for n in (1, 2, 4, 5, 12, 22, 25, 101)] == [0, 1, 1, 2, 2, 1, 2, 2]
    assert parse_plural_forms("nplurals=1; plural=0;").form(7) == 0
    assert parse_plural_forms("nplurals=2; plural=n != 1;").form(0) == 1


@pytest.mark.parametrize("header", [
    "nplurals=3; plural=(n==1 ? 0 : 1;",  # unbalanced
    "nplurals=2; plural=n > 1 ? 0 : 2;",  # a form beyond nplurals
    "nplurals=2 plural=n != 1;",  # no semicolon
    "nplurals=2; plural=import os;",
])
def test_parser_refuses_bad_headers(header):
    with pytest.raises(PluralFormsError):
        parse_plural_forms(header)


def test_cldr_categories():
    assert plural_categories("pl")[-1] == "other" and "few" in plural_categories("pl")
    assert integer_categories("pl") == ("one", "few", "many")
    assert integer_categories("ja") == ("other",)
    assert integer_categories("ja") == ("other",)


def test_each_form_compared_with_the_source_form_it_serves(open_doc, tmp_path):
    by_id = {u.id: u for u in open_doc(_po(tmp_path, POLISH, "pl", ["jeden plik", "%d pliki", "%d plików"])).units()}
    # Polish form 0 serves n=1 only: the singular; forms 1 and 2: the plural
    assert by_id["One file[0]"].source.text == "One file" and by_id["One file[0]"].get("plural-single") == "yes"
    assert by_id["One file[1]"].source.text == "%d files"
    by_id = {u.id: u for u in open_doc(_po(tmp_path, RUSSIAN, "ru", ["%d файл", "%d файла", "%d файлов"])).units()}
    # Russian form 0 also serves 21, 31…: it must hold the number, as msgid_plural does
    assert by_id["One file[0]"].source.text == "%d files" and by_id["One file[0]"].get("plural-single") is None
    by_id = {u.id: u for u in open_doc(_po(tmp_path, "nplurals=1; plural=0;", "vi", ["%d tệp"])).units()}
    assert by_id["One file[0]"].source.text == "%d files"


def test_unparsable_header_is_an_input_warning_naming_its_line(tmp_path):
    path = _po(tmp_path, "nplurals=3; plural=(n==1 ? 0 : 1;", "pl", ["jeden plik", "%d pliki", "%d plików"])
    result = subprocess.run([sys.executable, "-m", "qa_core", "check", path, "--select", "TQA002,BAS003"],
                            capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    assert "Plural-Forms header does not parse" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "Plural-Forms" in line)
    assert line.split()[0] == "5"  # the header's Plural-Forms line
    assert "Traceback" not in result.stderr


def test_text_report_shows_context_apart_and_escapes_line_breaks(tmp_path):
    path = tmp_path / "ctx.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
        'msgctxt "menu"\nmsgid "Open the file\\nnow"\nmsgstr ""\n',
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, "-m", "qa_core", "check", str(path), "--select", "BAS001"],
                            capture_output=True, text=True)
    assert "[menu | Open the file\\nnow]" in result.stdout
    assert "\x04" not in result.stdout

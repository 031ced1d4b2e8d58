import pytest

from qa_core.errors import InputError
from tests.conftest import DATA


def test_header_entries_and_properties(open_doc):
    document = open_doc(DATA / "joint_statement_vi.po")
    assert (document.format, document.target_lang, document.source_lang) == ("po", "vi", "en")
    units = list(document.units())
    by_id = {u.id: u for u in units}
    assert len(units) == 8  # header and obsolete entry skipped
    first = by_id["Comprehensive Strategic Partnership"]
    assert first.get("references") == "statement.c:10 statement.c:12"
    assert [(n.category, n.text) for n in first.notes] == [
        ("translator", "Official name: keep capitals."),
        ("developer", "Heading of the statement"),
    ]
    assert first.segments[0].state == "translated"
    assert first.line == 12 and first.segments[0].source_line == 15 and first.segments[0].target_line == 16
    assert by_id["An initial grant of US$%d million"].get("flags") == "c-format"


def test_fuzzy_context_plural_and_untranslated(open_doc):
    by_id = {u.id: u for u in open_doc(DATA / "joint_statement_vi.po").units()}
    fuzzy = by_id["the %(name)s program"]
    assert (
        fuzzy.get("fuzzy") == "yes"
        and fuzzy.segments[0].state == "initial"
        and fuzzy.segments[0].sub_state == "po:fuzzy"
    )
    assert fuzzy.target.text == "chương trình %(name)s"
    assert fuzzy.get("previous") == 'msgid "Peace Corps"'
    sea = by_id["sea\x04South China Sea"]
    assert sea.get("msgctxt") == "sea"
    plural = by_id["%d scholarship[0]"]
    # a one-form language (nplurals=1): its only form says what msgid_plural says
    assert plural.source.text == "%d scholarships" and plural.target.text == "%d suất học bổng"
    assert by_id["Peace Corps"].target is None
    assert by_id["East Asia Summit"].notes[0].text == "After an obsolete entry"


def test_multiline_strings_and_escapes(open_doc):
    by_id = {u.id: u for u in open_doc(DATA / "joint_statement_vi.po").units()}
    unit = by_id['Both sides welcomed the "Fulbright Program" in Vietnam.\n']
    assert unit.target.text == 'Hai bên hoan nghênh "Chương trình Fulbright" tại Việt Nam.\n'


def test_windows_1251_per_header(open_doc, tmp_path):
    path = tmp_path / "ru.po"
    path.write_bytes(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=windows-1251\\n"\n\nmsgid "Peace Corps"\nmsgstr "Корпус мира"\n'.encode(
            "cp1251"
        )
    )
    units = list(open_doc(path).units())
    assert units[0].target.text == "Корпус мира"


def test_undecodable_bytes_name_the_encoding(open_doc, tmp_path):
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xff\xfe"\n')
    with pytest.raises(InputError) as caught:
        list(open_doc(path).units())
    assert str(caught.value) == f"{path}:5:9: cannot decode as utf-8: byte 0xFF is not valid in that encoding"


def test_syntax_error_has_path_and_line(open_doc, tmp_path):
    path = tmp_path / "broken.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgtsr "d"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.po:5:1: expected msgid, msgstr"):
        list(open_doc(path).units())


@pytest.mark.parametrize(("name", "team", "expected"), [
    ("messages.po", "Vietnamese <team@example.org>", "vi"),  # Language-Team names the language
    ("vi.po", "", "vi"),  # gettext's layout: po/LL.po
    ("pt_BR.po", "", "pt-BR"),
    ("help-de.po", "", "de"),
    ("messages.po", "Translators <team@example.org>", None),  # nothing says: no guess
    ("zz.po", "", None),  # not a language
])
def test_target_language_without_a_language_header(open_doc, tmp_path, name, team, expected):
    header = '"Content-Type: text/plain; charset=UTF-8\\n"\n' + (f'"Language-Team: {team}\\n"\n' if team else "")
    path = tmp_path / name
    path.write_text(f'msgid ""\nmsgstr ""\n{header}\nmsgid "Four pages"\nmsgstr "Bốn trang"\n', encoding="utf-8")
    assert open_doc(path).target_lang == expected

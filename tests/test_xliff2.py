from qa_core.model import CodeKind
from tests.conftest import DATA


def units_of(document):
    return {unit.id: unit for unit in document.units()}


def test_document_languages_version_and_format(open_doc):
    document = open_doc(DATA / "joint_statement.xlf")
    assert (document.format, document.version) == ("xliff2", "2.1")
    assert (document.source_lang, document.target_lang) == ("vi", "en")


def test_files_groups_units_and_notes(open_doc):
    units = units_of(open_doc(DATA / "joint_statement.xlf"))
    title = units["title"]
    assert title.name == "heading"
    assert title.file.id == "f1" and title.file.original == "joint-statement.docx"
    assert title.file.notes[0].text == "Bản dịch thử nghiệm." and title.file.notes[0].category == "publisher"
    note = title.notes[0]
    assert (note.category, note.applies_to, note.priority) == ("terminology", "target", 1)
    assert units["grant"].groups == ("economy",)
    assert units["sea"].groups == ()
    assert units["peace-corps"].translate is False and units["grant"].translate is True


def test_segments_states_and_ignorables(open_doc):
    units = units_of(open_doc(DATA / "joint_statement.xlf"))
    title = units["title"].segments[0]
    assert (title.id, title.state, title.sub_state) == ("s1", "reviewed", "tqa:checked")
    grant = units["grant"]
    assert [s.ignorable for s in grant.segments] == [False, True, False]
    assert grant.state == "initial"  # the least advanced segment
    # the unit's text runs through segments and ignorables; an ignorable keeps its source on the target side
    assert "2 triệu USD {amount}" not in grant.source.text
    assert grant.source.text.startswith("Hoa Kỳ công bố khoản tài trợ ban đầu 2 triệu USD .")
    assert grant.target.text == (
        "The United States announced an initial grant of VND 2 million . "
        "Both sides welcomed & supported the Fulbright Vietnam program."
    )
    assert units["sea"].segments[0].state == "final"


def test_inline_codes_resolve_original_data(open_doc):
    grant = units_of(open_doc(DATA / "joint_statement.xlf"))["grant"]
    codes = grant.segments[0].source.codes
    assert [c.kind for c in codes] == [CodeKind.PC_OPEN, CodeKind.PC_CLOSE, CodeKind.PH]
    assert [c.data for c in codes] == ["<b>", "</b>", "{amount}"]
    assert dict(grant.original_data) == {"d1": "<b>", "d2": "</b>", "d3": "{amount}"}
    assert grant.segments[0].source_line == 25 and grant.segments[0].target_line == 26
    assert grant.line == 18


def test_tolerated_defects_become_warnings(open_doc):
    document = open_doc(DATA / "joint_statement.xlf")
    units = list(document.units())
    messages = [w.message for w in document.warnings]
    assert len(units) == 5  # the unit without an id is kept, under a made-up id
    assert any("no id" in m for m in messages)
    assert any("'state' must be one of" in m and "'done'" in m for m in messages)
    assert units[-1].id == "u5" and units[-1].segments[0].state is None
    # streaming again starts the warnings afresh
    list(document.units())
    assert len(document.warnings) == len(messages)

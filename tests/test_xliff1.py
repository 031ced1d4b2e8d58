from qa_core.model import CodeKind
from qa_core.readers.xliff1 import SDL_NS
from tests.conftest import DATA


def units_of(document):
    return {unit.id: unit for unit in document.units()}


def test_plain_xliff12(open_doc):
    document = open_doc(DATA / "joint_statement_12.xlf")
    assert (document.format, document.version, document.source_lang, document.target_lang) == (
        "xliff1",
        "1.2",
        "en",
        "vi",
    )
    units = units_of(document)
    title = units["1"]
    assert title.name == "title"
    assert title.get("maxwidth") == "80" and title.get("size-unit") == "char"
    assert title.file.notes[0].text == "Written for tqa's tests."
    assert (title.notes[0].category, title.notes[0].applies_to, title.notes[0].priority) == ("reviewer", "target", 2)
    assert len(title.notes) == 1  # alt-trans is not a translation and brings nothing
    assert title.target.text == "Tuyên bố chung về quan hệ Đối tác Chiến lược Toàn diện"
    assert units["2"].groups == ("numbers",)
    assert units["4"].translate is False and units["4"].target is None


def test_states_map_to_xliff2(open_doc):
    units = units_of(open_doc(DATA / "joint_statement_12.xlf"))
    states = {key: (u.segments[0].state, u.segments[0].sub_state) for key, u in units.items()}
    assert states["1"] == ("translated", "xliff1:needs-review-translation")
    assert states["2"] == ("translated", "xliff1:translated")
    assert states["3"] == ("reviewed", "xliff1:signed-off")
    assert states["5"] == (None, "xliff1:x-custom")
    assert states["7"] == ("final", "xliff1:final")


def test_unknown_state_warns_and_empty_target_is_no_target(open_doc):
    document = open_doc(DATA / "joint_statement_12.xlf")
    units = units_of(document)
    assert units["6"].target is None
    assert [w.unit_id for w in document.warnings] == ["6"]
    assert "almost-done" in document.warnings[0].message


def test_inline_codes_map_to_xliff2_kinds(open_doc):
    units = units_of(open_doc(DATA / "joint_statement_12.xlf"))
    g = units["1"].segments[0].source.codes
    assert [c.kind for c in g] == [CodeKind.PC_OPEN, CodeKind.PC_CLOSE]
    assert g[0].attr("{urn:oasis:names:tc:xliff:document:1.2}ctype") == "bold"
    bpt = units["2"].segments[0].source.codes
    assert [(c.kind, c.data) for c in bpt] == [(CodeKind.SC, "<b>"), (CodeKind.EC, "</b>"), (CodeKind.PH, None)]
    assert bpt[1].attr("startRef") == "1" and bpt[0].id == "1"
    it = units["3"].segments[0].source
    assert it.codes[0].kind is CodeKind.SC and it.codes[0].attr("isolated") == "yes" and it.codes[0].data == "<i>"
    assert it.codes[1].kind is CodeKind.PH and it.codes[1].data == "<br/>"
    assert [c.kind for c in it.codes[2:]] == [CodeKind.MRK_OPEN, CodeKind.MRK_CLOSE]
    assert it.codes[2].attr("type") == "term"
    assert it.text == "nearly 30,000 students Fulbright Program"
    bx = units["7"].segments[0].source.codes
    assert [c.kind for c in bx] == [CodeKind.SC, CodeKind.EC, CodeKind.PH]
    assert bx[0].attr("isolated") is None and bx[1].attr("startRef") == "5"


def test_sdlxliff_segments_confirmation_and_lock(open_doc):
    document = open_doc(DATA / "joint_statement.sdlxliff")
    assert document.format == "sdlxliff" and document.target_lang == "vi-VN"
    units = units_of(document)
    a1 = units["a1"]
    real = [s for s in a1.segments if not s.ignorable]
    assert [s.id for s in real] == ["1", "2"]
    assert [(s.state, s.sub_state) for s in real] == [("reviewed", "sdl:ApprovedTranslation"), ("initial", "sdl:Draft")]
    assert dict(real[1].attrs)[f"{{{SDL_NS}}}locked"] == "true"
    assert real[1].source.text == "They noted 30 years." and real[1].target.text == "Họ ghi nhận 20 năm."
    # the <g> around the second segment stays outside it, in the ignorable between
    assert a1.source.text == "The leaders welcomed the upgrade. They noted 30 years."
    assert units["a2"].target is None and units["a2"].segments[0].state == "initial"
    assert units["a3"].translate is False


def test_mqxliff_status(open_doc):
    document = open_doc(DATA / "joint_statement.mqxliff")
    assert document.format == "mqxliff"
    units = units_of(document)
    assert (units["1"].segments[0].state, units["1"].segments[0].sub_state) == ("translated", "mq:ManuallyConfirmed")
    assert units["1"].get("mq:locked") == "locked"
    assert units["2"].target is None and units["2"].state == "initial"
    assert units["3"].state == "reviewed"

from qa_core.model import CodeKind
from tests.conftest import DATA


def test_tmx_units_languages_and_codes(open_doc):
    document = open_doc(DATA / "joint_statement.tmx")
    assert (document.format, document.source_lang, document.target_lang) == ("tmx", "en", "vi")
    units = list(document.units())
    assert [u.id for u in units] == ["jetp", "2", "it"]
    jetp = units[0]
    assert jetp.source.text == "The Just Energy Transition Partnership (JETP)"
    assert [(c.kind, c.data) for c in jetp.source.codes] == [
        (CodeKind.SC, "<b>"),
        (CodeKind.EC, "</b>"),
        (CodeKind.PH, "<br/>"),
    ]
    assert jetp.get("x-domain") == "energy" and jetp.notes[0].text == "Written for tqa's tests."
    assert units[1].target.text == "2 triệu VND tài trợ"
    assert [c.kind for c in units[1].target.codes] == [CodeKind.MRK_OPEN, CodeKind.MRK_CLOSE]
    assert units[2].source.codes[0].attr("isolated") == "yes"
    assert [w.unit_id for w in document.warnings] == ["orphan"]


def test_target_language_option_wins(open_doc):
    document = open_doc(DATA / "joint_statement.tmx", target_lang="fr")
    units = list(document.units())
    assert document.target_lang == "fr"
    assert all(u.target is None for u in units)

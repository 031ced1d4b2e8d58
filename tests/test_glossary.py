"""Glossary loading: tqa's own TBX/CSV/TOML/YAML fixtures, errors with their line,
the shipped glossaries, and the third-party TBX test files of ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa_core.errors import ConfigError, InputError, UsageError
from qa_core.glossary import GlossaryOptions, load_glossary, merge
from qa_core.testing import default_plugins

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "glossaries"
SHARED = Path(os.environ.get("TQA_SHARED_DATA") or ROOT.parent / "shared" / "data")
HOOK = default_plugins().hook


def load(path, **options):
    return load_glossary(str(path), HOOK, GlossaryOptions(**options))


def terms(glossary):
    return {(t.language, t.text): t for _, t in glossary.terms()}


# ----- tqa's own fixtures --------------------------------------------------


@pytest.mark.parametrize("name", ["names-dca.tbx", "names-dct.tbx"])
def test_tbx3_both_styles_read_status_type_and_proper_nouns(name):
    glossary = load(DATA / name)
    assert glossary.format.startswith("tbx3-TBX-Basic-")
    assert not glossary.warnings
    found = terms(glossary)
    assert found[("en", "Peace Corps")].status == "preferred"
    assert found[("en", "Peace Program")].status == "deprecated"
    assert found[("vi", "Đoàn Hòa bình")].line is not None
    peace = glossary.concept("peace-corps")
    assert peace.official  # a properNoun term marks an official name
    assert peace.subject == "exchange programs"
    if name == "names-dca.tbx":
        assert found[("en", "JETP")].is_acronym and found[("en", "JETP")].case_sensitive


def test_tbx2_martif_with_doctype_and_ntig():
    glossary = load(DATA / "names-v2.tbx")
    assert glossary.format == "tbx2" and glossary.name == "Names"
    assert set(terms(glossary)) == {("en", "Fulbright University Vietnam"), ("vi", "Đại học Fulbright Việt Nam")}


def test_tbx_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "evil.tbx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
                    '<martif type="TBX"><text><body/></text></martif>\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load(path)
    assert "declares entities" in str(error.value) and error.value.line == 3


def test_tbx_not_well_formed_names_the_line(tmp_path):
    path = tmp_path / "broken.tbx"
    path.write_text('<?xml version="1.0"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2">\n<text><body>\n'
                    '<conceptEntry id="c"><langSec xml:lang="en"><termSec><term>East Sea</termSec>\n'
                    '</langSec></conceptEntry></body></text></tbx>\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load(path)
    assert error.value.line == 4 and "not well-formed XML" in str(error.value)


def test_xml_that_is_not_tbx(tmp_path):
    path = tmp_path / "terms.tbx"
    path.write_text('<?xml version="1.0"?><glossary><entry/></glossary>', encoding="utf-8")
    with pytest.raises(ConfigError, match="root element is <glossary>"):
        load(path)


def test_csv_with_header_status_and_note():
    glossary = load(DATA / "names.csv")
    found = terms(glossary)
    assert found[("en", "Peace Corps")].status == "preferred"
    assert found[("vi", "Đoàn Hòa bình")].status == "preferred"
    assert found[("en", "Peace Program")].status == "forbidden"
    assert not glossary.warnings


def test_headerless_tsv_needs_the_run_languages():
    with pytest.raises(ConfigError, match="no header row") as error:
        load(DATA / "names-noheader.tsv")
    assert error.value.line == 1
    glossary = load(DATA / "names-noheader.tsv", source_lang="en", target_lang="vi")
    assert ("vi", "Chương trình Fulbright") in terms(glossary)


def test_csv_bad_status_names_the_line(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("en,vi,status\nEast Sea,Biển Đông,preferred\nSouth China Sea,,forbiden\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load(path)
    assert error.value.line == 3 and "'status' must be one of" in str(error.value) and "forbiden" in str(error.value)


def test_yaml_glossary_with_profile_over_shipped_concepts():
    client = load(DATA / "client.yaml")
    assert client.profiles[0].name == "client-a"
    shipped = load(ROOT / "glossary" / "sea-names.toml")
    applied = merge([shipped, client]).with_profile("client-a")
    sea = {t.text: t.status for t in applied.concept("bien-dong").terms_in("en")}
    assert sea == {"East Sea": "preferred", "East Vietnam Sea": "forbidden", "South China Sea": "forbidden"}


@pytest.mark.parametrize(
    "text, line, message",
    [
        ('[[concept]]\nid = "a"\nterms.en = [{ text = "East Sea", status = "prefered" }]\n', 3, "'concept[0].terms.en[0].status' must be one of"),
        ('[[concept]]\nid = "a"\nterms.en = ["East Sea"]\ncolour = "red"\n', 4, "unknown key 'concept[0].colour'"),
        ('[[concept]]\nid = "a"\nterms.en = ["East Sea"]\n\n[[concept]]\nid = "a"\nterms.vi = ["Biển Đông"]\n', 6, "defined twice"),
        ('[[concept]]\nid = "a"\n', 2, "at least one term"),
        ('[[concept]]\nid = "a"\nterms.english = ["East Sea"]\n', 3, "keyed by language codes"),
        ('[[concept]\nid = "a"\n', 1, "invalid TOML"),
        ('[[profile]]\nname = "p"\n[[profile.set]]\nconcept = "a"\nlang = "en"\npreferd = "x"\n', 6, "unknown key 'profile[0].set[0].preferd'"),
    ],
)
def test_toml_errors_name_the_field_and_line(tmp_path, text, line, message):
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load(path)
    assert message in str(error.value)
    assert error.value.line == line, str(error.value)


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("concept:\n  - id: a\n    terms: {en: [East Sea}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML") as error:
        load(path)
    assert error.value.line == 3


def test_unknown_format_and_unknown_profile(tmp_path):
    path = tmp_path / "g.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="no glossary loader"):
        load(path)
    with pytest.raises(UsageError, match="vn-media, vn-official"):
        load(ROOT / "glossary" / "sea-names.toml").with_profile("vn-officail")


# ----- the shipped glossaries ------------------------------------------------


def test_shipped_glossaries_load_clean_and_profiles_apply():
    import tqa_glossary

    official = load(tqa_glossary.path("official-names.toml"))
    sea = load(tqa_glossary.path("sea-names.toml"))
    assert not official.warnings and not sea.warnings
    assert len(official) >= 25
    both = merge([official, sea])
    expected = {
        "vn-official": ("East Sea", "South China Sea", "forbidden"),
        "vn-media": ("East Vietnam Sea", "South China Sea", "forbidden"),
        "us-official": ("South China Sea", "East Sea", "forbidden"),
        "neutral": ("South China Sea", "East Sea", "deprecated"),
    }
    for profile, (preferred, flagged, status) in expected.items():
        applied = both.with_profile(profile)
        sea_terms = {t.text: t.status for t in applied.concept("bien-dong").terms_in("en")}
        assert sea_terms[preferred] == "preferred" and sea_terms[flagged] == status, profile
    assert both.with_profile("neutral").first_mentions
    assert both.with_profile("vn-official").protected


def test_glossary_files_are_package_data():
    """A plain `pip install .` must ship every glossary file (pyproject package-data)."""
    import fnmatch
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["tqa_glossary"]
    for path in (ROOT / "glossary").iterdir():
        if path.name.startswith(("_", ".")) or path.is_dir():
            continue
        assert any(fnmatch.fnmatch(path.name, p) for p in patterns), f"{path.name} is not covered by package-data"


# ----- third-party test files (../shared/data) -----------------------------------

LTAC = SHARED / "tbx-ltac"
OKAPI = SHARED / "okapi-testdata" / "okapi" / "libraries" / "lib-terminology" / "src" / "test" / "resources"


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set TQA_SHARED_DATA)")


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["TBX_test_files/basic_good.tbx", "TBX_test_files/min_good.tbx", "TBX_test_files/core_structure_good.tbx",
                                  "TBX-Basic_dialect/DCA/Example_Astronomy_DCA_VALID.tbx", "TBX-Basic_dialect/DCT/Example_Astronomy_DCT_VALID.tbx"])
def test_ltac_good_files_load_without_warnings(name):
    _need(LTAC / name)
    glossary = load(LTAC / name)
    assert len(glossary) == 45
    assert not glossary.warnings, glossary.warnings


@pytest.mark.shared_data
def test_ltac_poorly_formed_file_is_refused_with_its_line():
    _need(LTAC)
    with pytest.raises(ConfigError) as error:
        load(LTAC / "TBX_test_files" / "poorly_formed_xml.tbx")
    assert error.value.line == 42 and "Opening and ending tag mismatch" in str(error.value)


BAD_EXPECTED = {
    # the "Expected errors" each bad file lists in its header comment -> what tqa says
    "basic_bad.tbx": [(24, "a source must be grouped"), (26, "<transac type='theWrongType'>"),
                      (69, "partOfSpeech 'nominal'"), (97, "a definition may only stand"),
                      (140, "<transacNote type='wrongType'>")],
    "min_bad.tbx": [(21, "<admin type='source'> is not allowed in TBX-Min"), (41, "<xref> is not allowed in TBX-Min"),
                    (803, "usageStatus 'not an allowed value'")],
    "core_structure_bad.tbx": [(15, "must be wrapped in <p>"), (21, "<admin> may not be a direct child of <text>"),
                               (27, "<term> must come first in <termSec>"), (27, "<admin> must have a type attribute"),
                               (32, "only one <term> is allowed per <termSec>"), (46, "only one <descrip> is allowed per <descripGrp>")],
}


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(BAD_EXPECTED))
def test_ltac_bad_files_load_and_report_their_listed_errors(name):
    _need(LTAC)
    glossary = load(LTAC / "TBX_test_files" / name)
    assert len(glossary) == 45
    for line, text in BAD_EXPECTED[name]:
        assert any(w.line == line and text in w.message for w in glossary.warnings), (line, text, glossary.warnings)


@pytest.mark.shared_data
@pytest.mark.parametrize("name, concepts", [("ibm_tbx.tbx", 5), ("maryland.tbx", 1), ("medtronic_TBX.tbx", 3), ("oracle_TBX.tbx", 2),
                                            ("sdl_tbx.tbx", 223), ("test01.tbx", 1), ("test02_win1254.tbx", 1)])
def test_okapi_tbx2_files_load(name, concepts):
    _need(OKAPI / name)
    glossary = load(OKAPI / name)
    assert glossary.format == "tbx2" and len(glossary) == concepts
    if name == "test02_win1254.tbx":
        assert any("ş" in t.text or "ğ" in t.text or "İ" in t.text for _, t in glossary.terms())


@pytest.mark.shared_data
def test_okapi_csv_and_tsv_glossaries():
    _need(OKAPI)
    csv_glossary = load(OKAPI / "test01.csv", source_lang="en", target_lang="fr")
    assert ("en", "source 2") in terms(csv_glossary) and ("fr", "target 3") in terms(csv_glossary)
    tsv = load(OKAPI / "test01.tsv", source_lang="en", target_lang="fr")
    assert ("fr", "trans term 2") in terms(tsv)
    assert any("only one language" in w.message for w in tsv.warnings)
    utf16 = load(OKAPI / "test02_utf16be.tsv", source_lang="en", target_lang="fr")
    assert len(utf16) == 2

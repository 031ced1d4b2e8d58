"""Term matching as users expect it, and the terminology check from the command line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from qa_core.cli import main
from qa_core.glossary import Concept, Glossary, Term
from tqa_plugins.terminology.matcher import TermMatcher
from tqa_plugins.terminology.nearmiss import NearMissFinder

ROOT = Path(__file__).resolve().parents[1]


def glossary(*concepts):
    return Glossary(path="test", format="test", concepts=tuple(concepts))


def concept(cid, *terms, **kwargs):
    return Concept(cid, tuple(Term(text, lang, **extra) for text, lang, extra in terms), **kwargs)


NAMES = glossary(
    concept("peace-corps", ("Peace Corps", "en", {}), ("Đoàn Hòa bình", "vi", {}), kind="program", official=True),
    concept("csp", ("Comprehensive Strategic Partnership", "en", {}), ("Đối tác Chiến lược Toàn diện", "vi", {}), official=True),
    concept("doc", ("DOC", "en", {"type": "acronym"})),
    concept("sea", ("East Sea", "en", {}), ("Biển Đông", "vi", {})),
    concept("us", ("U.S.", "en", {"type": "abbreviation"}), ("Hoa Kỳ", "vi", {})),
    concept("indo", ("Indo-Pacific", "en", {})),
    concept("thuy", ("Thủy lợi", "vi", {})),
)


def found(text, lang, matcher=None):
    matcher = matcher or TermMatcher(NAMES)
    return [(text[m.start:m.end], m.concept.id) for m in matcher.find(text, lang)]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("The Peace Corps's volunteers", "en", [("Peace Corps's", "peace-corps")]),
        ("two Comprehensive Strategic Partnerships", "en", [("Comprehensive Strategic Partnerships", "csp")]),
        ("the PEACE CORPS and the peace corps", "en", [("PEACE CORPS", "peace-corps"), ("peace corps", "peace-corps")]),
        ("a doc file and the DOC", "en", [("DOC", "doc")]),
        ("Seattle East Seaside", "en", []),
        ("the East\nSea", "en", [("East\nSea", "sea")]),
        ("east, sea", "en", []),
        ("the U.S. side", "en", [("U.S.", "us")]),
        ("Indo Pacific and Indo–Pacific", "en", [("Indo Pacific", "indo"), ("Indo–Pacific", "indo")]),
        ("Đoàn Hoà bình và Đoàn Hòa bình", "vi", [("Đoàn Hoà bình", "peace-corps"), ("Đoàn Hòa bình", "peace-corps")]),
        ("Thuỷ lợi", "vi", [("Thuỷ lợi", "thuy")]),
        ("Peace Corps in a Vietnamese text", "vi", []),
        ("DOC in a Vietnamese text", "vi", [("DOC", "doc")]),
    ],
)
def test_matching(text, lang, expected):
    assert found(text, lang) == expected


def test_nfd_input_maps_back_to_original_offsets():
    text = unicodedata.normalize("NFD", "Quan hệ Đối tác Chiến lược Toàn diện với Hoa Kỳ")
    hits = found(text, "vi")
    assert [h[1] for h in hits] == ["csp", "us"]
    assert unicodedata.normalize("NFC", hits[0][0]) == "Đối tác Chiến lược Toàn diện"


def test_diacritic_insensitive_mode_is_optional():
    text = "Doi tac Chien luoc Toan dien o Bien Dong"
    assert found(text, "vi") == []
    assert [h[1] for h in found(text, "vi", TermMatcher(NAMES, fold_diacritics=True))] == ["csp", "sea"]


def test_longest_match_wins_and_protected_phrases_keep_their_words():
    title = Term("Declaration on the Conduct of Parties in the South China Sea", "en")
    names = Glossary("t", "t", (concept("scs", ("South China Sea", "en", {"status": "forbidden"})),), protected=(title,))
    text = "the Declaration on the Conduct of Parties in the South China Sea and the South China Sea"
    hits = TermMatcher(names).find(text, "en")
    assert [(text[m.start:m.end], m.protected) for m in hits] == [(title.text, True), ("South China Sea", False)]


def test_near_miss_finder_on_domain_examples():
    finder = NearMissFinder(NAMES)
    for text, span in [("The Peace Program will begin.", "Peace Program"), ("a Peace Corp volunteer", "Peace Corp"),
                       ("a Comprehensive Strategy Partnership", "Comprehensive Strategy Partnership")]:
        hits = finder.find(text, "en", TermMatcher(NAMES).find(text, "en"))
        assert [text[h.start:h.end] for h in hits] == [span]
    assert finder.find("The Nobel Peace Prize", "en") == []


# ----- the command line ---------------------------------------------------------

PLUGIN = ["--plugin", "tests.plugins.tsv_reader", "--no-entry-points"]


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))


def pairs(tmp_path, lines):
    path = tmp_path / "statement.pairs"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(args, capsys):
    code = main(PLUGIN + args)
    out, err = capsys.readouterr()
    return code, out, err


def test_profile_from_the_command_line(tmp_path, capsys):
    path = pairs(tmp_path, ["Hòa bình ở Biển Đông.\tPeace in the South China Sea."])
    code, out, _ = run(["check", "--isolated", "--select", "TRM", path], capsys)
    assert code == 0, out  # no policy by default
    code, out, _ = run(["check", "--isolated", "--select", "TRM", "--profile", "vn-official", path], capsys)
    assert code == 1 and "TRM002" in out and "East Sea" in out
    code, out, _ = run(["check", "--isolated", "--select", "TRM", "--profile", "us-official", path], capsys)
    assert code == 0, out


def test_unknown_profile_is_a_usage_error(tmp_path, capsys):
    path = pairs(tmp_path, ["Biển Đông\tEast Sea"])
    code, _, err = run(["check", "--isolated", "--profile", "vn-oficial", path], capsys)
    assert code == 2 and "vn-official" in err and "Traceback" not in err


def test_glossary_option_and_config_table(tmp_path, capsys):
    path = pairs(tmp_path, ["Nguồn nhân lực ngành bán dẫn\tThe chip workforce"])
    code, out, _ = run(["check", "--isolated", "--select", "TRM", "--glossary", "tests/data/glossaries/client.yaml", path], capsys)
    assert code == 1 and "'chip workforce' is deprecated" in out
    config = tmp_path / "tqa.toml"
    config.write_text('select = ["TRM"]\n[terminology]\nglossary = ["client.yaml"]\nprofile = "client-a"\n', encoding="utf-8")
    (tmp_path / "client.yaml").write_text((ROOT / "tests/data/glossaries/client.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(["check", "--config", str(config), path], capsys)
    assert code == 1 and "chip workforce" in out, err


def test_broken_glossary_is_one_line_exit_two(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[concept]]\nid = "x"\nterms.en = [{ text = "East Sea", status = "best" }]\n', encoding="utf-8")
    path = pairs(tmp_path, ["Biển Đông\tEast Sea"])
    code, _, err = run(["check", "--isolated", "--glossary", str(bad), path], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "bad.toml:3" in err and "'concept[0].terms.en[0].status' must be one of" in err


def test_glossary_command(capsys):
    code, out, _ = run(["glossary", "glossary/official-names.toml", "glossary/sea-names.toml", "--profile", "neutral"], capsys)
    assert code == 0 and "profile neutral:" in out and "first mention of bien-dong" in out
    code, out, _ = run(["glossary", "tests/data/glossaries/names-noheader.tsv"], capsys)
    assert code == 2


def test_official_names_anchor_the_aligner():
    from qa_core.align import align
    from qa_core.manager import load_plugins

    plugins = load_plugins(entry_points=False)
    vi = ["Đoàn Hòa bình sẽ mở rộng hoạt động tại Việt Nam.", "Hai bên nhất trí tăng cường hợp tác giáo dục và văn hóa."]
    en = ["The Peace Corps will expand its work in Vietnam."]
    answers = plugins.hook.tqa_alignment_anchors(texts=vi, lang="vi")
    keys = {k.key for answer in answers if answer for k in answer[0]}
    assert "term:peace-corps" in keys
    answers = plugins.hook.tqa_alignment_anchors(texts=en, lang="en")
    assert "term:peace-corps" in {k.key for answer in answers if answer for k in answer[0]}
    links = [(link.source, link.target) for link in align(vi, en, "vi", "en", hook=plugins.hook).links]
    assert links == [((0,), (0,)), ((1,), ())]

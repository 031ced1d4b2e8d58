"""A word lexicon learnt from the user's bilingual files (`tqa lexicon learn`,
`--lexicon LEX`, qa_core/align/lexicon_file.py): the file format, learn -> file ->
load, bad lexicon files, and a deletion the lexicon places where the length alone
places it one paragraph off."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_core.align import AlignOptions, align
from qa_core.align import lexicon_file
from qa_core.align.lexicon_file import Lexicon, WordPair
from qa_core.cli import main
from qa_core.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SRC = str(ROOT / "samples" / "joint-statement.vi.txt")
TGT = str(ROOT / "samples" / "joint-statement.en.txt")

#: Vietnamese words and their English translations (written for these tests)
WORDS = dict([
    ("mèo", "cat"), ("chó", "dog"), ("cá", "fish"), ("sông", "river"), ("núi", "mountain"), ("biển", "sea"),
    ("gạo", "rice"), ("muối", "salt"), ("sữa", "milk"), ("trà", "tea"), ("rừng", "forest"), ("mưa", "rain"),
    ("gió", "wind"), ("lửa", "fire"), ("đá", "stone"), ("cây", "tree"), ("hoa", "flower"), ("sách", "book"),
    ("bút", "pen"), ("giấy", "paper"), ("xe", "car"), ("thuyền", "boat"), ("cầu", "bridge"), ("làng", "village"),
    ("chợ", "market"), ("vua", "king"), ("thầy", "teacher"), ("bạn", "friend"), ("mẹ", "mother"), ("cha", "father"),
    ("trăng", "moon"), ("sao", "star"), ("mây", "cloud"), ("tuyết", "snow"), ("cỏ", "grass"), ("lá", "leaf"),
])
#: the paragraphs of the document: the things seen in each, two to a sentence
GROUPS = [["cây", "thầy"], ["trăng", "mẹ"], ["sách", "lá"], ["cá", "xe"], ["cầu", "sao", "mèo", "núi"], ["đá", "muối"],
          ["cha", "mưa"], ["hoa", "gió", "lửa", "tuyết"], ["bút", "chó"], ["chợ", "gạo", "giấy", "sữa"],
          ["trà", "bạn", "thuyền", "vua"], ["mây", "rừng", "làng", "cỏ"], ["biển", "sông"]]
#: the paragraph whose translation is deleted
DELETED = 6


def paragraph(words: list[str]) -> tuple[str, str]:
    pairs = list(zip(words[::2], words[1::2]))
    vi = " ".join(f"Hôm qua chúng tôi thấy {a} gần {b}." for a, b in pairs)
    en = " ".join(f"Yesterday we saw the {WORDS[a]} near the {WORDS[b]}." for a, b in pairs)
    return vi, en


def memory() -> list[tuple[str, str]]:
    """A translation memory (English, Vietnamese) in which every word pair is seen six
    times (three as the first word, three as the second), each time with another word."""
    names = list(WORDS)
    return [(f"There is a {WORDS[vi]} and a {WORDS[other]}.", f"Có {vi} và {other}.")
            for index, vi in enumerate(names) for other in (names[(index + step * 5) % len(names)] for step in (1, 2, 3))]


def memory_po(path: Path) -> Path:
    """`memory()` as a PO file."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: vi\\n"', ""]
    for en, vi in memory():
        lines += [f'msgid "{en}"', f'msgstr "{vi}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run(args, capsys):
    code = main(["--no-entry-points"] + args)
    out, err = capsys.readouterr()
    return code, out, err


def learn_file(tmp_path, capsys) -> Path:
    lex = tmp_path / "words.lex"
    code, _, err = run(["lexicon", "learn", str(memory_po(tmp_path / "memory.po")), "--source-lang", "en",
                        "--target-lang", "vi", "-o", str(lex)], capsys)
    assert code == 0, err
    assert "word pairs (en->vi" in err and "108 translated units" in err
    return lex


# ----- the file ------------------------------------------------------------------


def test_dumps_loads_round_trip_and_both_directions():
    lex = Lexicon("en", "vi", (WordPair("music", "nhạc", 12, 0.857), WordPair("music", "âm", 9, 0.6),
                               WordPair("song", "hát", 4, 0.5)), units=340)
    text = lexicon_file.dumps(lex, ["memory.po"])
    assert text.startswith(lexicon_file.MAGIC + "\n# source-lang: en\n# target-lang: vi\n# units: 340\n")
    assert "music\tnhạc\t12\t0.857\n" in text
    again = lexicon_file.loads(text)
    assert again == lex
    # the best pair per word, read either way round; another pair is refused
    assert again.mapping("en", "vi") == {"music": "nhạc", "song": "hát"}
    assert again.mapping("vi-VN", "en-US") == {"nhạc": "music", "âm": "music", "hát": "song"}
    assert again.mapping("de", "en") is None


def test_learn_keeps_translations_and_leaves_out_function_words():
    units = [(vi, en) for en, vi in memory()]
    lex = lexicon_file.learn(units, "vi", "en")
    table = lex.mapping("vi", "en")
    assert table["mèo"] == "cat" and table["sông"] == "river" and len(table) == len(WORDS)
    # in every unit (more than 15 % of them): not a word pair
    assert "có" not in table and not {"there", "is", "and"} & {p.target for p in lex.pairs}
    with pytest.raises(ValueError, match="'min_dice' must be in"):
        lexicon_file.learn(units, "vi", "en", min_dice=0)


def test_learn_write_load_round_trip_through_the_command(tmp_path, capsys):
    lex = learn_file(tmp_path, capsys)
    loaded = lexicon_file.load(str(lex))
    assert (loaded.source_lang, loaded.target_lang, loaded.units) == ("en", "vi", 108)
    assert loaded.mapping("en", "vi")["cat"] == "mèo"
    assert set(loaded.mapping("vi", "en").items()) >= {("mèo", "cat"), ("núi", "mountain"), ("tuyết", "snow")}
    code, out, _ = run(["lexicon", "show", str(lex), "cat"], capsys)
    assert code == 0 and "en->vi" in out and "cat\tmèo\t6\t1.000" in out


def test_learn_refuses_another_language_pair_and_too_little(tmp_path, capsys):
    memory = memory_po(tmp_path / "memory.po")
    german = tmp_path / "de.po"
    german.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
                      'msgid "The cat"\nmsgstr "Die Katze"\n', encoding="utf-8")
    code, _, err = run(["lexicon", "learn", str(memory), str(german), "--source-lang", "en", "-o", str(tmp_path / "x.lex")], capsys)
    assert code == 2 and err.count("\n") == 1 and "de.po: its target language is de, not vi" in err
    assert not (tmp_path / "x.lex").exists()
    # both languages given: the other pair's files are left out, with a warning
    code, _, err = run(["lexicon", "learn", str(memory), str(german), "--source-lang", "en", "--target-lang", "vi",
                        "-o", str(tmp_path / "x.lex")], capsys)
    assert code == 0 and "de.po: not en->vi, left out" in err
    assert "de.po" not in (tmp_path / "x.lex").read_text(encoding="utf-8")
    code, _, err = run(["lexicon", "learn", str(german), "-o", str(tmp_path / "y.lex")], capsys)
    assert code == 2 and "no word pair learnt from 1 translated units" in err


def test_a_file_of_the_reverse_pair_is_read_the_other_way_round(tmp_path, capsys):
    units = "".join(f'<trans-unit id="u{k}"><source>{vi}</source><target>{en}</target></trans-unit>'
                    for k, (en, vi) in enumerate(memory()))
    (tmp_path / "memory.vi-en.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="m" source-language="vi" target-language="en" datatype="plaintext"><body>{units}</body></file></xliff>',
        encoding="utf-8")
    memory_po(tmp_path / "memory.po")
    lex = tmp_path / "both.lex"
    code, _, err = run(["lexicon", "learn", str(tmp_path / "memory.po"), str(tmp_path / "memory.vi-en.xlf"),
                        "--source-lang", "en", "-o", str(lex)], capsys)
    assert code == 0, err
    loaded = lexicon_file.load(str(lex))
    assert (loaded.source_lang, loaded.target_lang, loaded.units) == ("en", "vi", 216)
    assert loaded.mapping("en", "vi")["cat"] == "mèo"


@pytest.mark.parametrize("content, expected", [
    ("source\ttarget\t1\t0.5\n", "1: not a tqa lexicon file"),
    (lexicon_file.MAGIC + "\n# source-lang: vi\n# target-lang: en\nmèo\tcat\t3\n", "4: a word pair is 4 tab-separated fields"),
    (lexicon_file.MAGIC + "\n# source-lang: vi\n# target-lang: en\nmèo\tcat\tthree\t0.5\n", "4: count and Dice must be numbers"),
    (lexicon_file.MAGIC + "\n# source-lang: vi\n# target-lang: en\nmèo\tcat\t3\t1.5\n", "4: count must be at least 1 and Dice in [0, 1]"),
    (lexicon_file.MAGIC + "\n# source-lang: vi\n# target-lang: en\nmèo đen\tcat\t3\t0.5\n", "4: 'source word' must be one word"),
    (lexicon_file.MAGIC + "\n# source-lang: vi\nmèo\tcat\t3\t0.5\n", "1: the header does not say '# target-lang: LANG'"),
])
def test_bad_lexicon_file_is_one_line_exit_2(tmp_path, capsys, content, expected):
    bad = tmp_path / "bad.lex"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=expected.split(": ", 1)[1].replace("[", r"\[").replace("]", r"\]")):
        lexicon_file.load(str(bad))
    code, out, err = run(["check", "--source", SRC, "--target", TGT, "--source-lang", "vi", "--target-lang", "en",
                          "--lexicon", str(bad)], capsys)
    assert code == 2 and not out
    assert err.count("\n") == 1 and f"bad.lex:{expected}" in err and "Traceback" not in err


def test_lexicon_of_another_pair_or_missing_file_is_refused(tmp_path, capsys):
    lex = learn_file(tmp_path, capsys)
    code, _, err = run(["align", SRC, TGT, "--source-lang", "de", "--target-lang", "en", "--lexicon", str(lex)], capsys)
    assert code == 2 and "the lexicon is for en->vi, the documents are de->en" in err and err.count("\n") == 1
    code, _, err = run(["align", SRC, TGT, "--source-lang", "vi", "--target-lang", "en", "--lexicon", str(tmp_path / "none.lex")], capsys)
    assert code == 2 and "none.lex: cannot read the lexicon" in err


def test_config_key_names_the_lexicon(tmp_path, capsys):
    lex = learn_file(tmp_path, capsys)
    config = tmp_path / "tqa.toml"
    config.write_text('lexicon = "words.lex"\nselect = ["OMI001"]\n', encoding="utf-8")
    code, out, err = run(["check", "--config", str(config), "--source", SRC, "--target", TGT, "--source-lang", "vi",
                          "--target-lang", "en", "--format", "json"], capsys)
    assert code in (0, 1), err
    config.write_text('lexicon = "missing.lex"\n', encoding="utf-8")
    code, _, err = run(["check", "--config", str(config), "--source", SRC, "--target", TGT, "--source-lang", "vi",
                        "--target-lang", "en"], capsys)
    assert code == 2 and "missing.lex: cannot read the lexicon" in err


# ----- what it is for ----------------------------------------------------------------


def test_lexicon_places_a_deletion_the_length_alone_places_one_off(tmp_path, capsys):
    """Every thing seen is named once in the document, so the document's own lexicon
    cannot learn it; paragraph 7's translation is deleted and paragraph 6's length
    fits paragraph 7's translation about as well as its own. The lexicon learnt from
    the translation memory says which is which."""
    paragraphs = [paragraph(group) for group in GROUPS]
    source = [vi for vi, _ in paragraphs]
    target = [en for index, (_, en) in enumerate(paragraphs) if index != DELETED]
    table = lexicon_file.load(str(learn_file(tmp_path, capsys))).mapping("vi", "en")

    def deleted(links):
        return [link.source for link in links if link.source and not link.target]

    plain = AlignOptions(evidence=False)
    assert deleted(align(source, target, "vi", "en", options=plain).links) == [(DELETED - 1,)], \
        "no longer a case the length misplaces: choose another deleted paragraph"
    # without evidence from words, the default aligner trusts none of these links
    assert deleted(align(source, target, "vi", "en").links) != [(DELETED,)]
    assert deleted(align(source, target, "vi", "en", options=plain, table=table).links) == [(DELETED,)]
    assert deleted(align(source, target, "vi", "en", table=table).links) == [(DELETED,)]

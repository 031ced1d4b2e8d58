"""The terminology, language and omission checks' shortcuts give what the work they skip
gave (issue 14): each is compared here with the path it replaces."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from qa_core.cli import main
from tqa_plugins.terminology import _BuiltinLoader, load_resources
from tqa_plugins.terminology.nearmiss import NearMissFinder, _best_score, _reach

ROOT = Path(__file__).resolve().parents[1]


# ----- terminology: the near-miss search's bound ------------------------------------


def test_reach_bounds_best_score_of_every_span():
    """`_reach` from all the words is at least `_best_score` of any span of some of them."""
    rng = random.Random(14)
    vocabulary = [f"w{k}" for k in range(8)] + ["program", "partnership"]
    for _ in range(20000):
        size = rng.randrange(2, 6)
        weighted = tuple((rng.choice(vocabulary), rng.choice((0.5, 1.0))) for _ in range(size))
        name = SimpleNamespace(weighted=weighted, total=sum(k for _, k in weighted),
                               heads=frozenset(rng.sample(["program", "partnership", "w1"], rng.randrange(0, 3))))
        text = [(rng.choice(vocabulary), rng.choice((0.5, 1.0))) for _ in range(rng.randrange(2, 9))]
        # which of the name's words each word of the text pairs with (a random relation)
        pairs = {w: {n for n, _ in weighted if rng.random() < 0.3} for w, _ in text}
        words = {w for w, _ in text}
        everything = frozenset().union(*pairs.values())
        bound = _reach(name, everything, words)
        for a, b in itertools.combinations(range(len(text) + 1), 2):
            span = text[a:b]
            pairable = frozenset().union(*(pairs[w] for w, _ in span))
            head, head_weight = span[-1]
            best = _best_score(name, pairable, sum(k for _, k in span), head_weight if head in name.heads else 0.0)
            assert best <= bound + 1e-12, (name, span, best, bound)


def _texts() -> list[tuple[str, str]]:
    """Sentences of the samples (English and Vietnamese), and each official name of the
    shipped glossaries garbled (a word dropped, two swapped, a letter changed, a kind
    word added) inside a sentence: texts with near misses and texts without."""
    texts: list[tuple[str, str]] = []
    for path, lang in (("joint-statement.en.txt", "en"), ("joint-statement.vi.txt", "vi"),
                       ("partnership-page.en.txt", "en"), ("partnership-page.vi.txt", "vi"),
                       ("terminology-statement.en.txt", "en")):
        for line in (ROOT / "samples" / path).read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                if sentence.strip():
                    texts.append((sentence, lang))
    res = load_resources({}, _BuiltinLoader, None, None, None)
    rng = random.Random(14)
    for lang, names in res.nearmiss.names.items():
        for name in names:
            words = name.term.text.split()
            forms = [words[:-1], words[1:], words[::-1]]
            if len(words) > 2:
                forms.append(words[:1] + words[2:])
                forms.append([words[1], words[0], *words[2:]])
            typo = list(words)
            k = rng.randrange(len(typo))
            if len(typo[k]) > 4:
                typo[k] = typo[k][:2] + typo[k][3] + typo[k][2] + typo[k][4:]
            forms.append(typo)
            forms.append([*words, "Program" if lang == "en" else "chương trình"])
            for form in forms:
                garbled = " ".join(form)
                texts.append((f"Officials of the {garbled} met in Hanoi." if lang == "en" else
                              f"Đại diện {garbled} đã gặp nhau tại Hà Nội.", lang))
                texts.append((garbled, lang))
    return texts


def test_reachable_changes_no_near_miss():
    """`find` with the `_reachable` shortcuts finds what it found without them, at the
    check's two thresholds, for every concept and for some only."""
    res = load_resources({}, _BuiltinLoader, None, None, None)
    concepts = sorted({name.concept.id for names in res.nearmiss.names.values() for name in names})
    some = set(concepts[::3])
    texts = _texts()

    def answers(finder):
        out = []
        for text, lang in texts:
            for threshold, only in ((None, None), (0.55, set(concepts)), (0.55, some)):
                found = finder.find(text, lang, [], threshold, only)
                out.append([(m.start, m.end, m.name.term.text, m.score) for m in found])
        return out

    shortcut = answers(NearMissFinder(res.glossary))
    without = NearMissFinder(res.glossary)
    without._reachable = lambda text, lang, limit, only: frozenset(without._by_id)
    assert answers(without) == shortcut
    assert sum(map(bool, shortcut)) >= 50  # near misses were there to find


# ----- omission: the segment-level work, when no segment-level rule is on ------------


def _report(args, tmp_path, name):
    out = tmp_path / name
    code = main(["check", *args, "--isolated", "-q", "--fail-on", "never", "-j", "1", "-f", "json", "-o", str(out)])
    assert code in (0, 1)
    return json.loads(out.read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize("profile", ["software", "document"])
def test_omission_without_segment_rules_finds_the_same(tmp_path, monkeypatch, profile):
    """A run that skips `_segment` (no rule of OMI005-OMI009 on, as in the software profile)
    reports what a run that does it reported."""
    from tqa_plugins import omission

    sample = tmp_path / "sample.po"
    entries = [("Open the file in a new window before you save it.", "Mở tệp trong một cửa sổ mới trước khi lưu."),
               ("The grant of 2 million USD was signed in 2019 by the WHO and UNICEF.", "Khoản tài trợ đã được ký."),
               ("Save the changes. Then close the window and restart the application.", "Lưu các thay đổi.")] * 30
    sample.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
                      + "".join(f'msgid "{a}"\nmsgstr "{b}"\n\n' for a, b in entries), encoding="utf-8")
    args = [str(sample), "--checking-profile", profile, "--source-lang", "en"]
    calls = []
    segment = omission.Omission._segment
    monkeypatch.setattr(omission.Omission, "_segment", lambda self, *a: calls.append(1) or segment(self, *a))
    fast = _report(args, tmp_path, "fast.json")
    assert bool(calls) == (profile == "document")
    calls.clear()
    monkeypatch.setattr(omission, "SEGMENT_RULES", omission.SEGMENT_RULES | {"OMI001"})  # on in every profile
    slow = _report(args, tmp_path, "slow.json")
    assert calls
    assert slow == fast
    if profile == "document":
        assert any(f["rule_id"] in omission.SEGMENT_RULES for f in fast)


# ----- language: the source sample, once LNG004 cannot be reported --------------------

_EN = ["Open the file in a new window before you save the changes to the document.",
       "The server could not be reached because the network connection was lost.",
       "Select the folder where the downloaded packages should be stored on this computer.",
       "Remove the selected account and all the messages that belong to it."]
_FR = ["Ouvrez le fichier dans une nouvelle fenêtre avant d'enregistrer les modifications du document.",
       "Le serveur est injoignable parce que la connexion au réseau a été perdue.",
       "Choisissez le dossier où les paquets téléchargés doivent être rangés sur cet ordinateur.",
       "Supprimez le compte sélectionné et tous les messages qui lui appartiennent."]
_VI = ["Mở tệp trong một cửa sổ mới trước khi lưu các thay đổi của tài liệu.",
       "Không thể kết nối tới máy chủ vì kết nối mạng đã bị mất.",
       "Chọn thư mục để lưu các gói đã tải xuống trên máy tính này.",
       "Xoá tài khoản đã chọn và mọi thư thuộc về nó."]


@pytest.mark.parametrize("french", [0, 40, 55, 62, 80, 100])
def test_source_sample_stops_only_when_lng004_cannot_be_reported(tmp_path, monkeypatch, french):
    """Sources in French for `french` % of the units (declared English): the findings with
    the early stop are those of judging the whole sample."""
    from tqa_plugins import language

    rng = random.Random(french)
    entries = []
    for k in range(260):
        side = _FR if rng.random() * 100 < french else _EN
        entries.append((f"{side[k % 4]} ({k})", f"{_VI[k % 4]} ({k})"))
    sample = tmp_path / "sample.po"
    sample.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
                      + "".join(f'msgid "{a}"\nmsgstr "{b}"\n\n' for a, b in entries), encoding="utf-8")
    args = [str(sample), "--source-lang", "en", "--checking-profile", "document"]
    judged = []
    original = language.TargetLanguage._judge_source

    def counted(self, text, lang):
        judged.append(1)
        original(self, text, lang)

    monkeypatch.setattr(language.TargetLanguage, "_judge_source", counted)
    fast = _report(args, tmp_path, "fast.json")
    stopped = len(judged)
    judged.clear()

    def whole(self, text, lang):
        counted(self, text, lang)
        self._source_open = True

    monkeypatch.setattr(language.TargetLanguage, "_judge_source", whole)
    slow = _report(args, tmp_path, "slow.json")
    assert slow == fast
    assert len(judged) == language.SOURCE_SAMPLE
    reported = any(f["rule_id"] == "LNG004" for f in fast)
    assert reported == (french >= 62)
    if reported:
        assert stopped == len(judged)
    if french == 0:
        assert stopped <= 90  # every source English: stopped after 81, 119 model calls saved

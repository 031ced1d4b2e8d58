"""Near-miss detection (TRM004): recall on garbled official names, false alarms on
real text that holds none of them.

    python bench/nearmiss_eval.py [--show]

Recall: the near misses from DOMAIN.md and variants written for tqa (typos,
substituted words, reordered words, wrong head nouns), each inside a sentence.
Precision on written text: sentences with correct names, shortenings, longer names
and look-alike names that are not errors. False alarms on real text: every hit on the
English and Vietnamese sides of IWSLT'15 TED talks and of react.dev pages
(../shared/data, read in place) is a false alarm, since they name none of these.
Figures go to docs/terminology.md.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa_core.glossaries import load_toml  # noqa: E402
from qa_core.glossary import merge  # noqa: E402
from tqa_plugins.terminology.matcher import TermMatcher  # noqa: E402
from tqa_plugins.terminology.nearmiss import NearMissFinder  # noqa: E402

SHARED = Path(os.environ.get("TQA_SHARED_DATA") or ROOT.parent / "shared" / "data")

# (sentence, the garbled span, the concept it garbles)
POSITIVES_EN = [
    ("The Peace Program will begin its work in Vietnam next year.", "Peace Program", "peace-corps"),
    ("Both sides welcomed the Fulbright Vietnam program and its alumni.", "Fulbright Vietnam program", "fulbright-program"),
    ("She served as a Peace Corp volunteer in Hue.", "Peace Corp", "peace-corps"),
    ("Relations were upgraded to a Comprehensive Strategy Partnership.", "Comprehensive Strategy Partnership", "comprehensive-strategic-partnership"),
    ("Funding under the Just Energy Transformation Partnership was discussed.", "Just Energy Transformation Partnership", "jetp"),
    ("Vietnam joined the Indo-Pacific Economic Framework for Development talks.", "Indo-Pacific Economic Framework for Development", "ipef"),
    ("Experts from the US Center for Disease Control and Prevention attended.", "US Center for Disease Control and Prevention", "cdc"),
    ("The Vietnam National Mine Action Centre leads the survey.", "Vietnam National Mine Action Centre", "vnmac"),
    ("Students of the Vietnam Fulbright University presented their work.", "Vietnam Fulbright University", "fuv"),
    ("Data were shared through the Mekong River Committee.", "Mekong River Committee", "mrc"),
    ("Leaders met at the East Asian Summit in Jakarta.", "East Asian Summit", "eas"),
    ("Vietnam joined the World Trade Organisation in 2007.", "World Trade Organisation", "wto"),
    ("Both countries uphold the United Nation Convention on the Law of the Sea.", "United Nation Convention on the Law of the Sea", "unclos"),
    ("The Fullbright Program has trained many leaders.", "Fullbright Program", "fulbright-program"),
    ("The two sides signed the Trade and Investment Frame Agreement in 2007.", "Trade and Investment Frame Agreement", "tifa"),
    ("They praised the Mekong-US Partnerships launched in 2020.", None, None),  # plural of an accepted variant: exact, not a near miss
    ("The Peace Corps Program and the Peace Crops volunteers", "Peace Crops", "peace-corps"),
    ("The Comprehensive Strategic Partnershp opens a new chapter.", "Comprehensive Strategic Partnershp", "comprehensive-strategic-partnership"),
    ("The Just Energy Transition Partnerships are funded by G7 members.", None, None),
    ("Under the Just Energy Transition Program, coal plants will close.", "Just Energy Transition Program", "jetp"),
    ("The Indo Pacific Economic Framework of Prosperity entered into force.", "Indo Pacific Economic Framework of Prosperity", "ipef"),
    ("The International Development Finance Corporation of the US invests.",
     "International Development Finance Corporation of the US", "dfc"),  # reordered official name
    ("The Friends of Mekong group met in Bangkok.", None, None),  # function word only: same words
    ("The Mekong-U.S. Partnership Forum and the Mekong–American Partnership", "Mekong–American Partnership", "mekong-us-partnership"),
    ("The ASEAN Regional Forums are held every year.", None, None),
    ("The Fulbright University in Vietnam opened in 2016.", "Fulbright University in Vietnam", "fuv"),
    ("Vietnam welcomed the Comprehensive Strategic Partnerships with both countries.", None, None),
    ("The Open Radio Access Networks (O-RAN) initiative", None, None),
    ("Officials from the Centres for Disease Control and Prevention visited.", "Centres for Disease Control and Prevention", "cdc"),
    ("The Peace Corp Program will send volunteers.", "Peace Corp Program", "peace-corps"),
    ("the Declaration on Conduct of Parties in the South China Sea", None, None),
    ("the Declaration on the Conduct of the Parties in the South China Sea", None, None),
    ("the Declaration of Conduct of Parties in the South China Sea", "Declaration of Conduct of Parties in the South China Sea", "doc"),
    ("The Code of Conducts in the South China Sea is under negotiation.", "Code of Conducts in the South China Sea", "coc"),
    ("The Air Transportation Agreement was amended.", "Air Transportation Agreement", "open-skies"),
]
POSITIVES_VI = [
    ("Hai nước nâng cấp quan hệ lên Đối tác Chiến lược Toàn điện.", "Đối tác Chiến lược Toàn điện", "comprehensive-strategic-partnership"),
    ("Sinh viên Đại học Fullbright Việt Nam tham dự.", "Đại học Fullbright Việt Nam", "fuv"),
    ("Hai bên thúc đẩy Đối tác Chuyển đổi Năng lượng Công bình.", "Đối tác Chuyển đổi Năng lượng Công bình", "jetp"),
    ("Trung tâm Kiểm soát và Phòng chống Dịch bệnh Hoa Kỳ hỗ trợ Việt Nam.", "Trung tâm Kiểm soát và Phòng chống Dịch bệnh Hoa Kỳ", "cdc"),
    ("Chương trình Hòa bình sẽ bắt đầu hoạt động.", "Chương trình Hòa bình", "peace-corps"),
    ("Tổ chức Thương mại Quốc tế ghi nhận.", "Tổ chức Thương mại Quốc tế", "wto"),
]
NEGATIVES_EN = [
    "The Peace Corps program will begin its work in Vietnam.",
    "The Fulbright Program in Vietnam celebrated 30 years.",
    "The Nobel Peace Prize was awarded in Oslo.",
    "He is a Fulbright Scholar Program alumnus.",
    "Vietnam has a Strategic Partnership with many countries.",
    "Fulbright University opened a new campus.",
    "The Peace Corps Response program sends experienced volunteers.",
    "The Trade Agreement and the Investment Framework were discussed separately.",
    "The East Asia Summit and the ASEAN Regional Forum met in Jakarta.",
    "The South China Sea and the East Sea are the same sea.",
    "World Health Organization experts joined the Mekong River Commission meeting.",
    "The United Nations General Assembly adopted the resolution.",
    "The Green Climate Fund and the Asian Development Bank co-financed it.",
    "Peace and Stability in the Region was the theme.",
    "The National Assembly of Vietnam approved the Energy Transition plan.",
    "The U.S. Agency for International Development funds the project.",
    "The Comprehensive Partnership of 2013 was upgraded in 2023.",
    "President Biden visited Hanoi on September 10, 2023.",
    "The Open Skies Agreement took effect in 2004.",
    "The Mekong-U.S. Partnership Track 1.5 Policy Dialogue was held.",
    "The Lower Mekong Initiative preceded the partnership.",
    "Ho Chi Minh City University of Technology signed a memorandum.",
    "The Vietnam National University in Hanoi hosted the forum.",
    "The Southeast Asia Peace Program, a new initiative, was announced.",
    "Disease Control efforts were praised by the Ministry of Health.",
    "The Law of the Sea Tribunal ruled in 2016.",
]


def run_sentences(finder, matcher, items, lang):
    tp = fp = fn = 0
    errors = []
    for text, span, concept in items:
        mentions = matcher.find(text, lang)
        found = finder.find(text, lang, mentions)
        if span is not None:
            s0 = text.index(span)
            s1 = s0 + len(span)
        # a hit: a near miss of the right concept overlapping the garbled span
        hit = [m for m in found if span is not None and m.start < s1 and s0 < m.end and m.name.concept.id == concept]
        if span is None:
            fp += len(found)
            errors.extend(("FP", text, text[m.start:m.end], m.name.term.text, round(m.score, 2)) for m in found)
            continue
        if hit:
            tp += 1
            fp += len(found) - 1
        else:
            fn += 1
            errors.append(("FN", text, span, [(text[m.start:m.end], round(m.score, 2)) for m in found]))
            fp += len(found)
    return tp, fp, fn, errors


def iwslt(lang):
    out = []
    folder = SHARED / "iwslt15-en-vi-ted-docs" / "data"
    for path in sorted(folder.glob(f"IWSLT15.TED.*.en-vi.{lang}.xml")):
        text = path.read_text(encoding="utf-8")
        out.extend(re.sub(r"\s+", " ", s).strip() for s in re.findall(r"<seg[^>]*>(.*?)</seg>", text, re.S))
    return out


def react(lang):
    out = []
    folder = SHARED / "react-dev-en-vi-docs" / lang
    for path in sorted(folder.rglob("*.md")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            para = para.strip()
            if para and not para.startswith(("```", "<", "import ", "|")):
                out.append(para)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss and false alarm")
    args = parser.parse_args()
    glossary = merge([load_toml(str(ROOT / "glossary" / "official-names.toml")), load_toml(str(ROOT / "glossary" / "sea-names.toml"))])
    matcher = TermMatcher(glossary)
    corpora = []
    if SHARED.is_dir():
        for name, loader in (("IWSLT'15 TED", iwslt), ("react.dev", react)):
            for lang in ("en", "vi"):
                texts = loader(lang)
                if texts:
                    corpora.append((f"{name} {lang}", lang, texts))
    else:
        print(f"(shared data not found at {SHARED}: false-alarm rates on real text skipped)")
    print("threshold | recall en | recall vi | FP written (en) | " + " | ".join(f"FP {name} ({sum(len(t.split()) for t in texts)//1000}k words, {len(texts)} units)" for name, _, texts in corpora))
    print("---|---|---|---|" + "|".join("---" for _ in corpora))
    shown = {}
    for threshold in (0.6, 0.65, 0.7, 0.75, 0.8):
        finder = NearMissFinder(glossary, threshold)
        tp_en, fp_en, fn_en, err_en = run_sentences(finder, matcher, POSITIVES_EN + [(t, None, None) for t in NEGATIVES_EN], "en")
        tp_vi, fp_vi, fn_vi, err_vi = run_sentences(finder, matcher, POSITIVES_VI, "vi")
        positives_en = sum(1 for _, s, _ in POSITIVES_EN if s)
        cells = [f"{threshold:.2f}", f"{tp_en}/{positives_en} ({tp_en / positives_en:.0%})",
                 f"{tp_vi}/{len(POSITIVES_VI)} ({tp_vi / len(POSITIVES_VI):.0%})", str(fp_en)]
        for name, lang, texts in corpora:
            started = time.perf_counter()
            hits = []
            for text in texts:
                for miss in finder.find(text, lang, matcher.find(text, lang)):
                    hits.append((text[miss.start:miss.end], miss.name.term.text, round(miss.score, 2)))
            elapsed = time.perf_counter() - started
            cells.append(f"{len(hits)} ({len(hits) / len(texts) * 1000:.2f} per 1k units, {elapsed:.1f}s)")
            shown[(threshold, name)] = hits
        print(" | ".join(cells))
        if args.show and threshold == 0.7:
            for item in err_en + err_vi:
                print("   ", item)
    if args.show:
        for (threshold, name), hits in shown.items():
            for hit in hits:
                print(f"    {threshold} {name}: {hit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

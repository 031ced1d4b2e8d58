"""Language identification on real translations: which identifier tqa's language
check (LNG001-LNG003) should use, and how far to trust it on short strings.

Data (../shared/data, read in place):
- short UI strings: the targets of Symfony's validator/security/form XLIFF 1.2
  catalogues, one file per language (the file name says the language). Units whose
  target equals the English source are left out (untranslated; they are what the check
  must find, not a test of the identifier);
- sentences: DEMETR's FLORES sources in 10 languages (base_id35_reference.json);
- Vietnamese and English sentences and 5-sentence paragraphs of IWSLT'15 TED talks.

For each identifier it prints the accuracy per language and per length bucket (letters),
the share of strings it answers at all (tqa's check abstains below a length and a
confidence), the size of its package, its import + first-call time and its time per
string. Identifiers that are not installed are skipped with a note:

    .venv/bin/pip install py3langid lingua-language-detector pycld2   # the candidates
    .venv/bin/python bench/langid_eval.py [--detectors tqa,py3langid,lingua,pycld2] [--limit N]

`tqa` is the decision the check makes (plugins/language/identify.py: py3langid, no
verdict under 20 letters, neighbours count as the declared language, a report only when
99 % sure). `--scenarios` measures that decision as the check uses it on the Symfony
catalogues: false alarms on the real translations, and recall on targets replaced by the
English source (LNG001) or by the same string of another catalogue (LNG002).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import DEMETR_LANGS, ROOT, require, shared_data  # noqa: E402
from lxml import etree  # noqa: E402

from qa_core.formats import parser_options  # noqa: E402

BUCKETS = ((0, 10), (10, 20), (20, 40), (40, 80), (80, 10**9))


def symfony(limit: int | None) -> list[tuple[str, str, str]]:
    """(language, text, kind) of the Symfony targets, English source left out."""
    root = shared_data() / "symfony-xliff12"
    if not root.is_dir():
        return []
    out = []
    parser = etree.XMLParser(**parser_options())
    for path in sorted(root.rglob("*.xlf")):
        lang = path.name.split(".")[1].replace("_", "-")
        if lang == "en":
            continue
        tree = etree.parse(str(path), parser)
        for unit in tree.iter("{*}trans-unit"):
            source = unit.find("{*}source")
            target = unit.find("{*}target")
            if target is None or source is None:
                continue
            text = "".join(target.itertext()).strip()
            if not text or text == "".join(source.itertext()).strip():
                continue
            out.append((lang, text, "ui"))
    return out[:limit] if limit else out


def demetr(limit: int | None) -> list[tuple[str, str, str]]:
    path = shared_data() / "demetr" / "dataset" / "base_id35_reference.json"
    if not path.is_file():
        return []
    items = json.loads(path.read_text(encoding="utf-8"))
    out = [(DEMETR_LANGS[i["lang_tag"]], i["src_sent"], "sentence") for i in items]
    out += [("en", i["eng_sent"], "sentence") for i in items[:100]]
    return out[:limit] if limit else out


def iwslt(limit: int | None) -> list[tuple[str, str, str]]:
    folder = shared_data() / "iwslt15-en-vi-ted-docs" / "data"
    if not folder.is_dir():
        return []
    out = []
    for lang in ("vi", "en"):
        path = folder / f"IWSLT15.TED.tst2012.en-vi.{lang}.xml"
        tree = etree.parse(str(path), etree.XMLParser(**parser_options()))
        segs = ["".join(s.itertext()).strip() for s in tree.iter("seg")]
        out += [(lang, s, "sentence") for s in segs[:300]]
        out += [(lang, " ".join(segs[i:i + 5]), "paragraph") for i in range(0, min(len(segs), 1000), 5)]
    return out[:limit] if limit else out


def letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


# ---------------------------------------------------------------------------
# identifiers: each returns (name, identify(text, declared) -> code or None)


def _norm(code: str | None) -> str | None:
    if not code:
        return None
    code = code.lower().replace("_", "-")
    return {"nb": "no", "nn": "no", "zh-cn": "zh", "zh-tw": "zh", "iw": "he", "in": "id", "sr-latn": "sr",
            "sr-cyrl": "sr", "pt-br": "pt", "bs": "hr", "tl": "fil"}.get(code, code.split("-")[0] if code.split("-")[0] not in ("nb", "nn") else "no")


def detector_tqa():
    """The language check's identifier: abstains below 20 letters; answers the
    declared language unless it would report the text."""
    from plugins.language.identify import judge

    def run(text, declared, source_lang="en"):
        verdict = judge(text, declared)
        if verdict is None:
            return None
        return verdict.language if verdict.reported() else declared

    return run


def detector_py3langid():
    import py3langid

    return lambda text, declared, source_lang="en": py3langid.classify(text)[0]


def detector_lingua():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def run(text, declared, source_lang="en"):
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else None

    return run


def detector_pycld2():
    import pycld2

    def run(text, declared, source_lang="en"):
        try:
            reliable, _, details = pycld2.detect(text)
        except pycld2.error:
            return None
        code = details[0][1]
        return None if code == "un" else code

    return run


DETECTORS = {"tqa": (detector_tqa, "py3langid"), "py3langid": (detector_py3langid, "py3langid"),
             "lingua": (detector_lingua, "lingua"), "pycld2": (detector_pycld2, "pycld2")}


def package_size(module: str) -> str:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return "?"
    folder = Path(list(spec.submodule_search_locations)[0])
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return f"{size / 2**20:.1f} MiB"


def start_up(name: str) -> float:
    """Seconds to import the identifier and answer one call, in a fresh interpreter."""
    code = (f"import sys, time; sys.path[:0] = {[str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]!r}; "
            f"t = time.perf_counter(); import langid_eval as b; f = b.DETECTORS[{name!r}][0](); f('Giá trị này không hợp lệ.', 'vi'); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def symfony_by_language() -> dict[str, dict[tuple[str, str], tuple[str, str]]]:
    """{language: {(catalogue, unit id): (source, target)}} of the Symfony files."""
    root = shared_data() / "symfony-xliff12"
    out: dict = defaultdict(dict)
    parser = etree.XMLParser(**parser_options())
    for path in sorted(root.rglob("*.xlf")):
        lang = path.name.split(".")[1].replace("_", "-")
        tree = etree.parse(str(path), parser)
        for unit in tree.iter("{*}trans-unit"):
            source, target = unit.find("{*}source"), unit.find("{*}target")
            if source is None or target is None:
                continue
            src = "".join(source.itertext()).strip()
            out[lang][(path.parent.parent.parent.name, src)] = (src, "".join(target.itertext()).strip())
    return out


def scenarios() -> None:
    from plugins.language.identify import judge, related

    catalogues = symfony_by_language()
    languages = sorted(lang for lang in catalogues if lang != "en")
    rows = []
    totals = Counter()
    for lang in languages:
        counts = Counter()
        others = [other for other in languages if not related(other, lang) and not related(other, "en")]
        for index, (key, (src, tgt)) in enumerate(sorted(catalogues[lang].items())):
            if tgt and tgt != src:
                verdict = judge(tgt, lang, "en")
                if verdict is not None:
                    counts["real judged"] += 1
                    counts["false alarm"] += verdict.reported()
            verdict = judge(src, lang, "en")  # the English source left as the target
            if verdict is not None:
                counts["source judged"] += 1
                counts["source found"] += verdict.in_source_language()
            other = others[index % len(others)]  # the same string from another catalogue
            pair = catalogues[other].get(key)
            if pair and pair[1] and pair[1] != pair[0]:
                verdict = judge(pair[1], lang, "en")
                if verdict is not None:
                    counts["third judged"] += 1
                    counts["third found"] += verdict.in_other_language()
        totals.update(counts)
        rows.append((lang, counts))
    print("\nSymfony catalogues, the language check's decision (strings of 20+ letters):")
    print(f"  {'lang':<8}{'false alarms':>16}{'left in en found':>20}{'third lang found':>20}")

    def cell(found, judged):
        return f"{found}/{judged} {found / judged:.1%}" if judged else "-"

    for lang, c in rows:
        print(f"  {lang:<8}{cell(c['false alarm'], c['real judged']):>16}{cell(c['source found'], c['source judged']):>20}"
              f"{cell(c['third found'], c['third judged']):>20}")
    c = totals
    print(f"  {'all':<8}{cell(c['false alarm'], c['real judged']):>16}{cell(c['source found'], c['source judged']):>20}"
          f"{cell(c['third found'], c['third judged']):>20}")

    # held out: DEMETR's FLORES sentences (10 languages), their English references as
    # the untranslated target, another language's sentence as the third language
    path = shared_data() / "demetr" / "dataset" / "base_id35_reference.json"
    if not path.is_file():
        return
    items = json.loads(path.read_text(encoding="utf-8"))
    by_lang = defaultdict(list)
    for item in items:
        by_lang[DEMETR_LANGS[item["lang_tag"]]].append(item)
    c = Counter()
    names = sorted(by_lang)
    for lang in names:
        others = [o for o in names if not related(o, lang)]
        for index, item in enumerate(by_lang[lang]):
            for key, text, test in (("real", item["src_sent"], "reported"), ("source", item["eng_sent"], "in_source_language"),
                                    ("third", by_lang[others[index % len(others)]][index]["src_sent"], "in_other_language")):
                verdict = judge(text, lang, "en")
                if verdict is not None:
                    c[key + " judged"] += 1
                    c[key + " found"] += getattr(verdict, test)()
    print(f"\nDEMETR sentences (held out; {', '.join(names)} targets, English source):")
    print(f"  false alarms {cell(c['real found'], c['real judged'])}, left in English found "
          f"{cell(c['source found'], c['source judged'])}, third language found {cell(c['third found'], c['third judged'])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detectors", default="tqa,py3langid,lingua,pycld2")
    parser.add_argument("--limit", type=int, default=None, help="at most N strings per data set")
    parser.add_argument("--per-language", action="store_true", help="print the accuracy of every language")
    parser.add_argument("--scenarios", action="store_true", help="only the check's decision on the Symfony catalogues")
    args = parser.parse_args()
    require("symfony-xliff12")
    if args.scenarios:
        scenarios()
        return 0
    data = symfony(args.limit) + demetr(args.limit) + iwslt(args.limit)
    print(f"{len(data)} strings: " + ", ".join(f"{k} {v}" for k, v in Counter(k for _, _, k in data).items()))
    for name in args.detectors.split(","):
        factory, module = DETECTORS[name]
        if importlib.util.find_spec(module) is None:
            print(f"\n{name}: not installed (pip install {module}), skipped")
            continue
        identify = factory()
        started = time.perf_counter()
        right = Counter()
        answered = Counter()
        total = Counter()
        per_lang = defaultdict(Counter)
        wrong = Counter()
        for lang, text, kind in data:
            found = _norm(identify(text, lang))
            n = letters(text)
            bucket = next(b for b in BUCKETS if b[0] <= n < b[1])
            key = (kind, bucket)
            total[key] += 1
            per_lang[_norm(lang)]["total"] += 1
            if found is not None:
                answered[key] += 1
                per_lang[_norm(lang)]["answered"] += 1
                if found == _norm(lang):
                    right[key] += 1
                    per_lang[_norm(lang)]["right"] += 1
                else:
                    wrong[(_norm(lang), found)] += 1
        elapsed = time.perf_counter() - started
        print(f"\n{name}: package {package_size(module)}, import + first call {start_up(name):.2f} s, "
              f"{elapsed / len(data) * 1000:.2f} ms per string")
        print(f"  {'kind':<10}{'letters':<10}{'strings':>8}{'answered':>10}{'accuracy of answers':>22}")
        for kind in ("ui", "sentence", "paragraph"):
            for bucket in BUCKETS:
                key = (kind, bucket)
                if not total[key]:
                    continue
                shown = f"{bucket[0]}-{bucket[1] - 1}" if bucket[1] < 10**9 else f"{bucket[0]}+"
                acc = right[key] / answered[key] if answered[key] else float("nan")
                print(f"  {kind:<10}{shown:<10}{total[key]:>8}{answered[key] / total[key]:>10.1%}{acc:>22.3f}")
        all_answered = sum(answered.values())
        print(f"  all: answered {all_answered / sum(total.values()):.1%}, accuracy of answers {sum(right.values()) / max(all_answered, 1):.3f}")
        print("  commonest confusions (true -> said): " + ", ".join(f"{a}->{b} {n}" for (a, b), n in wrong.most_common(8)))
        if args.per_language:
            line = [f"{lang} {c['right'] / c['answered']:.2f}/{c['answered'] / c['total']:.0%}" for lang, c in sorted(per_lang.items()) if c["answered"]]
            print("  per language (accuracy of answers/answered): " + ", ".join(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

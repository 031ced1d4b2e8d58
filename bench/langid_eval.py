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

`tqa` is the identifier the check uses (qa_core/langid: py3langid restricted to
plausible languages, with tqa's abstention rules): its figure is the one the docs cite.
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

from _shared import require, shared_data  # noqa: E402
from lxml import etree  # noqa: E402

from qa_core.formats import parser_options  # noqa: E402

DEMETR_LANGS = {"chinese_simple": "zh", "german": "de", "hindi": "hi", "japanese": "ja", "polish": "pl",
                "russian": "ru", "czech": "cs", "french": "fr", "spanish": "es", "italian": "it"}
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
    from qa_core.langid import identify

    def run(text, declared, source_lang="en"):
        answer = identify(text, declared, source_lang)
        return answer.language if answer is not None else None

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detectors", default="tqa,py3langid,lingua,pycld2")
    parser.add_argument("--limit", type=int, default=None, help="at most N strings per data set")
    parser.add_argument("--per-language", action="store_true", help="print the accuracy of every language")
    args = parser.parse_args()
    require("symfony-xliff12")
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

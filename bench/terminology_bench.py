"""Terminology at scale: glossary load time, matching throughput and peak memory for
1k / 10k / 50k-term glossaries over 100k units (synthetic, deterministic).

    python bench/terminology_bench.py [--units 100000] [--sizes 1000,10000,50000]

For each glossary size, a child process (so peak memory is its own):
1. writes the glossary as TBX v3 (TBX-Basic, DCA) and loads it through the
   `tqa_load_glossary` hook (parse + validate), then builds the matcher;
2. matches every term over 100k target texts (`TermMatcher.find`);
3. runs the whole `terminology` check (TRM001-TRM006, with the source side and the
   near-miss search) over a 100k-unit bilingual document in memory.
Texts are about 25 words, with one or two glossary terms per unit on each side and a
term missing from 1 target in 20; filler words are drawn apart from term words (as a
real glossary does not list "the" or "said"), with a few shared for accidental hits. Peak memory is the child's maximum resident set.
Figures go to docs/terminology.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_EN_SYLL = [a + b for a in "bcdfghklmnprstvw" for b in ("a", "e", "i", "o", "u", "ai", "ea", "ou", "an", "en", "on", "ir")]
_VI_SYLL = ["ba", "bình", "cao", "chủ", "đông", "giao", "hòa", "hợp", "kinh", "lực", "mại", "nam", "ngành", "phát", "quốc",
            "tác", "tế", "thương", "triển", "văn", "việt", "xã", "đối", "hiệp", "nghị", "công", "nghệ", "năng", "lượng", "bền"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_EN_SYLL) for _ in range(rng.randint(2, 3)))


def make_data(n_terms: int, n_units: int, seed: int = 7):
    rng = random.Random(seed)
    words = sorted({_word(rng) for _ in range(60000)})
    rng.shuffle(words)
    # filler words and term words apart, as in real text: a glossary does not list
    # "the" or "said"; 2% of the filler words are term words, for accidental hits
    vocab, term_words = words[:20000], words[20000:]
    vocab += term_words[:400]
    terms = []
    seen = set()
    while len(terms) < n_terms:
        en = " ".join(rng.choice(term_words) for _ in range(rng.randint(1, 4)))
        vi = " ".join(rng.choice(_VI_SYLL) for _ in range(rng.randint(2, 5))) + f" {len(terms)}"
        if en not in seen:
            seen.add(en)
            terms.append((en, vi))
    units = []
    for index in range(n_units):
        chosen = [terms[rng.randrange(n_terms)] for _ in range(rng.randint(1, 2))]
        src = [rng.choice(_VI_SYLL) for _ in range(25)]
        tgt = [rng.choice(vocab) for _ in range(22)]
        for en, vi in chosen:
            src.insert(rng.randrange(len(src)), vi)
            if index % 20:
                tgt.insert(rng.randrange(len(tgt)), en)
        units.append((" ".join(src) + ".", " ".join(tgt).capitalize() + "."))
    return terms, units


def write_tbx(path: Path, terms) -> None:
    from xml.sax.saxutils import escape

    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
                  'xmlns="urn:iso:std:iso:30042:ed-2">\n<tbxHeader><fileDesc><sourceDesc><p>synthetic</p></sourceDesc>'
                  '</fileDesc></tbxHeader>\n<text><body>\n')
        for index, (en, vi) in enumerate(terms):
            out.write(f'<conceptEntry id="c{index}"><langSec xml:lang="en"><termSec><term>{escape(en)}</term>'
                      '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>'
                      f'<langSec xml:lang="vi"><termSec><term>{escape(vi)}</term></termSec></langSec></conceptEntry>\n')
        out.write("</body></text>\n</tbx>\n")


def child(n_terms: int, n_units: int) -> dict:
    from qa_core.config import Config, Layer
    from qa_core.glossary import GlossaryOptions, load_glossary
    from qa_core.model import Content, Document, File, Segment, Unit
    from qa_core.runner import check_document
    from qa_core.testing import default_plugins
    from tqa_plugins.terminology.matcher import TermMatcher

    terms, units = make_data(n_terms, n_units)
    plugins = default_plugins()
    result: dict = {"terms": n_terms, "units": n_units}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "glossary.tbx"
        write_tbx(path, terms)
        result["tbx_mb"] = round(path.stat().st_size / 1e6, 1)
        started = time.perf_counter()
        glossary = load_glossary(str(path), plugins.hook, GlossaryOptions())
        result["load_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        matcher = TermMatcher(glossary)
        result["build_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        hits = 0
        for _, target in units:
            hits += len(matcher.find(target, "en"))
        elapsed = time.perf_counter() - started
        result["match_s"] = round(elapsed, 2)
        result["match_units_per_s"] = int(n_units / elapsed)
        result["mentions"] = hits

        file = File(id="f", source_lang="vi", target_lang="en")
        built = [Unit(id=f"u{i}", segments=(Segment(Content(s), Content(t)),), file=file) for i, (s, t) in enumerate(units)]
        document = Document(path="bench.xlf", format="bench", units=lambda: iter(built), source_lang="vi", target_lang="en")
        config = Config(layers=[Layer("bench", select=("TRM",))])
        config.checks["terminology"] = {"glossary": [str(path)], "builtin": False}
        started = time.perf_counter()
        findings = check_document(document, plugins, config).findings
        elapsed = time.perf_counter() - started
        result["check_s"] = round(elapsed, 2)
        result["check_units_per_s"] = int(n_units / elapsed)
        result["findings"] = {rule: sum(1 for f in findings if f.rule_id == rule) for rule in sorted({f.rule_id for f in findings})}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.units)))
        return 0
    print("terms | TBX size | load (parse+validate) | build matcher | match 100k targets | whole check (TRM001-006) | mentions | findings | peak RSS")
    print("---|---|---|---|---|---|---|---|---")
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--child", str(size), "--units", str(args.units)],
                             capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        r = json.loads(out.stdout.strip().splitlines()[-1])
        findings = ", ".join(f"{k} {v}" for k, v in r["findings"].items()) or "none"
        print(f"{r['terms']:,} | {r['tbx_mb']} MB | {r['load_s']} s | {r['build_s']} s | {r['match_s']} s "
              f"({r['match_units_per_s']:,} units/s) | {r['check_s']} s ({r['check_units_per_s']:,} units/s) | "
              f"{r['mentions']:,} | {findings} | {r['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Omissions in messy documents: prints the figures of docs/omission.md ("Messy").

    python bench/messy_eval.py            # IWSLT dev (tuning) and test (held out) talks
    python bench/messy_eval.py dev --lexicon LEX   # aligned with a lexicon file (tqa lexicon learn)

IWSLT'15 en-vi talks (../shared/data/iwslt15-en-vi-ted-docs), Vietnamese source,
English target, paragraphs of 1-5 segments as `bench/align_eval.py` groups them.
The English side of each talk is made messy the way translations copied from web
pages are, with `random.Random("messy/<set>/<talk id>")` deciding where:

- every other talk (by that generator) is truncated: only its first 40-70 % of
  paragraphs are kept (the rest is one omitted run);
- a run of 2-5 consecutive paragraphs is dropped in the middle;
- two neighbouring paragraphs are merged into one;
- page chrome is added at the top (3-5 lines: menu, share, byline…) and at the end
  (4-6 lines: read more, newsletter, contact, copyright…) — lines written for this
  benchmark, drawn from the list below;
- two paragraphs of another talk are added after the top chrome and two before the
  end chrome (teasers of other articles).

Everything runs through the real `tqa check` path: `aligned_document` (chrome set
aside, alignment, evidence pass) and the omission check. Printed:

- omitted paragraphs reported: gold omitted source paragraphs inside an OMI001 run;
- findings per omitted run: OMI001 findings that touch a gold run, per gold run;
- kept paragraphs reported missing: translated source paragraphs inside an OMI001 run;
- chrome reported: added chrome lines inside an addition finding (OMI002-OMI004, OMI010);
- other-talk paragraphs reported: the same for the inserted paragraphs of another talk.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter

from _shared import DEV_SETS, TEST_SETS, iwslt_talks
from align_eval import make_case
from omission_eval import PLUGINS, config, text_document

from qa_core.align.document import aligned_document
from qa_core.runner import check_document

#: page chrome written for this benchmark (no website's text)
CHROME_TOP = [
    "Home | World | Business | Science | Opinion", "Share on Facebook", "Share on X", "Email this article",
    "By Linh Tran | 14 March 2024", "Print this page", "Follow us on social media", "Menu",
]
CHROME_END = [
    "Read Article →", "Related stories", "Subscribe to our weekly newsletter", "Sign up for free",
    "Contact us: newsroom@example.org", "Tel: +84 24 3999 0000", "© 2024 Example Media. All rights reserved.",
    "Back to top", "Comments (12)", "Tags: education, science, culture", "Next article »",
    "Privacy policy · Terms of use · Cookies",
]


def messy(talk, others, rng: random.Random):
    """(source paragraphs, target paragraphs, labels of the target, omitted runs)."""
    case = make_case(talk, others, perturb=False)
    n = len(case.source)
    keep = n
    runs: list[list[int]] = []
    if rng.random() < 0.5:
        keep = min(n, max(6, int(n * rng.uniform(0.4, 0.7))))
        if keep < n:
            runs.append(list(range(keep, n)))
    kept = list(range(keep))
    if keep >= 12:
        size = rng.randint(2, 5)
        start = rng.randint(3, keep - size - 3)
        runs.append(list(range(start, start + size)))
        kept = [k for k in kept if not start <= k < start + size]
    # merge two neighbours away from the dropped run
    body: list[tuple[str, list[int]]] = [(case.target[k], [k]) for k in kept]
    candidates = [i for i in range(1, len(body) - 2) if body[i + 1][1][0] == body[i][1][0] + 1]
    if candidates:
        i = rng.choice(candidates)
        body[i : i + 2] = [(body[i][0] + " " + body[i + 1][0], body[i][1] + body[i + 1][1])]
    other = rng.choice([t for t in others if t is not talk])
    other_case = make_case(other, others, perturb=False)
    foreign = rng.sample(other_case.target, min(4, len(other_case.target)))
    top = rng.sample(CHROME_TOP, rng.randint(3, 5))
    end = rng.sample(CHROME_END, rng.randint(4, 6))
    target: list[tuple[str, str, list[int]]] = [(t, "chrome", []) for t in top]
    target += [(t, "foreign", []) for t in foreign[:2]]
    target += [(t, "kept", ks) for t, ks in body]
    target += [(t, "foreign", []) for t in foreign[2:]]
    target += [(t, "chrome", []) for t in end]
    runs.sort()
    return case.source, target, runs


def evaluate(talks, label: str) -> None:
    tally: Counter = Counter()
    seconds = 0.0
    for talk in talks:
        rng = random.Random(f"messy/{talk.set}/{talk.docid}")
        source, target, runs = messy(talk, talks, rng)
        start = time.perf_counter()
        doc, _ = aligned_document(text_document(talk.docid + ".vi", source), text_document(talk.docid + ".en", [t for t, _, _ in target]),
                                  "vi", "en", hook=PLUGINS.hook, table=table, shipped=shipped)
        result = check_document(doc, PLUGINS, config())
        seconds += time.perf_counter() - start
        omitted_gold = {k for run in runs for k in run}
        reported: set[int] = set()
        added_lines: set[int] = set()
        per_run = Counter()
        for f in result.findings:
            if f.rule_id == "OMI001":
                found = {p["paragraph"] - 1 for p in f.data["run"]}
                reported |= found
                for r, run in enumerate(runs):
                    if found & set(run):
                        per_run[r] += 1
            elif f.rule_id in ("OMI002", "OMI003", "OMI004", "OMI010"):
                lines = f.data.get("target_lines") or [f.data.get("line"), f.data.get("line")]
                if lines and lines[0] is not None:
                    added_lines.update(range(lines[0], lines[-1] + 1))
        kinds = [kind for _, kind, _ in target]
        tally["omitted"] += len(omitted_gold)
        tally["omitted found"] += len(reported & omitted_gold)
        tally["runs"] += len(runs)
        tally["run findings"] += sum(per_run.values())
        tally["runs found"] += sum(1 for r in range(len(runs)) if per_run[r])
        tally["kept"] += len(source) - len(omitted_gold)
        tally["kept reported"] += len(reported - omitted_gold)
        tally["chrome"] += kinds.count("chrome")
        tally["chrome found"] += sum(1 for k, kind in enumerate(kinds) if kind == "chrome" and k + 1 in added_lines)
        tally["foreign"] += kinds.count("foreign")
        tally["foreign found"] += sum(1 for k, kind in enumerate(kinds) if kind == "foreign" and k + 1 in added_lines)
        tally["translated lines reported added"] += sum(1 for k, kind in enumerate(kinds) if kind == "kept" and k + 1 in added_lines)
        tally["translated lines"] += kinds.count("kept")
    t = tally
    print(f"{label}: {len(talks)} talks, {t['runs']} omitted runs of {t['omitted']} paragraphs, {t['kept']} translated, "
          f"{t['chrome']} chrome lines, {t['foreign']} other-talk paragraphs ({seconds:.1f} s)")
    print(f"  omitted paragraphs reported {t['omitted found'] / max(1, t['omitted']):.3f} ({t['omitted found']}/{t['omitted']}); "
          f"runs found {t['runs found']}/{t['runs']}; findings per omitted run {t['run findings'] / max(1, t['runs found']):.2f}")
    print(f"  translated paragraphs reported missing {t['kept reported'] / max(1, t['kept']):.3f} ({t['kept reported']}/{t['kept']})")
    print(f"  chrome reported {t['chrome found'] / max(1, t['chrome']):.3f} ({t['chrome found']}/{t['chrome']}); "
          f"other-talk paragraphs reported {t['foreign found'] / max(1, t['foreign']):.3f} ({t['foreign found']}/{t['foreign']}); "
          f"translated target lines reported added {t['translated lines reported added']}/{t['translated lines']}")


#: `--lexicon LEX`: the lexicon file's table, given to the aligner (`none`: without the table tqa ships, its default)
table = None
shipped = True  # the default of `tqa check --source --target` for vi-en (`--lexicon none`: without it)


def main(argv: list[str]) -> None:
    global table, shipped
    if "--lexicon" in argv:
        at = argv.index("--lexicon")
        from qa_core.align.lexicon_file import aligner_inputs

        table, shipped = aligner_inputs(argv[at + 1], "vi", "en")
        print(f"aligned with the lexicon file {argv[at + 1]}")
        argv = argv[:at] + argv[at + 2 :]
    talks = iwslt_talks()
    splits = {"dev": ("dev (tuning)", DEV_SETS), "test": ("test (held out)", TEST_SETS)}
    for key in argv or ["dev", "test"]:
        label, sets = splits[key]
        evaluate([t for t in talks if t.set in sets], label)


if __name__ == "__main__":
    main(sys.argv[1:])

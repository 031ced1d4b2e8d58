"""Calibrate the length model of the aligner on the IWSLT'15 en-vi talks.

Prints, per split, the Vietnamese/English length ratio of aligned segments (in
characters) and of paragraphs of 4 segments, and the Gale-Church parameters: the
expected ratio c = sum(vi)/sum(en) and the variance per character
s2 = var((l_vi - c*l_en) / sqrt(l_en)). The numbers in qa_core/align/lengths.py come
from the "all" line of this script.

    python bench/length_calibration.py
"""

from __future__ import annotations

import statistics

from _shared import DEV_SETS, TEST_SETS, iwslt_talks


def figures(pairs: list[tuple[int, int]]) -> dict[str, float]:
    ratios = [v / e for e, v in pairs if e]
    c = sum(v for _, v in pairs) / sum(e for e, _ in pairs)
    residuals = [(v - c * e) / e**0.5 for e, v in pairs if e]
    return {
        "pairs": len(pairs),
        "median": statistics.median(ratios),
        "mean": statistics.fmean(ratios),
        "sd": statistics.pstdev(ratios),
        "c": c,
        "s2": statistics.fmean(r * r for r in residuals),
    }


def main() -> None:
    talks = iwslt_talks()
    print("IWSLT'15 en-vi: Vietnamese length / English length, in characters (code points)")
    print(f"{'split':<8} {'unit':<12} {'pairs':>6} {'median':>7} {'mean':>7} {'sd':>6} {'c':>7} {'s2':>7}")
    for name, sets in (("dev", DEV_SETS), ("test", TEST_SETS), ("all", DEV_SETS + TEST_SETS)):
        chosen = [t for t in talks if t.set in sets]
        seg = [(len(e), len(v)) for t in chosen for e, v in zip(t.en, t.vi)]
        par = []
        for t in chosen:
            for i in range(0, len(t.en), 4):
                par.append((sum(len(e) + 1 for e in t.en[i:i + 4]), sum(len(v) + 1 for v in t.vi[i:i + 4])))
        for unit, pairs in (("segment", seg), ("4-segments", par)):
            f = figures(pairs)
            print(f"{name:<8} {unit:<12} {f['pairs']:>6} {f['median']:>7.3f} {f['mean']:>7.3f} {f['sd']:>6.3f} {f['c']:>7.3f} {f['s2']:>7.3f}")


if __name__ == "__main__":
    main()

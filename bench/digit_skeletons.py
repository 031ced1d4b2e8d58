"""How much a memo keyed by a text's digit skeleton could save, and whether the texts
at hand would show it wrong.

    python bench/digit_skeletons.py TEXTS [TEXTS ...]   # files written by `extract_parity.py texts`

The skeleton of a text is the text with each digit written 0. For each file it prints
the texts with a digit, their distinct skeletons, how many texts share a skeleton with
another, and how many skeletons hold texts whose `extract()` (sources read as en,
targets as vi) differ in structure: the kinds, spans, units, magnitudes, qualifiers,
ordinals, ways of writing, roles, foreign readings and number of alternative readings
of their quantities (values and texts aside, which a memo would read again). Zero there
does not make such a memo sound: it says only that these texts never put two readings in
one skeleton (see docs/performance.md, num-speed, for texts that do).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_DIGIT = re.compile(r"\d")


def _shape(quantities) -> tuple:
    return tuple((q.kind, q.start, q.end, q.unit, q.magnitude, q.approx, q.ordinal, q.written, q.role, q.foreign,
                  len(q.alternatives)) for q in quantities)


def main(argv: list[str]) -> int:
    from qa_core.quantities import extract

    for path in argv:
        groups: dict = defaultdict(list)
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                text, side = (item, "s") if isinstance(item, str) else item
                if _DIGIT.search(text):
                    groups[(_DIGIT.sub("0", text), side)].append(text)
        texts = sum(len(v) for v in groups.values())
        shared = [v for v in groups.values() if len(v) > 1]
        split = split_texts = 0
        for (_, side), members in groups.items():
            if len(members) > 1:
                lang = "en" if side == "s" else "vi"
                if len({_shape(extract(text, lang)) for text in members}) > 1:
                    split += 1
                    split_texts += len(members)
        print(f"{path}: {texts} texts with a digit, {len(groups)} skeletons, {len(shared)} of them shared by "
              f"{sum(len(v) for v in shared)} texts; {split} skeletons ({split_texts} texts) with texts of "
              f"different structures")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""False alarms of the numbers rules on DEMETR's clean translations (issue 12 item 11).

Every DEMETR file's items (../shared/data/demetr/dataset), deduplicated by language and
id, split by position into two halves (even positions: "dev", odd: "held-out"); the
numbers rules run on (source, clean MT) and the script prints how many clean items they
flag per half. --list prints the flagged dev items.

    python bench/demetr_clean.py [--list]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from numbers_eval import DEMETR_LANGS, _document, run_num, shared_data  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    data = shared_data()
    if data is None or not (data / "demetr" / "dataset").is_dir():
        print("../shared/data/demetr is absent", file=sys.stderr)
        return 2
    items = {}
    for path in sorted((data / "demetr" / "dataset").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            items.setdefault((item["lang_tag"], item["id"]), item)
    by_lang = defaultdict(list)
    for (tag, _), item in sorted(items.items()):
        by_lang[DEMETR_LANGS[tag]].append(item)
    for half, start in (("dev", 0), ("held-out", 1)):
        total = flagged = 0
        for lang, group in sorted(by_lang.items()):
            part = group[start::2]
            findings = run_num(_document(f"clean-{lang}", [(str(x["id"]), x["src_sent"], x["mt_sent"]) for x in part], lang, "en"))
            ids = {f.location.unit_id for f in findings}
            total += len(part)
            flagged += len(ids)
            if args.list and half == "dev":
                for x in part:
                    if str(x["id"]) in ids:
                        print(f"[{lang}] {x['src_sent']}\n    {x['mt_sent']}")
        print(f"{half}: {flagged} of {total} clean items flagged ({100 * flagged / total:.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

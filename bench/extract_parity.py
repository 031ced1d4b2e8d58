"""Quantity extraction alone: the same answers before and after a change, and its CPU.

    python bench/extract_parity.py texts OUT.txt FILE_OR_DIR ...   # distinct texts of the files, one JSON string a line
    python bench/extract_parity.py record TEXTS OUT.json.gz        # extract() of every text in en, vi, fr, de, zh
    python bench/extract_parity.py compare A.json.gz B.json.gz     # identical? (exit 1 when not)
    python bench/extract_parity.py time TEXTS [--limit N] [--repeat 3] [--lang en,vi]   # sources en, targets vi
    python bench/extract_parity.py ab TEXTS OTHER/qa_core/quantities.py [--limit N] [--rounds 3]

`texts` reads every unit of the files (and of each .po/.pot/.xlf/.xliff/.tmx file under a
folder) with tqa's own readers and keeps each distinct source and target text once.
(A text is kept with the side it was first seen on.) `record` writes, for every text and language, the tuple `qa_core.quantities.extract`
returns (every field of every Quantity, repr'd). `time` prints the CPU seconds of
extract() over the texts, each in its side's language with its per-text cache emptied before each repeat (the
smallest of --repeat), and the number of texts and quantities: a count of work next to a
time. `ab` loads another version of quantities.py (say main's, from a worktree) beside this
tree's, in the same process, and times the two on the same chunks of 500 texts in turn (the
order swapped from chunk to chunk, the per-text caches emptied before each chunk): on a
shared machine, where the load changes from second to second, it compares the two far
better than two runs one after the other. Only quantities.py is taken from the other tree:
the rest of qa_core is this tree's, so the two trees must differ in that file alone.
Run it in the tree to measure: `python bench/extract_parity.py` imports this tree's
qa_core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXTENSIONS = (".po", ".pot", ".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".tmx")
LANGS = ("en", "vi", "fr", "de", "zh")


def _files(args: list[str]) -> list[Path]:
    out = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file()))
        else:
            out.append(path)
    return out


def texts(out: str, paths: list[str]) -> int:
    from qa_core.errors import TqaError
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins
    from qa_core.runner import open_document

    plugins = load_plugins((), entry_points=False)
    seen: dict[str, str] = {}  # text -> the side it was first seen on ("s" source, "t" target)
    for path in _files(paths):
        try:
            for unit in open_document(str(path), plugins, ReadOptions()).units():
                seen.setdefault(unit.source.text, "s")
                if unit.target is not None:
                    seen.setdefault(unit.target.text, "t")
        except (TqaError, Exception) as error:  # a file tqa refuses: skipped, said so
            print(f"skipped {path}: {str(error).splitlines()[0] if str(error) else type(error).__name__}",
                  file=sys.stderr)
    with open(out, "w", encoding="utf-8") as handle:
        for text, side in seen.items():
            handle.write(json.dumps([text, side], ensure_ascii=False) + "\n")
    print(f"{len(seen)} distinct texts -> {out}")
    return 0


def _load(path: str, limit: int | None = None, sides: bool = False) -> list:
    """The texts of a `texts` file; with `sides`, (text, side) pairs."""
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if isinstance(item, str):
                item = [item, "s"]
            out.append(tuple(item) if sides else item[0])
            if limit and len(out) >= limit:
                break
    return out


def _answer(result) -> list:
    from dataclasses import fields

    return [[repr(getattr(q, f.name)) for f in fields(q)] for q in result]


def record(texts_path: str, out: str, langs: tuple[str, ...]) -> int:
    from qa_core.quantities import extract

    results = []
    count = 0
    for text in _load(texts_path):
        row = []
        for lang in langs:
            answer = _answer(extract(text, lang))
            count += len(answer)
            row.append(answer)
        results.append(row)
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        json.dump({"langs": langs, "results": results}, handle, ensure_ascii=False)
    print(f"{len(results)} texts x {len(langs)} languages, {count} quantities -> {out}")
    return 0


def compare(a: str, b: str, texts_path: str | None) -> int:
    with gzip.open(a, "rt", encoding="utf-8") as handle:
        left = json.load(handle)
    with gzip.open(b, "rt", encoding="utf-8") as handle:
        right = json.load(handle)
    if left["langs"] != right["langs"] or len(left["results"]) != len(right["results"]):
        print("not the same texts or languages")
        return 1
    texts_list = _load(texts_path) if texts_path else None
    differ = 0
    for index, (x, y) in enumerate(zip(left["results"], right["results"])):
        for lang, p, q in zip(left["langs"], x, y):
            if p != q:
                differ += 1
                if differ <= 10:
                    shown = repr(texts_list[index][:200]) if texts_list else f"text #{index}"
                    print(f"differs ({lang}) {shown}:\n  before {p}\n  after  {q}")
    total = sum(len(r) for r in left["results"])
    print(f"{total} answers compared, {differ} differ")
    return 1 if differ else 0


def timing(texts_path: str, limit: int | None, repeat: int, langs: tuple[str, str]) -> int:
    """Each text read once, in its side's language (sources in langs[0], targets in langs[1]),
    as the numbers check reads them."""
    from qa_core import quantities

    items = [(text, langs[0] if side == "s" else langs[-1]) for text, side in _load(texts_path, limit, sides=True)]
    for lang in langs:  # tables and patterns loaded before the clock starts
        quantities.extract("1", lang)
    best = None
    found = 0
    for _ in range(repeat):
        quantities._extract.cache_clear()
        started = time.process_time()
        found = 0
        for text, lang in items:
            found += len(quantities.extract(text, lang))
        spent = time.process_time() - started
        best = spent if best is None else min(best, spent)
    print(f"{len(items)} texts (sources {langs[0]}, targets {langs[-1]}): {found} quantities, "
          f"{best:.3f} s CPU (best of {repeat}), {1e6 * best / len(items):.1f} µs a text")
    return 0


def ab(texts_path: str, other: str, limit: int | None, rounds: int, langs: tuple[str, str]) -> int:
    """This tree's extract() against the one of `other` (a quantities.py), chunk by chunk."""
    import importlib.util

    from qa_core import quantities, text

    spec = importlib.util.spec_from_file_location("qa_core._quantities_other", other)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {other}")
    theirs = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = theirs
    spec.loader.exec_module(theirs)
    items = [(t, langs[0] if side == "s" else langs[-1]) for t, side in _load(texts_path, limit, sides=True)]
    caches = [module._extract.cache_clear for module in (quantities, theirs)]
    caches += [text._placeholders.cache_clear, text.fold_diacritics.cache_clear]
    for module in (quantities, theirs):  # tables loaded, every pattern compiled, before the clock starts
        for t, lang in items:
            module.extract(t, lang)
    spent = {"this": 0.0, "other": 0.0}
    chunk = 500
    for round_ in range(rounds):
        for index in range(0, len(items), chunk):
            part = items[index:index + chunk]
            pair = [("this", quantities), ("other", theirs)]
            for name, module in pair if (index // chunk + round_) % 2 == 0 else pair[::-1]:
                for clear in caches:
                    clear()
                started = time.process_time()
                for t, lang in part:
                    module.extract(t, lang)
                spent[name] += time.process_time() - started
    print(f"{len(items)} texts x {rounds} rounds (sources {langs[0]}, targets {langs[-1]}): this tree "
          f"{spent['this']:.3f} s CPU, {other} {spent['other']:.3f} s CPU, this/other "
          f"{spent['this'] / spent['other']:.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("texts")
    p.add_argument("out")
    p.add_argument("paths", nargs="+")
    p = sub.add_parser("record")
    p.add_argument("texts")
    p.add_argument("out")
    p.add_argument("--lang", default=",".join(LANGS))
    p = sub.add_parser("compare")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--texts")
    p = sub.add_parser("time")
    p.add_argument("texts")
    p.add_argument("--limit", type=int)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--lang", default="en,vi")
    p = sub.add_parser("ab")
    p.add_argument("texts")
    p.add_argument("other", help="the quantities.py to compare with (a tree differing in that file only)")
    p.add_argument("--limit", type=int)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--lang", default="en,vi")
    args = parser.parse_args(argv)
    if args.command == "ab":
        return ab(args.texts, args.other, args.limit, args.rounds, tuple(args.lang.split(",")))
    if args.command == "texts":
        return texts(args.out, args.paths)
    if args.command == "record":
        return record(args.texts, args.out, tuple(args.lang.split(",")))
    if args.command == "compare":
        return compare(args.a, args.b, args.texts)
    return timing(args.texts, args.limit, args.repeat, tuple(args.lang.split(",")))


if __name__ == "__main__":
    sys.exit(main())

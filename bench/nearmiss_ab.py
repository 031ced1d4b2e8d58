"""The terminology check's near-miss search, this tree's against another tree's: the same
near misses, and the CPU (or instructions) of each, on every distinct text of some files.

    python bench/nearmiss_ab.py --other BASE FILE [FILE ...]            # answers compared, CPU
    python bench/nearmiss_ab.py --other BASE --only new --targets FILE  # one side, e.g. under callgrind

Reads every unit of FILEs (PO, XLIFF, ...: tqa's readers), takes each distinct source and
target text with its language (the file's, else 'vi' for a text with Vietnamese letters,
else 'en', as the check guesses), and asks `NearMissFinder.find` of both modules (this
tree's plugins/terminology/nearmiss.py and BASE's, loaded beside it) with the shipped
glossaries: at the default threshold, and at the evidence threshold (0.55) for every
concept. It prints how many texts have near misses, whether every answer is the same, and
each side's CPU seconds (a fresh finder each, `time.process_time`, best of `--rounds`;
run `--only` under `valgrind --tool=callgrind` for instructions, and once more with
`--texts 0` for the process without the search). `--targets` takes the target texts only.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _texts(files: list[str], targets_only: bool) -> dict[str, str]:
    from qa_core.formats import ReadOptions
    from qa_core.glossary import primary_lang
    from qa_core.manager import load_plugins
    from qa_core.runner import open_document
    from tqa_plugins.terminology import guess_lang

    plugins = load_plugins()
    texts: dict[str, str] = {}
    for path in files:
        document = open_document(path, plugins, ReadOptions())
        for unit in document.units():
            sides = [(unit.target.text if unit.target is not None else "", document.target_lang)]
            if not targets_only:
                sides.append((unit.source.text, document.source_lang))
            for text, lang in sides:
                if text.strip() and text not in texts:
                    texts[text] = primary_lang(lang) or guess_lang(text) or "en"
    return texts


def _module(which: str, other: Path):
    if which == "new":
        from tqa_plugins.terminology import nearmiss

        return nearmiss
    spec = importlib.util.spec_from_file_location("other_nearmiss", other / "plugins" / "terminology" / "nearmiss.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["other_nearmiss"] = module
    spec.loader.exec_module(module)
    return module


def _answers(module, glossary, texts: dict[str, str], evidence: bool) -> list:
    finder = module.NearMissFinder(glossary, module.DEFAULT_THRESHOLD)
    concepts = {c.id for c in glossary.concepts}
    out = []
    for text, lang in texts.items():
        found = finder.find(text, lang) if not evidence else finder.find(text, lang, [], 0.55, concepts)
        out.append([(m.start, m.end, m.name.concept.id, m.name.term.text, m.score) for m in found])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--other", type=Path, required=True,
                        help="the other tree (its plugins/terminology/nearmiss.py)")
    parser.add_argument("--only", choices=("new", "other"), help="run one side only (for callgrind)")
    parser.add_argument("--targets", action="store_true", help="the target texts only")
    parser.add_argument("--texts", type=int, help="the first N distinct texts only (0: none)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from tqa_plugins.terminology import _BuiltinLoader, load_resources

    texts = _texts(args.files, args.targets)
    if args.texts is not None:
        texts = dict(list(texts.items())[: args.texts])
    glossary = load_resources({}, _BuiltinLoader, None, None, None).glossary
    import rapidfuzz.distance.OSA  # noqa: F401 - loaded before either side is timed
    import rapidfuzz.process  # noqa: F401

    sides = [args.only] if args.only else ["other", "new"]
    modules = {which: _module(which, args.other) for which in sides}
    if args.only:
        started = time.process_time()
        _answers(modules[args.only], glossary, texts, False)
        print(f"{args.only}: {len(texts)} texts, {time.process_time() - started:.3f} s")
        return 0
    answers = {which: (_answers(m, glossary, texts, False), _answers(m, glossary, texts, True))
               for which, m in modules.items()}
    same = answers["new"] == answers["other"]
    print(f"{len(texts)} texts; near misses in {sum(map(bool, answers['new'][0]))} (default threshold), "
          f"{sum(map(bool, answers['new'][1]))} (0.55, every concept); answers {'the same' if same else 'DIFFER'}")
    for which in ("other", "new"):
        best = min(_timed(modules[which], glossary, texts) for _ in range(args.rounds))
        print(f"  {which:<6} {best:.3f} s of CPU")
    return 0 if same else 1


def _timed(module, glossary, texts) -> float:
    started = time.process_time()
    _answers(module, glossary, texts, False)
    return time.process_time() - started


if __name__ == "__main__":
    sys.exit(main())

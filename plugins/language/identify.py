"""Which language a text is in, told by py3langid (a naive Bayes model over byte
n-grams, 140 languages, 4.5 MB shipped inside the package: nothing is downloaded).

`judge(text, target_lang, source_lang)` is the decision the language check makes on
one target: None when the text is too short or the model unsure, else a `Verdict`
saying which language the text is in and whether that is the declared one. Related
languages that the model confuses on short texts (Serbian/Croatian/Bosnian,
Norwegian/Danish, Czech/Slovak, Indonesian/Malay, Galician/Portuguese/Spanish, the
Chinese varieties, ...) count as the declared language: the check reports a text in a
clearly different language, never a doubtful neighbour.

The model loads on first use (about a second), so `import` stays cheap.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa_core.text import placeholders

#: a text needs this many letters before the model is asked (shorter ones: no verdict)
MIN_LETTERS = 20
#: only this many characters of a long text are read (accuracy is 0.99+ from 80 letters on)
MAX_CHARS = 200

# groups of languages a short text cannot reliably tell apart
_CLOSE = (
    {"sr", "hr", "bs", "sh", "cnr"}, {"no", "nb", "nn", "da"}, {"cs", "sk"}, {"id", "ms", "jv"},
    {"gl", "pt", "es", "an", "ext"}, {"ca", "oc", "es"}, {"zh", "yue", "wuu"}, {"lb", "de"}, {"mk", "bg"},
    {"ru", "be", "uk"}, {"ar", "ary", "arz"}, {"uz", "uzs"}, {"fa", "tg", "prs"}, {"af", "nl"}, {"it", "vec", "lij"},
    {"fil", "tl"}, {"ku", "sdh", "ckb"}, {"ht", "fr", "gcf", "gcr"}, {"hi", "ur", "ne", "mr", "sa"},
)
_ALIASES = {"nb": "no", "tl": "fil", "iw": "he", "in": "id", "ji": "yi", "mo": "ro"}
_NOISE = re.compile(r"<[^>]{0,200}>|&\w+;|https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|\S*[\\/_]\S*|\d+")

_lock = threading.Lock()
_model = None


#: LNG001: the source language at least this probable, and this many times the target's
SOURCE_FLOOR, SOURCE_RATIO = 0.3, 20.0
#: LNG002: a third language at least this probable, and this many times the target's
OTHER_FLOOR, OTHER_RATIO = 0.7, 50.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the model says of one text declared to be in `target` (translated from
    `source`): the likeliest language (`language`, with probability `confidence`), and
    the probabilities of the declared target and source languages, each summed over
    its close neighbours. Thresholds were chosen on the Symfony catalogues
    (bench/langid_eval.py --scenarios) and checked on DEMETR's sentences."""

    language: str
    confidence: float
    declared: float
    source: float
    letters: int
    target_lang: str
    source_lang: str | None = None

    @property
    def is_declared(self) -> bool:
        return self.declared >= 0.05

    def in_source_language(self) -> bool:
        """LNG001: the text is in the source language (the pair's two languages differ)."""
        if not self.source_lang or related(self.source_lang, self.target_lang):
            return False
        return self.source >= SOURCE_FLOOR and self.source >= SOURCE_RATIO * self.declared

    def in_other_language(self) -> bool:
        """LNG002: the text is in a third language, neither the target nor the source one."""
        if self.language == "zxx" or related(self.language, self.target_lang) or related(self.language, self.source_lang):
            return False  # zxx: "no linguistic content" (codes, pseudo-translation) is not a language
        return self.confidence >= OTHER_FLOOR and self.confidence >= OTHER_RATIO * self.declared

    def reported(self) -> bool:
        return self.in_source_language() or self.in_other_language()


@lru_cache(maxsize=512)
def code(tag: str | None) -> str | None:
    """The model's code for a BCP 47 tag: 'pt-BR' -> 'pt', 'nb' -> 'no', 'tl' -> 'fil'."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip())[0].lower()
    return _ALIASES.get(primary, primary)


_NEIGHBOURS: dict[str, frozenset[str]] = {}
for _group in _CLOSE:
    for _member in _group:
        _NEIGHBOURS[_member] = _NEIGHBOURS.get(_member, frozenset()) | _group


@lru_cache(maxsize=4096)
def related(a: str | None, b: str | None) -> bool:
    """The same language, or two that short texts cannot tell apart."""
    if a is None or b is None:
        return False
    a, b = code(a), code(b)
    return a == b or b in _NEIGHBOURS.get(a, ())


def known(tag: str | None) -> bool:
    """Whether the model knows the language (else the check stays silent)."""
    c = code(tag)
    return c is not None and (c in _labels() or any(c in g and (g & _labels()) for g in _CLOSE))


def clean(text: str) -> str:
    """The text without placeholders, markup, URLs, paths, identifiers and digits."""
    for ph in reversed(placeholders(text)):
        text = text[: ph.start] + " " + text[ph.end:]
    return _NOISE.sub(" ", text)


def letters(text: str) -> int:
    return sum(map(str.isalpha, text))


#: letters that mark Vietnamese: the vowels with a tone mark or a breve/horn, and đ
#: (â, ê, ô too, which French and Portuguese share)
_VI_MARKED = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _cleaned(text: str) -> tuple[str, int]:
    """What `judge` reads of a text (`clean` of its first MAX_CHARS) and its letters."""
    plain = clean(text[:MAX_CHARS])
    return plain, letters(plain)


def plainly_declared(text: str, target_lang: str | None) -> int:
    """The letters `judge` counts in `text` when the text is plainly in its declared
    language without asking the model, else 0. Only for Vietnamese, whose marked letters
    no other language writes this densely: 20 letters or more, a fifth of them marked and
    under a fifth in capitals; or 30 or more, 15 % marked and under a third in capitals
    (the model lower-cases only a text all in capitals, and reads capitals worse). On
    every Vietnamese target of the real PO files measured (145 files, 36,176 texts long
    enough to judge; 26,826 qualify), the model gave these at least 0.95 for
    Vietnamese, where `Verdict.is_declared` needs 0.05: the verdict is "declared" either
    way, and the model's time is saved."""
    if code(target_lang) != "vi":
        return 0
    plain, count = _cleaned(text)
    if count < MIN_LETTERS:
        return 0
    capitals = sum(map(str.isupper, plain))
    if 3 * capitals >= count:
        return 0
    marked = len(_VI_MARKED.findall(plain))
    if (5 * marked >= count and 5 * capitals < count) or (count >= 30 and marked >= 0.15 * count):
        return count
    return 0


@lru_cache(maxsize=8192)
def judge(text: str, target_lang: str | None, source_lang: str | None = None) -> Verdict | None:
    """The verdict on `text` declared to be in `target_lang`, or None when the text
    has fewer than MIN_LETTERS letters once placeholders and the like are removed, or
    the model does not know the declared language."""
    plain, count = _cleaned(text)
    if count < MIN_LETTERS or not known(target_lang):
        return None  # length first: a short text never loads the model
    top, scores = _scores(plain)
    best = "fil" if top == "tl" else top
    declared = _group_score(scores, target_lang)
    source = _group_score(scores, source_lang) if source_lang else 0.0
    return Verdict(_ALIASES.get(best, best), _group_score(scores, best), declared, source, count, target_lang, source_lang)


def _ranked(text: str) -> tuple[str, dict[str, float]]:
    """The likeliest label and every label's probability, as py3langid's `rank` gives
    them (its first item, and the list as a dict) without sorting 140 labels a text:
    one score per label (its first column, which holds the merged score of a label the
    model has twice), and the first label of the highest score (`rank` sorts stably)."""
    model = _identifier()
    decide = getattr(model, "_decide", None)
    if decide is None:  # a py3langid without it: the public ranking
        ranked = model.rank(text)
        return ranked[0][0], dict(ranked)
    labels, firsts = _first_columns()
    values = decide(text)[firsts]
    return labels[int(values.argmax())], dict(zip(labels, values.tolist()))


def _scores(text: str):
    """`_ranked` without its dict: the likeliest label and the scores, as the array of the
    labels' first columns (in `_first_columns` order), which `_group_score` reads a few
    labels of (building a 140-entry dict was a fifth of a judged text's cost)."""
    model = _identifier()
    decide = getattr(model, "_decide", None)
    if decide is None:
        return _ranked(text)
    labels, firsts = _first_columns()
    values = decide(text)[firsts]
    return labels[int(values.argmax())], values


@lru_cache(maxsize=1)
def _label_positions() -> dict[str, int]:
    return {label: index for index, label in enumerate(_first_columns()[0])}


@lru_cache(maxsize=1)
def _first_columns():
    """The model's labels in order, and the column of each label's first occurrence."""
    import numpy as np

    first: dict[str, int] = {}
    for index, label in enumerate(_identifier().nb_classes):
        first.setdefault(label, index)
    return tuple(first), np.fromiter(first.values(), dtype=np.intp, count=len(first))


def _group_score(scores: dict[str, float], tag: str) -> float:
    """The probability of a language and its close neighbours; `scores` a dict by label
    (`_ranked`) or the array of `_scores` (the same floats, summed in the same order)."""
    if isinstance(scores, dict):
        return sum(scores.get(label, 0.0) for label in _group_labels(code(tag)))
    positions = _label_positions()
    return sum(float(scores[positions[label]]) if label in positions else 0.0 for label in _group_labels(code(tag)))


@lru_cache(maxsize=512)
def _group_labels(lang: str) -> tuple[str, ...]:
    members = {lang} | _NEIGHBOURS.get(lang, frozenset())
    if "fil" in members:
        members.add("tl")
    return tuple(sorted(members))


# ---------------------------------------------------------------------------
# Cheap signals: which units of a large file are worth the model's time


_SCRIPT_OF_NAME = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr",
                   "CJK": "Hani", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "HANGUL": "Kore", "THAI": "Thai",
                   "DEVANAGARI": "Deva", "ARMENIAN": "Armn", "GEORGIAN": "Geor", "BENGALI": "Beng", "TAMIL": "Taml"}
#: scripts a language's texts may be written in, from CLDR's likely script
_COMPATIBLE = {"Hans": {"Hani"}, "Hant": {"Hani"}, "Jpan": {"Hani", "Jpan"}, "Kore": {"Kore", "Hani"}}
_WORDS = re.compile(r"[^\W\d_]{2,}")


def dominant_script(text: str) -> str | None:
    """The ISO 15924 code of most of the text's letters (Latn, Cyrl, Hani, ...), or None."""
    text = text[:MAX_CHARS]
    if text.isascii() or _latin_letters_only().search(text) is None:  # every letter is Latin
        return "Latn" if any(map(str.isalpha, text)) else None
    counts: dict[str, int] = {}
    # each distinct character once, in order of first appearance (so ties go as before)
    for char, times in Counter(text).items():
        if char.isalpha():
            script = _char_script(char)
            if script is not None:
                counts[script] = counts.get(script, 0) + times
    return max(counts, key=counts.get) if counts else None


@lru_cache(maxsize=1)
def _latin_letters_only() -> re.Pattern:
    """A pattern that finds a word character other than a digit, "_" or a Latin letter:
    where it finds none, every letter of the text is Latin (each letter is a word
    character, none is a digit or "_")."""
    import unicodedata

    latin = [chr(c) for block in ((0x41, 0x250), (0x1D00, 0x1F00), (0x2C60, 0x2C80), (0xA720, 0xA800), (0xAB30, 0xAB70))
             for c in range(*block) if chr(c).isalpha() and _SCRIPT_OF_NAME.get(unicodedata.name(chr(c), "").split(" ", 1)[0]) == "Latn"]
    return re.compile("[^\\W\\d_" + "".join(re.escape(c) for c in latin) + "]")


@lru_cache(maxsize=4096)
def _char_script(char: str) -> str | None:
    import unicodedata

    return _SCRIPT_OF_NAME.get(unicodedata.name(char, "").split(" ", 1)[0])


@lru_cache(maxsize=512)
def expected_scripts(tag: str | None) -> frozenset[str]:
    """The scripts a language is written in (CLDR's likely script), empty when unknown;
    a tag with a script subtag (sr-Latn) says so itself."""
    if not tag:
        return frozenset()
    parts = re.split(r"[-_]", tag)
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is None:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(parts[0].lower(), "")
        script = next((p for p in likely.split("_")[1:] if len(p) == 4), None)
    if script is None:
        return frozenset()
    return frozenset(_COMPATIBLE.get(script, {script}))


def worth_judging(target: str, source: str, target_lang: str | None) -> bool:
    """Cheap signs that a target may not be in its language: it shares half its words
    with the source, or its letters are of a script the language is not written in."""
    words = _WORDS.findall(target.lower()[:MAX_CHARS])
    if words:
        # a word of the source is in its lower case: the words found there bound the
        # words shared, so most targets (half their words nowhere in the source) skip
        # reading the source's words
        lowered = source.lower()
        count = len(words)
        if sum(map(lowered.__contains__, words)) * 2 >= count:
            shared = set(_WORDS.findall(lowered))
            if sum(map(shared.__contains__, words)) * 2 >= count:
                return True
    scripts = expected_scripts(target_lang)
    script = dominant_script(target)
    return bool(scripts) and script is not None and script not in scripts


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(_identifier().labels) | {"fil"}


def _identifier():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load_identifier()
    return _model


def _load_identifier():
    """py3langid's identifier. Its model ships LZMA-compressed (4.6 MB; ~0.4 s of CPU to
    unpack on every run); the unpacked arrays are kept in tqa's cache, one `.npy` file
    each, and memory-mapped: a run reads only the pages of the rows its texts reach
    (a 240-entry file touched a few MB of the 68), with no copy. The packed model is
    read whenever the cache is off, unwritable or damaged."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else Path(MODEL_DIR) / MODEL_FILE
    unpacked = _unpacked_model(packed)
    if unpacked is not None:
        try:
            return _from_unpacked(unpacked, LanguageIdentifier)
        except Exception:  # noqa: BLE001 - a damaged cache entry: the packed model is the truth
            pass
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


#: the arrays of py3langid's model, as its loader names them, and the dtype each must have
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _unpacked_model(packed: Path) -> Path | None:
    """The cache's folder of unpacked arrays of `packed` (made now if missing), or None."""
    import os
    import shutil

    from qa_core.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    try:
        path = folder / f"py3langid-model-{_model_key(packed)}"
        if not path.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{path.name}.{os.getpid()}.tmp"
            try:
                _unpack(packed, temporary)
                os.replace(temporary, path)  # whole or not at all; another process may have won
            except OSError:
                if not path.is_dir():
                    raise
            finally:
                shutil.rmtree(temporary, ignore_errors=True)
        return path
    except (OSError, EOFError, ValueError, KeyError):
        return None


def _model_key(packed: Path) -> str:
    """The name of the packed model's unpacked copy: py3langid's version and the file's
    size, so that every installation of one version (a virtual environment each, a
    reinstall) shares one 66 MB copy; the file's time stamp only when the version is
    unknown (it made a copy per installation)."""
    from qa_core.distributions import version

    stat = packed.stat()
    known = version("py3langid")
    if known and re.fullmatch(r"[\w.+-]{1,40}", known):
        return f"{known}-{stat.st_size}"
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def _unpack(packed: Path, folder: Path) -> None:
    """Each array of the packed model (an LZMA-compressed .npz) as its own .npy file."""
    import io
    import lzma

    import numpy as np

    folder.mkdir()
    with lzma.open(packed) as source:
        data = np.load(io.BytesIO(source.read()), allow_pickle=False)
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", np.ascontiguousarray(data[name]), allow_pickle=False)
    (folder / "complete").write_text("\n".join(_ARRAYS) + "\n", encoding="ascii")


def _from_unpacked(path: Path, identifier_class):
    """The identifier built from the unpacked arrays as py3langid builds it from its file.
    The two tables walked per byte in Python (`nextmove`, `out_feat`) are memoryviews of
    the mapped files (indexing gives ints, as py3langid's array.array does); the
    probability table stays a (mapped) numpy array. A missing, cut or mistyped file
    raises, and the caller falls back to the packed model."""
    import mmap

    import numpy as np

    if (path / "complete").read_text(encoding="ascii").split() != list(_ARRAYS):
        raise ValueError(f"{path}: incomplete")
    arrays = {name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}

    def ints(name: str):
        values = arrays[name]
        code = {np.dtype("uint16"): "H", np.dtype("uint32"): "I", np.dtype("int32"): "i",
                np.dtype("uint64"): "Q", np.dtype("int64"): "q"}[values.dtype]
        if values.ndim != 1 or not values.flags.c_contiguous:
            raise ValueError(f"{path / name}: not a flat array")
        # the mapping stays open as long as the memoryview: the identifier holds it
        with open(path / f"{name}.npy", "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        offset = values.offset
        view = memoryview(mapped)[offset:offset + values.nbytes].cast(code)
        if len(view) != values.shape[0]:
            raise ValueError(f"{path / name}: cut short")
        return view

    classes = [str(c) for c in np.asarray(arrays["classes"]).tolist()]
    return identifier_class(arrays["ptc"].view(np.ndarray), np.array(arrays["pc"]), classes, ints("nextmove"),
                            ints("out_feat"), norm_probs=True, tk_row=ints("nextmove_row"))

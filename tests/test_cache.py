"""The on-disk cache of slow-to-build tables (qa_core.cache) and what reads it (the
numbers check's per-language tables): never needed for a correct result, so a
missing, stale, corrupt or unwritable cache changes no finding."""

from __future__ import annotations

import json
import marshal
import multiprocessing
import re
import sys
from importlib import metadata

import pytest

from qa_core import cache, distributions, lazy, quantities

TEXTS = (
    ("Save 3 files, about 2 million USD on 10/9/2023 at 14:30, the fifth of twelve", "en"),
    ("khoảng 2 triệu USD ngày 10/9/2023 lúc 14:30, thứ năm trong mười hai", "vi"),
    ("etwa 2 Millionen Euro am 10.09.2023, der fünfte von zwölf", "de"),
    ("约200万美元，第3次", "zh"),
)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path))
    return tmp_path


def _fresh_tables():
    quantities._lang.cache_clear()
    quantities._extract.cache_clear()


def _extract_all():
    _fresh_tables()
    return [quantities.extract(text, lang) for text, lang in TEXTS]


def test_store_then_load(folder):
    cache.store("demo", "vi", ["k", 1], {"a": [1, 2]})
    assert cache.load("demo", "vi", ["k", 1]) == {"a": [1, 2]}
    assert cache.load("demo", "vi", ["k", 2]) is None  # another key: a miss
    assert cache.load("demo", "en", ["k", 1]) is None
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("damage", [
    lambda data: b"", lambda data: data[:-3], lambda data: data[:10], lambda data: b"\xff\xfe garbage",
    lambda data: b"[1, 2]", lambda data: b"null", lambda data: data.replace(b"12345", b"12346"),
])
def test_corrupt_entry_is_a_miss(folder, damage):
    cache.store("demo", "vi", "k", {"a": 12345})
    (entry,) = folder.iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load("demo", "vi", "k") is None


def test_empty_setting_disables_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, "")
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() is None
    cache.store("demo", "vi", "k", 1)
    assert cache.load("demo", "vi", "k") is None
    assert list(tmp_path.iterdir()) == []


def test_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENVIRONMENT, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "tqa"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: relative paths are ignored
    assert cache.cache_dir().name == "tqa" and cache.cache_dir().is_absolute()


def test_unwritable_folder_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENVIRONMENT, str(blocker / "cache"))
    cache.store("demo", "vi", "k", 1)  # no error
    assert cache.load("demo", "vi", "k") is None
    _fresh_tables()
    assert quantities.extract("Save 3 files", "en")[0].value == 3


def _writer(folder: str, index: int) -> None:
    import os

    os.environ[cache.ENVIRONMENT] = folder
    for _ in range(30):
        cache.store("demo", "shared", "k", {"writer": index, "payload": list(range(2000))})


def test_concurrent_writers_leave_a_whole_entry(folder):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(folder), index)) for index in range(3)]
    for worker in workers:
        worker.start()
    for _ in range(200):  # reads while they write: a whole entry or none, never half
        value = cache.load("demo", "shared", "k")
        assert value is None or value["payload"] == list(range(2000))
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert cache.load("demo", "shared", "k")["writer"] in (0, 1, 2)
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_numbers_tables_same_from_cache_and_cold(folder, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, "")
    cold = _extract_all()  # built from Babel and num2words, no cache
    monkeypatch.setenv(cache.ENVIRONMENT, str(folder))
    assert _extract_all() == cold  # builds and stores
    assert len(list(folder.glob("numbers-*.json"))) == len(TEXTS)
    assert _extract_all() == cold  # read back from the cache
    assert any(q.kind == "amount" for q in cold[0]) and any(q.kind == "date" for q in cold[1])


def test_numbers_tables_rebuilt_when_cache_is_bad(folder):
    reference = _extract_all()
    for entry in folder.glob("numbers-*.json"):
        header, _, body = entry.read_bytes().partition(b"\n")
        tables = json.loads(body)
        tables["months"] = "not a table"  # right key and checksum, wrong shape
        body = json.dumps(tables).encode()
        header = json.loads(header) | {cache.CHECK: cache.checksum(body)}
        entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert _extract_all() == reference
    for entry in folder.glob("numbers-*.json"):
        data = entry.read_bytes()
        altered = data.replace(b'"patterns":{"magnitude_re":["', b'"patterns":{"magnitude_re":["((', 1)
        assert altered != data
        entry.write_bytes(altered)
    assert _extract_all() == reference  # the checksum refuses an altered pattern
    for entry in folder.glob("numbers-*.json"):
        entry.write_text("{", encoding="utf-8")  # truncated
    assert _extract_all() == reference


def test_numbers_tables_key_names_code_and_versions():
    key = quantities._tables_key()
    assert key[1] == metadata.version("babel") and key[2] == metadata.version("num2words")
    assert key[3] == sys.version  # the patterns' compiled code is this Python's
    assert len(key[0]) == 64  # the module's code: an edited word list is a miss


def test_distributions_agree_with_importlib_metadata():
    for name in ("babel", "Babel", "num2words", "lxml", "pluggy", "tqa"):
        assert distributions.version(name) == metadata.version(name)
    assert distributions.version("no-such-project-here") is None
    declared = {ep.group for dist in metadata.distributions() for ep in dist.entry_points}
    for group in ("tqa", "pytest11", "console_scripts"):
        assert distributions.may_have_entry_points(group) == (group in declared)


SAMPLES = ("about 2 million USD", "khoảng 2 triệu đô la", "Ünïcödé 42 ÄÖ", "twenty-one", "x" * 50, "")


@pytest.mark.parametrize("source, flags", [
    (r"(?<![\w])(?P<word>ab(?:out|ove)|khoảng)[\s\u00a0]+(\d+)", re.IGNORECASE),
    (r"(?:twenty|thirty)(?:-one)?\w{0,4}", 0),
    (r"[A-Za-zÀ-ɏ]+\s?(\d+)", re.IGNORECASE | re.MULTILINE),
])
def test_pattern_from_code_is_the_compiled_pattern(source, flags):
    record = json.loads(json.dumps(lazy.pattern_code(source, flags)))  # as the cache keeps it
    rebuilt, compiled = lazy.pattern_from_code(source, flags, record), re.compile(source, flags)
    assert (rebuilt.pattern, rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == \
        (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)
    for text in SAMPLES:
        assert [m.span(0) for m in rebuilt.finditer(text)] == [m.span(0) for m in compiled.finditer(text)]
        assert [m.groups() for m in rebuilt.finditer(text)] == [m.groups() for m in compiled.finditer(text)]


def test_pattern_from_code_refuses_what_is_not_its_code():
    record = lazy.pattern_code(r"ab+c", 0)
    assert lazy.pattern_from_code(r"ab+d", 0, record) is None  # another pattern
    assert lazy.pattern_from_code(r"ab+c", re.IGNORECASE, record) is None  # other flags
    assert lazy.pattern_from_code(r"ab+c", 0, ["ab+c", 0]) is None  # not a record
    broken = list(record)
    broken[3] = [99999] + list(record[3][1:])  # code the engine refuses
    assert lazy.pattern_from_code(r"ab+c", 0, broken) is None


def test_numbers_patterns_come_from_cached_code(folder):
    _extract_all()  # builds and stores tables with their code
    _fresh_tables()
    data = quantities._lang("en")
    assert data._codes, "the cached tables hold the patterns' code"
    for name in quantities._PATTERNS:
        source = data._sources[name]
        pattern = getattr(data, name)
        if source is None:
            assert pattern is None
        else:
            assert (pattern.pattern, pattern.flags) == (re.compile(*source).pattern, re.compile(*source).flags)


def test_entry_point_scan_defers_when_unsure(tmp_path, monkeypatch):
    """An egg or a zip on sys.path, or an import hook with distributions of its own:
    the scan cannot see their entry points, so it answers 'maybe' (importlib.metadata
    then looks)."""
    monkeypatch.setattr(sys, "path", [p for p in sys.path if not p.lower().endswith((".egg", ".zip"))])
    baseline = distributions.may_have_entry_points("tqa")  # False unless a tqa plugin is installed
    egg = tmp_path / "plugin-1.0.egg"
    (egg / "EGG-INFO").mkdir(parents=True)
    (egg / "EGG-INFO" / "entry_points.txt").write_text("[tqa]\nx = x\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(egg))
    assert distributions.may_have_entry_points("tqa") is True
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != str(egg)])
    assert distributions.may_have_entry_points("tqa") is baseline

    class Finder:
        def find_spec(self, *args):
            return None

        def find_distributions(self, *args):
            return iter(())

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert distributions.may_have_entry_points("tqa") is True


def test_dist_info_entry_point_found(tmp_path, monkeypatch):
    info = tmp_path / "tqa_extra-1.2.dist-info"
    info.mkdir()
    (info / "entry_points.txt").write_text("[console_scripts]\na = b\n\n[tqa]\nextra = tqa_extra\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert distributions.may_have_entry_points("tqa") is True
    assert distributions.version("tqa-extra") == "1.2"


def test_language_model_unpacked_once_and_judging_alike(tmp_path, monkeypatch):
    """py3langid's model is unpacked into the cache once (one .npy file per array, read
    memory-mapped); the identifier built from the cache ranks texts exactly as the one
    py3langid builds from its packed file, judge() reads its ranking alike, and a
    damaged cache entry (a file cut short, one missing, the folder left half-made)
    falls back to the packed file."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from plugins.language import identify

    monkeypatch.setenv("TQA_CACHE_DIR", str(tmp_path))
    # _ranked() below loads the module's model from this folder, whose files the test then
    # cuts short: the model in use before (or none) is put back afterwards, so that a later
    # test of this process does not read a cut memory-mapped file (a bus error)
    monkeypatch.setattr(identify, "_model", None)
    packed = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    first = identify._load_identifier()
    entries = list(tmp_path.glob("py3langid-model-*"))
    assert len(entries) == 1 and entries[0].is_dir() and not list(tmp_path.glob(".*.tmp"))
    assert (entries[0] / "nextmove.npy").exists()
    cached = identify._load_identifier()
    texts = ("Mở tệp đã chọn trong một cửa sổ mới", "Open the selected file in a new window",
             "Öffnet die gewählte Datei in einem neuen Fenster", "在新窗口中打开所选文件",
             "Ouvrir le fichier choisi dans une nouvelle fenêtre")
    for text in texts:
        assert cached.rank(text) == packed.rank(text) == first.rank(text)
        top, scores = identify._ranked(text)
        ranked = packed.rank(text)
        assert top == ranked[0][0] and scores == dict(ranked)
    table = entries[0] / "nextmove.npy"
    whole = table.read_bytes()
    table.write_bytes(whole[:1000])  # cut short
    assert identify._load_identifier().rank("Open the selected file") == packed.rank("Open the selected file")
    table.unlink()  # missing
    assert identify._load_identifier().rank("Open the selected file") == packed.rank("Open the selected file")
    table.write_bytes(whole)
    (entries[0] / "complete").unlink()  # a folder another process left half-made
    assert identify._load_identifier().rank("Open the selected file") == packed.rank("Open the selected file")


def test_language_model_without_a_cache(monkeypatch):
    from plugins.language import identify

    monkeypatch.setenv("TQA_CACHE_DIR", "")
    assert identify._unpacked_model(__import__("pathlib").Path("/nonexistent")) is None
    assert identify._load_identifier().classify("Mở tệp đã chọn trong một cửa sổ mới")[0] == "vi"


# --- the patterns of a run, kept for the next one (qa_core.lazy.warm/keep_patterns) ---

RUN_PATTERNS = ((r"(?P<n>\d+)[\s\u00a0]*(?:files?|tệp)", re.IGNORECASE), (r"[\ud800-\udfff]|\w+'\w+", 0),
                (r"^(?:Save|Lưu)\b", re.MULTILINE))


def _compiled_by_re(source: str, flags: int):
    """What `re` builds from scratch, bypassing its cache."""
    from re import _compiler

    return _compiler.compile(source, flags)


def test_kept_patterns_come_back_equal_to_compiled_ones(folder):
    # start from an empty `re` cache: after other tests in this process it can hold more
    # patterns than a record keeps (KEEP_PATTERNS), and these would be cut off
    re.purge()
    state = lazy.warm_patterns()  # nothing recorded yet
    assert state.active and state.records == []
    for source, flags in RUN_PATTERNS:
        re.compile(source, flags)
    lazy.keep_patterns(state)
    assert len(list(folder.glob("patterns-*.bin"))) == 1
    re.purge()  # a new run: `re` has compiled nothing yet
    warmed = lazy.warm_patterns()
    assert {(r[0], r[1]) for r in warmed.records} >= set(RUN_PATTERNS)
    for source, flags in RUN_PATTERNS:
        kept = re._cache[(str, source, flags)]
        assert re.compile(source, flags) is kept  # found, not compiled
        assert kept == _compiled_by_re(source, flags)  # same flags, pattern and code
        assert kept.groupindex == re.compile(source, flags).groupindex
    before = (folder / next(folder.glob("patterns-*.bin")).name).stat().st_mtime_ns
    lazy.keep_patterns(warmed)  # nothing new: the entry is not rewritten
    assert next(folder.glob("patterns-*.bin")).stat().st_mtime_ns == before


def test_every_pattern_of_a_real_run_is_kept_exactly(folder, tmp_path):
    """After `tqa check` of a one-unit file (a fresh process), the patterns it compiled
    are recorded, and each one made from its record equals the one `re` compiles."""
    import os
    import subprocess

    path = tmp_path / "one.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "Save 3 files"\nmsgstr "Lưu 3 tệp"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "qa_core", "check", "--isolated", "-j", "1", "-q", str(path)],
                          env=dict(os.environ, TQA_CACHE_DIR=str(folder)), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    records = lazy.warm_patterns().records
    assert len(records) > 100  # ~230: the imports' patterns and those of the first unit
    for record in records:
        made = lazy.pattern_from_code(record[0], record[1], json.loads(json.dumps(record)))
        assert made is not None and made == _compiled_by_re(record[0], record[1]), record[0]


def test_bad_pattern_records_are_skipped(folder):
    state = lazy.warm_patterns()
    re.compile(r"ab+c")
    lazy.keep_patterns(state)
    (entry,) = folder.glob("patterns-*.bin")
    header, _, body = entry.read_bytes().partition(b"\n")
    records = marshal.loads(body)
    good = next(r for r in records if r[0] == "ab+c")
    wrong = list(good)
    wrong[3] = [99999] + list(good[3][1:])  # code the engine refuses
    body = marshal.dumps([wrong, "junk", [1], [None, 0], good])
    header = json.loads(header) | {cache.CHECK: cache.checksum(body)}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    re.purge()
    warmed = lazy.warm_patterns()
    assert [r[0] for r in warmed.records] == ["ab+c"]  # the one valid record


def test_no_cache_no_patterns_kept(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENVIRONMENT, "")
    monkeypatch.chdir(tmp_path)
    state = lazy.warm_patterns()
    assert not state.active
    re.compile("xyz+")
    lazy.keep_patterns(state)
    assert list(tmp_path.iterdir()) == []


# --- TOML texts read before (qa_core.cache.toml_loads) ---

TOML_TEXTS = (
    '[tool.tqa]\nselect = ["BAS", "NUM001"]\n[tool.tqa.numbers]\nallow = 1.5\nbig = 12345678901234567890\n',
    'title = "Đoàn Hòa bình"\nnan = nan\ninf = -inf\n[[concept]]\nid = "peace-corps"\nvi = ["Đoàn Hòa bình"]\nen = "Peace Corps"\n',
    "",
)


@pytest.mark.parametrize("text", TOML_TEXTS)
def test_toml_read_back_is_what_tomllib_gives(folder, text):
    import math
    import tomllib

    expected = tomllib.loads(text)
    first = cache.toml_loads(text)  # parsed, stored
    assert len(list(folder.glob("toml-*.json"))) == 1
    second = cache.toml_loads(text)  # read back
    for got in (first, second):
        assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
        assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]
    if "nan" in text:
        assert math.isnan(second["nan"]) and second["inf"] == -math.inf


def test_toml_with_dates_is_not_kept(folder):
    import datetime

    data = cache.toml_loads("when = 2026-12-04\n")
    assert data == {"when": datetime.date(2026, 12, 4)}
    assert list(folder.glob("toml-*.json")) == []  # JSON would turn the date into a string


def test_broken_toml_raises_the_parser_error_every_time(folder):
    for _ in range(2):
        with pytest.raises(cache.toml_module().TOMLDecodeError):
            cache.toml_loads("[tool.tqa\nselect = 1\n")
    assert list(folder.glob("toml-*.json")) == []


def test_a_warm_run_imports_no_toml_parser(folder, tmp_path):
    """The built-in glossaries and a pyproject.toml come from the cache in a second run."""
    import subprocess

    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.tqa]\nignore = ["LEN001"]\n', encoding="utf-8")
    (project / "one.po").write_text('msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "Save 3 files"\nmsgstr "Lưu 3 tệp"\n',
                                    encoding="utf-8")
    probe = ("import sys, qa_core.cli\n"
             "code = qa_core.cli.main(['check', '-q', '-j', '1', 'one.po'])\n"
             "print(code, 'tomllib' in sys.modules)\n")
    env = dict(__import__("os").environ, TQA_CACHE_DIR=str(folder))
    seen = [subprocess.run([sys.executable, "-c", probe], cwd=project, env=env, capture_output=True, text=True,
                           timeout=120, check=True).stdout.split()[-2:] for _ in range(2)]
    assert seen[0] == ["0", "True"] and seen[1] == ["0", "False"], seen


def test_recorded_patterns_stay_and_new_ones_fill_the_room(folder, monkeypatch):
    monkeypatch.setattr(lazy, "KEEP_PATTERNS", 3)
    monkeypatch.setattr(lazy, "_warmed", True)  # count only what each "run" below compiles
    state = lazy.warm_patterns()
    for source in ("first+", "second+"):
        re.compile(source)
    lazy.keep_patterns(state)
    re.purge()
    state = lazy.warm_patterns()
    for source in ("third+", "fourth+", "fifth+"):
        re.compile(source)
    lazy.keep_patterns(state)  # room for one more
    re.purge()
    state = lazy.warm_patterns()
    assert [r[0] for r in state.records] == ["first+", "second+", "third+"]
    (entry,) = folder.glob("patterns-*.bin")
    before = entry.stat().st_mtime_ns
    re.compile("sixth+")
    lazy.keep_patterns(state)  # full: not written again
    assert entry.stat().st_mtime_ns == before


# ---------------------------------------------------------------------------
# The code of the methods dataclasses generate (qa_core.lazy.generated_code)


def _fresh_generated(monkeypatch):
    """A new process's view: nothing read from the cache yet."""
    monkeypatch.setattr(lazy, "_generated", None)


def _make_classes():
    import dataclasses

    @dataclasses.dataclass(frozen=True, slots=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple = dataclasses.field(default_factory=tuple)

    @dataclasses.dataclass(order=True)
    class Plain:
        name: str
        weight: float = 1.0

    return Point, Plain


def test_dataclasses_from_kept_code_are_the_same(folder, monkeypatch):
    import dataclasses

    _fresh_generated(monkeypatch)
    plain_point, plain_other = _make_classes()  # dataclasses' own exec: the reference
    with lazy.generated_code() as first:
        assert dataclasses.exec is first
        Point, Plain = _make_classes()
    assert "exec" not in dataclasses.__dict__  # put back as it was
    assert first.fresh and len(first.codes) >= 10
    lazy.keep_generated_code()
    assert len(list(folder.glob("code-*.bin"))) == 1

    _fresh_generated(monkeypatch)  # the next run reads the kept code
    with lazy.generated_code() as second:
        assert set(second.codes) == set(first.codes)
        Point2, Plain2 = _make_classes()
    assert not second.fresh  # every text was found: nothing compiled
    for made, reference in ((Point2, plain_point), (Plain2, plain_other)):
        for method in ("__init__", "__repr__", "__eq__", "__setattr__", "__delattr__", "__hash__", "__lt__"):
            ours, theirs = getattr(made, method, None), getattr(reference, method, None)
            if theirs is None or not hasattr(theirs, "__code__"):
                continue
            assert ours.__code__ == theirs.__code__, method
            assert ours.__qualname__.rsplit(".", 1)[-1] == theirs.__qualname__.rsplit(".", 1)[-1]
    p = Point2(1, tags=("a",))
    assert (p.x, p.y, p.tags, repr(p).split("(", 1)[1]) == (1, 0, ("a",), "x=1, y=0, tags=('a',))")
    assert p == Point2(1, 0, ("a",)) and hash(p) == hash(Point2(1, 0, ("a",)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2
    assert Plain2("a") < Plain2("b")


def test_damaged_kept_code_is_compiled_again(folder, monkeypatch):
    _fresh_generated(monkeypatch)
    with lazy.generated_code():
        _make_classes()
    lazy.keep_generated_code()
    (entry,) = folder.glob("code-*.bin")
    header, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(header + b"\n" + body[: len(body) // 2])  # cut short: the SHA-256 no longer agrees
    _fresh_generated(monkeypatch)
    with lazy.generated_code() as state:
        assert state.codes == {}
        Point, _ = _make_classes()
    assert state.fresh and Point(3).y == 0


def test_no_cache_compiles_as_usual(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENVIRONMENT, "")
    _fresh_generated(monkeypatch)
    with lazy.generated_code() as state:
        Point, _ = _make_classes()
    lazy.keep_generated_code()
    assert not state.active and Point(1) == Point(1)


def test_every_kept_code_of_a_real_run_is_what_compile_gives(folder, tmp_path):
    """After `tqa check` of a one-unit file (a fresh process), the generated methods of
    tqa's dataclasses are kept, and each equals what compiling its text gives."""
    import marshal
    import os
    import subprocess

    path = tmp_path / "one.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: vi\\n"\n\nmsgid "Save 3 files"\nmsgstr "Lưu 3 tệp"\n', encoding="utf-8")
    env = dict(os.environ, TQA_CACHE_DIR=str(folder))
    for _ in range(2):  # the first run keeps the code, the second reads it
        done = subprocess.run([sys.executable, "-m", "qa_core", "check", "--isolated", "-j", "1", "-q", str(path)],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    blob = cache.load("code", "dataclasses", lazy._code_key(), raw=True)
    kept = marshal.loads(blob)
    assert len(kept) > 200  # ~430: six methods or so for each of ~80 classes
    for text, code in kept.items():
        assert code == compile(text, "<string>", "exec", dont_inherit=True), text


def test_word_frequency_lists_read_back_are_wordfreqs(folder):
    """The omission check's word lists (wordfreq's, kept as marshal data): the same
    dictionary read back as wordfreq gives, None kept for a language without a list,
    and a damaged entry is built again."""
    wordfreq = pytest.importorskip("wordfreq")
    from tqa_plugins.omission import partial

    expected = wordfreq.get_frequency_dict("vi", "small")
    for _ in range(2):  # built and stored, then read back
        partial._frequencies.cache_clear()
        assert partial._frequencies("vi") == expected
        assert partial._frequencies("xx-none") is None
    entries = sorted(folder.glob("wordfreq-*.bin"), key=lambda p: p.stat().st_size)
    assert len(entries) == 2
    entries[-1].write_bytes(entries[-1].read_bytes()[:-100])
    partial._frequencies.cache_clear()
    assert partial._frequencies("vi") == expected
    partial._frequencies.cache_clear()


def test_one_unpacked_language_model_for_every_installation_of_a_version(tmp_path, monkeypatch):
    """Two installations of the same py3langid (their packed files' time stamps differ)
    share one unpacked copy (66 MB) instead of one each."""
    import os
    import shutil

    from pathlib import Path

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from plugins.language import identify

    monkeypatch.setenv("TQA_CACHE_DIR", str(tmp_path / "cache"))
    packed = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else Path(MODEL_DIR) / MODEL_FILE
    copies = []
    for number in range(2):
        copy = tmp_path / f"install{number}" / packed.name
        copy.parent.mkdir()
        shutil.copyfile(packed, copy)
        os.utime(copy, ns=(10**18 + number, 10**18 + number))
        copies.append(copy)
    first, second = (identify._unpacked_model(copy) for copy in copies)
    assert first is not None and first == second
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [first.name]

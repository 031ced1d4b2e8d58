"""Start-up imports only what the run needs (issue 14: a one-unit file under 0.2 s).

A fresh interpreter imports the CLI, builds the plugins and checks a one-unit XLIFF
whose texts are too short for the language model and hold no two sentences; then it
lists which heavy third-party modules it loaded. A module-level `import numpy` (or
jsonschema, py3langid, ...) in a plugin or in the engine makes this test fail: those
belong inside the function that needs them. Counts of modules, not times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

#: heavy modules that a plain `tqa check` of a short file must not load, and why each
#: is heavy: aligner arrays, the language model, schema validation, fuzzy matching
NOT_AT_START = ("numpy", "py3langid", "jsonschema", "referencing", "rapidfuzz", "spylls", "yaml", "dask",
                "translate")
#: ...and what building the plugins (no file read yet) must not load either: these are
#: imported on the first unit that needs them (numbers, spelled-out numbers)
NOT_AT_REGISTRATION = NOT_AT_START + ("babel", "num2words")
#: ...and what a second run (the numbers tables cached on disk, qa_core.cache) must not
#: load: CLDR and number words are read from the cache, entry points and tqa's version
#: from dist-info folders (importlib.metadata brings the e-mail parser, csv and zipfile;
#: importlib.resources, needed only for the JSON report's schema, brings zipfile and tempfile;
#: the built-in glossaries' and pyproject.toml's TOML is read back from the cache, qa_core.cache.toml_loads)
#: (shutil: argparse imports it, with bz2 and lzma, to find the terminal's width; tqa's parsers are given it)
NOT_WHEN_CACHED = NOT_AT_START + ("babel", "num2words", "importlib.metadata", "csv", "zipfile", "tempfile", "tomllib",
                                  "shutil", "bz2", "lzma")

#: ...and what checking one short unit with no finding must not load (each is imported
#: where it is used): traceback (a crash; it imports textwrap), difflib ("did you mean",
#: an option misspelt), pickle and heapq (findings sealed and merged in a large run;
#: not zlib, whose CRC-32 checks the cache's entries), html (the HTML report, a character
#: reference in a text), glob (dictionaries looked for)
#: hashlib loads OpenSSL (~2.5 ms): the cache checks its entries with a CRC-32 and names
#: them with CPython's own BLAKE2b (qa_core.digests), SHA-256 is for findings' fingerprints
#: datetime: the report's start time is formatted with time.strftime (report.utc_seconds);
#: nh3: the sanitizer's lists, read on the first tag a target adds (the markup check)
NOT_FOR_A_CLEAN_UNIT = ("traceback", "textwrap", "difflib", "pickle", "heapq", "html", "glob", "hashlib", "_hashlib",
                        "datetime", "nh3")

ONE_UNIT = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="one.strings" source-language="en" target-language="vi" datatype="plaintext">
    <body>
      <trans-unit id="save.files">
        <source>Save 3 files</source>
        <target>Lưu 3 tệp</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

PROBE = textwrap.dedent("""
    import json, sys
    import qa_core.cli
    from qa_core.manager import load_plugins

    plugins = load_plugins()
    assert plugins.checks, "no check registered"
    registered = sorted({m.split(".")[0] for m in sys.modules})
    path = sys.argv[1]
    sys.argv = ["tqa", "check", "--format", sys.argv[2], path]
    try:
        code = qa_core.cli.main()
    except SystemExit as stop:
        code = stop.code
    checked = sorted({m.split(".")[0] for m in sys.modules} | {m for m in sys.modules if m in ("importlib.metadata", "importlib.resources")})
    sys.stderr.write("PROBE " + json.dumps({"registered": registered, "checked": checked, "code": code}) + "\\n")
""")


def _probe(path, env=None, format="json") -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), format], capture_output=True, text=True, timeout=120,
                          check=False, env=env)
    line = next((l for l in done.stderr.splitlines() if l.startswith("PROBE ")), None)
    assert line is not None, f"the probe failed:\n{done.stderr[-3000:]}"
    return json.loads(line[len("PROBE "):])


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> dict:
    """What one fresh `tqa` process imported (one process for both tests), with an
    empty cache folder: the first run of a user."""
    path = tmp_path_factory.mktemp("startup") / "one.xlf"
    path.write_text(ONE_UNIT, encoding="utf-8")
    env = dict(os.environ, TQA_CACHE_DIR=str(tmp_path_factory.mktemp("cache")))
    first = _probe(path, env)
    first["second"] = _probe(path, env, "text")  # the same cache folder, now filled; the default report
    return first


def test_plugins_register_without_heavy_modules(seen):
    loaded = sorted(set(seen["registered"]) & set(NOT_AT_REGISTRATION))
    assert loaded == [], f"building the plugins imported {loaded}: import them where they are used"


def test_checking_one_short_unit_loads_no_heavy_module(seen):
    assert seen["code"] in (0, 1), seen
    loaded = sorted(set(seen["checked"]) & set(NOT_AT_START))
    assert loaded == [], f"checking one short unit imported {loaded}: import them where they are used"


def test_second_run_reads_the_cache_and_loads_less(seen):
    second = seen["second"]
    assert second["code"] == seen["code"]
    assert "babel" in seen["checked"]  # the first run built the numbers tables (a real test of the cache)
    loaded = sorted(set(second["checked"]) & set(NOT_WHEN_CACHED))
    assert loaded == [], f"checking one short unit with a warm cache imported {loaded}"


def test_a_clean_unit_imports_only_what_it_uses(seen):
    second = seen["second"]
    assert second["code"] == 0, second
    loaded = sorted(set(second["checked"]) & set(NOT_FOR_A_CLEAN_UNIT))
    assert loaded == [], f"checking one short unit without a finding imported {loaded}"


ONE_PO_UNIT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: vi\\n"

msgid "Save 3 files"
msgstr "Lưu 3 tệp"
"""


def test_a_po_file_is_checked_without_lxml(tmp_path):
    # lxml (~8 ms) is imported where XML is read or written (qa_core.lazy.lazy_module)
    path = tmp_path / "one.po"
    path.write_text(ONE_PO_UNIT, encoding="utf-8")
    seen = _probe(path, dict(os.environ, TQA_CACHE_DIR=str(tmp_path / "cache")), "text")
    assert seen["code"] in (0, 1), seen
    assert "lxml" not in seen["checked"]
    assert "lxml" not in seen["registered"]


def test_a_finding_is_reported_without_importlib_resources(tmp_path):
    # the rule's docs (the JSON report's help, read for every rule with a finding) are
    # read from the plugin's folder; importlib.resources (~15 ms: zipfile and friends)
    # only for plugins that are no plain folder
    path = tmp_path / "one.po"
    path.write_text(ONE_PO_UNIT.replace("Lưu 3 tệp", "Lưu là là 3 tệp"), encoding="utf-8")
    seen = _probe(path, dict(os.environ, TQA_CACHE_DIR=str(tmp_path / "cache")), "json")
    assert seen["code"] == 1, seen  # DUP001: a doubled word
    assert "importlib.resources" not in seen["checked"]


def test_rule_docs_are_what_importlib_resources_reads():
    from importlib import resources

    from qa_core.manager import load_plugins

    rules = load_plugins(entry_points=False).rules
    read = 0
    for rule in rules:
        owner = rules.owner(rule.id)
        module = sys.modules[owner.__module__]
        package = owner.__module__ if hasattr(module, "__path__") else owner.__module__.rpartition(".")[0]
        path = resources.files(package).joinpath("docs", f"{rule.id}.md")
        expected = path.read_text(encoding="utf-8") if path.is_file() else None
        assert rules.docs(rule.id) == expected, rule.id
        read += expected is not None
    assert read > 50


@pytest.mark.parametrize("columns", [None, "50", "200", "junk"])
def test_help_is_what_argparse_would_write(monkeypatch, columns):
    """tqa's parsers are given the terminal's width (not to import shutil): the help
    reads as argparse's own formatter writes it."""
    import argparse

    from qa_core import cli
    from qa_core.manager import load_plugins

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    plugins = load_plugins(entry_points=False)
    ours = cli.build_parser(plugins, only="check")
    monkeypatch.setattr(cli, "_HelpFormatter", argparse.HelpFormatter)
    theirs = cli.build_parser(plugins, only="check")
    assert ours.format_help() == theirs.format_help()
    check = lambda parser: parser._subparsers._group_actions[0].choices["check"]  # noqa: E731
    assert check(ours).format_help() == check(theirs).format_help()


def _hookimpls(pm) -> list:
    return sorted((name, caller.name, impl.function.__qualname__, tuple(sorted(impl.opts.items())))
                  for name, plugin in pm.list_name_plugin() for caller in pm.get_hookcallers(plugin) or ()
                  for impl in caller.get_hookimpls() if impl.plugin is plugin)


def test_fast_hook_discovery_finds_what_pluggy_finds(monkeypatch):
    """The manager skips module attributes that cannot be hooks without pluggy's
    static look-up: it must find exactly the hook implementations pluggy finds."""
    import pluggy

    from qa_core import manager

    extra = ["tests.plugins.tsv_reader"]
    fast = _hookimpls(manager.make_plugin_manager(extra, entry_points=False))
    monkeypatch.setattr(manager._Manager, "parse_hookimpl_opts", pluggy.PluginManager.parse_hookimpl_opts)
    assert fast == _hookimpls(manager.make_plugin_manager(extra, entry_points=False))
    assert len(fast) > 40
    from qa_core import hookimpl

    assert manager._MARKER == hookimpl.project_name + "_impl"


GC_PROBE = textwrap.dedent("""
    import gc, json, sys
    before = gc.isenabled()
    import qa_core
    after_import = gc.isenabled()
    gc.disable()
    import qa_core.manager  # a module not imported yet
    stays_off = not gc.isenabled()
    gc.enable()
    import qa_core.cli
    frozen_before = gc.get_freeze_count()
    sys.argv = ["tqa", "check", sys.argv[1]]
    try:
        code = qa_core.cli.main()
    except SystemExit as stop:
        code = stop.code
    frozen_after = gc.get_freeze_count()
    sys.stderr.write("PROBE " + json.dumps({"before": before, "after_import": after_import, "stays_off": stays_off,
                                            "frozen_before": frozen_before, "frozen_after": frozen_after,
                                            "enabled": gc.isenabled(), "code": code}) + "\\n")
""")


def test_start_up_objects_are_frozen_and_the_collector_is_back_on(tmp_path):
    """Importing tqa keeps the cyclic collector off while it runs and gives it back as it
    found it; the CLI moves what start-up made to the permanent generation (gc.freeze)
    and the collector runs again while the files are checked."""
    path = tmp_path / "one.po"
    path.write_text(ONE_PO_UNIT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", GC_PROBE, str(path)], capture_output=True, text=True, timeout=120,
                          check=False, env=dict(os.environ, TQA_CACHE_DIR=str(tmp_path / "cache")))
    line = next((l for l in done.stderr.splitlines() if l.startswith("PROBE ")), None)
    assert line is not None, done.stderr[-3000:]
    seen = json.loads(line[len("PROBE "):])
    assert seen["before"] and seen["after_import"] and seen["stays_off"], seen
    assert seen["code"] == 0 and seen["enabled"], seen
    assert seen["frozen_before"] == 0 and seen["frozen_after"] > 10_000, seen


def test_blake2b_is_hashlibs():
    import hashlib

    from qa_core.digests import blake2b

    assert blake2b is hashlib.blake2b
    assert blake2b(b"tqa", digest_size=12).hexdigest() == hashlib.blake2b(b"tqa", digest_size=12).hexdigest()


def test_report_start_time_is_what_datetime_writes():
    import math
    import random
    from datetime import datetime, timezone

    from qa_core.report import utc_seconds

    rng = random.Random(14)
    stamps = [0.0, 1.0, 0.9999995, 0.9999994999, 1.9999995, 2.4999995, 1764946800.9999996, 1764946800.0000004]
    stamps += [rng.uniform(0, 4e9) for _ in range(20_000)]
    # just under a second, where rounding to microseconds decides which second it is
    stamps += [math.floor(s) + 1 - k * 1e-7 for s in stamps[:500] for k in (1, 4, 5, 6)]
    for stamp in stamps:
        assert utc_seconds(stamp) == datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="seconds"), stamp


COMPILE_PROBE = textwrap.dedent("""
    import json, re, sys
    compiled = []
    original = re._compile

    def counting(pattern, flags):
        if isinstance(pattern, str) and (type(pattern), pattern, flags) not in re._cache:
            compiled.append(pattern)
        return original(pattern, flags)

    re._compile = counting
    import qa_core.cli
    sys.argv = ["tqa", "check", sys.argv[1]]
    try:
        qa_core.cli.main()
    except SystemExit:
        pass
    sys.stderr.write("PROBE " + json.dumps(compiled) + "\\n")
""")


def test_a_warm_run_compiles_almost_no_pattern(tmp_path):
    """The patterns recorded by an earlier run are put in re's cache as qa_core is
    imported (qa_core.lazy.warm_patterns_early): a warm run of one unit compiles only
    those of the modules imported before that (json's, which the cache reads with)."""
    path = tmp_path / "one.po"
    path.write_text(ONE_PO_UNIT, encoding="utf-8")
    env = dict(os.environ, TQA_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # the first run records
        done = subprocess.run([sys.executable, "-c", COMPILE_PROBE, str(path)], capture_output=True, text=True,
                              timeout=120, check=False, env=env)
    line = next((l for l in done.stderr.splitlines() if l.startswith("PROBE ")), None)
    assert line is not None, done.stderr[-3000:]
    compiled = json.loads(line[len("PROBE "):])
    assert len(compiled) <= 6, compiled


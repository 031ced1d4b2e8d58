"""A pytest plugin: localization files as test items whose failures are tqa findings.

Installing tqa registers it (entry point `pytest11`), but it collects nothing until
a project names its files in the ini option `tqa_files`:

    [tool.pytest.ini_options]
    testpaths = ["tests", "locales"]
    tqa_files = ["*.xlf", "*.po"]
    tqa_fail_on = "major"        # default: the tqa configuration's fail-on

Each matching file becomes one test item (marked `tqa`, so `-m tqa` or `-m "not tqa"`
selects); it fails when the file has findings at or above fail-on, and the failure
lists them as `tqa check` would. Rules, severities, the baseline and in-file
suppressions come from the project's tqa.toml or [tool.tqa] as usual; `tqa_baseline`
names a baseline file for the tests alone. `-p no:tqa` turns the plugin off.
"""

from __future__ import annotations

import fnmatch
import os
import time
from pathlib import Path

import pytest

from qa_core.errors import TqaError

INI_FILES = "tqa_files"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(INI_FILES, type="args", default=[], help="tqa: glob patterns of localization files to check as test items (e.g. *.xlf *.po); empty: the plugin collects nothing")
    parser.addini("tqa_fail_on", default="", help="tqa: severity at or above which a file's test fails (default: the tqa configuration's fail-on)")
    parser.addini("tqa_baseline", default="", help="tqa: baseline file whose findings do not fail the tests")
    parser.addini("tqa_config", default="", help="tqa: configuration file (default: the nearest tqa.toml or pyproject.toml)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "tqa: a localization file checked by tqa")


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    patterns = parent.config.getini(INI_FILES)
    if not patterns:
        return None
    try:
        relative = file_path.relative_to(parent.config.rootpath).as_posix()
    except ValueError:
        relative = file_path.as_posix()
    if any(fnmatch.fnmatch(file_path.name, pattern) or fnmatch.fnmatch(relative, pattern) for pattern in patterns):
        return TqaFile.from_parent(parent, path=file_path)
    return None


class TqaFile(pytest.File):
    def collect(self):
        yield TqaItem.from_parent(self, name="tqa")


class TqaFindings(Exception):
    """The findings that failed a file, rendered as text."""


class TqaItem(pytest.Item):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_marker("tqa")

    def runtest(self) -> None:
        from qa_core.report import Report
        from qa_core.reporters.builtin import TextReporter
        from qa_core.runner import RunResult, display_path, check_document, open_document

        plugins, config = _session(self.config)
        started = time.time()
        path = display_path(str(self.path))
        document = open_document(path, plugins, _read_options(config), None)
        result = check_document(document, plugins, config)
        failing = [f for f in result.findings if config.fails(f.severity)]
        if failing:
            run = RunResult([result.summary], sorted(failing, key=lambda f: f.sort_key()), [], started, 0.0)
            report = Report.build(run, plugins, config, command=["pytest", path], with_help=False)
            raise TqaFindings(TextReporter().render(report))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, TqaFindings):
            return str(excinfo.value).rstrip()
        if isinstance(excinfo.value, TqaError):
            return f"tqa: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"tqa: {self.path.name}"


_KEY = pytest.StashKey[tuple]()


def _session(config: pytest.Config):
    """Plugins and configuration, built once per test session from the project's
    tqa configuration (found from the rootdir) and the ini options."""
    if _KEY in config.stash:
        return config.stash[_KEY]
    from qa_core.config import find_config, load_config, read_config_file
    from qa_core.manager import load_plugins

    config_path = config.getini("tqa_config") or None
    if config_path and not os.path.isabs(config_path):
        config_path = str(config.rootpath / config_path)
    if config_path:
        table = read_config_file(config_path)
    else:
        found = find_config(config.rootpath)
        table = found[1] if found else {}
    plugins = load_plugins([str(p) for p in table.get("plugins", []) or []], [str(p) for p in table.get("disable-plugins", []) or []])
    cli: dict = {}
    if config.getini("tqa_fail_on"):
        cli["fail_on"] = config.getini("tqa_fail_on")
    if config.getini("tqa_baseline"):
        baseline = config.getini("tqa_baseline")
        cli["settings"] = {"suppression": {"baseline": baseline if os.path.isabs(baseline) else str(config.rootpath / baseline)}}
    tqa_config = load_config(plugins.checks, config_path=config_path, start=str(config.rootpath), cli=cli)
    tqa_config.check_selectors(plugins.rules)
    plugins.hook.tqa_configure.call_historic(kwargs={"config": tqa_config})
    config.stash[_KEY] = (plugins, tqa_config)
    return plugins, tqa_config


def _read_options(config):
    from qa_core.formats import ReadOptions

    return ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang)

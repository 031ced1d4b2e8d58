"""Checking past one machine, on a Dask cluster (`pip install .[dask]`).

Each input file is one task: a Dask worker opens it with the same reader hook, runs
the same checks as `tqa check` and sends back the file's summary and findings; the
calling process builds one report. Plugin managers are built once per worker
process (cached by plugin list). The findings are the same as a local run's, finding
for finding (same fingerprints): the work per file is the same code.

    from distributed import Client
    from qa_core.cluster import check_on_cluster
    result = check_on_cluster(["locales/"], Client("tcp://scheduler:8786"))

or from the command line: `tqa check locales/ --dask tcp://scheduler:8786`
(`--dask local:4` starts a local cluster of four worker processes).
"""

from __future__ import annotations

import time
from typing import Sequence

from qa_core.config import Config
from qa_core.errors import TqaError, UsageError
from qa_core.formats import ReadOptions
from qa_core.manager import Plugins, load_plugins
from qa_core.runner import (DocumentResult, RunResult, check_document, check_run, collect_inputs, display_path,
                            gather_findings, open_document)

_PLUGINS: dict[tuple, Plugins] = {}


def _check_file(path: str, plugin_modules: tuple, disable: tuple, config: Config, options: ReadOptions, format: str | None):
    """One task: the file's `DocumentResult`, or the `TqaError` that stopped it."""
    key = (plugin_modules, disable)
    plugins = _PLUGINS.get(key)
    if plugins is None:
        plugins = _PLUGINS[key] = load_plugins(plugin_modules, disable)
    try:
        document = open_document(path, plugins, options, format)
        return check_document(document, plugins, config)
    except TqaError as error:
        return error


def _client(address: str):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("'--dask' needs the dask extra: pip install '.[dask]' (dask and distributed)") from None
    if address.startswith("local:"):
        try:
            workers = int(address.partition(":")[2])
        except ValueError:
            raise UsageError(f"'--dask local:N' needs a number of workers (got {address!r})") from None
        import logging

        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.CRITICAL
        )
        return Client(cluster), cluster
    return Client(address), None


def check_on_cluster(
    paths: Sequence[str],
    client,
    plugins: Plugins | None = None,
    config: Config | None = None,
    *,
    options: ReadOptions | None = None,
    format: str | None = None,
    plugin_modules: Sequence[str] = (),
) -> RunResult:
    """Check `paths` (files or folders) on the Dask `client`'s cluster; one task per
    file, results gathered as they finish, one `RunResult` in input order."""
    started = time.time()
    clock = time.perf_counter()
    plugins = plugins or load_plugins(plugin_modules)
    config = config or Config()
    options = options or ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang)
    files = [display_path(p) for p in collect_inputs(paths, plugins, config)]
    modules = tuple(plugin_modules) + tuple(config.plugins)
    futures = client.map(
        _check_file, files, plugin_modules=modules, disable=tuple(config.disable_plugins),
        config=config, options=options, format=format, pure=False,
    )
    results: dict[str, DocumentResult] = {}
    errors: list[TqaError] = []
    for path, outcome in zip(files, client.gather(futures)):
        if isinstance(outcome, TqaError):
            errors.append(outcome)
        else:
            results[path] = outcome
    done = [results[p] for p in files if p in results]
    # check_run: across files (consistency)
    return RunResult([r.summary for r in done], gather_findings(done, check_run(done, plugins, config)), errors, started,
                     time.perf_counter() - clock)


def run_with_dask(address: str, paths: Sequence[str], plugins: Plugins, config: Config, **kwargs) -> RunResult:
    """`tqa check --dask ADDRESS`: connect (or start `local:N`), check, disconnect."""
    client, cluster = _client(address)
    try:
        return check_on_cluster(paths, client, plugins, config, **kwargs)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

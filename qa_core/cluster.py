"""Checking past one machine, on a Dask cluster (`pip install .[dask]`).

Each input file is one task: a Dask worker opens it with the same reader hook, runs
the same checks as `tqa check` and sends back the file's summary and findings; the
calling process builds one report. A large file (what `tqa check -j N` would split:
`runner.SPLIT_BYTES` or more and over a fair share of the run, `runner._splits`) is
checked in as many tasks as the cluster has worker threads, one `Share` each, as
`-j N` shares it between processes: every share task opens and streams the file
itself (workers see the same paths), runs the per-unit checks on every `parts`-th
chunk of `runner.CHUNK_UNITS` units and its lot of the checks that need every unit.
Share 0 then waits for the others' results, without holding its worker's thread
(Dask's tasks launching tasks: `worker_client`), and assembles the file's result on
the document it read, in its own process (the suppression check's findings hook needs
what it collected there, and the reader's warnings are on that document).

Plugin managers are built once per worker process (cached by plugin list). The
findings are the same as a local run's, finding for finding (same fingerprints, same
order): the work per file and per share is the same code. Findings travel by value
(`FindingStore` pickles its spooled batches as bytes), so no worker's /tmp needs to be
seen by another machine.

    from distributed import Client
    from qa_core.cluster import check_on_cluster
    result = check_on_cluster(["locales/"], Client("tcp://scheduler:8786"))

or from the command line: `tqa check locales/ --dask tcp://scheduler:8786`
(`--dask local:4` starts a local cluster of four worker processes).
"""

from __future__ import annotations

import time
import uuid
from typing import Sequence

from qa_core import runner
from qa_core.config import Config
from qa_core.errors import TqaError, UsageError
from qa_core.formats import ReadOptions
from qa_core.manager import Plugins, load_plugins
from qa_core.runner import (DocumentResult, RunResult, Share, assemble, check_document, check_run, collect_inputs,
                            display_path, gather_findings, open_document)

_PLUGINS: dict[tuple, Plugins] = {}


def _plugins(plugin_modules: tuple, disable: tuple) -> Plugins:
    """This worker process's plugin manager for a plugin list, built on first use."""
    key = (plugin_modules, disable)
    plugins = _PLUGINS.get(key)
    if plugins is None:
        plugins = _PLUGINS[key] = load_plugins(plugin_modules, disable)
    return plugins


def _check_file(path, plugin_modules: tuple, disable: tuple, config: Config, options: ReadOptions, format: str | None,
                gather: bool = True):
    """One task: the `DocumentResult` of a file (a path) or a resource pair (a
    `ResourcePair`), or the `TqaError` that stopped it."""
    plugins = _plugins(plugin_modules, disable)
    try:
        if isinstance(path, str):
            document = open_document(path, plugins, options, format)
        else:  # a resource pair (qa_core.resources): two small files, read whole
            from qa_core.resources.pairs import open_pair

            document = open_pair(path, display_path)
        return check_document(document, plugins, config, gather=gather)
    except TqaError as error:
        return error


def _check_share(path: str, share: Share, plugin_modules: tuple, disable: tuple, config: Config, options: ReadOptions,
                 format: str | None, gather: bool = True, others: str | None = None):
    """One share of a split file: share k > 0 returns its part (`check_document` with a
    share); share 0 does its part, then gathers the other shares' results (their
    futures, published on the scheduler under the name `others` and fetched here
    rather than passed as arguments, so that share 0 starts at once instead of after
    them) and returns the file's assembled `DocumentResult`; a `TqaError` (the lowest
    share's, as `-j N` reports) instead."""
    plugins = _plugins(plugin_modules, disable)
    parts, index = share.parts, share.index

    def claim(chunk: int) -> bool:
        # chunks dealt in turn: each share takes every parts-th one (shares on different
        # machines share no counter; each gets 1/parts of the per-unit work)
        return chunk % parts == index

    try:
        document = open_document(path, plugins, options, format)
        mine = check_document(document, plugins, config, None, None, share, claim, gather=gather)
    except TqaError as error:
        return error
    if index:
        return mine
    from distributed import worker_client

    # leaves the worker's thread pool while it waits: the thread takes other tasks (the
    # other shares, whole files), and the task rejoins when the results are here
    with worker_client() as client:
        rest = client.gather(client.get_dataset(others))
    failed = next((outcome for outcome in rest if isinstance(outcome, TqaError)), None)
    if failed is not None:
        return failed
    try:
        return assemble(document, [mine, *rest], plugins, config, release=True)
    except TqaError as error:
        return error


def _client(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("'--dask' needs the dask extra: pip install '.[dask]' (dask and distributed)") from None
    if address.startswith("local:"):
        try:
            workers = int(address.partition(":")[2])
        except ValueError:
            raise UsageError(f"'--dask local:N' needs a number of workers (got {address!r})") from None
        cluster = start_local_cluster(workers)
        return Client(cluster), cluster
    return Client(address), None


#: Dask settings for a local cluster tqa starts (`--dask local:N`, `start_local_cluster`):
#: the diagnostics that only a dashboard or a log shows, off or slowed. Left at Dask's
#: defaults, a worker's event loop woke ~150 times a second while a task held the GIL
#: (the sampling profiler every 10 ms, the event loop's health tick every 20 ms), and
#: took 6-7 % of the task's CPU on the 20k PO slice beside it (0.8 s against 12 s), the
#: scheduler beside them ~0.75 s; with these two settings 0.2 s and 0.3 s, the task's own
#: CPU unchanged (bench/dask_cpu.py, docs/performance.md). A local cluster of tqa has no
#: dashboard, and its logs are silenced; the tick still sees a loop blocked for its
#: `tick.limit` (3 s). The memory monitor (100 ms) is left as it is: it pauses a worker
#: near its memory limit. A remote cluster's workers read their own settings: these two
#: in their Dask configuration cut the same cost there.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}


def start_local_cluster(workers: int):
    """A `LocalCluster` of N single-threaded worker processes (`local_cluster_options`),
    its logs silenced, the scheduler (in this process) and the workers started with
    `LOCAL_CLUSTER_CONFIG` (the nannies hand the settings in force to the processes they
    start)."""
    import logging

    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(**local_cluster_options(workers), silence_logs=logging.CRITICAL)


def local_cluster_options(workers: int) -> dict:
    """`LocalCluster` options for N single-threaded worker processes without a dashboard:
    the scheduler's HTTP server (health, metrics), which it starts even so, on a free
    port rather than 8787 (taken by another cluster, it printed a warning)."""
    return dict(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                scheduler_kwargs={"dashboard_address": ":0"})


def worker_threads(client) -> int:
    """How many tasks the cluster runs at once: its workers' threads (at least 1)."""
    try:
        info = client.scheduler_info(n_workers=-1)  # (newer versions list 5 workers unless told)
    except TypeError:  # older versions list them all
        info = client.scheduler_info()
    return max(1, sum(worker.get("nthreads", 1) for worker in info["workers"].values()))


def check_on_cluster(
    paths: Sequence[str],
    client,
    plugins: Plugins | None = None,
    config: Config | None = None,
    *,
    options: ReadOptions | None = None,
    format: str | None = None,
    plugin_modules: Sequence[str] = (),
    parts: int | None = None,
) -> RunResult:
    """Check `paths` (files or folders) on the Dask `client`'s cluster and return one
    `RunResult` in input order. A file is one task, except a large one (`runner._splits`
    with the cluster's worker threads for cores), which is `parts` share tasks (default:
    the worker threads; each share reads the whole file, so more shares than threads
    would only read it more often). The shares go first, then the whole files, largest
    first, as `-j N` orders them."""
    from distributed import as_completed

    started = time.time()
    clock = time.perf_counter()
    plugins = plugins or load_plugins(plugin_modules)
    config = config or Config()
    options = options or ReadOptions(source_lang=config.source_lang, target_lang=config.target_lang)
    # as `runner.run` finds them: files, then the resource files of folders as pairs
    pairs, claimed, paired = runner._resource_pairs(paths, config)
    files: list = [display_path(p) for p in collect_inputs(paths, plugins, config, claimed, paired)] + pairs
    parts = parts or worker_threads(client)
    sizes = [runner._size(path) for path in files]
    total = sum(sizes)
    split = [number for number, path in enumerate(files)
             if parts > 1 and runner._splits(path, sizes[number], total, parts)]
    whole = sorted((number for number in range(len(files)) if number not in split), key=lambda number: -sizes[number])
    common = dict(plugin_modules=tuple(plugin_modules) + tuple(config.plugins), disable=tuple(config.disable_plugins),
                  config=config, options=options, format=format, gather=len(files) > 1)
    run = uuid.uuid4().hex[:12]
    finals = {}  # the key of the task that answers for a file -> its number
    futures = []
    helpers: dict[int, list] = {}  # a split file's number -> its shares 1.. (kept until share 0 is done)
    names: dict[int, str] = {}  # a split file's number -> the name its shares 1.. are published under
    for number in split:
        helpers[number] = [
            client.submit(_check_share, files[number], Share(k, parts, runner.CHUNK_UNITS), **common,
                          key=f"tqa-share-{run}-{number}-{k}", priority=len(whole) + 1, pure=False)
            for k in range(1, parts)
        ]
        # published, so that share 0's task can ask for them (a Future made from a key
        # alone is not known to the scheduler as wanted, and passed as an argument it
        # would make share 0 wait for the others before it starts)
        name = f"tqa-shares-{run}-{number}"
        client.publish_dataset(helpers[number], name=name)
        names[number] = name
        final = client.submit(_check_share, files[number], Share(0, parts, runner.CHUNK_UNITS), **common, others=name,
                              key=f"tqa-share-{run}-{number}-0", priority=len(whole) + 1, pure=False)
        futures.append(final)
        finals[final.key] = number
    for rank, number in enumerate(whole):
        future = client.submit(_check_file, files[number], **common, key=f"tqa-file-{run}-{number}",
                               priority=len(whole) - rank, pure=False)
        futures.append(future)
        finals[future.key] = number
    outcomes: dict[int, DocumentResult | TqaError] = {}
    try:
        for future in as_completed(futures):
            number = finals[future.key]
            outcomes[number] = future.result()
            if number in names:  # the shares' results are let go on the cluster
                client.unpublish_dataset(names.pop(number))
                del helpers[number]
            future.release()
    finally:
        for name in names.values():  # a run stopped by an exception
            client.unpublish_dataset(name)
    results = {number: outcome for number, outcome in outcomes.items() if not isinstance(outcome, TqaError)}
    errors = [outcomes[number] for number in range(len(files)) if isinstance(outcomes[number], TqaError)]
    done = [results[number] for number in range(len(files)) if number in results]
    # check_run: across files (consistency)
    return RunResult([r.summary for r in done], gather_findings(done, check_run(done, plugins, config)), errors,
                     started, time.perf_counter() - clock)


def run_with_dask(address: str, paths: Sequence[str], plugins: Plugins, config: Config, **kwargs) -> RunResult:
    """`tqa check --dask ADDRESS`: connect (or start `local:N`), check, disconnect."""
    client, cluster = _client(address)
    try:
        return check_on_cluster(paths, client, plugins, config, **kwargs)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

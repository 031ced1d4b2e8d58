"""Checking on a Dask cluster gives the same findings as a local run (the optional
`dask` extra; skipped without it): files as tasks, a large file split in shares over
the workers, bad input as one error a file. One local cluster of two worker processes
serves the module (`--dask local:N`, which starts its own, is tested once)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from qa_core import runner
from tests.test_cli import run_cli, write_pairs

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
TSV = ["tests.plugins.tsv_reader"]


@pytest.fixture(scope="module")
def client():
    from distributed import Client

    from qa_core.cluster import start_local_cluster

    with start_local_cluster(2) as cluster, Client(cluster) as client:
        yield client


def test_the_local_cluster_runs_without_the_dashboard_diagnostics(client):
    """The workers tqa starts run with `LOCAL_CLUSTER_CONFIG` (the profiler off, the
    event loop's health tick slowed): each woke the worker's event loop while a task held
    the GIL, for a dashboard that a local cluster of tqa has not."""
    import dask

    from qa_core.cluster import LOCAL_CLUSTER_CONFIG

    def settings():
        return {key: dask.config.get(key) for key in LOCAL_CLUSTER_CONFIG}

    found = client.run(settings)
    assert len(found) == 2 and all(mine == LOCAL_CLUSTER_CONFIG for mine in found.values()), found
    assert dask.config.get("distributed.admin.tick.interval") != "1s"  # the caller's settings are left as they were


def _corpus(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(4):
        write_pairs(folder, [f"Giá {index} %d\tPrice", "Hai\t-", f"Ba {index}\tThree {index + 1}", "FLAG x\tFLAG x", "CRASH y\tCRASH y"], f"f{index}.pairs")
    return folder


def _said(findings):
    return [(f.fingerprint, f.rule_id, f.message, f.location, f.suggestion, f.data) for f in findings]


def _both(paths, client, plugin_modules=()):
    """The run of `paths` in this process (`-j 1`), and on the cluster, with the names
    of the cluster's tasks that ran."""
    from qa_core.cluster import check_on_cluster
    from qa_core.config import Config
    from qa_core.manager import load_plugins

    plugins = load_plugins(plugin_modules, entry_points=False)
    config = Config(jobs=1)
    local = runner.run([str(p) for p in paths], plugins, config, plugin_modules=plugin_modules, show_progress=False)
    with distributed.get_task_stream(client) as stream:
        remote = check_on_cluster([str(p) for p in paths], client, plugins, config, plugin_modules=plugin_modules)
    return local, remote, sorted(task["key"] for task in stream.data)


@pytest.mark.parametrize("builder", ["build_po", "build_xliff12"])
def test_a_large_file_split_over_two_workers_finds_what_one_process_finds(tmp_path, client, builder, monkeypatch):
    import throughput

    monkeypatch.setattr(runner, "SPLIT_BYTES", 0)  # split whatever the size (see runner._splits)
    monkeypatch.setattr(runner, "CHUNK_UNITS", 50)  # many chunks, dealt to both shares
    corpus = tmp_path / ("corpus.po" if builder == "build_po" else "corpus.xlf")
    getattr(throughput, builder)(corpus, 1200, 7)
    local, remote, tasks = _both([corpus], client)
    assert [key.rsplit("-", 1)[1] for key in tasks if key.startswith("tqa-share-")] == ["0", "1"], tasks
    assert len(local.findings) > 100, "the corpus has defects: the comparison must see findings"
    assert _said(remote.findings) == _said(local.findings)
    assert remote.inputs == local.inputs and not remote.errors


def test_a_large_file_and_several_small_ones(tmp_path, client, monkeypatch):
    """The large file is split, the small ones are whole tasks; the findings of all, and
    those that compare files (run-level checks), are those of one process."""
    import throughput

    monkeypatch.setattr(runner, "SPLIT_BYTES", 100_000)
    monkeypatch.setattr(runner, "CHUNK_UNITS", 64)
    throughput.build_po(tmp_path / "large.po", 1200, 11)
    for seed in range(3):
        throughput.build_po(tmp_path / f"small-{seed}.po", 40, seed)
    paths = [tmp_path / "large.po", *sorted(tmp_path.glob("small-*.po")), ROOT / "samples/app-strings.en-vi.xlf",
             ROOT / "samples/terminology-vn-media.vi-en.xlf"]
    assert (tmp_path / "large.po").stat().st_size > 100_000 > (tmp_path / "small-0.po").stat().st_size
    local, remote, tasks = _both(paths, client)
    assert sum(key.startswith("tqa-share-") for key in tasks) == 2
    assert sum(key.startswith("tqa-file-") for key in tasks) == len(paths) - 1
    assert _said(remote.findings) == _said(local.findings) and len(local.findings) > 100
    assert remote.inputs == local.inputs and not remote.errors


def test_a_bad_file_is_one_error_and_the_others_are_checked(tmp_path, client, capsys, monkeypatch):
    """A file that cannot be read is one line on stderr (exit code 2), the same as a local
    run's, whether it is a whole task or split in shares (each share reads it and fails)."""
    corpus = _corpus(tmp_path / "in")
    write_pairs(corpus, ["Một\tOne", "no tab on this line"], "f1.pairs")
    write_pairs(corpus, [f"Dòng {n}\tLine {n}" for n in range(3000)] + ["no tab here either"], "f2.pairs")
    monkeypatch.setattr(runner, "SPLIT_BYTES", 20_000)  # f2 is split, f1 is whole
    args = ["check", "--isolated", "-f", "json", str(corpus)]
    code_local, out_local, err_local = run_cli([*args, "-j", "1"], capsys)
    code_dask, out_dask, err_dask = run_cli([*args, "--dask", client.scheduler.address], capsys)
    assert code_local == code_dask == 2 and out_local == out_dask == ""
    assert err_dask == err_local and len(err_dask.splitlines()) == 2, err_dask
    assert "f1.pairs" in err_dask and "f2.pairs" in err_dask and "expected source<TAB>target" in err_dask


def test_the_command_line_on_a_cluster_address(tmp_path, client, capsys):
    corpus = _corpus(tmp_path / "in")
    args = ["check", "--isolated", "-f", "json", str(corpus)]
    code_local, local, _ = run_cli([*args, "-j", "1"], capsys)
    code_dask, clustered, err = run_cli([*args, "--dask", client.scheduler.address], capsys)
    assert code_local == code_dask == 1, err
    key = lambda d: [(f["fingerprint"], f["rule_id"], f["message"]) for f in json.loads(d)["findings"]]  # noqa: E731
    assert key(local) == key(clustered) and len(key(local)) > 8
    assert json.loads(local)["inputs"] == json.loads(clustered)["inputs"]


def test_dask_local_starts_its_own_cluster(tmp_path, capsys):
    corpus = _corpus(tmp_path / "in")
    args = ["check", "--isolated", "-f", "json", str(corpus)]
    code_local, local, _ = run_cli([*args, "-j", "1"], capsys)
    code_dask, clustered, err = run_cli([*args, "--dask", "local:2"], capsys)
    assert code_local == code_dask == 1, err
    assert json.loads(local)["findings"] == json.loads(clustered)["findings"]


def test_a_folder_with_resource_pairs(client, capsys):
    """The samples folder: bilingual files, and a localization repository's resource
    files checked as pairs (they were left out on a cluster before)."""
    args = ["check", "--isolated", "-f", "json", str(ROOT / "samples")]
    code_local, local, _ = run_cli([*args, "-j", "1"], capsys)
    code_dask, clustered, err = run_cli([*args, "--dask", client.scheduler.address], capsys)
    assert code_local == code_dask == 1, err
    assert any(entry.get("target_path") for entry in json.loads(local)["inputs"])  # a pair was checked
    assert json.loads(local)["inputs"] == json.loads(clustered)["inputs"]
    assert json.loads(local)["findings"] == json.loads(clustered)["findings"]


def test_fingerprints_from_a_sub_folder_are_those_of_the_root(tmp_path, client, capsys, monkeypatch):
    """The project root travels with the configuration: workers (whose working folder is
    not the caller's) name the files from the root, whole files and a file in shares, as
    a local run at the root does; so a baseline written at the root matches."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    corpus = _corpus(repo / "locales")
    (repo / "locales" / "sub").mkdir()
    write_pairs(corpus, [f"Dòng {n}\tLine %d {n}" for n in range(2000)], "large.pairs")
    monkeypatch.setattr(runner, "SPLIT_BYTES", 20_000)  # large.pairs is split, the others are whole
    monkeypatch.chdir(repo)
    code, local, err = run_cli(["check", "--isolated", "-f", "json", "-j", "1", "locales"], capsys)
    assert code == 1, err
    monkeypatch.chdir(repo / "locales" / "sub")
    code, clustered, err = run_cli(["check", "--isolated", "-f", "json", "--dask", client.scheduler.address,
                                    str(repo / "locales")], capsys)
    assert code == 1, err
    key = lambda d: [(f["rule_id"], f["location"]["unit_id"], f["fingerprint"]) for f in json.loads(d)["findings"]]  # noqa: E731
    assert key(clustered) == key(local) and len(key(local)) > 2000

"""Checking on a Dask cluster gives the same findings as a local run (the optional
`dask` extra; skipped without it)."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import run_cli, write_pairs

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")


def _corpus(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(4):
        write_pairs(folder, [f"Giá {index} %d\tPrice", "Hai\t-", f"Ba {index}\tThree {index + 1}", "FLAG x\tFLAG x", "CRASH y\tCRASH y"], f"f{index}.pairs")
    return folder


def test_a_local_two_worker_cluster_finds_what_a_local_run_finds(tmp_path, capsys):
    corpus = _corpus(tmp_path / "in")
    args = ["check", "--isolated", "--plugin", "tests.plugins.tsv_reader", "-f", "json", str(corpus)]
    code_local, local, _ = run_cli([*args, "-j", "1"], capsys)
    code_dask, clustered, err = run_cli([*args, "--dask", "local:2"], capsys)
    assert code_local == code_dask == 1, err
    key = lambda d: [(f["fingerprint"], f["rule_id"], f["message"]) for f in json.loads(d)["findings"]]  # noqa: E731
    assert key(local) == key(clustered) and len(key(local)) > 8
    assert {r["path"] for r in json.loads(local)["inputs"]} == {r["path"] for r in json.loads(clustered)["inputs"]}


def test_the_python_api_with_a_client(tmp_path):
    from distributed import Client, LocalCluster

    from qa_core.cluster import check_on_cluster
    from qa_core.config import Config
    from qa_core.runner import run
    from qa_core.manager import load_plugins

    corpus = _corpus(tmp_path / "in")
    plugins = load_plugins(["tests.plugins.tsv_reader"], entry_points=False)
    config = Config(jobs=1)
    local = run([str(corpus)], plugins, config, plugin_modules=["tests.plugins.tsv_reader"], show_progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        remote = check_on_cluster([str(corpus)], client, plugins, config, plugin_modules=["tests.plugins.tsv_reader"])
    assert [f.fingerprint for f in local.findings] == [f.fingerprint for f in remote.findings]
    assert not remote.errors and len(remote.inputs) == 4

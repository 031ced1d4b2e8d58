"""Fingerprints, baselines and SARIF name a file by its path from the project root
(qa_core/project.py), so that a baseline written at the root still matches when tqa runs
from a sub-folder, from another checkout of the repository, or with the path spelt
another way; the displayed paths stay relative to the working folder.

Each case is a repository (a .git folder or file, a tqa.toml or a pyproject.toml with
[tool.tqa] at its root) holding `locales/doc.pairs`, a baseline written at its root, and a
run from somewhere with the path spelt some way. Uses the `.pairs` test reader."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from qa_core.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ["--plugin", "tests.plugins.tsv_reader", "--no-entry-points"]
OLD = ["Hai nước\t-", "Xin chào %s\tHello", "Giá %d đồng\tGiá %s đồng"]
FIXED = ["Hai nước\tThe two countries", "Xin chào %s\tHello %s", "Giá %d đồng\tGiá %s đồng"]

#: what marks the project root of each case, and whether runs must not be --isolated
#: (a configuration file is the root only when tqa reads it)
MARKERS = {
    "git folder": (".git", "dir", False),
    "git worktree file": (".git", "gitdir: /nowhere/.git/worktrees/repo\n", False),
    "tqa.toml": ("tqa.toml", "fail-on = \"minor\"\n", True),
    "pyproject.toml": ("pyproject.toml", "[tool.tqa]\nfail-on = \"minor\"\n", True),
}

#: (folder to run in, relative to the repository; how the file is spelt: {abs} is its
#: absolute path)
PLACES = {
    "root": ("", "locales/doc.pairs"),
    "root, ./": ("", "./locales/doc.pairs"),
    "root, absolute": ("", "{abs}"),
    "locales": ("locales", "doc.pairs"),
    "locales, absolute": ("locales", "{abs}"),
    "sub-folder, ../": ("locales/sub", "../doc.pairs"),
    "sub-folder, absolute": ("locales/sub", "{abs}"),
    "sibling folder, ../": ("other", "../locales/doc.pairs"),
    "the folder itself, from locales": ("locales", "."),
    "the folder itself, from the root": ("", "locales"),
}


def make_repo(base: Path, marker: str, lines=OLD) -> Path:
    repo = base / "repo"
    for folder in ("locales/sub", "other"):
        (repo / folder).mkdir(parents=True, exist_ok=True)
    name, content, _ = MARKERS[marker]
    if content == "dir":
        (repo / name).mkdir()
    else:
        (repo / name).write_text(content, encoding="utf-8")
    write(repo / "locales" / "doc.pairs", lines)
    return repo


def write(path: Path, lines) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def isolated(marker: str) -> list[str]:
    return [] if MARKERS[marker][2] else ["--isolated"]


@pytest.fixture()
def tqa(monkeypatch, capsys):
    """tqa's command line run in a folder: (exit code, stdout, stderr)."""
    monkeypatch.syspath_prepend(str(ROOT))

    def run(folder: Path, *args):
        monkeypatch.chdir(folder)
        code = main(PLUGIN + list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def spelt(repo: Path, place: str) -> tuple[Path, str]:
    folder, path = PLACES[place]
    return repo / folder, path.format(abs=repo / "locales" / "doc.pairs")


def fingerprints(out: str) -> list[tuple[str, str, str]]:
    return [(f["rule_id"], f["location"]["unit_id"], f["fingerprint"]) for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("marker", MARKERS)
def test_a_baseline_written_at_the_root_matches_from_anywhere(tmp_path, tqa, marker, place):
    repo = make_repo(tmp_path, marker)
    code, _, err = tqa(repo, "check", *isolated(marker), "locales/doc.pairs", "--write-baseline", "base.json")
    assert code == 0 and "wrote 3 finding(s)" in err, err
    entries = json.loads((repo / "base.json").read_text(encoding="utf-8"))["findings"]
    assert {e["file"] for e in entries} == {"locales/doc.pairs"}
    folder, path = spelt(repo, place)
    code, out, err = tqa(folder, "check", *isolated(marker), path, "--baseline", str(repo / "base.json"))
    assert code == 0 and "No findings in 1 file(s)" in out, out + err
    # the same fingerprints as at the root, and the displayed path relative to the folder
    _, at_root, _ = tqa(repo, "check", *isolated(marker), "locales/doc.pairs", "-f", "json")
    code, here, _ = tqa(folder, "check", *isolated(marker), path, "-f", "json")
    assert fingerprints(here) == fingerprints(at_root) and len(fingerprints(here)) == 3
    shown = {f["location"]["file"] for f in json.loads(here)["findings"]}
    expected = os.path.relpath(repo / "locales" / "doc.pairs", folder).replace(os.sep, "/")
    assert shown == {expected if not expected.startswith("..") else str(repo / "locales" / "doc.pairs")}


@pytest.mark.parametrize("marker", MARKERS)
def test_another_checkout_of_the_repository(tmp_path, tqa, marker):
    """The baseline is committed with the repository: a copy elsewhere (another CI
    runner's workspace) matches it from its root and from its sub-folders."""
    repo = make_repo(tmp_path / "a", marker)
    assert tqa(repo, "check", *isolated(marker), "locales", "--write-baseline", "base.json")[0] == 0
    copy = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(repo, copy)
    for folder, path in ((copy, "locales"), (copy / "locales" / "sub", ".."), (copy / "other", str(copy / "locales"))):
        code, out, err = tqa(folder, "check", *isolated(marker), path, "--baseline", str(copy / "base.json"))
        assert code == 0 and "No findings" in out, (folder, out, err)


@pytest.mark.parametrize("marker", MARKERS)
def test_a_baseline_written_in_a_sub_folder_names_files_from_the_root(tmp_path, tqa, marker):
    repo = make_repo(tmp_path, marker)
    assert tqa(repo / "locales" / "sub", "check", *isolated(marker), "..", "--write-baseline", "base.json")[0] == 0
    entries = json.loads((repo / "locales" / "sub" / "base.json").read_text(encoding="utf-8"))["findings"]
    assert {e["file"] for e in entries} == {"locales/doc.pairs"}
    code, out, _ = tqa(repo, "check", *isolated(marker), "locales", "--baseline", "locales/sub/base.json")
    assert code == 0 and "No findings" in out


@pytest.mark.parametrize("marker", MARKERS)
def test_stale_entries_are_reported_from_anywhere(tmp_path, tqa, marker):
    repo = make_repo(tmp_path, marker)
    assert tqa(repo, "check", *isolated(marker), "locales", "--write-baseline", "base.json")[0] == 0
    write(repo / "locales" / "doc.pairs", FIXED)
    for folder, path in ((repo, "locales"), (repo / "locales" / "sub", ".."), (repo / "other", "../locales/doc.pairs")):
        code, out, err = tqa(folder, "check", *isolated(marker), path, "--baseline", str(repo / "base.json"), "-f", "json")
        assert code == 0, err
        assert sorted((f["rule_id"], f["location"]["unit_id"]) for f in json.loads(out)["findings"]) == [
            ("TQA011", "l1"), ("TQA011", "l2")], folder


def test_a_file_outside_the_root_keeps_its_displayed_path(tmp_path, tqa):
    repo = make_repo(tmp_path, "git folder")
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside / "doc.pairs", OLD)
    code, out, _ = tqa(repo, "check", "--isolated", str(outside / "doc.pairs"), "--write-baseline", "base.json", "-f", "json")
    entries = json.loads((repo / "base.json").read_text(encoding="utf-8"))["findings"]
    assert {e["file"] for e in entries} == {str(outside / "doc.pairs")}
    # its fingerprints are those of the displayed (absolute) path, as before roots
    _, out, _ = tqa(repo, "check", "--isolated", str(outside / "doc.pairs"), "-f", "json")
    assert [f["fingerprint"] for f in json.loads(out)["findings"]] == [
        old_fingerprint(f, str(outside / "doc.pairs")) for f in json.loads(out)["findings"]]
    code, out, _ = tqa(repo / "locales", "check", "--isolated", str(outside / "doc.pairs"), "--baseline", "../base.json")
    assert code == 0 and "No findings" in out


def test_without_a_root_marker_the_working_folder_is_the_root(tmp_path, tqa):
    """No configuration and no git work tree (pytest's temporary folders are in none):
    the displayed path, relative to the working folder, as before."""
    if any((parent / ".git").exists() for parent in tmp_path.parents):
        pytest.skip("the temporary folder is inside a git work tree")
    write(tmp_path / "doc.pairs", OLD)
    _, out, _ = tqa(tmp_path, "check", "--isolated", "doc.pairs", "-f", "json")
    findings = json.loads(out)["findings"]
    assert [f["fingerprint"] for f in findings] == [old_fingerprint(f, "doc.pairs") for f in findings]
    assert json.loads(out)["run"]["root"] == str(tmp_path)


# ---------------------------------------------------------------------------
# Baselines written before project roots (by 9253f46 and earlier)
# ---------------------------------------------------------------------------


def old_fingerprint(finding: dict, shown: str) -> str:
    """The fingerprint tqa made before project roots, written out here on its own: rule,
    the file as displayed, unit, the matched texts normalised (NFC, spaces, case)."""
    def norm(text):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().casefold()

    loc = finding["location"]
    parts = [finding["rule_id"], shown.replace("\\", "/"), loc["unit_id"] or "",
             norm(loc["source"]["text"]) if loc.get("source") else "", norm(loc["target"]["text"]) if loc.get("target") else ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def old_baseline(findings: list[dict], shown: str) -> dict:
    """A baseline as tqa wrote it before project roots, run in a folder where the file
    displayed as `shown`."""
    entries = [{"fingerprint": old_fingerprint(f, shown), "rule": f["rule_id"], "file": shown,
                "unit": f["location"]["unit_id"], "severity": f["severity"], "message": f["message"], "count": 1}
               for f in findings]
    return {"tool": "tqa", "version": 1, "tool_version": "0", "findings": entries}


@pytest.mark.parametrize("place", ["root", "locales", "sub-folder, ../", "sub-folder, absolute"])
def test_an_old_baseline_written_at_the_root(tmp_path, tqa, place):
    repo = make_repo(tmp_path, "git folder")
    _, out, _ = tqa(repo, "check", "--isolated", "locales/doc.pairs", "-f", "json")
    findings = json.loads(out)["findings"]
    (repo / "base.json").write_text(json.dumps(old_baseline(findings, "locales/doc.pairs")), encoding="utf-8")
    assert [f["fingerprint"] for f in findings] == [old_fingerprint(f, "locales/doc.pairs") for f in findings]
    folder, path = spelt(repo, place)
    code, out, err = tqa(folder, "check", "--isolated", path, "--baseline", str(repo / "base.json"))
    assert code == 0 and "No findings" in out, out + err


def test_an_old_baseline_written_in_a_sub_folder_still_works_there(tmp_path, tqa):
    """Written by the old tqa in locales/ (the file displayed as doc.pairs): run in
    locales/ again, its entries match (by the displayed path's fingerprints) and turn
    stale when fixed; --write-baseline rewrites it with project paths."""
    repo = make_repo(tmp_path, "git folder")
    locales = repo / "locales"
    _, out, _ = tqa(locales, "check", "--isolated", "doc.pairs", "-f", "json")
    findings = json.loads(out)["findings"]
    assert {f["location"]["file"] for f in findings} == {"doc.pairs"}
    (locales / "base.json").write_text(json.dumps(old_baseline(findings, "doc.pairs")), encoding="utf-8")
    code, out, err = tqa(locales, "check", "--isolated", "doc.pairs", "--baseline", "base.json")
    assert code == 0 and "No findings" in out, out + err
    write(locales / "doc.pairs", FIXED)
    code, out, _ = tqa(locales, "check", "--isolated", "doc.pairs", "--baseline", "base.json", "-f", "json")
    assert sorted(f["rule_id"] for f in json.loads(out)["findings"]) == ["TQA011", "TQA011"]
    assert tqa(locales, "check", "--isolated", "doc.pairs", "--baseline", "base.json", "--write-baseline", "base.json")[0] == 0
    assert {e["file"] for e in json.loads((locales / "base.json").read_text(encoding="utf-8"))["findings"]} == {
        "locales/doc.pairs"}
    code, out, _ = tqa(repo, "check", "--isolated", "locales", "--baseline", "locales/base.json")
    assert code == 0 and "No findings" in out


def test_an_old_entry_of_another_file_is_not_taken_for_this_one(tmp_path, tqa):
    """The old-baseline rule reads an entry by its displayed path only for the file it
    names: an entry for other.pairs does not hide doc.pairs' finding."""
    repo = make_repo(tmp_path, "git folder")
    locales = repo / "locales"
    _, out, _ = tqa(locales, "check", "--isolated", "doc.pairs", "-f", "json")
    findings = json.loads(out)["findings"]
    (locales / "base.json").write_text(json.dumps(old_baseline(findings, "other.pairs")), encoding="utf-8")
    code, out, _ = tqa(locales, "check", "--isolated", "doc.pairs", "--baseline", "base.json", "-f", "json")
    assert code == 1 and len(json.loads(out)["findings"]) == 3


def test_a_new_baseline_is_not_read_as_an_old_one(tmp_path, tqa):
    """doc.pairs at the root and locales/doc.pairs, both in a baseline written at the
    root; run in locales/, where the second displays as doc.pairs: the root file's
    entries are not taken for it (not matched, not stale: that file was not checked)."""
    repo = make_repo(tmp_path, "git folder")
    write(repo / "doc.pairs", OLD)
    assert tqa(repo, "check", "--isolated", ".", "--write-baseline", "base.json")[0] == 0
    assert {e["file"] for e in json.loads((repo / "base.json").read_text(encoding="utf-8"))["findings"]} == {
        "doc.pairs", "locales/doc.pairs"}
    write(repo / "locales" / "doc.pairs", OLD + ["Tổng %d\tTotal"])
    code, out, _ = tqa(repo / "locales", "check", "--isolated", "doc.pairs", "--baseline", "../base.json", "-f", "json")
    assert [(f["rule_id"], f["location"]["unit_id"]) for f in json.loads(out)["findings"]] == [("BAS003", "l4")]
    write(repo / "locales" / "doc.pairs", FIXED)
    code, out, _ = tqa(repo / "locales", "check", "--isolated", "doc.pairs", "--baseline", "../base.json", "-f", "json")
    assert sorted((f["rule_id"], f["data"]["fingerprint"]) for f in json.loads(out)["findings"]) == sorted(
        ("TQA011", e["fingerprint"]) for e in json.loads((repo / "base.json").read_text(encoding="utf-8"))["findings"]
        if e["file"] == "locales/doc.pairs" and e["unit"] in ("l1", "l2"))


# ---------------------------------------------------------------------------
# The fingerprint itself, workers, reports
# ---------------------------------------------------------------------------


def test_windows_separators_name_the_same_file(tmp_path, monkeypatch):
    from qa_core import project
    from qa_core.findings import Finding, Location, SideLocation, Span
    from qa_core.rules import Severity

    repo = make_repo(tmp_path, "git folder")
    monkeypatch.chdir(repo / "locales")

    def finding(file):
        side = SideLocation(file, 3, 5, span=Span(0, 2), text="%d")
        return Finding("BAS003", "placeholder-mismatch", Severity.MAJOR, "Design and markup/Markup tag", "m.",
                       Location(file, "u1", target=side))

    outside = finding("doc.pairs").fingerprint
    assert finding("sub\\doc.pairs").fingerprint == finding("sub/doc.pairs").fingerprint
    with project.current(str(repo)):
        assert finding("doc.pairs").fingerprint == finding(str(repo / "locales" / "doc.pairs")).fingerprint != outside
        assert finding("sub\\doc.pairs").fingerprint == finding("sub/doc.pairs").fingerprint
        assert project.project_file("sub\\doc.pairs") == "locales/sub/doc.pairs"
    assert finding("doc.pairs").fingerprint == outside  # outside a run: the displayed path, as before


def test_the_root_is_found_once_per_folder(tmp_path):
    from qa_core.project import find_root, git_work_tree

    repo = make_repo(tmp_path, "git folder")
    assert find_root(None, repo / "locales" / "sub") == str(repo)
    assert find_root(repo / "locales" / "tqa.toml", repo) == str(repo / "locales")
    before = git_work_tree.cache_info().hits
    find_root(None, repo / "locales" / "sub")
    assert git_work_tree.cache_info().hits == before + 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_workers_give_the_fingerprints_of_the_root(tmp_path, tqa, jobs):
    repo = make_repo(tmp_path, "git folder")
    for name in ("a", "b", "c"):
        write(repo / "locales" / f"{name}.pairs", OLD + [f"Tổng %d {name}\tTotal"])
    _, at_root, _ = tqa(repo, "check", "--isolated", "locales", "-f", "json", "-j", "1")
    _, here, err = tqa(repo / "locales" / "sub", "check", "--isolated", "..", "-f", "json", "-j", jobs)
    assert fingerprints(here) == fingerprints(at_root) and len(fingerprints(here)) == 15, err


def test_sarif_is_the_same_from_any_folder(tmp_path, tqa):
    """partialFingerprints, the artifacts' URIs (from the root, %SRCROOT%) and the root
    itself, whether tqa ran at the root or in a sub-folder, and whether the SARIF came
    from `tqa check` or from `tqa report` on the JSON report, rendered elsewhere."""
    repo = make_repo(tmp_path, "git folder")

    def key(sarif):
        run = json.loads(sarif)["runs"][0]
        return (run["originalUriBaseIds"],
                [(r["partialFingerprints"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                  r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId"),
                  r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]) for r in run["results"]],
                [a["location"] for a in run["artifacts"]])

    _, at_root, _ = tqa(repo, "check", "--isolated", "locales", "-f", "sarif")
    _, in_sub, _ = tqa(repo / "locales" / "sub", "check", "--isolated", "..", "-f", "sarif")
    _, absolute, _ = tqa(repo / "other", "check", "--isolated", str(repo / "locales"), "-f", "sarif")
    assert key(in_sub) == key(at_root) == key(absolute)
    root, results, artifacts = key(at_root)
    assert root == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    assert {r[1] for r in results} == {"locales/doc.pairs"} and len(results) == 3
    assert artifacts == [{"uri": "locales/doc.pairs", "uriBaseId": "%SRCROOT%"}]
    tqa(repo / "locales" / "sub", "check", "--isolated", "..", "-f", "json", "-o", str(tmp_path / "r.json"))
    _, rendered, err = tqa(tmp_path, "report", str(tmp_path / "r.json"), "-f", "sarif")
    assert key(rendered) == key(at_root), err


#: (folder to run in, the path given, GITHUB_WORKSPACE: None unset, "repo" the repository,
#: "parent" its parent folder, "elsewhere" a folder that does not hold it; the file= expected)
GITHUB = {
    "root": ("", "locales/doc.pairs", None, "locales/doc.pairs"),
    "working-directory: locales": ("locales", "doc.pairs", None, "locales/doc.pairs"),
    "sub-folder, ../": ("locales/sub", "../doc.pairs", None, "locales/doc.pairs"),
    "workspace set": ("locales", "doc.pairs", "repo", "locales/doc.pairs"),
    "repository checked out in a folder of the workspace": ("locales", "doc.pairs", "parent", "repo/locales/doc.pairs"),
    "workspace that does not hold the file": ("locales", "doc.pairs", "elsewhere", "locales/doc.pairs"),
}


@pytest.mark.parametrize("case", GITHUB)
def test_github_annotations_name_the_file_from_the_repository(tmp_path, tqa, monkeypatch, case):
    """GitHub places an annotation by its file from the repository root, not from the
    step's working folder (a job with `working-directory: locales`)."""
    folder, path, workspace, expected = GITHUB[case]
    repo = make_repo(tmp_path, "git folder")
    places = {"repo": repo, "parent": tmp_path, "elsewhere": tmp_path / "elsewhere"}
    if workspace is None:
        monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    else:
        monkeypatch.setenv("GITHUB_WORKSPACE", str(places[workspace]))
    code, out, err = tqa(repo / folder, "check", "--isolated", path, "-f", "github")
    files = set(re.findall(r"^::\w+ file=([^,]+),", out, re.M))
    assert code == 1 and files == {expected}, out + err
    # the same from `tqa report` on the JSON report, rendered in another folder
    tqa(repo / folder, "check", "--isolated", path, "-f", "json", "-o", str(tmp_path / "r.json"))
    _, rendered, _ = tqa(tmp_path, "report", str(tmp_path / "r.json"), "-f", "github")
    assert set(re.findall(r"^::\w+ file=([^,]+),", rendered, re.M)) == {expected}


def test_a_report_read_back_keeps_the_runs_fingerprints(tmp_path, tqa):
    repo = make_repo(tmp_path, "git folder")
    tqa(repo / "locales", "check", "--isolated", "doc.pairs", "-f", "json", "-o", str(tmp_path / "r.json"))
    written = fingerprints((tmp_path / "r.json").read_text(encoding="utf-8"))
    _, out, _ = tqa(tmp_path, "report", str(tmp_path / "r.json"), "-f", "json")
    assert fingerprints(out) == written
    data = json.loads(out)["run"]
    assert (data["root"], data["folder"]) == (str(repo), str(repo / "locales"))

"""The fuzzing harness: targets (every reader, glossary loader, the configuration
loader, `tqa report`'s JSON input), seeds, and byte mutations.

A target takes the bytes of one input and must either finish or raise a `TqaError`
(a one-line error for the user). Anything else is a crash: a traceback the user would
have seen. Used by tests/fuzz/test_fuzz.py (hypothesis draws the seed and the
mutations, a short run in the normal test command) and by tests/fuzz/long_run.py
(the same targets for as long as you like, with a per-input hang guard).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

from qa_core.errors import TqaError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REGRESSIONS = HERE / "regressions"
SHARED = Path(os.environ.get("TQA_SHARED_DATA") or ROOT.parent / "shared" / "data")

# what a mutation may insert: the tokens parsers and checks care about
TOKENS = [
    b"<!ENTITY a \"x\">", b"<!DOCTYPE x [", b"]>", b"&a;", b"&#0;", b"&#xD800;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>", b"encoding=\"windows-1254\"", b"<ph id=\"1\"/>", b"<pc id=\"1\">", b"</pc>",
    b"<g id=\"1\">", b"<x/>", b"<mrk>", b"xml:lang=\"\"", b"<unit id=\"u\">", b"<target>", b"</target>", b"<seg>", b"<tu>",
    b"msgid \"\"", b"msgstr[0] \"", b"msgid_plural \"", b"#, fuzzy", b"#~ ", b"msgctxt \"", b"\\", b"\\x", b"\"", b"\n", b"\r\n",
    b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b"%s", b"%1$s", b"%", b"{0}", b"{", b"}", b"{{", b"$",
    b"1,000.50", b"0" * 40, b" " * 40, b"%" * 40, b"{" * 40, b"\t", b",", b";", b"[", b"]", b"=", b"\"\"\"",
    b"{\"findings\": [", b"\\ud800", b"null", b"[[tool.tqa]]", b"select = 3",
]

KINDS = {
    ".xlf": "bilingual", ".xliff": "bilingual", ".sdlxliff": "bilingual", ".mqxliff": "bilingual", ".po": "bilingual",
    ".pot": "bilingual", ".tmx": "bilingual", ".ts": "bilingual", ".txt": "document", ".md": "document", ".html": "document",
    ".docx": "document", ".tbx": "glossary", ".csv": "glossary", ".tsv": "glossary", ".yaml": "glossary",
    ".toml": "config", ".json": "report",
}


# ---------------------------------------------------------------------------
# seeds
# ---------------------------------------------------------------------------


def project_seeds() -> list[Path]:
    """The project's own inputs: tests/data, the regression inputs, samples/."""
    found = [p for p in sorted(REGRESSIONS.iterdir())]
    for folder in (ROOT / "tests" / "data", ROOT / "samples", ROOT / "tests" / "data" / "glossaries"):
        if folder.is_dir():
            found += [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() in KINDS and p.stat().st_size < 256_000]
    return found


def shared_seeds(per_kind: int = 6, limit: int = 64_000) -> list[Path]:
    """Real third-party files of ../shared/data, read in place: the first few small
    files of each extension (sorted, so a run is repeatable). Empty when absent."""
    if not SHARED.is_dir():
        return []
    chosen: dict[str, list[Path]] = {}
    for path in sorted(SHARED.rglob("*")):
        suffix = path.suffix.lower()
        if suffix in KINDS and suffix != ".json" and path.is_file() and 0 < path.stat().st_size < limit:
            bucket = chosen.setdefault(suffix, [])
            if len(bucket) < per_kind:
                bucket.append(path)
    return [p for paths in chosen.values() for p in paths]


def report_seed() -> bytes:
    """A real saved report: `tqa check` over the project's XLIFF sample, as JSON."""
    from qa_core.cli import main

    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "r.json")
        main(["check", str(ROOT / "tests" / "data" / "joint_statement.xlf"), "-f", "json", "-o", out, "--fail-on", "never", "-q"])
        return Path(out).read_bytes()


# ---------------------------------------------------------------------------
# mutations
# ---------------------------------------------------------------------------


def mutate(data: bytes, operations: list[tuple[int, int, int, int]]) -> bytes:
    """Apply mutations given as (kind, position, size, token) numbers (hypothesis or a
    random generator draws them): flip, insert a token, delete, duplicate, truncate,
    repeat a token many times, swap two ranges."""
    buffer = bytearray(data)
    for kind, position, size, token in operations:
        n = len(buffer)
        at = position % (n + 1)
        kind %= 7
        if kind == 0 and n:
            buffer[at % n] ^= 1 << (size % 8)
        elif kind == 1:
            buffer[at:at] = TOKENS[token % len(TOKENS)]
        elif kind == 2:
            del buffer[at : at + 1 + size % 64]
        elif kind == 3:
            piece = bytes(buffer[at : at + 1 + size % 256])
            buffer[at:at] = piece
        elif kind == 4 and n:
            del buffer[max(1, at) :]
        elif kind == 5:
            buffer[at:at] = TOKENS[token % len(TOKENS)] * (1 + size % 2000)
        elif kind == 6 and n > 2:
            other = (at * 7 + size) % n
            a, b = sorted((at % n, other))
            buffer[a:b] = buffer[a:b][::-1]
    return bytes(buffer)


def mutate_docx(data: bytes, operations) -> bytes:
    """Structure-aware for packages: mutate word/document.xml inside the ZIP (so the
    XML reader is reached), and now and then the ZIP bytes themselves."""
    if operations and operations[0][0] % 5 == 0:
        return mutate(data, operations)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = {info.filename: source.read(info) for info in source.infolist()}
    except Exception:  # noqa: BLE001 - already mutated past repair
        return mutate(data, operations)
    name = "word/document.xml" if "word/document.xml" in members else next(iter(members), "word/document.xml")
    members[name] = mutate(members.get(name, b""), operations)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member, content in members.items():
            target.writestr(member, content)
    return out.getvalue()


# ---------------------------------------------------------------------------
# targets
# ---------------------------------------------------------------------------

_PLUGINS = None


def _plugins():
    global _PLUGINS
    if _PLUGINS is None:
        from qa_core.manager import load_plugins

        _PLUGINS = load_plugins(entry_points=False)
    return _PLUGINS


def run_bilingual(path: str) -> None:
    from qa_core.config import load_config
    from qa_core.formats import ReadOptions
    from qa_core.runner import check_document, open_document

    plugins = _plugins()
    config = load_config(plugins.checks, isolated=True, cli={"settings": {}})
    document = open_document(path, plugins, ReadOptions(source_lang="en", target_lang="vi"))
    check_document(document, plugins, config)


def run_document(path: str) -> None:
    from qa_core.documents import read_document

    document = read_document(path)
    len(document.paragraphs)


def run_glossary(path: str) -> None:
    from qa_core.glossary import load_glossary

    load_glossary(path, _plugins().hook)


def run_config(path: str) -> None:
    from qa_core.config import load_config

    load_config(_plugins().checks, config_path=path)


def run_report(path: str) -> None:
    from qa_core.report_command import load_report

    report = load_report(path)
    for name in ("text", "sarif", "junit", "github", "json", "html"):
        cls = _plugins().reporters.get(name)
        if cls is not None:
            content = cls(color=False, options={}).render(report)
            if isinstance(content, str):
                content.encode("utf-8")


TARGETS: dict[str, Callable[[str], None]] = {
    "bilingual": run_bilingual,
    "document": run_document,
    "glossary": run_glossary,
    "config": run_config,
    "report": run_report,
}


def kind_of(name: str) -> str:
    return KINDS.get(Path(name).suffix.lower(), "bilingual")


class Crash(AssertionError):
    """A target raised something other than a TqaError."""


def feed(data: bytes, name: str, folder: str) -> str | None:
    """Write `data` as `folder/name` and run its target. Returns the one-line error the
    user would see (or None for a clean run); raises `Crash` on anything else."""
    path = os.path.join(folder, name)
    with open(path, "wb") as handle:
        handle.write(data)
    try:
        TARGETS[kind_of(name)](path)
    except TqaError as error:
        message = str(error)
        if "\n" in message:
            raise Crash(f"{name}: a multi-line error: {message!r}") from error
        return message
    except RecursionError as error:
        raise Crash(f"{name}: RecursionError") from error
    except Exception as error:  # noqa: BLE001 - that is what we are looking for
        raise Crash(f"{name}: {type(error).__name__}: {error}") from error
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
    return None


def seed_bytes(path: Path) -> bytes:
    return path.read_bytes()


def loads_report(data: bytes) -> dict:
    return json.loads(data)

"""Broken or hostile input: each is one line `tqa: path[:line[:col]]: message`, exit 2,
no traceback; inputs are never modified."""

import hashlib

import pytest

from qa_core.cli import main
from qa_core.errors import InputError
from tests.conftest import DATA

XLIFF_HEAD = '<?xml version="1.0"?>\n'
GOOD_UNIT = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="vi">\n<file id="f"><unit id="u"><segment><source>Xin chào</source></segment></unit></file></xliff>\n'


def run(capsys, *args):
    code = main(["check", "--isolated", "-q", *map(str, args)])
    err = capsys.readouterr().err
    return code, err


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_malformed_xml_names_line_and_column(tmp_path, capsys):
    path = tmp_path / "bad.xlf"
    path.write_text(XLIFF_HEAD + GOOD_UNIT.replace("</source>", "</sorce>"), encoding="utf-8")
    code, err = run(capsys, path)
    assert code == 2
    line = one_line(err)
    assert line.startswith(f"tqa: {path}:3:") and "mismatch" in line


def test_external_entity_is_refused_without_reading(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    path = tmp_path / "xxe.xlf"
    path.write_text(
        XLIFF_HEAD
        + f'<!DOCTYPE xliff [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        + GOOD_UNIT.replace("Xin chào", "&leak;"),
        encoding="utf-8",
    )
    code, err = run(capsys, path)  # how fast: bench/hostile.py (no wall-clock assertion in tests)
    assert code == 2
    line = one_line(err)
    assert line.startswith(f"tqa: {path}:2: refused: the DOCTYPE declares entities")
    assert "top secret" not in err


def test_billion_laughs_is_refused_quickly(tmp_path, capsys):
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    path = tmp_path / "laughs.xlf"
    path.write_text(
        XLIFF_HEAD + "<!DOCTYPE xliff [" + "".join(entities) + "]>\n" + GOOD_UNIT.replace("Xin chào", "&lol9;"),
        encoding="utf-8",
    )
    code, err = run(capsys, path)  # how fast: bench/hostile.py (no wall-clock assertion in tests)
    assert code == 2 and "refused" in one_line(err)


def test_undecodable_xml_names_the_encoding(tmp_path, capsys):
    path = tmp_path / "latin.xlf"
    path.write_bytes((XLIFF_HEAD + GOOD_UNIT).encode("utf-8").replace("Xin chào".encode(), b"Xin ch\xe0o"))
    code, err = run(capsys, path)
    line = one_line(err)
    assert code == 2 and line.startswith(f"tqa: {path}:3:") and "cannot decode as UTF-8" in line


def test_undecodable_po_names_the_encoding(tmp_path, capsys):
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xe0"\n')
    code, err = run(capsys, path)
    assert code == 2
    assert one_line(err) == f"tqa: {path}:5:9: cannot decode as utf-8: byte 0xE0 is not valid in that encoding"


def test_unknown_format_lists_known_ones(tmp_path, capsys):
    path = tmp_path / "notes.dat"
    path.write_text("hello", encoding="utf-8")
    code, err = run(capsys, path)
    line = one_line(err)
    assert code == 2 and "unknown format; known formats:" in line
    for name in ("xliff2 (", "xliff1 (", "po (", "tmx (", "ts ("):
        assert name in line


def test_missing_empty_and_folder_without_inputs(tmp_path, capsys):
    code, err = run(capsys, tmp_path / "nope.xlf")
    assert code == 2 and one_line(err) == f"tqa: {tmp_path / 'nope.xlf'}: no such file"
    empty = tmp_path / "empty.po"
    empty.write_bytes(b"")
    code, err = run(capsys, empty)
    assert code == 2 and one_line(err) == f"tqa: {empty}: the file is empty"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "readme.md").write_text("# nothing to check", encoding="utf-8")
    code, err = run(capsys, folder)
    assert code == 2 and "holds no supported files" in one_line(err)


def test_wrong_root_when_a_format_is_forced(tmp_path, capsys):
    path = tmp_path / "other.xlf"
    path.write_text(XLIFF_HEAD + "<html><body/></html>\n", encoding="utf-8")
    code, err = run(capsys, "--input-format", "xliff2", path)
    assert code == 2 and "not XLIFF 2" in one_line(err)
    code, err = run(capsys, path)
    assert code == 2 and "unknown format" in one_line(err)


def test_unpaired_inline_codes_are_refused(open_doc, tmp_path):
    path = tmp_path / "pairs.xlf"
    path.write_text(XLIFF_HEAD + GOOD_UNIT.replace("Xin chào", 'Xin <sc id="1"/>chào'), encoding="utf-8")
    with pytest.raises(InputError, match=r"pairs\.xlf:3: unit 'u': <sc id='1'> in the source is never closed"):
        list(open_doc(path).units())


def test_inputs_are_never_modified(capsys, tmp_path):
    paths = sorted(p for p in DATA.iterdir() if p.is_file())
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    main(["check", "--isolated", "-q", *map(str, paths)])
    capsys.readouterr()
    main(["convert", str(DATA / "joint_statement.xlf"), "-o", str(tmp_path / "out.xlf")])
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == before

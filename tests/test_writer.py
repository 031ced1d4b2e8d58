import os

import pytest

from qa_core.cli import main
from qa_core.errors import InputError, UsageError
from qa_core.writers.xliff import write_xliff
from tests.conftest import DATA


def content_key(content):
    if content is None:
        return None
    return (content.text, tuple((c.kind, c.data) for c in content.inline_codes))


def unit_key(unit):
    return (
        tuple((content_key(s.source), content_key(s.target), s.state, s.ignorable) for s in unit.segments),
        tuple((n.text, n.category, n.applies_to) for n in unit.notes),
        unit.translate,
        unit.groups,
    )


@pytest.mark.parametrize(
    "name",
    [
        "joint_statement.xlf",
        "joint_statement_12.xlf",
        "joint_statement.sdlxliff",
        "joint_statement.mqxliff",
        "joint_statement_vi.po",
        "joint_statement.tmx",
    ],
)
@pytest.mark.parametrize("version", ["2.1", "2.0", "2.2"])
def test_round_trip_through_xliff2(open_doc, tmp_path, name, version):
    original = open_doc(DATA / name)
    out = tmp_path / "out.xlf"
    write_xliff(original, str(out), version=version)
    again = open_doc(out)
    assert again.format == "xliff2" and again.version == version
    before, after = list(original.units()), list(again.units())
    assert [unit_key(u) for u in before] == [unit_key(u) for u in after]
    # ids that are not XML name tokens (PO keys) move to the unit's name
    # (a control character such as gettext's context separator cannot be written in XML)
    assert [u.id.replace("\x04", "\ufffd") for u in before] == [
        u.name if u.name and u.id.startswith("u") else u.id for u in after
    ]


def test_file_notes_and_original_data_survive(open_doc, tmp_path):
    out = tmp_path / "out.xlf"
    write_xliff(open_doc(DATA / "joint_statement.xlf"), str(out))
    units = {u.id: u for u in open_doc(out).units()}
    assert units["title"].file.notes[0].text == "Bản dịch thử nghiệm."
    assert dict(units["grant"].original_data) == {"d1": "<b>", "d2": "</b>", "d3": "{amount}"}
    assert units["title"].segments[0].sub_state == "tqa:checked"


@pytest.mark.parametrize(
    "name", ["joint_statement.xlf", "joint_statement_12.xlf", "joint_statement.sdlxliff", "joint_statement.tmx"]
)
def test_xliff12_output_reads_back(open_doc, tmp_path, name):
    original = open_doc(DATA / name)
    out = tmp_path / "out.xlf"
    write_xliff(original, str(out), version="1.2")
    again = open_doc(out)
    assert again.format == "xliff1"
    before, after = list(original.units()), list(again.units())
    assert [(u.source.text, u.target.text if u.target else None) for u in before] == [
        (u.source.text, u.target.text if u.target else None) for u in after
    ]
    # XLIFF 1.2 has no pc with data: such a pc comes back as bpt/ept (sc/ec) with the same data
    assert [tuple((c.pos, c.data) for c in u.source.inline_codes) for u in before] == [
        tuple((c.pos, c.data) for c in u.source.inline_codes) for u in after
    ]


def test_xliff12_keeps_states(open_doc, tmp_path):
    out = tmp_path / "out.xlf"
    write_xliff(open_doc(DATA / "joint_statement_12.xlf"), str(out), version="1.2")
    states = {u.id: u.segments[0].sub_state for u in open_doc(out).units()}
    assert states["1"] == "xliff1:needs-review-translation" and states["3"] == "xliff1:signed-off"


def test_error_midway_leaves_nothing_behind(open_doc, tmp_path):
    broken = tmp_path / "broken.xlf"
    good = (DATA / "joint_statement.xlf").read_text(encoding="utf-8")
    broken.write_text(good.replace('<unit id="sea">', '<unit id="sea"><oops>'), encoding="utf-8")
    out = tmp_path / "out.xlf"
    out.write_text("previous content", encoding="utf-8")
    with pytest.raises(InputError):
        write_xliff(open_doc(broken), str(out))
    assert out.read_text(encoding="utf-8") == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlf", "out.xlf"]


def test_never_overwrites_its_input(open_doc, tmp_path):
    source = tmp_path / "in.xlf"
    source.write_bytes((DATA / "joint_statement.xlf").read_bytes())
    before = source.read_bytes()
    with pytest.raises(UsageError):
        write_xliff(open_doc(source), str(source))
    assert source.read_bytes() == before
    assert main(["convert", str(source), "-o", str(source)]) == 2
    assert source.read_bytes() == before


def test_convert_command(tmp_path, capsys):
    out = tmp_path / "statement.xlf"
    assert main(["convert", str(DATA / "joint_statement_vi.po"), "-o", str(out), "--source-lang", "en"]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'srcLang="en"' in text and 'trgLang="vi"' in text and "Đối tác Chiến lược Toàn diện" in text
    assert os.path.getsize(out) > 0


def test_output_gets_ordinary_permissions(open_doc, tmp_path):
    out = tmp_path / "new.xlf"
    write_xliff(open_doc(DATA / "joint_statement.xlf"), str(out))
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    out.chmod(0o640)
    write_xliff(open_doc(DATA / "joint_statement.xlf"), str(out))
    assert out.stat().st_mode & 0o777 == 0o640

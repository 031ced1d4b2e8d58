from tests.conftest import DATA


def test_qt_ts_through_translate_toolkit(open_doc):
    document = open_doc(DATA / "joint_statement_vi.ts")
    assert document.format == "ts"
    units = list(document.units())
    assert [u.source.text for u in units] == ["The Comprehensive Strategic Partnership", "%n grant(s)", "Peace Corps"]
    assert units[0].target.text == "Đối tác Chiến lược Toàn diện"
    assert units[2].target is None and units[2].state == "initial"
    assert type(units[0]).__module__ == "qa_core.model"  # no toolkit object leaks out


def test_typescript_is_not_claimed(open_doc, tmp_path):
    import pytest

    from qa_core.errors import InputError

    path = tmp_path / "app.ts"
    path.write_text("export const x: number = 1;\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown format; known formats:"):
        open_doc(path)

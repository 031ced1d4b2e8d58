"""Configuration files, validation and rule selection."""

from __future__ import annotations

import pytest

from qa_core.config import load_config
from qa_core.errors import ConfigError, UsageError
from qa_core.rules import Severity
from qa_core.testing import default_plugins

PLUGINS = default_plugins()
RULES = PLUGINS.rules


def enabled(config):
    return {rule.id for rule in RULES if config.is_enabled(rule)}


def config_from(tmp_path, text, **cli):
    (tmp_path / "tqa.toml").write_text(text, encoding="utf-8")
    return load_config(PLUGINS.checks, start=str(tmp_path), cli=cli)


def test_defaults_select_everything(tmp_path):
    config = load_config(PLUGINS.checks, isolated=True)
    assert enabled(config) == {r.id for r in RULES if r.default}
    assert config.fail_on == "minor"


def test_opt_in_rules_run_only_when_selected(tmp_path):
    opt_in = {r.id for r in RULES if not r.default}
    assert "CON002" in opt_in
    assert not opt_in & enabled(load_config(PLUGINS.checks, isolated=True))
    assert "CON002" in enabled(config_from(tmp_path, 'extend-select = ["CON002"]\n'))
    assert "CON002" in enabled(config_from(tmp_path, 'select = ["CON"]\n'))
    assert opt_in <= enabled(config_from(tmp_path, 'select = ["ALL"]\n'))


def test_select_by_prefix_and_ignore_by_name(tmp_path):
    config = config_from(tmp_path, 'select = ["BAS"]\nignore = ["target-same-as-source"]\n')
    assert enabled(config) == {"BAS001", "BAS003", "BAS004", "BAS005", "BAS006", "BAS009"}


def test_most_specific_selector_wins(tmp_path):
    config = config_from(tmp_path, 'select = ["BAS003"]\nignore = ["BAS"]\n')
    assert enabled(config) == {"BAS003"}


def test_select_by_mqm_category(tmp_path):
    config = config_from(tmp_path, 'select = ["Design and markup/Markup tag"]\n')
    chosen = enabled(config)
    assert {rule for rule in chosen if rule.startswith("BAS")} == {"BAS003", "BAS004"}
    assert "MKP001" in chosen and not any(rule.startswith(("NUM", "TRM")) for rule in chosen)
    config = config_from(tmp_path, 'select = ["Accuracy"]\n')
    # other plugins add Accuracy rules too: look at the basic plugin's only
    assert {rule for rule in enabled(config) if rule.startswith("BAS")} == {"BAS001", "BAS002", "BAS006"}


def test_command_line_beats_the_file(tmp_path):
    config = config_from(tmp_path, 'select = ["BAS001"]\nfail-on = "critical"\n', select=["BAS004"], fail_on="major")
    assert enabled(config) == {"BAS004"}
    assert config.fail_on == "major"


def test_command_line_ignore_keeps_file_selection(tmp_path):
    config = config_from(tmp_path, 'select = ["BAS"]\n', ignore=["BAS005"])
    assert enabled(config) == {"BAS001", "BAS002", "BAS003", "BAS004", "BAS006", "BAS009"}


def test_severity_overrides(tmp_path):
    config = config_from(tmp_path, '[severity]\n"Accuracy" = "critical"\nBAS002 = "info"\n')
    assert config.severity_for(RULES["BAS001"], Severity.MAJOR) is Severity.CRITICAL
    assert config.severity_for(RULES["BAS002"], Severity.MINOR) is Severity.INFO
    assert config.severity_for(RULES["BAS003"], Severity.MAJOR) is Severity.MAJOR


def test_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.tqa]\nignore = ["BAS005"]\n')
    config = load_config(PLUGINS.checks, start=str(tmp_path))
    assert "BAS005" not in enabled(config)
    assert config.path.endswith("pyproject.toml")


def test_unknown_key_names_it_with_line(tmp_path):
    with pytest.raises(ConfigError) as error:
        config_from(tmp_path, 'select = ["ALL"]\nselct = ["BAS"]\n')
    assert "unknown key 'selct'" in str(error.value)
    assert error.value.line == 2
    assert str(tmp_path / "tqa.toml") in str(error.value)


def test_unknown_check_option(tmp_path):
    with pytest.raises(ConfigError) as error:
        config_from(tmp_path, "[completeness]\nmin_words = 3\n")
    assert "unknown key 'completeness.min_words'" in str(error.value)


def test_wrong_type(tmp_path):
    with pytest.raises(ConfigError) as error:
        config_from(tmp_path, '[completeness]\nmin-words = "two"\n')
    assert "'completeness.min-words' must be of type integer (got 'two')" in str(error.value)


def test_bad_toml_names_line(tmp_path):
    with pytest.raises(ConfigError) as error:
        config_from(tmp_path, "select = [\n")
    assert "invalid TOML" in str(error.value)


def test_check_options_reach_the_check(tmp_path):
    config = config_from(tmp_path, "[completeness]\nmin-words = 4\n", settings={"completeness": {"allow": ["X"]}})
    assert config.checks["completeness"] == {"min-words": 4, "allow": ["X"]}


def test_selector_typo_is_refused(tmp_path):
    config = config_from(tmp_path, 'ignore = ["BAS0099"]\n')
    with pytest.raises(UsageError, match="names no rule"):
        config.check_selectors(RULES)


def test_fail_on():
    config = load_config(PLUGINS.checks, isolated=True, cli={"fail_on": "major"})
    assert config.fails(Severity.CRITICAL) and config.fails(Severity.MAJOR)
    assert not config.fails(Severity.MINOR)
    never = load_config(PLUGINS.checks, isolated=True, cli={"fail_on": "never"})
    assert not never.fails(Severity.CRITICAL)


def test_check_context_says_whether_a_rule_of_its_check_is_on(tmp_path):
    """`CheckContext.is_enabled`: the same answer as the configuration's for each declared
    rule of every check, in the document's profile or another one; undeclared ids refused."""
    from qa_core.check import CheckContext

    configs = [load_config(PLUGINS.checks, isolated=True),
               config_from(tmp_path, 'extend-select = ["CON002", "LEN002"]\nignore = ["SPL"]\n')]
    for config in configs:
        for profile in ("document", "software"):
            in_profile = config.with_profile(profile)
            for cls in PLUGINS.checks:
                ctx = CheckContext(None, cls(), in_profile)
                for rule in cls.rules:
                    assert ctx.is_enabled(rule.id) == in_profile.is_enabled(rule)
                    for other in ("document", "software"):
                        assert ctx.is_enabled(rule.id, profile=other) == config.with_profile(other).is_enabled(rule)
    from tqa_plugins.everyday.consistency import Consistency

    software = CheckContext(None, Consistency(), configs[0].with_profile("software"))
    assert not software.is_enabled("CON001") and software.is_enabled("CON001", profile="document")
    with pytest.raises(UsageError, match="NUM001, which it does not declare"):
        software.is_enabled("NUM001")

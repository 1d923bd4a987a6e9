"""The plugin declares its inputs: typed options, fed by mkdocs.yml from environment variables,
with paths relative to the folder of mkdocs.yml (never the current directory)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from jdih.content.settings import SETTINGS_FILE
from jdih.site.config import CACHE_DIR, ENV_OF_OPTION, REGISTER_DATA, REPORT_DATA, JdihConfig
from tests.sitebuild import MKDOCS, ROOT, copy_project


class _EnvTag:
    def __init__(self, node):
        self.node = node


class _RecordingLoader(yaml.SafeLoader):
    """mkdocs.yml as written: `!ENV` nodes are kept, not resolved."""


_RecordingLoader.add_constructor("!ENV", lambda loader, node: _EnvTag(node))


def _env_tag(value) -> tuple[list[str], object]:
    """(variable names, default) of one `!ENV` value, as pyyaml_env_tag reads it."""
    assert isinstance(value, _EnvTag), f"not fed by !ENV: {value!r}"
    node = value.node
    if isinstance(node, yaml.ScalarNode):
        return [node.value], None
    names = [child.value for child in node.value]
    return (names[:-1], yaml.safe_load(names[-1])) if len(names) > 1 else (names, None)


def _plugin_options(mkdocs_yml: Path) -> dict:
    data = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_RecordingLoader)
    entry = next(p for p in data["plugins"] if isinstance(p, dict) and "jdih" in p)
    return entry["jdih"]


def test_mkdocs_yml_feeds_every_option_from_its_environment_variable():
    options = _plugin_options(ROOT / "mkdocs.yml")
    declared = dict(JdihConfig._schema)
    assert set(options) == set(declared) == set(ENV_OF_OPTION)
    defaults = {"settings": SETTINGS_FILE.as_posix(), "cache_dir": CACHE_DIR, "ledger": None,
                "report_data": REPORT_DATA, "register_data": REGISTER_DATA}
    for name, value in options.items():
        assert _env_tag(value) == ([ENV_OF_OPTION[name]], defaults[name]), name
        assert declared[name].default == defaults[name], name  # the same default without mkdocs.yml's


def _jdih_options(project: Path) -> dict:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    return dict(config.plugins["jdih"].config)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project, loaded from another current directory, with no JDIH_* set."""
    for variable in ENV_OF_OPTION.values():
        monkeypatch.delenv(variable, raising=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return copy_project(tmp_path / "p", with_content=False).resolve()


def test_options_default_to_paths_beside_mkdocs_yml(project):
    assert _jdih_options(project) == {
        "settings": str(project / "site_config" / "jdih.yml"),
        "cache_dir": str(project / ".cache" / "jdih"),
        "ledger": None,
        "report_data": str(project / ".cache" / "jdih" / "laporan.json"),
        "register_data": str(project / ".cache" / "jdih-agenda" / "agenda.json"),
    }


def test_environment_variables_set_the_options_relative_to_mkdocs_yml(project, monkeypatch, tmp_path):
    monkeypatch.setenv("JDIH_SETTINGS", "site_config/kantor.yml")
    monkeypatch.setenv("JDIH_CACHE_DIR", str(tmp_path / "cache"))   # absolute stays as it is
    monkeypatch.setenv("JDIH_LEDGER", "catatan/kabar.json")
    monkeypatch.setenv("JDIH_REPORT_DATA", "")                      # empty: the default, as before
    assert _jdih_options(project) == {
        "settings": str(project / "site_config" / "kantor.yml"),
        "cache_dir": str(tmp_path / "cache"),
        "ledger": str(project / "catatan" / "kabar.json"),
        "report_data": str(project / ".cache" / "jdih" / "laporan.json"),
        "register_data": str(project / ".cache" / "jdih-agenda" / "agenda.json"),
    }


def test_ledger_and_report_data_from_the_environment_reach_the_register_and_the_report(tmp_path):
    """A real build started from another folder (`mkdocs build -f`): the relative paths in
    JDIH_LEDGER and JDIH_REPORT_DATA are found beside mkdocs.yml."""
    project = copy_project(tmp_path / "p")
    settings = project / "site_config" / "jdih.yml"
    text = settings.read_text(encoding="utf-8")
    assert "show_report: false" in text
    settings.write_text(text.replace("show_report: false", "show_report: true"), encoding="utf-8")
    (project / "catatan").mkdir()
    (project / "catatan" / "kabar.json").write_text(
        json.dumps({"posts/2026/uu-7-2017-pemilihan-umum/": "2026-11-02T09:17:00+07:00"}), encoding="utf-8")
    (project / "catatan" / "laporan.json").write_text("[]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", JDIH_CACHE_DIR=str(tmp_path / "cache"),
               JDIH_LEDGER="catatan/kabar.json", JDIH_REPORT_DATA="catatan/laporan.json")
    env.pop("JDIH_SETTINGS", None)
    result = subprocess.run(MKDOCS + ["build", "--strict", "-q", "-f", str(project / "mkdocs.yml")], cwd=elsewhere,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    assert not (elsewhere / "site").exists()
    register = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    assert '<td data-label="Kabar WhatsApp">2 Nov 2026 09.17</td>' in register
    report = (site / "laporan" / "index.html").read_text(encoding="utf-8")
    assert "(0 konten)" in report and "Data laporan belum tersedia" not in report

"""The settings' roles: user accounts only; a team ('org/team') is refused when the settings load."""

from __future__ import annotations

import pytest

from jdih.content.problems import ProblemsError
from jdih.content.settings import load_settings

# The least the settings need (the office's own file is edited by others; these tests are about roles).
SETTINGS = """\
office:
  name: Sekretariat KPU Kabupaten Kapuas
  short_name: KPU Kabupaten Kapuas
  unit: Subbagian Hukum dan SDM
site:
  url: https://kpu-kapuas.github.io/jdih-medsos/
  title: JDIH Media Sosial
roles:
  kasubbag: [kasubbag-kapuas]
  staf: [staf-hukum-kapuas]
  pengelola: [pengelola-jdih-kapuas]
categories: [Peraturan]
"""


def with_roles(tmp_path, line: str, value: str):
    path = tmp_path / "jdih.yml"
    original = next(row for row in SETTINGS.splitlines() if row.startswith(f"  {line}:"))
    path.write_text(SETTINGS.replace(original, f"  {line}: {value}"), encoding="utf-8")
    return path


def test_the_minimal_settings_load(tmp_path):
    path = tmp_path / "jdih.yml"
    path.write_text(SETTINGS, encoding="utf-8")
    assert load_settings(path).roles.staf == ["staf-hukum-kapuas"]


@pytest.mark.parametrize("role", ["kasubbag", "staf", "pengelola"])
def test_a_team_is_refused_with_the_key_the_fix_and_the_reason(tmp_path, role):
    path = with_roles(tmp_path, role, "[kpu-kapuas/tim-hukum, akun-lain]")
    with pytest.raises(ProblemsError) as caught:
        load_settings(path)
    [problem] = caught.value.problems
    line = next(number for number, row in enumerate(path.read_text().splitlines(), 1) if row.startswith(f"  {role}:"))
    assert (problem.line, problem.key) == (line, f"roles.{role}")
    text = problem.message + " " + problem.fix
    assert f"'kpu-kapuas/tim-hukum' adalah tim GitHub, sedangkan roles.{role} hanya menerima akun" in text
    assert "tulis nama akun setiap anggota tim satu per satu" in text
    assert "GITHUB_TOKEN" in text and "tidak dapat membaca keanggotaan tim" in text
    assert "tidak dapat meminta ulasan dari tim" in text


def test_a_team_with_an_at_sign_is_refused_too(tmp_path):
    with pytest.raises(ProblemsError, match="adalah tim GitHub"):
        load_settings(with_roles(tmp_path, "staf", "['@kpu-kapuas/staf']"))


def test_user_accounts_load_and_lose_their_at_sign(tmp_path):
    settings = load_settings(with_roles(tmp_path, "staf", "['@staf-satu', staf-dua]"))
    assert settings.roles.staf == ["staf-satu", "staf-dua"]


def test_an_invalid_login_no_longer_suggests_a_team(tmp_path):
    with pytest.raises(ProblemsError) as caught:
        load_settings(with_roles(tmp_path, "staf", "['staf hukum']"))
    text = str(caught.value)
    assert "'staf hukum' bukan nama akun GitHub yang sah" in text and "tim" not in text.split("sah", 1)[1]

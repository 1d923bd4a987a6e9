"""The settings' `people`: who each role account is, shown instead of the account (one rule,
`Settings.display_name`), validated with the key's line; an account in no role is a warning."""

from __future__ import annotations

import pytest

from jdih.content.problems import WARNING, ProblemsError
from jdih.content.settings import load_settings, settings_warnings
from tests.conftest import ROOT

SETTINGS = (ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8")
PEOPLE = """people:
  kasubbag-kapuas:
    name: Dra. Siti Aminah, M.H.
    jabatan: Kasubbag Hukum dan SDM
    nip: 19800101 200501 2 001
  "@Staf-Hukum-Kapuas":
    name: Budi Santoso
    jabatan: Staf Subbagian Hukum dan SDM
"""


def with_people(tmp_path, people: str):
    text = SETTINGS
    if "\npeople:" in text:  # the sample's own section, replaced
        start = text.index("\npeople:") + 1
        end = text.index("\n\n", start) + 1
        text = text[:start] + text[end:]
    path = tmp_path / "jdih.yml"
    path.write_text(text.rstrip("\n") + "\n\n" + people, encoding="utf-8")
    return path


def line_of(path, prefix: str) -> int:
    return next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row.startswith(prefix))


def test_a_person_is_shown_instead_of_the_account_and_the_account_where_there_is_none(tmp_path):
    settings = load_settings(with_people(tmp_path, PEOPLE))
    assert settings.display_name("kasubbag-kapuas") == "Dra. Siti Aminah, M.H., Kasubbag Hukum dan SDM"
    assert settings.display_name("@KASUBBAG-kapuas") == "Dra. Siti Aminah, M.H., Kasubbag Hukum dan SDM"
    assert settings.display_name("staf-hukum-kapuas") == "Budi Santoso, Staf Subbagian Hukum dan SDM"  # '@' and case
    assert settings.display_name("pengelola-jdih-kapuas") == "pengelola-jdih-kapuas"  # no person: the account
    assert settings.display_name("") == "" and settings.person_of(None) is None
    assert settings.person_of("kasubbag-kapuas").nip == "198001012005012001"  # spaces dropped
    assert settings.display_name("kasubbag-kapuas", nip=True) == (
        "Dra. Siti Aminah, M.H., Kasubbag Hukum dan SDM, NIP 198001012005012001")
    assert settings_warnings(settings, tmp_path / "jdih.yml") == []


def test_the_sample_settings_name_every_role_account():
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    for login in settings.roles.kasubbag + settings.roles.staf + settings.roles.pengelola:
        assert settings.person_of(login) is not None, login


@pytest.mark.parametrize(("people", "key", "prefix", "message"), [
    ("people:\n  kasubbag-kapuas:\n    jabatan: Kasubbag\n", "people.kasubbag-kapuas.name", "  kasubbag-kapuas:",
     "wajib diisi"),
    ("people:\n  kasubbag-kapuas:\n    name: X\n    jabatan: Y\n    nip: '1980'\n", "people.kasubbag-kapuas.nip",
     "    nip:", "NIP '1980' tidak sah"),
    ("people:\n  kasubbag-kapuas:\n    name: X\n    jabatan: Y\n    pangkat: III/a\n",
     "people.kasubbag-kapuas.pangkat", "    pangkat:", "kunci tidak dikenal"),
    ("people:\n  budi santoso:\n    name: X\n    jabatan: Y\n", "people", "people:",
     "people: 'budi santoso' bukan nama akun GitHub yang sah"),
    ("people:\n  kpu-kapuas/tim:\n    name: X\n    jabatan: Y\n", "people", "people:",
     "people: 'kpu-kapuas/tim' bukan nama akun GitHub yang sah"),
    ("people:\n  Budi:\n    name: X\n    jabatan: Y\n  budi:\n    name: Z\n    jabatan: Y\n", "people", "people:",
     "people: akun 'budi' tertulis dua kali"),
])
def test_a_wrong_person_is_refused_naming_the_key_and_its_line(tmp_path, people, key, prefix, message):
    path = with_people(tmp_path, people)
    with pytest.raises(ProblemsError) as caught:
        load_settings(path)
    [problem] = caught.value.problems
    assert (problem.key, problem.line) == (key, line_of(path, prefix))
    assert message in problem.message


def test_an_account_in_no_role_is_a_warning_with_its_line(tmp_path):
    path = with_people(tmp_path, PEOPLE + "  mantan-kasubbag:\n    name: Drs. Lama\n    jabatan: Kasubbag (2020–2025)\n")
    settings = load_settings(path)  # loads: a former Kasubbag's name still shows on the posts they approved
    assert settings.display_name("mantan-kasubbag") == "Drs. Lama, Kasubbag (2020–2025)"
    [warning] = settings_warnings(settings, path)
    assert warning.kind == WARNING and warning.key == "people.mantan-kasubbag"
    assert warning.line == line_of(path, "  mantan-kasubbag:")
    assert "akun 'mantan-kasubbag' tidak ada di roles" in warning.message
    assert "periksa ejaan" in warning.fix

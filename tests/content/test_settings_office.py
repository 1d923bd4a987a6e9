"""The office's contacts and social accounts in the settings (`office.contacts`, `office.social`):
typed, every address through the one URL rule (`content.urls`), refused with its line."""

from __future__ import annotations

import pytest

from jdih.content.problems import ProblemsError
from jdih.content.settings import Contacts, load_settings

SETTINGS = """\
office:
  name: Sekretariat KPU Kabupaten Kapuas
  short_name: KPU Kabupaten Kapuas
  unit: Subbagian Hukum dan SDM
  address: Jl. Tambun Bungai, Kuala Kapuas
{office}
site:
  url: https://kpu-kapuas.github.io/jdih-medsos/
  title: JDIH Media Sosial
roles:
  kasubbag: [kasubbag-kapuas]
  staf: [staf-hukum-kapuas]
  pengelola: [pengelola-jdih-kapuas]
categories: [Peraturan]
"""


def settings_with(tmp_path, office: str):
    path = tmp_path / "jdih.yml"
    path.write_text(SETTINGS.format(office=office), encoding="utf-8")
    return load_settings(path)


def refusal(tmp_path, office: str) -> str:
    with pytest.raises(ProblemsError) as caught:
        settings_with(tmp_path, office)
    return str(caught.value)


def test_contacts_and_social_are_optional(tmp_path):
    office = settings_with(tmp_path, "").office
    assert office.contacts == Contacts() and office.social == {}


def test_contacts_and_social_accounts_load_in_their_order(tmp_path):
    office = settings_with(tmp_path, """\
  contacts:
    phone: (0513) 21055
    email: jdih@kapuas.kpu.go.id
    website: https://kab-kapuas.kpu.go.id/
  social:
    youtube: https://www.youtube.com/@kpukabkapuas
    instagram: https://www.instagram.com/kpukabkapuas/
    x: https://x.com/kpukapuas""").office
    assert office.contacts.phone == "(0513) 21055"
    assert office.contacts.tel() == "tel:051321055"
    assert list(office.social) == ["youtube", "instagram", "x"]


def test_an_international_number_keeps_its_plus():
    assert Contacts(phone="+62 513 21055").tel() == "tel:+6251321055"


@pytest.mark.parametrize(("office", "expected"), [
    ("  contacts:\n    phone: 'javascript:alert(1)'", "office.contacts.phone: nomor telepon 'javascript:alert(1)' tidak sah"),
    ("  contacts:\n    phone: '12'", "nomor telepon '12' tidak sah"),
    ("  contacts:\n    email: jdih@kpu", "office.contacts.email: alamat surel 'jdih@kpu' tidak sah"),
    ("  contacts:\n    email: '\"><script>@x.id'", "tidak sah"),
    ("  contacts:\n    website: 'javascript:alert(1)'", "office.contacts.website: tautan 'javascript:alert(1)' tidak diizinkan"),
    ("  contacts:\n    website: kab-kapuas.kpu.go.id", "bukan alamat web lengkap"),
    ("  social:\n    instagram: https://evil.example/kpu", "instagram: alamat 'https://evil.example/kpu' bukan alamat instagram"),
    ("  social:\n    facebook: https://facebook.com.evil.example/", "bukan alamat facebook"),
    ("  social:\n    instagram: http://www.instagram.com/kpu/", "harus diawali https://"),
    ("  social:\n    instagram: 'https://www.instagram.com/kpu/\"><script>'", "memuat spasi"),
    ("  social:\n    myspace: https://myspace.com/kpu", "office.social.myspace"),
])
def test_a_wrong_contact_or_account_is_refused_with_its_key(tmp_path, office, expected):
    message = refusal(tmp_path, office)
    assert expected in message
    assert "jdih.yml:" in message  # with its line

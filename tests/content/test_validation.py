"""Validation messages in Indonesian only: pydantic's English never reaches the reader; an
unknown key is answered with the key it most likely meant, in the settings as in drafts."""

from __future__ import annotations

import re

import pytest

from jdih.content.post import PostMeta
from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings, load_settings
from jdih.content.validation import known_keys
from tests.content.test_settings import SETTINGS

# Words of pydantic's and PyYAML's English that must never be shown.
ENGLISH = re.compile(r"\b(or|should|Input|value is|valid|expected|found character|mapping|scalar|while|"
                     r"could not|block|stream|token)\b")


def problems_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "jdih.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_settings(path)
    return [str(problem).replace(f"{path}:", "jdih.yml:") for problem in caught.value.problems]


def test_a_typo_in_a_settings_key_gets_did_you_mean_like_a_draft(tmp_path):
    text = SETTINGS.replace("  title: JDIH Media Sosial\n", "  titel: JDIH Media Sosial\n  posts_per_pag: 12\n")
    text += "notifier:\n  provder: webhook\nsop:\n  steps:\n    - {step: 1, name: Disposisi, role: kasubbag, minuts: 10}\n"
    assert problems_of(tmp_path, text) == [
        "jdih.yml:5: site.title: wajib diisi tetapi tidak ada — tambahkan kunci ini beserta nilainya",
        "jdih.yml:7: site.titel: kunci tidak dikenal — mungkin maksud Anda 'title'? Perbaiki ejaannya, atau hapus "
        "kunci ini",
        "jdih.yml:8: site.posts_per_pag: kunci tidak dikenal — mungkin maksud Anda 'posts_per_page'? Perbaiki "
        "ejaannya, atau hapus kunci ini",
        "jdih.yml:15: notifier.provder: kunci tidak dikenal — mungkin maksud Anda 'provider'? Perbaiki ejaannya, "
        "atau hapus kunci ini",
        "jdih.yml:18: sop.steps.0.minuts: kunci tidak dikenal — mungkin maksud Anda 'minutes'? Perbaiki ejaannya, "
        "atau hapus kunci ini",
    ]


def test_a_key_like_none_known_keeps_the_plain_fix(tmp_path):
    assert problems_of(tmp_path, SETTINGS + "warna: biru\n") == [
        "jdih.yml:13: warna: kunci tidak dikenal — hapus kunci ini atau periksa ejaannya (lihat templat/dokumentasi)"]


def test_the_allowed_values_say_atau_not_or(tmp_path):
    text = SETTINGS + "notifier:\n  provider: telegram\nshare:\n  platforms: [whatsapp, tiktok]\n"
    assert problems_of(tmp_path, text) == [
        "jdih.yml:14: notifier.provider: nilai 'telegram' tidak dikenal — gunakan salah satu dari: 'none', "
        "'webhook', 'fonnte', 'waha' atau 'whatsapp_cloud'",
        "jdih.yml:16: share.platforms.1: nilai 'tiktok' tidak dikenal — gunakan salah satu dari: 'whatsapp', "
        "'facebook', 'x', 'telegram' atau 'email'",
    ]


def test_an_impossible_holiday_names_its_key_and_says_no_time(tmp_path):
    text = SETTINGS + "sop:\n  extra_holidays:\n    - 2026-04-31\n"
    assert problems_of(tmp_path, text) == [
        "jdih.yml:15: sop.extra_holidays.0: tanggal '2026-04-31' tidak ada di kalender: April 2026 hanya sampai "
        "tanggal 30 — tulis tanggal yang benar sebagai TTTT-BB-HH, mis. 2026-04-30; hari libur ditulis tanpa jam"]
    assert problems_of(tmp_path, SETTINGS + "sop:\n  extra_holidays: [31-12-2026]\n") == [
        "jdih.yml:14: sop.extra_holidays.0: harus berupa tanggal TTTT-BB-HH tanpa jam, ditemukan '31-12-2026' — "
        "tulis tanggalnya saja, mis. 2026-12-31"]


@pytest.mark.parametrize("broken", [
    "notifier:\n  timeout_seconds: cepat\n",
    "notifier:\n  max_attempts: 1.5\n",
    "notifier:\n  provider: fonnte\n",
    "site:\n  show_report: mungkin\n",
    "sop:\n  office_hours_start: pagi\n",
    "sop:\n  working_days: Senin\n",
    "sop:\n  timezone: Asia/Bandung\n",
    "people:\n  kasubbag-kapuas: Siti\n",
    "office:\n  social: {tiktokk: https://www.tiktok.com/@kpu}\n",
    "share:\n  hashtags: {a: b}\n",
    "sop: [\n",
    "share:\n\tplatforms: [x]\n",
])
def test_no_english_reaches_the_reader(tmp_path, broken):
    section, line = broken.split("\n", 1)
    if section in ("site:", "office:"):  # a key added to a section the minimal settings have
        text = SETTINGS.replace(f"{section}\n", f"{section}\n{line}")
    else:
        text = SETTINGS + broken
    found = problems_of(tmp_path, text)
    assert found
    for problem in found:
        assert not ENGLISH.search(problem.split(": ", 2)[-1]), problem


def test_a_dict_key_outside_the_allowed_ones_names_the_key_not_pydantics_marker(tmp_path):
    text = SETTINGS.replace("office:\n", "office:\n  social: {tiktokk: https://www.tiktok.com/@kpu}\n")
    assert problems_of(tmp_path, text) == [
        "jdih.yml:2: office.social.tiktokk: nilai 'tiktokk' tidak dikenal — gunakan salah satu dari: 'facebook', "
        "'instagram', 'x', 'youtube', 'tiktok', 'threads', 'whatsapp' atau 'telegram'"]


def test_known_keys_follow_fields_lists_and_dicts():
    assert known_keys(PostMeta, ("image",)) == ["alt", "src"]
    assert "year" in known_keys(PostMeta, ("legal_documents", 3))
    assert "approver" in known_keys(PostMeta, ("provenance",))  # an optional model
    assert known_keys(Settings, ("people", "budi")) == ["jabatan", "name", "nip"]  # a dict's values
    assert known_keys(Settings, ("sop", "steps", 0)) == ["days", "minutes", "name", "role", "step"]
    assert known_keys(Settings, ("categories",)) == [] and known_keys(Settings, ("nothing", "here")) == []

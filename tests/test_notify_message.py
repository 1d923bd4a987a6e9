"""jdih.notify.message: the Notification, its idempotency key, the WhatsApp text."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from jdih.notify.message import (MessageTemplateError, NotificationFileError, Notification, idempotency_key, indonesian_date,
                                 load_notifications, render_message, template_path)
from jdih.content.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "site_config" / "jdih.yml"

POST = Notification(post_id="/jdih-medsos/posts/sosialisasi-pkpu-7/", title="Sosialisasi PKPU Nomor 7 Tahun 2022",
                    url="https://kpu-kapuas.github.io/jdih-medsos/posts/sosialisasi-pkpu-7/",
                    approver="kasubbag-kapuas", date=dt.date(2026, 11, 24), pull_request=12)


def test_message_from_the_office_template():
    text = render_message(POST, load_settings(SETTINGS_FILE), template_path(SETTINGS_FILE))
    assert text == (
        "*Konten baru JDIH KPU Kabupaten Kapuas*\n"
        "\n"
        "Sosialisasi PKPU Nomor 7 Tahun 2022\n"
        "\n"
        "https://kpu-kapuas.github.io/jdih-medsos/posts/sosialisasi-pkpu-7/\n"
        "\n"
        "Terbit 24 November 2026, disetujui oleh kasubbag-kapuas.\n"
        "Mohon dibagikan. Terima kasih.\n"
        "\n"
        "Subbagian Hukum dan SDM\n"
        "Sekretariat KPU Kabupaten Kapuas\n")


@pytest.mark.parametrize("date, text", [(dt.date(2026, 11, 24), "24 November 2026"),
                                        (dt.date(2027, 2, 3), "3 Februari 2027"),
                                        (dt.date(2026, 8, 17), "17 Agustus 2026")])
def test_dates_are_indonesian(date, text):
    assert indonesian_date(date) == text


def test_template_is_the_offices_own(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "whatsapp.txt.j2").write_text("{{ title }} — {{ date }} — {{ office.short_name }}\n")
    text = render_message(POST, load_settings(SETTINGS_FILE), template_path(tmp_path / "jdih.yml"))
    assert text == "Sosialisasi PKPU Nomor 7 Tahun 2022 — 24 November 2026 — KPU Kabupaten Kapuas\n"


def test_idempotency_key_is_sha256_of_post_and_pull_request():
    assert idempotency_key(POST) == hashlib.sha256(
        b"/jdih-medsos/posts/sosialisasi-pkpu-7/\n12").hexdigest()
    same = Notification.from_dict(POST.to_dict())
    assert idempotency_key(same) == idempotency_key(POST)
    other_pull = Notification.from_dict({**POST.to_dict(), "pull_request": 13})
    assert idempotency_key(other_pull) != idempotency_key(POST)


def test_notifications_file_round_trip(tmp_path):
    path = tmp_path / "kabar.json"
    path.write_text(json.dumps([POST.to_dict(), {**POST.to_dict(), "post_id": "/b/", "pull_request": None}]))
    loaded = load_notifications(path)
    assert loaded[0] == POST
    assert loaded[1].pull_request is None and loaded[1].post_id == "/b/"


@pytest.mark.parametrize("content, message", [
    ("{", "{path}:1: bukan JSON yang sah (Expecting property name enclosed in double quotes) — perbaiki isi berkas"),
    ('{"a": 1}', '{path}: isi berkas harus daftar (list) kabar — tulis [{"post_id": …, "title": …}, …]'),
    ('[{"post_id": "/a/"}]', "{path}: kabar ke-1 tidak memiliki kunci 'title' — lengkapi post_id, title, url, "
                             "approver dan date"),
])
def test_bad_notifications_file(tmp_path, content, message):
    path = tmp_path / "kabar.json"
    path.write_text(content)
    with pytest.raises(NotificationFileError) as caught:
        load_notifications(path)
    assert str(caught.value) == message.replace("{path}", str(path))


@pytest.mark.parametrize("content, message", [
    ("{{ title }\n", "{t}:1: templat pesan tidak sah (unexpected '}') — perbaiki templat itu"),
    ("{{ judul }}\n", "{t}: templat memakai nama yang tidak dikenal ('judul' is undefined) — gunakan title, url, "
                      "approver, date, office atau site"),
])
def test_broken_template(tmp_path, content, message):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "whatsapp.txt.j2"
    template.write_text(content)
    with pytest.raises(MessageTemplateError) as caught:
        render_message(POST, load_settings(SETTINGS_FILE), template)
    assert str(caught.value) == message.replace("{t}", str(template))

"""jdih.notify.message: the Notification, its idempotency key, the WhatsApp text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest

from jdih.content.settings import load_settings
from jdih.notify.message import (
    MessageTemplateError,
    Notification,
    NotificationFileError,
    idempotency_key,
    indonesian_date,
    load_notifications,
    render_message,
    template_path,
)
from tests.conftest import ROOT  # noqa: E402

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
        # the person `people` names for the account (a dot before a letter is never a link: "M․H.")
        "Terbit 24 November 2026, disetujui oleh Dra. Siti Rahmawati, M․H., Kasubbag Hukum dan SDM.\n"
        "Mohon dibagikan. Terima kasih.\n"
        "\n"
        "Subbagian Hukum dan SDM\n"
        "Sekretariat KPU Kabupaten Kapuas\n")


def test_the_message_carries_the_upload_links_and_what_is_still_to_come():
    """SOP step 6b: the links of the uploaded content, after the page's own link."""
    uploaded = dataclasses.replace(POST, uploads=(
        ("instagram", "https://www.instagram.com/p/DAbc123/"),
        ("facebook", "https://www.facebook.com/109_555"),
        # not on Telegram's hosts: shown as inert text, never a link
        ("telegram", "https://evil.example/t.me/kpu/5")), waiting=("x",))
    text = render_message(uploaded, load_settings(SETTINGS_FILE), template_path(SETTINGS_FILE))
    assert text == (
        "*Konten baru JDIH KPU Kabupaten Kapuas*\n"
        "\n"
        "Sosialisasi PKPU Nomor 7 Tahun 2022\n"
        "\n"
        "https://kpu-kapuas.github.io/jdih-medsos/posts/sosialisasi-pkpu-7/\n"
        "\n"
        "Di akun media sosial kantor:\n"
        "Instagram: https://www.instagram.com/p/DAbc123/\n"
        "Facebook: https://www.facebook.com/109_555\n"
        "Telegram: https:∕∕evil․example/t․me/kpu/5\n"
        "\n"
        "Menyusul di X.\n"
        "\n"
        "Terbit 24 November 2026, disetujui oleh Dra. Siti Rahmawati, M․H., Kasubbag Hukum dan SDM.\n"
        "Mohon dibagikan. Terima kasih.\n"
        "\n"
        "Subbagian Hukum dan SDM\n"
        "Sekretariat KPU Kabupaten Kapuas\n")


def test_the_upload_links_survive_the_notifications_file(tmp_path):
    uploaded = dataclasses.replace(POST, uploads=(("x", "https://x.com/i/web/status/1"),), waiting=("telegram",))
    assert Notification.from_dict(json.loads(json.dumps(uploaded.to_dict()))) == uploaded


def test_the_message_names_the_account_where_no_person_is_configured():
    settings = load_settings(SETTINGS_FILE)
    text = render_message(POST, settings.model_copy(update={"people": {}}), template_path(SETTINGS_FILE))
    assert "Terbit 24 November 2026, disetujui oleh kasubbag-kapuas.\n" in text


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
                      "approver, date, office, site, uploads atau waiting"),
])
def test_broken_template(tmp_path, content, message):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "whatsapp.txt.j2"
    template.write_text(content)
    with pytest.raises(MessageTemplateError) as caught:
        render_message(POST, load_settings(SETTINGS_FILE), template)
    assert str(caught.value) == message.replace("{t}", str(template))


# -- a value from data cannot format the message or add a link ---------------------------------

import re  # noqa: E402
import unicodedata  # noqa: E402

from jdih.notify.message import plain  # noqa: E402

HOSTILE = ("*PENTING* _baca_ ~coret~ ```kode``` `k` lihat https://evil.example/x, evil.example atau "
           "wa.me/628123\n> kutipan\n- daftar\n* butir\n1. satu \u202eterbalik\u202c \u2066isolasi\u2069 "
           "\x07bel\u200b.org\r\n")
# Anything WhatsApp would make a link of: a URL, or a bare domain such as evil.example.
LINKISH = re.compile(r"https?://\S+|\b[\w-]+(?:[.\u3002\uff0e\uff61][\w-]+)+\b")
LINE_MARKER = re.compile(r"^(> |[-*] |\d+\. )")


def test_a_hostile_title_adds_no_formatting_and_no_link():
    hostile = Notification.from_dict({**POST.to_dict(), "title": HOSTILE, "approver": "_kasubbag_ evil.example"})
    text = render_message(hostile, load_settings(SETTINGS_FILE), template_path(SETTINGS_FILE))
    # the post's own link is the first link, and the only one: WhatsApp previews it
    assert LINKISH.findall(text) == [POST.url]
    # the only formatting is the template's own bold heading
    assert text.count("*") == 2 and text.startswith("*Konten baru JDIH KPU Kabupaten Kapuas*\n")
    assert not set("_~`") & set(text)
    assert [line for line in text.splitlines() if LINE_MARKER.match(line)] == []
    # no control, bidi or other invisible character, and the title stays on its one line
    assert [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")] == []
    lines = text.splitlines()
    assert lines[1] == "" and lines[3] == "" and lines[4] == POST.url
    assert lines[2] == ("∗PENTING∗ ＿baca＿ ∼coret∼ ˋˋˋkodeˋˋˋ ˋkˋ lihat https:∕∕evil․example/x, evil․example atau "
                        "wa․me/628123 > kutipan - daftar ∗ butir 1. satu terbalik isolasi bel․org")
    assert "disetujui oleh ＿kasubbag＿ evil․example." in text


@pytest.mark.parametrize("value, shown", [
    ("> kutipan", "＞ kutipan"),
    ("- daftar", "‐ daftar"),
    ("* butir", "∗ butir"),
    ("12. nomor", "12․ nomor"),
    ("Sosialisasi PKPU No. 7 Tahun 2022, nilai 1.5", "Sosialisasi PKPU No. 7 Tahun 2022, nilai 1․5"),
    ("surel@kpu.go.id dan 10.0.0.1", "surel@kpu․go․id dan 10․0․0․1"),
    ("ftp://x", "ftp:∕∕x"),
    ("Pra-Pemilu -5", "Pra-Pemilu -5"),
    ("Keluarga 👨\u200d👩\u200d👧 hadir", "Keluarga 👨\u200d👩\u200d👧 hadir"),
    ("  dua\t\tspasi \u2028baris  ", "dua spasi baris"),
])
def test_plain(value, shown):
    assert plain(value) == shown
    assert plain(plain(value)) == plain(value)  # idempotent: filter and safety net may both apply


def test_an_office_template_without_the_filter_is_made_plain_all_the_same(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "whatsapp.txt.j2").write_text(
        "{{ title }} {{ notification.title }} {{ approver ~ ' *x*' }}\n{{ url }}\n")
    hostile = Notification.from_dict({**POST.to_dict(), "title": "*a.b*"})
    text = render_message(hostile, load_settings(SETTINGS_FILE), template_path(tmp_path / "jdih.yml"))
    assert text == f"∗a․b∗ ∗a․b∗ Dra. Siti Rahmawati, M․H., Kasubbag Hukum dan SDM ∗x∗\n{POST.url}\n"


def test_a_notification_url_that_is_not_one_link_is_no_link():
    forged = Notification.from_dict({**POST.to_dict(), "url": "https://kpu.test/a *PENTING* https://evil.example"})
    text = render_message(forged, load_settings(SETTINGS_FILE), template_path(SETTINGS_FILE))
    assert LINKISH.findall(text) == [] and "https:∕∕kpu․test/a ∗PENTING∗ https:∕∕evil․example" in text
    hidden = Notification.from_dict({**POST.to_dict(), "url": "\u2066" + POST.url + "\u200b"})
    assert LINKISH.findall(render_message(hidden, load_settings(SETTINGS_FILE), template_path(SETTINGS_FILE))) \
        == [POST.url]

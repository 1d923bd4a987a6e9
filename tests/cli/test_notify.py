"""`jdih kabari`: dry run, ledger choice, exit status, and the token never in the output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
import yaml
from click.testing import CliRunner

from jdih.cli.commands import notify as command
from jdih.cli.main import main
from jdih.testing.receiver import Reply
from tests.conftest import ROOT  # noqa: E402

TOKEN = "tok-Rahasia-24680"
GROUP = "120363025246125244@g.us"
POST = {"post_id": "/jdih-medsos/posts/a/", "title": "Konten A", "url": "https://kpu-kapuas.github.io/jdih-medsos/posts/a/",
        "approver": "kasubbag-kapuas", "date": "2026-11-24", "pull_request": 12}
MESSAGE = ("*Konten baru JDIH KPU Kabupaten Kapuas*\n\nKonten A\n\nhttps://kpu-kapuas.github.io/jdih-medsos/posts/a/\n\n"
           "Terbit 24 November 2026, disetujui oleh Dra. Siti Rahmawati, M․H., Kasubbag Hukum dan SDM.\n"
           "Mohon dibagikan. Terima kasih.\n\n"
           "Subbagian Hukum dan SDM\nSekretariat KPU Kabupaten Kapuas\n")
CLEAN_ENV = {"GITHUB_ACTIONS": None, "WHATSAPP_URL": None, "WHATSAPP_TOKEN": None, "GITHUB_TOKEN": None,
             "JDIH_SETTINGS": None}


@pytest.fixture
def office(tmp_path):
    """A settings file (with its message template beside it) and a notifications file."""
    def make(**notifier) -> tuple[Path, Path]:
        data = yaml.safe_load((ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8"))
        data["notifier"] = notifier
        config = tmp_path / "site_config"
        (config / "templates").mkdir(parents=True, exist_ok=True)
        (config / "templates" / "whatsapp.txt.j2").write_text(
            (ROOT / "site_config" / "templates" / "whatsapp.txt.j2").read_text(encoding="utf-8"), encoding="utf-8")
        (config / "jdih.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        (tmp_path / "kabar.json").write_text(json.dumps([POST]), encoding="utf-8")
        return config / "jdih.yml", tmp_path / "kabar.json"
    return make


def kabari(*args: str, env: dict[str, str | None]):
    return CliRunner().invoke(main, ["kabari", *args], env={**CLEAN_ENV, **env}, catch_exceptions=False)


def test_every_option_has_indonesian_help():
    for param in command.kabari.params:
        assert param.help, param.name
    help_text = CliRunner().invoke(main, ["kabari", "--help"]).output
    assert "Kirim kabar konten yang sudah terbit ke grup WhatsApp kantor" in help_text
    assert "--dry-run" in help_text and "tanpa mengirim apa pun" in help_text


def test_dry_run_prints_exactly_what_would_be_sent_and_sends_nothing(receiver, office):
    settings, notifications = office(provider="fonnte", target=GROUP)
    result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--dry-run",
                    env={"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN})
    body = urlencode({"target": GROUP, "message": MESSAGE})
    assert result.exit_code == 0
    assert result.output == (
        "Uji coba: tidak ada yang dikirim. Penyedia: fonnte. Kabar: 1.\n"
        "\n"
        "[1/1] «Konten A» (https://kpu-kapuas.github.io/jdih-medsos/posts/a/)\n"
        "--- pesan ---\n"
        f"{MESSAGE}"
        "--- permintaan ---\n"
        f"POST {receiver.url}/send\n"
        f"User-Agent: {requests.utils.default_user_agent()}\n"
        "Accept-Encoding: gzip, deflate\n"
        "Accept: */*\n"
        "Connection: keep-alive\n"
        "Authorization: ***\n"
        f"Content-Length: {len(body)}\n"
        "Content-Type: application/x-www-form-urlencoded\n"
        "\n"
        f"{body}\n")
    assert receiver.requests == []


def test_dry_run_with_a_ledger_skips_what_was_sent(receiver, office, tmp_path):
    settings, notifications = office(provider="webhook")
    env = {"WHATSAPP_URL": receiver.url}
    ledger = str(tmp_path / "catatan.json")
    assert kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--ledger", ledger, env=env).exit_code == 0
    result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--ledger", ledger, "--dry-run", env=env)
    assert result.output == ("Uji coba: tidak ada yang dikirim. Penyedia: webhook. Kabar: 1.\n\n"
                             "[1/1] «Konten A» (https://kpu-kapuas.github.io/jdih-medsos/posts/a/) — sudah terkirim, "
                             "tidak dikirim lagi.\n")
    assert len(receiver.requests) == 1


def test_dry_run_plan_comes_from_the_sending_loop_and_sends_nothing(receiver, office, tmp_path):
    """--dry-run runs notify_all with a recording transport: a post whose earlier sending failed is
    planned with the idempotency key its ledger entry holds (as the real run would send it),
    nothing reaches the receiver, and the ledger file is left exactly as it was."""
    receiver.default = Reply(status=503)
    settings, notifications = office(provider="webhook", max_attempts=1)
    env = {"WHATSAPP_URL": receiver.url}
    ledger = tmp_path / "catatan.json"
    args = ["--pengaturan", str(settings), "--berkas", str(notifications), "--ledger", str(ledger)]
    assert kabari(*args, env=env).exit_code == 1  # one real attempt, refused, recorded as failed
    data = json.loads(ledger.read_text(encoding="utf-8"))
    data["posts"][POST["post_id"]]["idempotency_key"] = "kunci-dari-catatan"
    ledger.write_text(json.dumps(data), encoding="utf-8")
    before = ledger.read_bytes()
    result = kabari(*args, "--dry-run", env=env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Uji coba: tidak ada yang dikirim. Penyedia: webhook. Kabar: 1.\n\n"
                                    "[1/1] «Konten A» (https://kpu-kapuas.github.io/jdih-medsos/posts/a/)\n"
                                    f"--- pesan ---\n{MESSAGE}--- permintaan ---\nPOST {receiver.url}")
    assert "Idempotency-Key: kunci-dari-catatan\n" in result.output
    assert '"idempotency_key": "kunci-dari-catatan"' in result.output
    assert len(receiver.requests) == 1  # only the earlier real attempt
    assert ledger.read_bytes() == before


def test_send_then_rerun_sends_nothing(receiver, office, tmp_path):
    settings, notifications = office(provider="waha", target=GROUP)
    env = {"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN}
    args = ["--pengaturan", str(settings), "--berkas", str(notifications), "--ledger", str(tmp_path / "catatan.json")]
    first = kabari(*args, env=env)
    assert (first.exit_code, first.output) == (0, "Terkirim: «Konten A» (https://kpu-kapuas.github.io/jdih-medsos/posts/a/)\n"
                                                  "Selesai: 1 terkirim, 0 sudah terkirim sebelumnya.\n")
    second = kabari(*args, env=env)
    assert (second.exit_code, second.output) == (
        0, "Sudah terkirim sebelumnya, dilewati: «Konten A» (https://kpu-kapuas.github.io/jdih-medsos/posts/a/)\n"
           "Selesai: 0 terkirim, 1 sudah terkirim sebelumnya.\n")
    assert len(receiver.requests) == 1


def test_failing_run_exits_1_with_the_pending_list_and_no_token(receiver, office, tmp_path):
    receiver.default = Reply(status=401, body=f"token {TOKEN} tidak dikenal")
    settings, notifications = office(provider="webhook")
    result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--ledger",
                    str(tmp_path / "catatan.json"),
                    env={"WHATSAPP_URL": f"{receiver.url}/hook?key={TOKEN}", "WHATSAPP_TOKEN": TOKEN})
    assert result.exit_code == 1
    assert result.output == (
        "Galat: 1 dari 1 kabar belum terkirim dan tetap tertunda:\n"
        "  - «Konten A» (https://kpu-kapuas.github.io/jdih-medsos/posts/a/): token ditolak oleh penyedia (HTTP 401) — "
        "periksa secret yang namanya ada di notifier.token_env (WHATSAPP_TOKEN)\n"
        "Kabar yang tertunda dikirim ulang oleh jalankan berikutnya (alur kerja pengiriman ulang, atau jalankan "
        "`jdih kabari` lagi).\n")
    assert TOKEN not in result.output
    assert TOKEN not in (tmp_path / "catatan.json").read_text()


def test_in_github_actions_the_token_is_masked_first(receiver, office, tmp_path):
    receiver.default = Reply(status=503)
    settings, notifications = office(provider="webhook", max_attempts=1)
    result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--ledger",
                    str(tmp_path / "catatan.json"),
                    env={"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN, "GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"::add-mask::{TOKEN}"
    assert result.output.count(TOKEN) == 1
    assert "gagal setelah 1 percobaan: gerbang sedang bermasalah (HTTP 503)" in result.output


def test_unexpected_error_traceback_is_redacted(office, monkeypatch):
    settings, notifications = office(provider="webhook")

    def explode(*args, **kwargs):
        raise RuntimeError(f"gagal membuka http://127.0.0.1:1/hook?token={TOKEN}")

    monkeypatch.setattr(command, "notify_all", explode)
    result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--ledger", "x.json",
                    env={"WHATSAPP_URL": "http://127.0.0.1:1/hook", "WHATSAPP_TOKEN": TOKEN})
    assert result.exit_code == 1
    assert result.output.startswith("Galat: kesalahan tak terduga — laporkan teks berikut kepada pengelola:\n"
                                    "Traceback (most recent call last):\n")
    assert "RuntimeError: gagal membuka *** ?token=***" not in result.output  # whole URL hidden, not reshaped
    assert "RuntimeError: gagal membuka ***?token=***" in result.output
    assert TOKEN not in result.output


def test_failing_run_as_a_real_process_never_prints_the_token(closed_port, office, tmp_path):
    settings, notifications = office(provider="whatsapp_cloud", target="6281234567890", phone_number_id="1065",
                                     max_attempts=1, timeout_seconds=1)
    env = {key: value for key, value in os.environ.items() if key not in CLEAN_ENV}
    env.update({"WHATSAPP_URL": f"http://user:{TOKEN}@127.0.0.1:{closed_port}", "WHATSAPP_TOKEN": TOKEN})
    done = subprocess.run([str(Path(sys.executable).parent / "jdih"), "kabari", "--pengaturan", str(settings), "--berkas",
                           str(notifications), "--ledger", str(tmp_path / "catatan.json")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"tidak dapat terhubung ke gerbang 127.0.0.1:{closed_port} — periksa" in done.stderr
    assert TOKEN not in done.stdout + done.stderr


@pytest.mark.parametrize("args, message", [
    ([], "Galat: daftar kabar belum diberikan — berikan --berkas <berkas.json>\n"),
    (["--berkas", "{n}"], "Galat: buku catatan kiriman belum dipilih — berikan --ledger <berkas.json> atau --github, "
                          "agar setiap kabar terkirim tepat sekali\n"),
    (["--berkas", "{n}", "--ledger", "x.json", "--github"], "Galat: pilih salah satu: --ledger <berkas.json> atau --github\n"),
    (["--berkas", "{n}", "--github"], "Galat: --github memerlukan variabel lingkungan GITHUB_TOKEN dan GITHUB_REPOSITORY — "
                                      "jalankan di GitHub Actions atau isi keduanya\n"),
])
def test_usage_errors(office, args, message):
    settings, notifications = office(provider="webhook")
    args = [arg.replace("{n}", str(notifications)) for arg in args]
    result = kabari("--pengaturan", str(settings), *args, env={"WHATSAPP_URL": "http://127.0.0.1:1/"})
    assert (result.exit_code, result.output) == (1, message)


def test_provider_none_sends_nothing(office, tmp_path):
    settings, notifications = office(provider="none")
    result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--ledger",
                    str(tmp_path / "catatan.json"), env={})
    assert (result.exit_code, result.output) == (
        0, "Pengiriman WhatsApp tidak diaktifkan (notifier.provider: none) — tidak ada yang dikirim.\n")


def test_github_ledger_is_a_marker_comment_on_the_pull_request(receiver, office):
    from jdih.testing.fakegithub import server as fakegithub
    settings, notifications = office(provider="webhook")
    with fakegithub.FakeGitHub() as fake:
        fake.add_user("staf-hukum-kapuas")
        fake.add_user("kasubbag-kapuas")
        number = fake.open_pull("staf-hukum-kapuas", "konten/konten-a", title="Konten A")
        fake.add_comment(number, "kasubbag-kapuas", "Disetujui.")
        fake.merge_pull(number, "kasubbag-kapuas")
        notifications.write_text(json.dumps([{**POST, "pull_request": number}]), encoding="utf-8")
        env = {"WHATSAPP_URL": receiver.url, "GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake.full_name,
               "GITHUB_API_URL": fake.base_url}
        args = ["--pengaturan", str(settings), "--berkas", str(notifications), "--github"]
        assert kabari(*args, env=env).exit_code == 0
        again = kabari(*args, env=env)
        assert again.output.startswith("Sudah terkirim sebelumnya, dilewati: «Konten A»")
        assert len(receiver.requests) == 1
        bodies = [comment.body for comment in fake.client().get_repo(fake.full_name).get_issue(number).get_comments()]
    assert bodies[0] == "Disetujui."
    assert len(bodies) == 2 and bodies[1].startswith("<!-- jdih-kabar {")
    assert "\n**Kabar WhatsApp** — Konten A\n\n✅ Terkirim ke grup WhatsApp pada " in bodies[1]
    assert bodies[1].endswith(" melalui webhook (HTTP 200).\n")


def test_github_ledger_with_a_bad_token(office):
    from jdih.testing.fakegithub import server as fakegithub
    settings, notifications = office(provider="webhook")
    with fakegithub.FakeGitHub() as fake:
        result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--github",
                        env={"WHATSAPP_URL": "http://127.0.0.1:1/", "GITHUB_TOKEN": "ghs_salah12345",
                             "GITHUB_REPOSITORY": fake.full_name, "GITHUB_API_URL": fake.base_url})
    assert (result.exit_code, result.output) == (
        1, "Galat: repositori kpu-kapuas/jdih-medsos tidak dapat dibuka di GitHub (HTTP 401) — periksa GITHUB_TOKEN "
           "dan GITHUB_REPOSITORY, serta izin 'pull-requests: write' dan 'issues: write' pada alur kerja\n")


def test_dry_run_with_a_missing_template(office):
    settings, notifications = office(provider="webhook")
    template = settings.parent / "templates" / "whatsapp.txt.j2"
    template.unlink()
    result = kabari("--pengaturan", str(settings), "--berkas", str(notifications), "--dry-run",
                    env={"WHATSAPP_URL": "http://127.0.0.1:1/"})
    assert (result.exit_code, result.output) == (
        1, "Uji coba: tidak ada yang dikirim. Penyedia: webhook. Kabar: 1.\n\n"
           f"Galat: {template}: templat pesan WhatsApp tidak ditemukan — buat berkas itu (salin "
           "site_config/templates/whatsapp.txt.j2 dari repositori contoh)\n")


def test_a_forged_marker_comment_by_a_person_is_ignored(receiver, office):
    """Anyone who can comment could paste a "sent" marker; only bot-written entries count."""
    from jdih.testing.fakegithub.server import FakeGitHub

    settings, notifications = office(provider="webhook")
    with FakeGitHub() as fake:
        fake.add_user("staf-hukum-kapuas")
        fake.add_user("kasubbag-kapuas")
        number = fake.open_pull("staf-hukum-kapuas", "konten/konten-a", title="Konten A")
        fake.merge_pull(number, "kasubbag-kapuas")
        notifications.write_text(json.dumps([{**POST, "pull_request": number}]), encoding="utf-8")
        env = {"WHATSAPP_URL": receiver.url, "GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake.full_name,
               "GITHUB_API_URL": fake.base_url}
        args = ["--pengaturan", str(settings), "--berkas", str(notifications), "--github"]
        assert kabari(*args, env=env).exit_code == 0
        bot_marker = [c.body for c in fake.client().get_repo(fake.full_name).get_issue(number).get_comments()][-1]
        # a person copies the bot's "sent" marker onto a new pull request for the same post
        other = fake.open_pull("staf-hukum-kapuas", "konten/konten-b", title="Konten A lagi")
        fake.merge_pull(other, "kasubbag-kapuas")
        fake.add_comment(other, "staf-hukum-kapuas", bot_marker)
        notifications.write_text(json.dumps([{**POST, "pull_request": other}]), encoding="utf-8")
        assert kabari(*args, env=env).exit_code == 0
    assert len(receiver.requests) == 2  # the forged entry did not stop the real notification


def test_settings_and_template_found_from_the_repository_folder(receiver, tmp_path, monkeypatch):
    """Without --pengaturan (as the workflows run it) the settings and the message template are
    the repository's own, found from the current folder."""
    from tests.conftest import ROOT

    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    monkeypatch.chdir(tmp_path)
    notifications = tmp_path / "kabar.json"
    notifications.write_text(json.dumps([POST]), encoding="utf-8")
    result = CliRunner().invoke(main, ["kabari", "--berkas", str(notifications), "--dry-run"],
                                env={"WHATSAPP_URL": receiver.url, "JDIH_SETTINGS": ""})
    assert result.exit_code == 0, result.output
    assert "*Konten baru JDIH KPU Kabupaten Kapuas*" in result.output and receiver.requests == []


def _uploads(path: Path, platforms: dict[str, tuple[str, str, str]]) -> None:
    """An upload ledger file: platform -> (state, link, time)."""
    import datetime as dt

    from jdih.social.ledger import JsonFileUploadLedger, PostUploads, record

    ledger = JsonFileUploadLedger(path)
    uploads = ledger.get(POST["post_id"], 12) or PostUploads(POST["post_id"], POST["title"], 12)
    for name, (state, link, when) in platforms.items():
        details = {"url": link} if link else {}
        record(uploads, name, state, dt.datetime.fromisoformat(when), **details)
    ledger.put(uploads)


def test_the_notice_carries_the_upload_links_and_a_follow_up_only_when_chosen(receiver, office, tmp_path):
    settings_file, notifications = office(provider="waha", target=GROUP)
    data = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    data["posting"] = {"follow_up_notice": True}
    settings_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    uploads = tmp_path / "unggah.json"
    _uploads(uploads, {"instagram": ("sent", "https://www.instagram.com/p/A1/", "2026-11-24T10:00:00+07:00"),
                       "facebook": ("failed", "", "2026-11-24T10:00:00+07:00"),
                       "telegram": ("manual", "", "2026-11-24T10:00:00+07:00")})
    env = {"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN}
    args = ["--pengaturan", str(settings_file), "--berkas", str(notifications), "--ledger",
            str(tmp_path / "catatan.json"), "--ledger-unggah", str(uploads)]
    assert kabari(*args, env=env).exit_code == 0
    first = receiver.requests[0].json["text"]
    assert first == MESSAGE.replace(
        "posts/a/\n\n", "posts/a/\n\nDi akun media sosial kantor:\nInstagram: https://www.instagram.com/p/A1/\n\n"
                        "Menyusul di Facebook, Telegram.\n\n")
    # nothing new: nothing sent
    assert kabari(*args, env=env).exit_code == 0
    assert len(receiver.requests) == 1
    # the retry uploads Facebook, the operator confirms Telegram: one follow-up with both links
    _uploads(uploads, {"facebook": ("sent", "https://www.facebook.com/109_5", "2099-01-01T10:00:00+07:00"),
                       "telegram": ("sent", "https://t.me/kpukapuas/9", "2099-01-01T10:05:00+07:00")})
    assert kabari(*args, env=env).exit_code == 0
    assert kabari(*args, env=env).exit_code == 0
    assert len(receiver.requests) == 2
    assert receiver.requests[1].json["text"] == (
        "*Tautan susulan JDIH KPU Kabupaten Kapuas*\n\nKonten A\n\nhttps://kpu-kapuas.github.io/jdih-medsos/posts/a/\n\n"
        "Di akun media sosial kantor:\nFacebook: https://www.facebook.com/109_5\nTelegram: https://t.me/kpukapuas/9\n\n"
        "Terbit 24 November 2026, disetujui oleh Dra. Siti Rahmawati, M․H., Kasubbag Hukum dan SDM.\n"
        "Mohon dibagikan. Terima kasih.\n\n"
        "Subbagian Hukum dan SDM\nSekretariat KPU Kabupaten Kapuas\n")


def test_without_follow_up_notice_a_late_upload_sends_nothing(receiver, office, tmp_path):
    settings_file, notifications = office(provider="waha", target=GROUP)
    uploads = tmp_path / "unggah.json"
    _uploads(uploads, {"instagram": ("failed", "", "2026-11-24T10:00:00+07:00")})
    env = {"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN}
    args = ["--pengaturan", str(settings_file), "--berkas", str(notifications), "--ledger",
            str(tmp_path / "catatan.json"), "--ledger-unggah", str(uploads)]
    assert kabari(*args, env=env).exit_code == 0
    _uploads(uploads, {"instagram": ("sent", "https://www.instagram.com/p/A1/", "2099-01-01T10:00:00+07:00")})
    assert kabari(*args, env=env).exit_code == 0
    assert len(receiver.requests) == 1

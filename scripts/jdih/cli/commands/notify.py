"""`jdih kabari`: tell the office WhatsApp group about published posts (SOP step 6)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import requests

from jdih.cli.commands.common import cli_settings, settings_location, settings_option
from jdih.content.settings import Notifier, Settings
from jdih.notify import CommentLedger, JsonFileLedger, Ledger, LedgerEntry, PyGithubCommentStore, notify_all
from jdih.notify.ledger import LedgerError, State
from jdih.notify.message import Notification, NotificationFileError, load_notifications, render_message, template_path
from jdih.notify.providers import NotifierConfigError, describe_request, display_secrets, gateway_from_env
from jdih.notify.secrets import error_secrets, mask_in_actions, redact, url_secrets
from jdih.notify.transport import Delivery
from jdih.social.ledger import CommentUploadLedger, JsonFileUploadLedger, UploadLedger


def _github_ledger(env: dict[str, str], settings: Settings) -> Ledger:
    from jdih.github.client import ApiError, GitHubConfigError, connect  # only this option needs PyGithub

    try:
        gh = connect(env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_API_URL"))
    except GitHubConfigError:
        raise click.ClickException("--github memerlukan variabel lingkungan GITHUB_TOKEN dan GITHUB_REPOSITORY — "
                                   "jalankan di GitHub Actions atau isi keduanya") from None
    try:
        repo = gh.pygithub_repo
    except ApiError as exc:
        raise click.ClickException(f"repositori {gh.full_name} tidak dapat dibuka di GitHub (HTTP {exc.status}) — "
                                   "periksa GITHUB_TOKEN dan GITHUB_REPOSITORY, serta izin 'pull-requests: write' "
                                   "dan 'issues: write' pada alur kerja") from None
    return CommentLedger(PyGithubCommentStore(repo), settings)


FOLLOW_UP = "#susulan:"


def follow_ups(notifications: list[Notification], ledger: Ledger, uploads: UploadLedger | None,
               settings: Settings) -> list[Notification]:
    """With posting.follow_up_notice: for a post already announced, one more notice carrying the
    links uploaded after it (a platform that was pending, or uploaded by hand), each link once.
    Its ledger key is the post id + "#susulan:" + the platforms it announces."""
    if uploads is None or not settings.posting.follow_up_notice:
        return []
    extra = []
    for notification in notifications:
        entry = ledger.get(notification)
        if entry is None or entry.state != "sent":
            continue
        first = max(dt.datetime.fromisoformat(e["time"]) for e in entry.events if e.get("state") == "sent")
        try:
            found = uploads.get(notification.post_id, notification.pull_request)
        except LedgerError:
            continue
        if found is None:
            continue
        prefix = notification.post_id + FOLLOW_UP
        told = {name for earlier in ledger.starting_with(notification.pull_request, prefix)
                for name in earlier.post_id[len(prefix):].split(",")}
        later = [(name, link) for name, link in found.links()
                 if name not in told and (found.platforms[name].sent_at or first) > first]
        if later:
            extra.append(dataclasses.replace(
                notification, post_id=prefix + ",".join(name for name, _ in later), uploads=tuple(later),
                waiting=tuple(found.waiting()), follow_up=True))
    return extra


def with_uploads(notifications: list[Notification], uploads: UploadLedger | None) -> list[Notification]:
    """SOP step 6b: each notification with the links of its uploads and the platforms still to
    come, from the upload ledger (`jdih unggah` runs first)."""
    if uploads is None:
        return notifications
    enriched = []
    for notification in notifications:
        try:
            found = uploads.get(notification.post_id, notification.pull_request)
        except LedgerError:
            found = None
        if found is None:
            enriched.append(notification)
            continue
        enriched.append(dataclasses.replace(notification, uploads=tuple(found.links()), waiting=tuple(found.waiting())))
    return enriched


def _title(notification: Notification) -> str:
    return f"«{notification.title}» ({notification.url})"


class _DryRunLedger(Ledger):
    """For --dry-run: reads the office's ledger (when one was chosen) and keeps every write in
    memory, so `notify_all` runs as it would and the real ledger stays untouched."""

    def __init__(self, ledger: Ledger | None):
        self.ledger = ledger
        self.written: dict[str, LedgerEntry] = {}
        self.sending: Notification | None = None  # the notification about to be handed to the transport

    def get(self, notification: Notification) -> LedgerEntry | None:
        if notification.post_id in self.written:
            return self.written[notification.post_id]
        return self.ledger.get(notification) if self.ledger is not None else None

    def put(self, notification: Notification, entry: LedgerEntry) -> None:
        self.written[notification.post_id] = entry

    def record(self, notification: Notification, state: State, when: dt.datetime, **details: Any) -> LedgerEntry:
        if state == "sending":
            self.sending = notification
        return super().record(notification, state, when, **details)


class _RecordingTransport:
    """For --dry-run: a `deliver` that keeps the prepared request and answers as if the gateway
    accepted it, without touching the network."""

    def __init__(self, ledger: _DryRunLedger):
        self.ledger = ledger
        self.requests: list[tuple[Notification, requests.PreparedRequest]] = []

    def __call__(self, session: requests.Session, prepared: requests.PreparedRequest, notifier: Notifier, *,
                 sleep: Callable[[float], None], rng: random.Random | None = None) -> Delivery:
        self.requests.append((self.ledger.sending, prepared))
        return Delivery(status=200, attempts=1)

    def request_for(self, notification: Notification) -> requests.PreparedRequest | None:
        return next((prepared for sent, prepared in self.requests if sent is notification), None)


def _dry_run(notifications: list[Notification], settings: Settings, settings_file: Path,
             ledger: Ledger | None, env: dict[str, str]) -> None:
    """Run the real sending loop with a recording transport and an in-memory ledger, then print its plan."""
    notifier = settings.notifier
    if notifier.provider == "none":
        click.echo("Uji coba: pengiriman WhatsApp tidak diaktifkan (notifier.provider: none) — tidak ada yang dikirim.")
        return
    try:
        gateway = gateway_from_env(notifier, env)  # what to hide in the plan; a bad setup fails before it
    except NotifierConfigError as exc:
        raise click.ClickException(str(exc)) from None
    template = template_path(settings_file)
    plan = _DryRunLedger(ledger)
    transport = _RecordingTransport(plan)
    with requests.Session() as session:
        result = notify_all(notifications, settings, plan, session, env, lambda seconds: None,
                            template=template, transport=transport)
    reasons = [(failure.notification, failure.reason) for failure in result.failed]
    click.echo(f"Uji coba: tidak ada yang dikirim. Penyedia: {notifier.provider}. Kabar: {len(notifications)}.")
    for index, notification in enumerate(notifications, start=1):
        click.echo("")
        if any(done is notification for done in result.already_sent):
            click.echo(f"[{index}/{len(notifications)}] {_title(notification)} — sudah terkirim, tidak dikirim lagi.")
            continue
        reason = next((reason for failed, reason in reasons if failed is notification), None)
        if reason is not None:
            raise click.ClickException(reason)
        prepared = transport.request_for(notification)
        click.echo(f"[{index}/{len(notifications)}] {_title(notification)}")
        click.echo("--- pesan ---")
        # the loop rendered it into the request; rendered again here to show it as the group reads it
        click.echo(render_message(notification, settings, template), nl=False)
        click.echo("--- permintaan ---")
        click.echo(describe_request(prepared, display_secrets(gateway)))


def _report(result, total: int) -> None:
    for notification in result.already_sent:
        click.echo(f"Sudah terkirim sebelumnya, dilewati: {_title(notification)}")
    for notification in result.sent:
        click.echo(f"Terkirim: {_title(notification)}")
    if result.failed:
        lines = [f"{len(result.failed)} dari {total} kabar belum terkirim dan tetap tertunda:"]
        lines += [f"  - {_title(failure.notification)}: {failure.reason}" for failure in result.failed]
        lines.append("Kabar yang tertunda dikirim ulang oleh jalankan berikutnya "
                     "(alur kerja pengiriman ulang, atau jalankan `jdih kabari` lagi).")
        raise click.ClickException("\n".join(lines))
    click.echo(f"Selesai: {len(result.sent)} terkirim, {len(result.already_sent)} sudah terkirim sebelumnya.")


@click.command("kabari")
@click.option("--berkas", "notifications_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas JSON berisi daftar kabar: [{\"post_id\", \"title\", \"url\", \"approver\", \"date\", "
                   "\"pull_request\"}, …].")
@settings_option
@click.option("--ledger", "ledger_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Buku catatan kiriman berupa berkas JSON, untuk percobaan lokal dan demo.")
@click.option("--github", "use_github", is_flag=True,
              help="Catat kiriman sebagai komentar penanda pada pull request yang digabung "
                   "(memakai GITHUB_TOKEN, GITHUB_REPOSITORY dan GITHUB_API_URL).")
@click.option("--ledger-unggah", "uploads_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Buku catatan unggahan media sosial berupa berkas JSON (untuk --ledger); dengan --github "
                   "dibaca dari pull request.")
@click.option("--dry-run", is_flag=True,
              help="Uji coba: tampilkan persis apa yang akan dikirim (token disamarkan), tanpa mengirim apa pun.")
def kabari(notifications_file: Path | None, settings_file: Path | None, ledger_file: Path | None,
           use_github: bool, uploads_file: Path | None, dry_run: bool) -> None:
    """Kirim kabar konten yang sudah terbit ke grup WhatsApp kantor, sekali untuk setiap konten.

    Kabar yang gagal tetap tertunda dan dikirim pada jalankan berikutnya; perintah ini keluar
    dengan status 1 dan menampilkan daftar yang tertunda.
    """
    env = dict(os.environ)
    settings_file = settings_location(settings_file)  # the message template sits beside it
    settings = cli_settings(settings_file)
    notifier = settings.notifier
    token, url = env.get(notifier.token_env), env.get(notifier.url_env)
    # First output of the run: the runner masks only lines printed after this.
    mask_in_actions([token, *url_secrets(url)], env, click.echo)
    secrets = error_secrets(token, url) + [env.get("GITHUB_TOKEN") or ""]
    try:
        _run(env, settings, settings_file, notifications_file, ledger_file, use_github, dry_run, uploads_file)
    except click.ClickException as exc:
        exc.message = redact(exc.message, secrets)
        raise
    except Exception:  # noqa: BLE001 - a traceback may quote URLs or headers: show it redacted
        raise click.ClickException("kesalahan tak terduga — laporkan teks berikut kepada pengelola:\n"
                                   + redact(traceback.format_exc(), secrets)) from None


def _run(env: dict[str, str], settings: Settings, settings_file: Path, notifications_file: Path | None,
         ledger_file: Path | None, use_github: bool, dry_run: bool, uploads_file: Path | None = None) -> None:
    if notifications_file is None:
        raise click.ClickException("daftar kabar belum diberikan — berikan --berkas <berkas.json>")
    if ledger_file is not None and use_github:
        raise click.ClickException("pilih salah satu: --ledger <berkas.json> atau --github")
    try:
        notifications = load_notifications(notifications_file)
        ledger: Ledger | None = None
        uploads: UploadLedger | None = JsonFileUploadLedger(uploads_file) if uploads_file is not None else None
        if ledger_file is not None:
            ledger = JsonFileLedger(ledger_file)
        elif use_github:
            ledger = _github_ledger(env, settings)
            uploads = CommentUploadLedger(ledger.store, settings)
        notifications = with_uploads(notifications, uploads)
        if ledger is not None:
            notifications = notifications + follow_ups(notifications, ledger, uploads, settings)
        if dry_run:
            _dry_run(notifications, settings, settings_file, ledger, env)
            return
        if ledger is None:
            raise click.ClickException("buku catatan kiriman belum dipilih — berikan --ledger <berkas.json> atau "
                                       "--github, agar setiap kabar terkirim tepat sekali")
        if settings.notifier.provider == "none":
            click.echo("Pengiriman WhatsApp tidak diaktifkan (notifier.provider: none) — tidak ada yang dikirim.")
            return
        with requests.Session() as session:
            result = notify_all(notifications, settings, ledger, session, env, time.sleep,
                                template=template_path(settings_file))
    except (NotificationFileError, LedgerError) as exc:
        raise click.ClickException(str(exc)) from None
    _report(result, len(notifications))

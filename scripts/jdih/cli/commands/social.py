"""`jdih unggah`: upload published posts to the office's social-media accounts (SOP step 6a)."""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path
from typing import Any

import click
import requests

from jdih.cli.commands.common import cli_settings, settings_option
from jdih.content.clock import office_now
from jdih.content.settings import Settings
from jdih.content.social_text import PLATFORM_NAMES, PLATFORMS
from jdih.notify.ledger import LedgerError, PyGithubCommentStore
from jdih.notify.secrets import mask_in_actions, redact
from jdih.social import manifest
from jdih.social.accounts import build_providers, secrets_of
from jdih.social.base import Http
from jdih.social.confirm import Confirmation, confirmations
from jdih.social.ledger import CommentUploadLedger, JsonFileUploadLedger, UploadLedger
from jdih.social.service import UploadResult, upload_all
from jdih.sop.record import read_entries


def _github(env: dict[str, str], settings: Settings, entries: list[dict[str, Any]],
            echo=click.echo) -> tuple[UploadLedger, dict[int, list[Confirmation]], str | None]:
    from jdih.github.client import ApiError, GitHubConfigError, connect

    try:
        gh = connect(env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_API_URL"))
        repo = gh.pygithub_repo
    except GitHubConfigError:
        raise click.ClickException("--github memerlukan variabel lingkungan GITHUB_TOKEN dan GITHUB_REPOSITORY — "
                                   "jalankan di GitHub Actions atau isi keduanya") from None
    except ApiError as exc:
        raise click.ClickException(f"repositori tidak dapat dibuka di GitHub (HTTP {exc.status}) — periksa "
                                   "GITHUB_TOKEN dan izin 'pull-requests: write' pada alur kerja") from None
    found: dict[int, list[Confirmation]] = {}
    for number in sorted({int(e["pull_request"]) for e in entries if e.get("pull_request")}):
        commands, refused = confirmations(gh.comments(number), settings)
        found[number] = commands
        for note in refused:
            echo(f"PR #{number}: {note}")
    return CommentUploadLedger(PyGithubCommentStore(repo), settings), found, gh.pages_url()


def report(result: UploadResult, echo=click.echo) -> list[str]:
    """Print what happened per post and platform; the lines of what is still pending."""
    pending = []
    for outcome in result.outcomes:
        name = PLATFORM_NAMES[outcome.platform]
        where = f"«{outcome.title}» di {name}"
        if outcome.state == "sent":
            echo(f"Terunggah: {where}: {outcome.url}")
        elif outcome.state == "already":
            echo(f"Sudah terunggah sebelumnya: {where}: {outcome.url}")
        elif outcome.state == "manual":
            echo(f"Diunggah pengelola: {where} — bahan siap unggah ada di pull request")
        else:
            pending.append(f"  - {where}: {outcome.reason}")
    return pending


@click.command("unggah")
@click.option("--berkas", "entries_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas JSON daftar kabar (keluaran `jdih daftar-kabar`).")
@settings_option
@click.option("--situs", "site_url", default=None,
              help="Alamat situs yang tayang (bawaan: site.url di pengaturan); daftar unggahan dan gambar "
                   "diambil dari situ.")
@click.option("--ledger", "ledger_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Buku catatan unggahan berupa berkas JSON, untuk percobaan lokal dan demo.")
@click.option("--github", "use_github", is_flag=True,
              help="Catat unggahan sebagai komentar penanda pada pull request yang digabung, dan baca konfirmasi "
                   "pengelola (`/diunggah`, `/unggah-ulang`) di sana.")
@click.option("--dry-run", is_flag=True, help="Uji coba: tampilkan apa yang akan diunggah, tanpa mengunggah apa pun.")
def unggah(entries_file: Path, settings_file: Path | None, site_url: str | None, ledger_file: Path | None,
           use_github: bool, dry_run: bool) -> None:
    """Unggah konten yang sudah tayang ke akun media sosial kantor (SOP langkah 6a), sekali per platform.

    Platform yang diaktifkan di posting.<platform>.enabled diunggah otomatis; untuk yang lain,
    pull request memuat gambar siap unggah dan takarirnya bagi pengelola. Unggahan yang gagal
    tetap tertunda dan dicoba lagi oleh alur kerja "Kirim ulang kabar"; perintah ini keluar dengan
    status 1 bila ada yang tertunda.
    """
    env = dict(os.environ)
    settings = cli_settings(settings_file)
    secrets = secrets_of(settings, env)
    mask_in_actions(secrets, env, click.echo)  # first output: the runner masks only later lines
    secrets += [env.get("GITHUB_TOKEN") or ""]
    try:
        _run(env, settings, entries_file, site_url, ledger_file, use_github, dry_run, secrets)
    except click.ClickException as exc:
        exc.message = redact(exc.message, secrets)
        raise
    except Exception:  # noqa: BLE001 - a traceback may quote URLs with tokens: show it redacted
        raise click.ClickException("kesalahan tak terduga — laporkan teks berikut kepada pengelola:\n"
                                   + redact(traceback.format_exc(), secrets)) from None


def _run(env: dict[str, str], settings: Settings, entries_file: Path, site_url: str | None,
         ledger_file: Path | None, use_github: bool, dry_run: bool, secrets: list[str]) -> None:
    if ledger_file is not None and use_github:
        raise click.ClickException("pilih salah satu: --ledger <berkas.json> atau --github")
    try:
        entries = read_entries(entries_file)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{entries_file}: daftar kabar tidak dapat dibaca ({exc})") from None
    if not entries:
        click.echo("Tidak ada konten untuk diunggah.")
        return
    posting = settings.posting
    ledger: UploadLedger | None = None
    confirmed: dict[int, list[Confirmation]] = {}
    served_at = None
    if use_github and not dry_run:
        # Where Pages serves the site now, when the run was not told (the retry workflow).
        ledger, confirmed, served_at = _github(env, settings, entries)
    elif ledger_file is not None:
        ledger = JsonFileUploadLedger(ledger_file)
    elif not dry_run:
        raise click.ClickException("buku catatan unggahan belum dipilih — berikan --ledger <berkas.json> atau "
                                   "--github, agar setiap konten diunggah tepat sekali")
    site = site_url or served_at or settings.site.url
    with requests.Session() as session:
        try:
            materials = manifest.fetch(session, site, posting.timeout_seconds)
        except manifest.ManifestError as exc:
            raise click.ClickException(f"{exc}. Konten tetap tertunda dan diunggah oleh jalankan berikutnya.") from None
        if dry_run:
            _plan(entries, settings, materials)
            return
        http = Http(session, timeout=posting.timeout_seconds, max_attempts=posting.max_attempts, sleep=time.sleep,
                    secrets=secrets)
        providers = build_providers(settings, env, http)
        try:
            result = upload_all(entries, settings, ledger, materials, providers, session,
                                lambda: office_now(settings), confirmations=confirmed)
        except LedgerError as exc:
            raise click.ClickException(str(exc)) from None
    pending = report(result)
    if pending:
        raise click.ClickException("\n".join([f"{len(pending)} unggahan belum berhasil dan tetap tertunda:", *pending,
                                              "Yang tertunda dicoba lagi oleh alur kerja \"Kirim ulang kabar\"."]))
    click.echo(f"Selesai: {len(result.of('sent'))} terunggah, {len(result.of('already'))} sudah sebelumnya, "
               f"{len(result.of('manual'))} menunggu pengelola.")


def _plan(entries: list[dict[str, Any]], settings: Settings, materials: dict[str, manifest.PostMaterial]) -> None:
    enabled = settings.posting.enabled_platforms()
    click.echo(f"Uji coba: tidak ada yang diunggah. Otomatis: {', '.join(enabled) or 'tidak ada'}.")
    for item in entries:
        material = materials.get(item["post_id"])
        click.echo("")
        if material is None:
            click.echo(f"«{item.get('title')}»: tidak ada di daftar unggahan situs — belum dapat diunggah.")
            continue
        for platform in PLATFORMS:
            how = "otomatis" if platform in enabled else "oleh pengelola"
            post = material.for_platform(platform)
            click.echo(f"[{PLATFORM_NAMES[platform]}, {how}] «{post.title}»: {len(post.images)} gambar")
            click.echo("--- takarir ---")
            click.echo(post.caption)

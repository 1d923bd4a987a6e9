"""Publishing commands the workflows call: `pratinjau` (draft preview on a pull request),
`daftar-kabar` (which posts to announce) and `catat` (the record on the merged pull request)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from urllib.parse import quote

import click

from jdih.cli.commands.common import cli_github, cli_settings, settings_option
from jdih.cli.commands.editorial import github_options
from jdih.content.clock import office_now
from jdih.content.settings import Settings
from jdih.github import actions
from jdih.github.client import ApiError, GitHubRepo
from jdih.notify.ledger import PyGithubCommentStore
from jdih.notify.message import Notification
from jdih.social.confirm import confirmations
from jdih.social.ledger import CommentUploadLedger
from jdih.social.service import needs_run
from jdih.sop import preview, record


def _settings(path: Path | None) -> Settings:
    return cli_settings(path)


def _event(path: str | None) -> dict:
    if not path:
        raise click.ClickException("berkas peristiwa tidak ada — jalankan di GitHub Actions (GITHUB_EVENT_PATH) "
                                   "atau berikan --peristiwa <berkas.json>")
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"berkas peristiwa {path} tidak dapat dibaca ({exc})") from None


def _repo(token, repository, api_url) -> GitHubRepo:
    return cli_github(token, repository, api_url)


# -- pratinjau ----------------------------------------------------------------------------


@click.command(name="pratinjau")
@click.option("--bangun", "build", is_flag=True,
              help="Bangun situs (mkdocs build --strict) dengan draf di dalamnya, seolah sudah terbit.")
@click.option("--keluaran", "output", type=click.Path(path_type=Path), default=Path("pratinjau-situs"),
              show_default=True, help="Folder hasil bangun pratinjau.")
@click.option("--komentar", "comment", is_flag=True,
              help="Tulis atau perbarui satu komentar pratinjau di pull request (GitHub Actions).")
@click.option("--hasil-bangun", "build_outcome", default="",
              help="Hasil langkah bangun (success/failure/skipped), untuk komentar pratinjau.")
@click.option("--peristiwa", "event_path", envvar="GITHUB_EVENT_PATH", default=None, show_envvar=True,
              help="Berkas JSON peristiwa pull request (bawaan: GITHUB_EVENT_PATH).")
@github_options
def pratinjau(build, output, comment, build_outcome, event_path, token, repository, api_url, settings_file):
    """Pratinjau draf di drafts/, seperti halamannya nanti: judul, kategori, tanggal, deskripsi,
    gambar, takarir dan panjangnya per platform, dokumen hukum, tagar, teks bagikan, dan setiap
    masalah. Tanpa opsi, pratinjau ditampilkan di layar. Situs dari --bangun dapat dibuka langsung
    dari berkas (buka index.html-nya di peramban)."""
    root = Path.cwd()
    settings = _settings(settings_file)
    if build:
        code = preview.build_preview(root, output, echo=click.echo, where=settings)
        if code != 0:
            raise click.ClickException(f"situs pratinjau tidak dapat dibangun (mkdocs keluar dengan status {code}) "
                                       "— perbaiki masalah yang ditampilkan di atas")
        click.echo(f"Situs pratinjau dibangun di {output}.")
        if not comment:
            return
    previews = preview.draft_previews(root, settings)
    if not comment:
        click.echo(preview.preview_comment(previews, build_outcome=build_outcome or "none"), nl=False)
        return
    payload = _event(event_path)
    try:
        pull = preview.pull_from_event(payload)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    repository = repository or ((pull.get("base") or {}).get("repo") or {}).get("full_name")
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    run_id = os.environ.get("GITHUB_RUN_ID")
    run_url = f"{server}/{repository}/actions/runs/{run_id}" if run_id and repository else ""
    head = pull.get("head") or {}
    head_repo = (head.get("repo") or {}).get("full_name") or repository
    # The draft's image from the pull request's own commit (GitHub docs, "Basic writing and
    # formatting syntax" → Images: `../blob/main/<path>?raw=true` "In issues, pull requests and
    # comments of the repository"; here written absolute, at the head commit: jdih.sop.preview).
    image_base = f"{server}/{head_repo}/blob/{head.get('sha')}/" if head.get("sha") else ""
    branch_base = f"{server}/{head_repo}/tree/{quote(str(head.get('ref')), safe='/')}/" if head.get("ref") else ""
    parts = {"build_outcome": build_outcome or "none", "head_sha": head.get("sha") or "", "run_url": run_url,
             "image_base": image_base, "branch_base": branch_base}
    # The whole preview goes to the run summary (1 MiB per step at most), the comment is kept
    # under GitHub's 65,536 characters and says where the rest is.
    summary = preview.preview_comment(previews, **parts, limit=preview.SUMMARY_BUDGET, size=preview.utf8_size,
                                      cut_note=preview.SUMMARY_CUT_NOTE)
    summary_written = actions.add_summary(summary)
    body = preview.preview_comment(previews, **parts, limit=preview.COMMENT_BUDGET,
                                   cut_note=preview.comment_cut_note(run_url, summary_written))
    if preview.is_fork(pull):
        actions.notice("Pull request ini berasal dari fork: token alur kerja hanya-baca, jadi komentar pratinjau "
                       "tidak ditulis. Pratinjau ada di ringkasan jalankan ini.", click.echo, title="Pratinjau")
        return
    gh = _repo(token, repository, api_url)
    try:
        status = gh.upsert_comment(int(pull["number"]), preview.PREVIEW_MARKER, body)
    except ApiError as exc:
        if exc.status in (401, 403):
            actions.notice(f"Komentar pratinjau tidak dapat ditulis (HTTP {exc.status}: token tanpa izin menulis). "
                           "Pratinjau ada di ringkasan jalankan ini.", click.echo, title="Pratinjau")
            return
        raise click.ClickException(f"komentar pratinjau gagal ditulis (HTTP {exc.status}) — jalankan ulang "
                                   "alur kerja") from None
    click.echo(f"Komentar pratinjau di pull request #{pull['number']} {status}.")


# -- daftar-kabar -------------------------------------------------------------------------


@click.command(name="daftar-kabar")
@click.option("--hasil", "result_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Berkas hasil 'jdih terbitkan --hasil': kabar untuk konten yang baru terbit.")
@click.option("--semua", "everything", is_flag=True,
              help="Kabar untuk setiap konten terbit yang digabung dalam --sejak-hari terakhir (pengiriman ulang).")
@click.option("--sejak-hari", "days", type=click.IntRange(1, 365), default=record.RETRY_WINDOW_DAYS,
              show_default=True, help="Dengan --semua: hanya konten yang digabung dalam sekian hari terakhir.")
@click.option("--jeda-menit", "grace", type=click.IntRange(0, 1440), default=record.RETRY_GRACE_MINUTES,
              show_default=True, help="Dengan --semua: lewati konten yang baru digabung (ditangani alur kerja "
                                      "penerbitannya sendiri).")
@click.option("--hanya-tertunda", "pending_only", is_flag=True,
              help="Dengan --semua: hanya kabar yang buku catatannya di pull request belum 'terkirim' "
                   "(memakai GITHUB_TOKEN, GITHUB_REPOSITORY dan GITHUB_API_URL).")
@click.option("--berkas", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tulis daftar kabar (JSON untuk 'jdih kabari --berkas') ke berkas ini.")
@click.option("--cek-jadwal", "due_check", is_flag=True,
              help="Hanya periksa apakah ada konten terjadwal yang waktunya tiba atau konten yang kedaluwarsa "
                   "sejak pemasangan terakhir (keluaran 'perlu': true/false; memakai GITHUB_TOKEN).")
@settings_option
def daftar_kabar(result_file, everything, days, grace, pending_only, output, due_check, settings_file):
    """Menyusun daftar kabar WhatsApp: konten yang baru terbit atau yang jadwal tayangnya tiba
    (--hasil) atau semua konten terbit yang mungkin masih tertunda (--semua). Di GitHub Actions
    juga menjadi keluaran 'kabar', 'ralat' (kabar ralat substantif) dan 'catatan' (catatan
    terjadwal, ralat, penarikan dan kedaluwarsa untuk 'jdih catat --perubahan')."""
    if due_check:
        _due_check(_settings(settings_file), days)
        return
    if bool(result_file) == everything:
        raise click.ClickException("pilih salah satu: --hasil <berkas.json> atau --semua")
    if pending_only and not everything:
        raise click.ClickException("--hanya-tertunda hanya berlaku bersama --semua")
    settings = _settings(settings_file)
    if everything:
        repository = os.environ.get("GITHUB_REPOSITORY")
        if not pending_only:
            entries = record.notifications_from_site(Path.cwd(), settings, days=days, grace_minutes=grace,
                                                      repository=repository)
        else:
            gh = _repo(None, None, None)
            try:
                entries = _pending_everywhere(gh, settings, days, grace, repository)
            except ApiError as exc:
                raise click.ClickException(f"buku catatan kiriman tidak dapat dibaca di GitHub (HTTP {exc.status}) — "
                                           "periksa izin 'pull-requests: read' alur kerja") from None
    elif not result_file.exists():
        actions.warning(f"Berkas hasil {result_file} tidak ada (penerbitan gagal sebelum selesai): tidak ada kabar "
                        "baru pada jalankan ini.", click.echo)
        entries = []
    else:
        try:
            result = json.loads(result_file.read_text(encoding="utf-8"))
            entries = record.notifications_from_result(result, settings)
            corrections = record.corrections_from_result(result, settings)
            changes = record.records_from_result(result, settings)
        except (ValueError, KeyError) as exc:
            raise click.ClickException(f"{result_file}: berkas hasil tidak sah ({exc})") from None
        if result.get("error"):
            # The promotion did not reach main: nothing of this run may be built, deployed or announced.
            raise click.ClickException(f"penerbitan tidak sampai ke cabang utama, jadi situs tidak dipasang dan tidak "
                                       f"ada kabar: {result['error']}")
        # Scheduled posts gone live (this run's build shows them); the ledger says which were told.
        known = {entry["post_id"] for entry in entries}
        entries += [entry for entry in record.scheduled_from_site(Path.cwd(), settings,
                                                                  repository=os.environ.get("GITHUB_REPOSITORY"))
                    if entry["post_id"] not in known]
        changes += record.expired_from_site(Path.cwd(), settings)
        _lifecycle_outputs(corrections, changes, output)
    text = json.dumps(entries, ensure_ascii=False)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")
    actions.set_output("kabar", text)
    for entry in entries:
        click.echo(f"Kabar: «{entry['title']}» {entry['url']} (PR #{entry['pull_request']})")
    click.echo(f"{len(entries)} kabar disiapkan.")


def _lifecycle_outputs(corrections: list[dict], changes: list[dict], output: Path | None) -> None:
    """The "ralat" notices and the other records, as outputs (and files beside --berkas)."""
    for name, items in (("ralat", corrections), ("catatan", changes)):
        text = json.dumps(items, ensure_ascii=False)
        if output:
            (output.parent / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        actions.set_output(name, text)
    for item in changes:
        label = record.CHANGE_HEADINGS[item["kind"]]
        click.echo(f"{label}: «{item['title']}» {item['url']} (PR #{item['pull_request']})")
    if corrections:
        click.echo(f"{len(corrections)} kabar ralat disiapkan.")


def _due_check(settings: Settings, days: int) -> None:
    """`--cek-jadwal`: the scheduled run's first decision, from the tree and the bot's records."""
    gh = _repo(None, None, None)
    store = PyGithubCommentStore(gh.pygithub_repo)
    try:
        reasons = record.schedule_due(Path.cwd(), settings,
                                      lambda number: [body for _, body in store.list_comments(number)], days=days)
    except ApiError as exc:
        raise click.ClickException(f"catatan di pull request tidak dapat dibaca (HTTP {exc.status}) — periksa izin "
                                   "'pull-requests: read' alur kerja") from None
    for reason in reasons:
        click.echo(f"Jadwal: {reason}.")
    actions.set_output("perlu", "true" if reasons else "false")
    click.echo("Situs perlu dibangun dan dipasang ulang." if reasons else
               "Tidak ada konten terjadwal yang waktunya tiba atau yang kedaluwarsa: tidak ada yang perlu dibangun.")


def _pending_everywhere(gh: GitHubRepo, settings: Settings, days: int, grace: int,
                        repository: str | None) -> list[dict]:
    """Every post that is live and whose WhatsApp notice is not recorded as sent or that is not on
    every platform yet (the upload ledger), wherever its
    trace is: a post in content/posts/ with its provenance (also when the links in it name the
    repository's old name: the merge commit is checked), and a post the publish workflow
    recorded as live on a merged pull request but that is not in content/posts/ here."""
    root = Path.cwd()
    now = office_now(settings)

    def same_repository(number: int, merge_commit: str) -> bool:
        try:
            pull = gh.pull(number)
        except ApiError as exc:
            if exc.status == 404:
                return False
            raise
        return pull.merged and (pull.merge_commit_sha or "").lower() == merge_commit.lower()

    entries = record.notifications_from_site(root, settings, now=now, days=days, grace_minutes=grace,
                                             repository=repository, confirm=same_repository)
    ledger = _ledger(gh.pygithub_repo, settings)
    since = (now - dt.timedelta(days=days)).astimezone(dt.UTC)
    records = []
    for pull in gh.merged_pulls_since(since):
        for _, body in ledger.store.list_comments(pull.number):  # the bot's comments only
            found = record.parse_record(body)
            if found is not None:
                records.append((pull.number, found))
    entries += record.notifications_from_records(records, root, settings, now=now, days=days, grace_minutes=grace,
                                                 known={entry["post_id"] for entry in entries}, echo=click.echo)
    entries.sort(key=lambda entry: (entry["date"], entry["post_id"]))
    pending = {n.post_id for n in ledger.pending([Notification.from_dict(e) for e in entries])}
    uploads = CommentUploadLedger(ledger.store, settings)
    for entry in entries:
        # SOP step 6a: an enabled platform not up yet, or the operator's `/diunggah` or
        # `/unggah-ulang` not yet read, keeps the post on the list for `jdih unggah`.
        number = entry.get("pull_request")
        if not number or entry["post_id"] in pending:
            continue
        commands, _ = confirmations(gh.comments(int(number)), settings)
        if needs_run(uploads.get(entry["post_id"], number), commands, settings):
            pending.add(entry["post_id"])
    return [entry for entry in entries if entry["post_id"] in pending]


# -- catat --------------------------------------------------------------------------------


def _ledger(repo, settings: Settings):
    from jdih.notify import CommentLedger, PyGithubCommentStore

    return CommentLedger(PyGithubCommentStore(repo), settings)


def _load_entries(path: Path) -> list[dict]:
    try:
        entries = record.read_entries(path)
        for entry in entries:
            Notification.from_dict(entry)
    except FileNotFoundError:
        raise click.ClickException(f"{path}: berkas daftar kabar tidak ditemukan — periksa --berkas") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"{path}: daftar kabar tidak sah ({exc})") from None
    return entries


@click.command(name="catat")
@click.option("--berkas", "entries_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Daftar kabar (dari 'jdih daftar-kabar').")
@click.option("--alamat-pages", "pages_url", default="", help="Alamat situs dari langkah deploy-pages (page_url).")
@click.option("--akhiri", "finish", is_flag=True,
              help="Akhiri jalankan dengan gagal dan daftar kabar yang tertunda / draf yang ditolak.")
@click.option("--hasil-kabar", "notify_outcome", default="", help="Dengan --akhiri: hasil langkah kirim kabar.")
@click.option("--hasil-terbitkan", "promote_outcome", default="", help="Dengan --akhiri: hasil langkah terbitkan.")
@click.option("--hasil-unggah", "upload_outcome", default="",
              help="Dengan --akhiri: hasil langkah unggah ke media sosial.")
@click.option("--perubahan", "changes_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Catatan lain dari 'jdih daftar-kabar' (catatan.json): jadwal tayang, ralat, penarikan, "
                   "pemulihan dan kedaluwarsa, dicatat di pull request masing-masing.")
@github_options
def catat(entries_file, pages_url, finish, notify_outcome, promote_outcome, upload_outcome, changes_file, token,
          repository, api_url, settings_file):
    """Mencatat penerbitan di pull request yang digabung (tautan, waktu menurut zona waktu kantor,
    linimasa SOP, status kabar WhatsApp) dan menutup disposisinya dengan tautan. Aman dijalankan ulang."""
    settings = _settings(settings_file)
    entries = _load_entries(entries_file)
    gh = _repo(token, repository, api_url)
    repo = gh.pygithub_repo
    ledger = _ledger(repo, settings)
    if changes_file is not None and not finish:
        _record_changes(gh, ledger, changes_file, settings)
    if finish:
        _finish(entries, ledger, notify_outcome, promote_outcome, upload_outcome)
        return
    uploads = CommentUploadLedger(PyGithubCommentStore(repo), settings)
    now = office_now(settings).replace(microsecond=0)
    rows = ["| Konten | Tautan | Kabar WhatsApp | Pull request |", "| --- | --- | --- | --- |"]
    for entry in entries:
        try:
            outcome = record.record_publication(gh, ledger, repo, entry, settings, now, pages_url or None,
                                                 echo=click.echo, uploads=uploads)
        except ApiError as exc:
            raise click.ClickException(f"catatan untuk «{entry['title']}» gagal ditulis di GitHub (HTTP {exc.status})"
                                       " — jalankan ulang alur kerja") from None
        state = "terkirim" if outcome.whatsapp_state == "sent" else "tertunda"
        click.echo(f"Dicatat: «{entry['title']}» {entry['url']} — PR #{outcome.pull_request} (komentar "
                   f"{outcome.comment or '-'}), kabar WhatsApp {state}"
                   + (f", disposisi #{entry['disposisi']} ditutup" if outcome.disposisi_closed else "") + ".")
        rows.append(f"| {entry['title']} | {entry['url']} | {state} | #{outcome.pull_request} |")
    if entries:
        actions.add_summary("### Terbit\n\n" + "\n".join(rows) + "\n")
    click.echo(f"{len(entries)} konten dicatat.")


def _record_changes(gh: GitHubRepo, ledger, path: Path, settings: Settings) -> None:
    """`catat --perubahan`: the records of scheduled, corrected, withdrawn, restored and expired posts."""
    try:
        changes = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    except ValueError as exc:
        raise click.ClickException(f"{path}: daftar catatan tidak sah ({exc})") from None
    for change in changes:
        notice = None
        if change["kind"] == "ralat" and change.get("substantive"):
            notification = Notification(post_id=change["post_id"], title=change["title"], url=change["url"],
                                        approver=change["approver"], date=dt.date.fromisoformat(change["time"][:10]),
                                        pull_request=int(change["pull_request"]),
                                        correction=change.get("note") or change["title"])
            found = ledger.get(notification)
            enabled = settings.notifier.provider != "none"
            notice = record.whatsapp_status(found.state if found else None, None, enabled, settings)
        try:
            status = record.record_change(gh, change, settings, notice)
        except ApiError as exc:
            raise click.ClickException(f"catatan «{change['title']}» gagal ditulis di GitHub (HTTP {exc.status}) — "
                                       "jalankan ulang alur kerja") from None
        click.echo(f"{record.CHANGE_HEADINGS[change['kind']]}: «{change['title']}» — PR #{change['pull_request']} "
                   f"(komentar {status}).")


def _finish(entries: list[dict], ledger, notify_outcome: str, promote_outcome: str, upload_outcome: str = "") -> None:
    pending = []
    for entry in entries:
        notification = Notification.from_dict(entry)
        try:
            recorded = ledger.get(notification) if notification.pull_request else None
        except ApiError:
            recorded = None
        if recorded is None or recorded.state != "sent":
            pending.append(entry)
    lines = []
    if pending:
        lines.append(f"Situs sudah terpasang, tetapi {len(pending)} kabar WhatsApp tertunda:")
        lines += [f"  - «{e['title']}» {e['url']} (PR #{e['pull_request']})" for e in pending]
        lines.append("Kabar ini dikirim ulang otomatis oleh alur kerja \"Kirim ulang kabar\"; periksa secret "
                     "WHATSAPP_URL / WHATSAPP_TOKEN bila terus gagal.")
    elif notify_outcome == "failure":
        lines.append("Langkah pengiriman kabar gagal; lihat log langkah 'Kirim kabar WhatsApp'.")
    if upload_outcome == "failure":
        lines.append("Ada unggahan media sosial yang tertunda; alasannya ada di log langkah 'Unggah ke media sosial "
                     "kantor' dan di komentar 'Unggahan media sosial' pada pull request. Yang tertunda dicoba lagi "
                     "oleh alur kerja \"Kirim ulang kabar\".")
    if promote_outcome == "failure":
        lines.append("Ada draf yang tidak diterbitkan (ditolak atau penerbitan gagal); lihat log langkah "
                     "'Periksa persetujuan Kasubbag dan terbitkan draf' untuk alasan dan perbaikannya.")
    if not lines:
        click.echo("Tidak ada kabar tertunda dan tidak ada draf yang ditolak.")
        return
    actions.error(" ".join(line.strip() for line in lines), click.echo, title="Penerbitan belum tuntas")
    raise click.ClickException("\n".join(lines))

"""SOP step 6, on GitHub: what is announced, and the record of a publication.

* the notifications for promoted posts (from `jdih terbitkan --hasil`) or for every
  recently published post (the retry workflow, `jdih daftar-kabar`), with their permanent links:
  the posts in `content/posts/` with their provenance, and the posts the publish workflow
  recorded as live on a merged pull request (the record comment) whose file is not in
  `content/posts/` of the branch (a promotion the push could not bring to `main`: the site was
  built from it, the draft is still in `drafts/`);
* the record on the merged pull request (`jdih catat`: live link, time, SOP timeline) and
  the disposisi closed with the link;
* a post's life (issue 13): only posts whose `PostMeta.state` is "tayang" are announced, a
  scheduled one from its `publish_at` on (its window counted from then); the "ralat" notices
  of substantive corrections; the other records (`jdih catat --perubahan`: scheduled,
  corrected, withdrawn, restored, expired); and whether the scheduled run has anything to
  build (`schedule_due`, `jdih daftar-kabar --cek-jadwal`).

Pure builders return text; the few functions that talk to GitHub take a `GitHubRepo`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jdih.content.clock import Where, office_now, tanggal_jam, zone_of
from jdih.content.files import live_url, published_posts, read_front_matter
from jdih.content.post import ANNOUNCE_WINDOW_DAYS, PostMeta, post_context
from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings
from jdih.content.social_text import PLATFORM_NAMES, PLATFORMS
from jdih.notify.message import Notification
from jdih.social.ledger import PostUploads, UploadLedger

RECORD_MARKER = re.compile(r"<!-- jdih:terbit post=(\S+) waktu=(\S+) -->")
DISPOSISI_MARKER = "<!-- jdih:terbit-disposisi post={post_id} -->"
RETRY_WINDOW_DAYS = ANNOUNCE_WINDOW_DAYS  # older posts are never announced by the retry workflow
RETRY_GRACE_MINUTES = 20  # younger merges are left to their own publish run


# -- notifications ------------------------------------------------------------------------


def _office_date(value: str | dt.datetime | None, now: dt.datetime, zone: dt.tzinfo) -> dt.date:
    if isinstance(value, str) and value:
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(zone).date()
    return now.astimezone(zone).date()


def notification_entry(notification: Notification, disposisi: int | None) -> dict[str, Any]:
    """One item of the notifications file: what `jdih kabari` reads, plus the disposisi for `catat`."""
    return notification.to_dict() | {"disposisi": disposisi}


def notifications_from_result(result: dict[str, Any], settings: Settings,
                              now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The notifications for the posts a promotion run published (`jdih terbitkan --hasil`)."""
    zone = zone_of(settings)
    now = now or office_now(zone)
    entries = []
    for item in result.get("promoted", []):
        if not live_now(item, now):
            continue  # scheduled: announced by the run after its time (`notifications_from_site`)
        went_live = item.get("publish_at") or item.get("merged_at")
        notification = Notification(post_id=item["post_id"], title=item["title"],
                                    url=live_url(settings, item["post_id"]), approver=item["approver"],
                                    date=_office_date(went_live, now, zone),
                                    pull_request=item.get("pull_request"))
        entries.append(notification_entry(notification, item.get("disposisi")))
    return entries


def live_now(item: dict[str, Any], now: dt.datetime) -> bool:
    """A promoted item of `jdih terbitkan --hasil` is live at `now`: promoted live, or its
    schedule (`publish_at`, the post's own `state` said "terjadwal" at promotion) has passed since."""
    if item.get("live", True):
        return True
    publish_at = item.get("publish_at")
    return bool(publish_at) and dt.datetime.fromisoformat(publish_at) <= now


def corrections_from_result(result: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """The "ralat" notices of a run: only the substantive corrections (label ralat-substantif)."""
    zone = zone_of(settings)
    entries = []
    for item in result.get("changed", []):
        if item.get("kind") != "ralat" or not item.get("substantive"):
            continue
        notification = Notification(post_id=item["post_id"], title=item["title"],
                                    url=live_url(settings, item["post_id"]), approver=item["approver"],
                                    date=_office_date(item.get("date"), office_now(zone), zone),
                                    pull_request=item["pull_request"], correction=item.get("note") or item["title"])
        entries.append(notification_entry(notification, None))
    return entries


def records_from_result(result: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """What `jdih catat --perubahan` records on the pull requests besides a publication: a
    scheduled post ("terjadwal") and each correction, withdrawal or restoring of a published post."""
    entries = []
    for item in result.get("promoted", []):
        if not item.get("live", True) and item.get("publish_at"):
            entries.append({"kind": "terjadwal", "post_id": item["post_id"], "title": item["title"],
                            "url": live_url(settings, item["post_id"]), "pull_request": item["pull_request"],
                            "approver": item["approver"], "time": item["publish_at"]})
    for item in result.get("changed", []):
        entries.append({"kind": item["kind"], "post_id": item["post_id"], "title": item["title"],
                        "url": live_url(settings, item["post_id"]), "pull_request": item["pull_request"],
                        "approver": item["approver"], "time": item["date"], "note": item.get("note") or "",
                        "substantive": bool(item.get("substantive"))})
    return entries


def post_meta(data: dict[str, Any], settings: Settings) -> PostMeta | None:
    """The front matter as the model reads it (the build's lenient reading), or None."""
    try:
        return PostMeta.model_validate(data, context=post_context(settings, strip=True))
    except ValueError:
        return None


def expired_from_site(root: Path, settings: Settings, now: dt.datetime | None = None,
                      days: int = RETRY_WINDOW_DAYS) -> list[dict[str, Any]]:
    """The posts whose `expires_at` passed in the last `days` days (their state "kedaluwarsa"),
    for the record on their pull request (which `jdih jadwal` then reads: rebuilt already)."""
    now = now or office_now(settings)
    entries = []
    for post_id, path in published_posts(root):
        data = _front_matter(path)
        meta = post_meta(data, settings) if data else None
        if meta is None or meta.expires_at is None or meta.state(now) != "kedaluwarsa":
            continue
        if now - meta.expires_at > dt.timedelta(days=days) or not (meta.provenance and meta.provenance.pull_request):
            continue
        entries.append({"kind": "kedaluwarsa", "post_id": post_id, "title": meta.title,
                        "url": live_url(settings, post_id), "pull_request": meta.provenance.pull_request,
                        "approver": meta.provenance.approver or "", "time": meta.expires_at.isoformat()})
    return entries


def _front_matter(path: Path) -> dict[str, Any]:
    """The post's front matter; {} for one the site build cannot read either (never announced)."""
    try:
        return read_front_matter(path)[0]
    except ProblemsError:
        return {}


def notifications_from_site(root: Path, settings: Settings, now: dt.datetime | None = None,
                            days: int = RETRY_WINDOW_DAYS,
                            grace_minutes: int = RETRY_GRACE_MINUTES,
                            repository: str | None = None,
                            confirm: Callable[[int, str], bool] | None = None) -> list[dict[str, Any]]:
    """Every published post merged in the last `days` days (and not in the last
    `grace_minutes`), for the retry workflow; the ledger then tells which are still pending.

    The window keeps an office that turns the notifier on later from flooding its group
    with its whole archive. Only posts promoted from a pull request of this repository
    count (their `provenance.pull_request_url`): sample or imported content carries pull
    request numbers that mean something else here. A post whose link names another
    repository is still this repository's when `confirm(number, merge_commit)` says so
    (asked only inside the window): a renamed or transferred repository keeps its pull
    requests and merge commits, not its old name in the links already written.
    """
    zone = zone_of(settings)
    now = now or office_now(zone)
    entries = []
    for post_id, path in published_posts(root):
        data = _front_matter(path)
        provenance = data.get("provenance") or {}
        merged = provenance.get("merged_at") if isinstance(provenance, dict) else None
        if not isinstance(provenance, dict) or not provenance.get("pull_request") or not merged:
            continue
        if isinstance(merged, str):
            merged = dt.datetime.fromisoformat(merged)
        if merged.tzinfo is None:
            merged = merged.replace(tzinfo=zone)  # office time, as in the front matter's date
        meta = post_meta(data, settings)
        if meta is not None:
            if meta.state(now) != "tayang":
                continue  # scheduled, withdrawn or expired: nothing to announce
            if meta.publish_at is not None:  # the window counts from going live, not from the merge
                merged = max(merged, meta.publish_at)
        age = now - merged
        if age > dt.timedelta(days=days) or age < dt.timedelta(minutes=grace_minutes):
            continue
        pull_url = str(provenance.get("pull_request_url") or "")
        if not pull_url:
            continue
        if repository and f"/{repository.lower()}/pull/" not in pull_url.lower():
            commit = str(provenance.get("merge_commit") or "")
            if confirm is None or not commit or not confirm(int(provenance["pull_request"]), commit):
                continue
        notification = Notification(post_id=post_id, title=str(data.get("title", post_id)),
                                    url=live_url(settings, post_id), approver=str(provenance.get("approver") or ""),
                                    date=merged.astimezone(zone).date(),
                                    pull_request=int(provenance["pull_request"]))
        entries.append(notification_entry(notification, provenance.get("disposisi") or data.get("disposisi")))
    entries.sort(key=lambda entry: (entry["date"], entry["post_id"]))
    return entries


def draft_post_ids(root: Path, where: Where = None) -> set[str]:
    """The post ids the drafts in `drafts/` will be published at (unreadable drafts left out)."""
    from jdih.content.post import parse_meta, read_source
    from jdih.sop.publish import destination, find_drafts

    ids = set()
    for draft in find_drafts(root):
        try:
            meta = parse_meta(read_source(root / draft, draft), where)
        except ProblemsError:
            continue
        ids.add(destination(draft, meta, where)[2])
    return ids


def notifications_from_records(records: list[tuple[int, PublishedRecord]], root: Path, settings: Settings,
                               now: dt.datetime | None = None, days: int = RETRY_WINDOW_DAYS,
                               grace_minutes: int = RETRY_GRACE_MINUTES,
                               known: set[str] | frozenset[str] = frozenset(),
                               echo: Callable[[str], None] = print) -> list[dict[str, Any]]:
    """Notifications for the posts recorded live on a merged pull request (`records`: the pull
    request's number and its record, read from comments of the bot only) and not among `known`
    (those `notifications_from_site` found). A post counts while it is still in the tree, in
    `content/posts/` or as a draft in `drafts/`; one deleted since is not announced."""
    zone = zone_of(settings)
    now = now or office_now(zone)
    present = {post_id for post_id, _ in published_posts(root)}
    drafts: set[str] | None = None
    entries, seen = [], set(known)
    for number, found in records:
        if found.post_id in seen:
            continue
        age = now - found.published_at
        if age > dt.timedelta(days=days) or age < dt.timedelta(minutes=grace_minutes):
            continue
        if found.post_id not in present:
            drafts = draft_post_ids(root, settings) if drafts is None else drafts
            if found.post_id not in drafts:
                echo(f"Catatan terbit «{found.title}» di PR #{number}: kontennya tidak ada lagi di content/posts/ "
                     "maupun drafts/, jadi tidak dikabarkan.")
                continue
            echo(f"Catatan terbit «{found.title}» di PR #{number}: konten ini sudah tayang tetapi masih di drafts/ "
                 "pada cabang ini (pemindahannya belum terdorong ke main); kabarnya ikut diperiksa.")
        seen.add(found.post_id)
        notification = Notification(post_id=found.post_id, title=found.title, url=live_url(settings, found.post_id),
                                    approver=found.approver, date=found.published_at.astimezone(zone).date(),
                                    pull_request=number)
        entries.append(notification_entry(notification, found.disposisi))
    entries.sort(key=lambda entry: (entry["date"], entry["post_id"]))
    return entries


# -- the record on the merged pull request ------------------------------------------------


def record_marker(post_id: str, published_at: dt.datetime, where: Where = None) -> str:
    """The hidden line that identifies a record: post id and publication time (office time)."""
    moment = published_at.astimezone(zone_of(where)).isoformat(timespec="seconds")
    return f"<!-- jdih:terbit post={post_id} waktu={moment} -->"


def recorded_time(bodies: list[str], post_id: str) -> dt.datetime | None:
    """The publication time an earlier record of this post holds (a record is never re-dated)."""
    for body in bodies:
        for match in RECORD_MARKER.finditer(body or ""):
            if match.group(1) == post_id:
                return dt.datetime.fromisoformat(match.group(2))
    return None


@dataclass(frozen=True)
class PublishedRecord:
    """A record comment read back (`record_comment` writes it): the post and when it went live."""

    post_id: str
    published_at: dt.datetime
    title: str
    approver: str
    disposisi: int | None


_TITLE_LINE = re.compile(r"^### ✅ Telah terbit: (.+)$", re.MULTILINE)
# "- Disetujui oleh: @login", or "- Disetujui oleh: Name, Jabatan (@login)" (`record_comment`).
_APPROVER_LINE = re.compile(r"^- Disetujui oleh: (?:[^\n]*\()?@([A-Za-z0-9-]+)\)?$", re.MULTILINE)
_DISPOSISI_LINE = re.compile(r"^- Disposisi: #(\d+) ", re.MULTILINE)


def parse_record(body: str) -> PublishedRecord | None:
    """The record a comment holds, or None. Only for comments the bot wrote: a record
    leads to a WhatsApp message, so the caller reads trusted comments only."""
    marker = RECORD_MARKER.search(body or "")
    title = _TITLE_LINE.search(body or "")
    if not marker or not title or not re.fullmatch(r"posts/\d{4}/[^/\s<>\"']+/", marker.group(1)):
        return None
    try:
        published_at = dt.datetime.fromisoformat(marker.group(2))
    except ValueError:
        return None
    if published_at.tzinfo is None:
        return None
    approver = _APPROVER_LINE.search(body)
    disposisi = _DISPOSISI_LINE.search(body)
    return PublishedRecord(marker.group(1), published_at, title.group(1).strip(),
                           approver.group(1) if approver else "", int(disposisi.group(1)) if disposisi else None)


def whatsapp_status(state: str | None, when: dt.datetime | None, enabled: bool = True,
                    where: Where = None) -> str:
    """The WhatsApp line of the record; `where` (the settings, or a zone) is the office time zone."""
    if state == "sent":
        return "✅ terkirim ke grup WhatsApp" + (f" pada {tanggal_jam(when, where)}" if when else "")
    if not enabled:
        return "tidak dikirim (pengiriman WhatsApp tidak diaktifkan: notifier.provider none)"
    return ("⏳ tertunda — akan dikirim ulang otomatis oleh alur kerja \"Kirim ulang kabar\" "
            "(atau jalankan alur kerja itu secara manual)")


def social_status(uploads: PostUploads | None) -> str | None:
    """The social-media line of the record (SOP step 6a), from the upload ledger; None before any."""
    if uploads is None or not uploads.platforms:
        return None
    parts = []
    for name in PLATFORMS:
        entry = uploads.platforms.get(name)
        if entry is None:
            continue
        label = PLATFORM_NAMES[name]
        if entry.state == "sent":
            parts.append(f"{label} ✅ {entry.url}")
        elif entry.state == "manual":
            parts.append(f"{label} 📋 menunggu diunggah pengelola")
        elif entry.state == "sending":
            parts.append(f"{label} ❓ perlu dicek")
        else:
            parts.append(f"{label} ⏳ tertunda")
    return "; ".join(parts) + " (rincian dan bahan unggah di komentar \"Unggahan media sosial\")"


def record_comment(entry: dict[str, Any], published_at: dt.datetime, whatsapp: str,
                   timeline: str | None, pages_url: str | None = None, where: Where = None,
                   approver_name: str | None = None, social: str | None = None) -> str:
    """The record on the merged pull request; times in the office time zone of `where` (the
    settings, or a zone; default Asia/Jakarta) with its own abbreviation (WIB, WITA, WIT).
    `approver_name`: the approver as people read it (`Settings.display_name`); the account
    follows it as @mention, the one GitHub links (and `parse_record` reads back)."""
    approver = entry.get("approver")
    if approver and approver_name and approver_name != approver:
        approved_by = f"- Disetujui oleh: {approver_name} (@{approver})"
    else:
        approved_by = f"- Disetujui oleh: @{approver}" if approver else "- Disetujui oleh: -"
    lines = [record_marker(entry["post_id"], published_at, where),
             f"### ✅ Telah terbit: {entry['title']}", "",
             f"- Tautan: {entry['url']}",
             f"- Waktu terbit: {tanggal_jam(published_at, where)}",
             approved_by,
             f"- Kabar WhatsApp: {whatsapp}"]
    if social:
        lines.append(f"- Media sosial: {social}")
    if entry.get("disposisi"):
        lines.append(f"- Disposisi: #{entry['disposisi']} ditutup dengan tautan ini")
    if pages_url and not entry["url"].startswith(pages_url):
        lines.append(f"- Situs GitHub Pages: {pages_url}")
    if timeline:
        lines += ["", timeline.rstrip()]
    return "\n".join(lines) + "\n"


def disposisi_comment(entry: dict[str, Any]) -> str:
    marker = DISPOSISI_MARKER.format(post_id=entry["post_id"])
    pull = f" (pull request #{entry['pull_request']})" if entry.get("pull_request") else ""
    return (f"{marker}\nKonten hasil disposisi ini telah terbit: [{entry['title']}]({entry['url']}){pull}.\n\n"
            "Disposisi ditutup otomatis. Terima kasih.\n")


def read_entries(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: isi berkas harus daftar kabar")
    return data


@dataclass
class RecordOutcome:
    post_id: str
    pull_request: int | None
    comment: str  # dibuat / diperbarui / sama / "" (no pull request)
    disposisi_closed: bool
    whatsapp_state: str | None


def record_publication(gh, ledger, pygithub_repo, entry: dict[str, Any], settings: Settings,
                       now: dt.datetime, pages_url: str | None = None,
                       echo: Callable[[str], None] = print, uploads: UploadLedger | None = None) -> RecordOutcome:
    """Comment the record on the merged pull request (updated in place) and close the disposisi."""
    notification = Notification.from_dict(entry)
    state, sent_at = None, None
    ledger_entry = ledger.get(notification) if ledger is not None and notification.pull_request else None
    if ledger_entry is not None:
        state = ledger_entry.state
        times = [e.get("time") for e in ledger_entry.events if e.get("state") == "sent" and e.get("time")]
        sent_at = dt.datetime.fromisoformat(times[-1]) if state == "sent" and times else None
    outcome = RecordOutcome(notification.post_id, notification.pull_request, "", False, state)
    if notification.pull_request:
        number = notification.pull_request
        bodies = [c.body for c in gh.comments(number)]
        published_at = recorded_time(bodies, notification.post_id) or now
        timeline = None
        if pygithub_repo is not None:
            try:
                from jdih.reporting.timeline import timeline_markdown
                from jdih.sop.history import events_from_pull

                events = events_from_pull(pygithub_repo, pygithub_repo.get_pull(number), settings)
                events.published_at = published_at
                timeline = timeline_markdown(events, settings.sop)
            except Exception as exc:  # noqa: BLE001 - the record is worth more than its timeline
                echo(f"Linimasa SOP PR #{number} tidak dapat dibuat ({type(exc).__name__}); catatan tanpa linimasa.")
        enabled = settings.notifier.provider != "none"
        social = social_status(uploads.get(notification.post_id, number)) if uploads is not None else None
        body = record_comment(entry, published_at, whatsapp_status(state, sent_at, enabled, settings), timeline,
                              pages_url, settings, approver_name=settings.display_name(entry.get("approver")),
                              social=social)
        marker = record_marker(notification.post_id, published_at, settings)
        outcome.comment = gh.upsert_comment(number, marker, body)
    disposisi = entry.get("disposisi")
    if disposisi:
        gh.upsert_comment(int(disposisi), DISPOSISI_MARKER.format(post_id=notification.post_id),
                          disposisi_comment(entry))
        if gh.issue(int(disposisi)).state != "closed":
            gh.close_issue(int(disposisi))
            outcome.disposisi_closed = True
    return outcome


def scheduled_from_site(root: Path, settings: Settings, now: dt.datetime | None = None,
                        days: int = RETRY_WINDOW_DAYS, repository: str | None = None) -> list[dict[str, Any]]:
    """The scheduled posts (`publish_at`) live now and gone live in the last `days` days: the
    publish run's list besides its own promotions (the ledger tells which were announced)."""
    now = now or office_now(settings)
    live = {post_id for post_id, path in published_posts(root)
            if (meta := post_meta(_front_matter(path), settings)) is not None and meta.publish_at is not None}
    return [entry for entry in notifications_from_site(root, settings, now, days=days, grace_minutes=0,
                                                       repository=repository)
            if entry["post_id"] in live]


# -- the other records: scheduled, corrected, withdrawn, restored, expired -------------------

CHANGE_MARKER = "<!-- jdih:{kind} post={post_id} pr={pull_request} -->"
CHANGE_HEADINGS = {"terjadwal": "⏰ Terjadwal", "ralat": "✏️ Ralat dicatat", "ditarik": "Ditarik",
                   "dipulihkan": "Dipulihkan", "kedaluwarsa": "Kedaluwarsa"}


def change_marker(entry: dict[str, Any]) -> str:
    return CHANGE_MARKER.format(kind=entry["kind"], post_id=entry["post_id"], pull_request=entry["pull_request"])


def change_comment(entry: dict[str, Any], settings: Settings, notice: str | None = None) -> str:
    """The record of a scheduled post, a correction, a withdrawal, a restoring or an expiry, on
    its pull request. `notice`: the WhatsApp line of a substantive correction."""
    kind = entry["kind"]
    when = dt.datetime.fromisoformat(entry["time"])
    approver = entry.get("approver")
    approved_by = settings.display_name(approver) if approver else "-"
    if approver and approved_by != approver:
        approved_by = f"{approved_by} (@{approver})"
    elif approver:
        approved_by = f"@{approver}"
    lines = [change_marker(entry)]
    if kind == "terjadwal":
        # read back by `sop.history` (the SOP report's "menunggu jadwal")
        lines.append(f"<!-- jdih:jadwal waktu={when.isoformat(timespec='seconds')} -->")
        lines += [f"### ⏰ Terjadwal tayang {tanggal_jam(when, settings)}: {entry['title']}", "",
                  f"- Tautan (aktif mulai waktu itu): {entry['url']}",
                  f"- Disetujui oleh: {approved_by}",
                  "- Sampai waktunya konten ini tidak tampil di situs dan tidak dikabarkan; alur kerja terjadwal "
                  "\"Terbitkan\" menayangkannya dan mengabari grup WhatsApp. Jadwal diubah atau dibatalkan lewat "
                  "pull request yang disetujui Kasubbag (ubah publish_at, atau hapus berkasnya)."]
    elif kind == "kedaluwarsa":
        lines += [f"### Kedaluwarsa: {entry['title']}", "",
                  f"- Batas tayang: {tanggal_jam(when, settings)}; situs sudah dibangun ulang tanpa konten ini "
                  f"(alamatnya tetap dengan pemberitahuan): {entry['url']}"]
    else:
        heading = CHANGE_HEADINGS[kind]
        lines += [f"### {heading}: {entry['title']}", "",
                  f"- Tautan (tidak berubah): {entry['url']}",
                  f"- Waktu: {tanggal_jam(when, settings)}",
                  f"- Disetujui oleh: {approved_by}"]
        if kind == "ralat":
            lines.append(f"- Catatan ralat: {' '.join(str(entry.get('note') or '').split())}")
            lines.append("- Kabar ralat WhatsApp: " + (notice or "tidak dikirim (ralat tidak ditandai "
                                                               "substantif: label ralat-substantif)"))
        elif kind == "ditarik":
            lines.append(f"- Alasan: {' '.join(str(entry.get('note') or '').split())}")
            lines.append("- Kabar WhatsApp: tidak dikirim (penarikan tidak dikabarkan; halaman konten menampilkan "
                         "pemberitahuan penarikan)")
    return "\n".join(lines) + "\n"


def record_change(gh, entry: dict[str, Any], settings: Settings, notice: str | None = None) -> str:
    """Write (or update in place) the record of `entry` on its pull request."""
    return gh.upsert_comment(int(entry["pull_request"]), change_marker(entry), change_comment(entry, settings, notice))


# -- `jdih jadwal`: whether the scheduled run has anything to build ---------------------------


def schedule_due(root: Path, settings: Settings, bot_comments: Callable[[int], list[str]],
                 now: dt.datetime | None = None, days: int = RETRY_WINDOW_DAYS) -> list[str]:
    """Why the scheduled publish run must build now ([] when nothing is due): a scheduled post
    gone live (its state "tayang") with no record "Telah terbit" on its pull request yet, or an
    expired one ("kedaluwarsa") with no record "Kedaluwarsa" — both written only after a
    successful deploy, so a missed or failed run is made up by the next one, and once recorded,
    nothing is built again. `bot_comments(number)`: the bot's comment bodies on a pull request;
    asked only for posts whose time came in the last `days` days."""
    now = now or office_now(settings)
    reasons = []
    for post_id, path in published_posts(root):
        meta = post_meta(_front_matter(path), settings)
        if meta is None or not (meta.provenance and meta.provenance.pull_request):
            continue
        state = meta.state(now)
        number = meta.provenance.pull_request
        if state == "tayang" and meta.publish_at is not None and now - meta.publish_at <= dt.timedelta(days=days):
            if not any(found.post_id == post_id for body in bot_comments(number)
                       if (found := parse_record(body)) is not None):
                reasons.append(f"«{meta.title}» terjadwal tayang {tanggal_jam(meta.publish_at, settings)}: "
                               "waktunya sudah tiba")
        elif (state == "kedaluwarsa" and meta.expires_at is not None
              and now - meta.expires_at <= dt.timedelta(days=days)):
            marker = change_marker({"kind": "kedaluwarsa", "post_id": post_id, "pull_request": number})
            if not any(marker in body for body in bot_comments(number)):
                reasons.append(f"«{meta.title}» kedaluwarsa {tanggal_jam(meta.expires_at, settings)}: situs perlu "
                               "dibangun ulang")
    return reasons

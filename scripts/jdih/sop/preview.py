"""Publishing glue for the workflows (SOP step 6 and the draft preview of steps 3–4).

* the notifications for promoted posts (from `jdih terbitkan --hasil`) or for every
  recently published post (the retry workflow), with their permanent links;
* the preview of drafts on a pull request: the site built with the drafts in it, and the
  one preview comment (title, description, image, caption lengths, share texts, problems);
* the record on the merged pull request (live link, time in WIB, SOP timeline) and the
  disposisi closed with the link.

Pure builders return text; the few functions that talk to GitHub take a `GitHubRepo`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_date

from jdih.site.catalog import POSTS_DIR, Post
from jdih.sop.check import (FACEBOOK_LIMIT, HASHTAG, INSTAGRAM_HASHTAGS, INSTAGRAM_LIMIT, X_LIMIT, _number,
                    check_targets, collect_targets, with_hashtags, x_share_length)
from jdih.notify.message import Notification
from jdih.content.post import FRONT_MATTER, PostMeta, parse_meta, read_source
from jdih.content.problems import Problem, ProblemsError
from jdih.sop.publish import destination, find_drafts
from jdih.content.settings import Settings
from jdih.content.clock import now as clock_now

WIB = ZoneInfo("Asia/Jakarta")
PREVIEW_MARKER = "<!-- jdih:pratinjau -->"
RECORD_MARKER = re.compile(r"<!-- jdih:terbit post=(\S+) waktu=(\S+) -->")
DISPOSISI_MARKER = "<!-- jdih:terbit-disposisi post={post_id} -->"
RETRY_WINDOW_DAYS = 14  # older posts are never announced by the retry workflow
RETRY_GRACE_MINUTES = 20  # younger merges are left to their own publish run


# -- notifications ------------------------------------------------------------------------


def live_url(settings: Settings, post_id: str) -> str:
    """The permanent public link of a post (`posts/<YYYY>/<slug>/`)."""
    return settings.site.url + post_id


def _wib_date(value: str | dt.datetime | None, now: dt.datetime) -> dt.date:
    if isinstance(value, str) and value:
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(WIB).date()
    return now.astimezone(WIB).date()


def notification_entry(notification: Notification, disposisi: int | None) -> dict[str, Any]:
    """One item of the notifications file: what `jdih kabari` reads, plus the disposisi for `catat`."""
    return notification.to_dict() | {"disposisi": disposisi}


def notifications_from_result(result: dict[str, Any], settings: Settings,
                              now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The notifications for the posts a promotion run published (`jdih terbitkan --hasil`)."""
    now = now or clock_now(WIB)
    entries = []
    for item in result.get("promoted", []):
        notification = Notification(post_id=item["post_id"], title=item["title"],
                                    url=live_url(settings, item["post_id"]), approver=item["approver"],
                                    date=_wib_date(item.get("merged_at"), now),
                                    pull_request=item.get("pull_request"))
        entries.append(notification_entry(notification, item.get("disposisi")))
    return entries


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        return {}
    data = yaml.load(match.group(1) or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data if isinstance(data, dict) else {}


def published_posts(root: Path) -> list[tuple[str, Path]]:
    """(post id, file) of every post under content/posts/."""
    base = root / "content" / POSTS_DIR
    found = []
    for path in sorted(base.rglob("*.md")):
        relative = path.relative_to(root / "content").as_posix()
        if path.name.startswith(("_", ".")):
            continue
        post_id = (f"{Path(relative).parent.as_posix()}/" if path.name == "index.md"
                   else f"{Path(relative).with_suffix('').as_posix()}/")
        found.append((post_id, path))
    return found


def notifications_from_site(root: Path, settings: Settings, now: dt.datetime | None = None,
                            days: int = RETRY_WINDOW_DAYS,
                            grace_minutes: int = RETRY_GRACE_MINUTES,
                            repository: str | None = None) -> list[dict[str, Any]]:
    """Every published post merged in the last `days` days (and not in the last
    `grace_minutes`), for the retry workflow; the ledger then tells which are still pending.

    The window keeps an office that turns the notifier on later from flooding its group
    with its whole archive. Only posts promoted from a pull request of this repository
    count (their `provenance.pull_request_url`): sample or imported content carries pull
    request numbers that mean something else here.
    """
    now = now or clock_now(WIB)
    entries = []
    for post_id, path in published_posts(root):
        data = _front_matter(path)
        provenance = data.get("provenance") or {}
        merged = provenance.get("merged_at")
        if not isinstance(provenance, dict) or not provenance.get("pull_request") or not merged:
            continue
        pull_url = str(provenance.get("pull_request_url") or "")
        if not pull_url or (repository and f"/{repository.lower()}/pull/" not in pull_url.lower()):
            continue
        if isinstance(merged, str):
            merged = dt.datetime.fromisoformat(merged)
        if merged.tzinfo is None:
            merged = merged.replace(tzinfo=WIB)
        age = now - merged
        if age > dt.timedelta(days=days) or age < dt.timedelta(minutes=grace_minutes):
            continue
        notification = Notification(post_id=post_id, title=str(data.get("title", post_id)),
                                    url=live_url(settings, post_id), approver=str(provenance.get("approver") or ""),
                                    date=merged.astimezone(WIB).date(),
                                    pull_request=int(provenance["pull_request"]))
        entries.append(notification_entry(notification, provenance.get("disposisi") or data.get("disposisi")))
    entries.sort(key=lambda entry: (entry["date"], entry["post_id"]))
    return entries


# -- preview: build -----------------------------------------------------------------------


@dataclass
class PreviewTree:
    root: Path
    included: list[tuple[str, str]] = field(default_factory=list)  # (draft, post id)
    skipped: list[str] = field(default_factory=list)  # drafts whose front matter is broken


def prepare_preview_tree(root: Path, target: Path) -> PreviewTree:
    """A copy of the site sources in `target` with every valid draft placed where promotion
    would put it, so the preview build is the site as it will be after the merge."""
    tree = PreviewTree(target)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(root / "site_config", target / "site_config")
    try:  # hard links: a 1,000-post content tree is linked, not copied
        shutil.copytree(root / "content", target / "content", copy_function=os.link)
    except OSError:
        shutil.rmtree(target / "content", ignore_errors=True)
        shutil.copytree(root / "content", target / "content")
    for draft in find_drafts(root):
        try:
            meta = parse_meta(read_source(root / draft, draft))
        except ProblemsError:
            tree.skipped.append(draft)
            continue
        source, destination_path, post_id = destination(draft, meta)
        if (target / destination_path).exists():
            tree.skipped.append(draft)
            continue
        (target / destination_path).parent.mkdir(parents=True, exist_ok=True)
        if (root / source).is_dir():
            shutil.copytree(root / source, target / destination_path)
        else:
            shutil.copy2(root / source, target / destination_path)
        tree.included.append((draft, post_id))
    return tree


def build_preview(root: Path, output: Path, echo: Callable[[str], None] = print) -> int:
    """`mkdocs build --strict` of the site with the drafts in it; returns mkdocs' exit status."""
    output = output if output.is_absolute() else Path.cwd() / output
    env = dict(os.environ)
    env.setdefault("JDIH_CACHE_DIR", str(root / ".cache" / "jdih"))  # reuse processed images
    with tempfile.TemporaryDirectory(prefix="jdih-pratinjau-") as temporary:
        tree = prepare_preview_tree(root, Path(temporary))
        for draft, post_id in tree.included:
            echo(f"Draf {draft} dibangun sebagai {post_id}")
        for draft in tree.skipped:
            echo(f"Draf {draft} tidak ikut dibangun: isinya bermasalah (lihat 'jdih periksa {draft}').")
        completed = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tree.root / "mkdocs.yml"),
             "-d", str(output)], env=env, cwd=tree.root)
    return completed.returncode


# -- preview: the comment -----------------------------------------------------------------


@dataclass
class CaptionLengths:
    x: int
    instagram: int
    instagram_hashtags: int
    facebook: int

    def rows(self) -> list[tuple[str, str, str, bool]]:
        return [
            ("X", f"{_number(self.x)} karakter", f"{_number(X_LIMIT)} karakter", self.x <= X_LIMIT),
            ("Instagram", f"{_number(self.instagram)} karakter", f"{_number(INSTAGRAM_LIMIT)} karakter",
             self.instagram <= INSTAGRAM_LIMIT),
            ("Instagram (tagar)", f"{self.instagram_hashtags} tagar", f"{INSTAGRAM_HASHTAGS} tagar",
             self.instagram_hashtags <= INSTAGRAM_HASHTAGS),
            ("Facebook", f"{_number(self.facebook)} karakter", f"{_number(FACEBOOK_LIMIT)} karakter",
             self.facebook <= FACEBOOK_LIMIT),
        ]


def caption_lengths(meta: PostMeta, settings: Settings) -> CaptionLengths:
    """The same measures `jdih periksa` checks: X counts the link as 23 and adds the hashtags."""
    office = list(settings.share.hashtags)
    full = with_hashtags(meta.caption, meta.tags, office)
    return CaptionLengths(
        x=x_share_length(meta.caption_x or meta.caption, meta.tags, office),
        instagram=len(full),
        instagram_hashtags=len({tag.lower() for tag in HASHTAG.findall(full)}),
        facebook=len(full),
    )


@dataclass
class DraftPreview:
    draft: str
    problems: list[Problem]
    meta: PostMeta | None = None
    post_id: str | None = None
    url: str | None = None
    image_path: str | None = None
    lengths: CaptionLengths | None = None
    share_texts: dict[str, str] = field(default_factory=dict)


def _share_texts(meta: PostMeta, post_id: str, settings: Settings, root: Path) -> dict[str, str]:
    from jdih.site.pages import SiteModel  # the very texts the site's share buttons will use

    model = SiteModel(catalog=None, settings=settings, images={}, project_root=root)  # type: ignore[arg-type]
    post = Post(src_uri=post_id + "index.md", url=post_id, slug=post_id.rstrip("/").rsplit("/", 1)[-1],
                meta=meta, image_path=Path(), image_src_uri="")
    texts = model.share_texts(post)
    return {"WhatsApp": texts.whatsapp, "X": texts.x, "Telegram": texts.telegram,
            "Surel (subjek)": texts.email_subject, "Surel (isi)": texts.email_body}


def draft_previews(root: Path, settings: Settings) -> list[DraftPreview]:
    """One preview per draft in drafts/, with every problem `jdih periksa` finds."""
    targets = collect_targets([root / "drafts"], root) if (root / "drafts").is_dir() else []
    problems = check_targets(targets, settings, root)
    previews = []
    for draft in find_drafts(root):
        mine = [p for p in problems if p.file == draft]
        preview = DraftPreview(draft, mine)
        try:
            meta = parse_meta(read_source(root / draft, draft))
        except ProblemsError:
            previews.append(preview)
            continue
        _, _, post_id = destination(draft, meta)
        preview.meta, preview.post_id, preview.url = meta, post_id, live_url(settings, post_id)
        preview.image_path = (Path(draft).parent / meta.image.src).as_posix()
        preview.lengths = caption_lengths(meta, settings)
        try:
            preview.share_texts = _share_texts(meta, post_id, settings, root)
        except Exception as exc:  # noqa: BLE001 - a broken share template is itself a problem to show
            preview.problems.append(Problem("site_config/templates/share.txt.j2", 1, "",
                                            f"teks bagikan tidak dapat dibuat ({exc})", "perbaiki templat itu"))
        previews.append(preview)
    known = {p.draft for p in previews}
    orphans = [p for p in problems if p.file not in known]
    if orphans:
        previews.append(DraftPreview("", orphans))
    return previews


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.strip().splitlines())


def _fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


def preview_comment(previews: list[DraftPreview], *, build_outcome: str = "success", head_sha: str = "",
                    run_url: str = "", image_base: str = "") -> str:
    """The one preview comment (Markdown, Indonesian), starting with its marker."""
    lines = [PREVIEW_MARKER, "## Pratinjau draf", ""]
    version = f"versi `{head_sha[:7]}`" if head_sha else "versi terakhir"
    if build_outcome == "success":
        where = f" — [unduh situs pratinjau]({run_url}) (artefak `pratinjau-situs`)" if run_url else ""
        lines.append(f"Situs berhasil dibangun dengan draf di dalamnya ({version}){where}.")
    elif build_outcome in ("failure", "cancelled"):
        where = f" Lihat [log alur kerja]({run_url})." if run_url else ""
        lines.append(f"⚠️ Situs **tidak dapat dibangun** dengan draf ini ({version}).{where}")
    else:
        lines.append(f"Pratinjau {version}; situs tidak dibangun pada jalankan ini.")
    lines.append("")
    total = sum(len(p.problems) for p in previews)
    for preview in previews:
        if not preview.draft:
            continue
        meta = preview.meta
        if meta is None:
            lines += [f"### `{preview.draft}`", "",
                      "Draf ini belum dapat dipratinjau karena isinya bermasalah; perbaiki masalah di bawah.", ""]
            continue
        lines += [f"### {meta.title}", "",
                  f"`{preview.draft}` → akan terbit di {preview.url}", "",
                  f"**Deskripsi:** {meta.description}", ""]
        if image_base and preview.image_path:
            lines += [f'<img src="{image_base}{preview.image_path}?raw=true" alt="{_html(meta.image.alt)}" '
                      'width="360">', ""]
        lines += [f"**Gambar:** `{preview.image_path}` — teks alternatif: {meta.image.alt}", "",
                  "**Takarir:**", "", _quote(meta.caption), ""]
        if meta.caption_x:
            lines += ["**Takarir X:**", "", _quote(meta.caption_x), ""]
        if preview.lengths is not None:
            lines += ["| Platform | Panjang (dengan tagar) | Batas | |", "| --- | --- | --- | --- |"]
            lines += [f"| {name} | {length} | {limit} | {'✅' if ok else '❌ terlalu panjang'} |"
                      for name, length, limit, ok in preview.lengths.rows()]
            lines += ["", "X menghitung setiap tautan 23 karakter; tautan konten sudah termasuk.", ""]
        if preview.share_texts:
            lines += ["<details><summary>Teks bagikan</summary>", ""]
            for name, text in preview.share_texts.items():
                lines += [f"**{name}**", "", _fence(text), ""]
            lines += ["</details>", ""]
    if total:
        lines += [f"### Masalah ({total})", ""]
        for preview in previews:
            lines += [f"- `{p.file}:{p.line}`" + (f" **{p.key}**" if p.key else "") + f": {p.message} — {p.fix}"
                      for p in preview.problems]
        lines += ["", "Perbaiki lalu commit lagi; komentar ini diperbarui otomatis."]
    else:
        lines.append("✅ Tidak ada masalah: draf siap disunting dan disetujui.")
    return "\n".join(lines) + "\n"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def pull_from_event(payload: dict[str, Any]) -> dict[str, Any]:
    pull = payload.get("pull_request")
    if not isinstance(pull, dict) or "number" not in pull:
        raise ValueError("peristiwa ini bukan pull request — jalankan pada peristiwa pull_request")
    return pull


def is_fork(pull: dict[str, Any]) -> bool:
    head = ((pull.get("head") or {}).get("repo") or {}).get("full_name")
    base = ((pull.get("base") or {}).get("repo") or {}).get("full_name")
    return head != base


# -- the record on the merged pull request ------------------------------------------------


def wib_text(moment: dt.datetime) -> str:
    moment = moment.astimezone(WIB)
    return f"{format_date(moment.date(), format='d MMMM y', locale='id')} pukul {moment:%H.%M} WIB"


def record_marker(post_id: str, published_at: dt.datetime) -> str:
    return f"<!-- jdih:terbit post={post_id} waktu={published_at.astimezone(WIB).isoformat(timespec='seconds')} -->"


def recorded_time(bodies: list[str], post_id: str) -> dt.datetime | None:
    """The publication time an earlier record of this post holds (a record is never re-dated)."""
    for body in bodies:
        for match in RECORD_MARKER.finditer(body or ""):
            if match.group(1) == post_id:
                return dt.datetime.fromisoformat(match.group(2))
    return None


def whatsapp_status(state: str | None, when: dt.datetime | None, enabled: bool = True) -> str:
    if state == "sent":
        return "✅ terkirim ke grup WhatsApp" + (f" pada {wib_text(when)}" if when else "")
    if not enabled:
        return "tidak dikirim (pengiriman WhatsApp tidak diaktifkan: notifier.provider none)"
    return ("⏳ tertunda — akan dikirim ulang otomatis oleh alur kerja \"Kirim ulang kabar\" "
            "(atau jalankan alur kerja itu secara manual)")


def record_comment(entry: dict[str, Any], published_at: dt.datetime, whatsapp: str,
                   timeline: str | None, pages_url: str | None = None) -> str:
    lines = [record_marker(entry["post_id"], published_at),
             f"### ✅ Telah terbit: {entry['title']}", "",
             f"- Tautan: {entry['url']}",
             f"- Waktu terbit: {wib_text(published_at)}",
             f"- Disetujui oleh: @{entry['approver']}" if entry.get("approver") else "- Disetujui oleh: -",
             f"- Kabar WhatsApp: {whatsapp}"]
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
                       echo: Callable[[str], None] = print) -> RecordOutcome:
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
                from jdih.reporting.timeline import events_from_pull, timeline_markdown

                events = events_from_pull(pygithub_repo, pygithub_repo.get_pull(number), settings)
                events.published_at = published_at
                timeline = timeline_markdown(events, settings.sop)
            except Exception as exc:  # noqa: BLE001 - the record is worth more than its timeline
                echo(f"Linimasa SOP PR #{number} tidak dapat dibuat ({type(exc).__name__}); catatan tanpa linimasa.")
        enabled = settings.notifier.provider != "none"
        body = record_comment(entry, published_at, whatsapp_status(state, sent_at, enabled), timeline, pages_url)
        marker = record_marker(notification.post_id, published_at)
        outcome.comment = gh.upsert_comment(number, marker, body)
    disposisi = entry.get("disposisi")
    if disposisi:
        gh.upsert_comment(int(disposisi), DISPOSISI_MARKER.format(post_id=notification.post_id),
                          disposisi_comment(entry))
        if gh.issue(int(disposisi)).state != "closed":
            gh.close_issue(int(disposisi))
            outcome.disposisi_closed = True
    return outcome

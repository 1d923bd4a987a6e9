"""SOP steps on issues and pull requests: the labels, and what each GitHub event changes.

`jdih peristiwa` (run by CI with GITHUB_EVENT_NAME / GITHUB_EVENT_PATH) calls `handle_event`.
The decisions are pure functions of the event; the few facts an event does not carry
(files changed, role membership, the rejection count) are read through the GitHub module.

The SOP's "Tidak" loop (Kasubbag asks for changes → back to step 4) is counted in one
comment on the pull request, updated in place: `<!-- jdih:penolakan n=2 ulasan=11,12 -->`.
Review ids are kept so that a re-delivered event does not count twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jdih.content.settings import Settings

LABEL_DISPOSISI = "disposisi"
STEP_1 = "tahap-1-disposisi"
STEP_3 = "tahap-3-konsep"
STEP_4 = "tahap-4-sunting"
STEP_5 = "tahap-5-persetujuan"
STEP_6 = "tahap-6-terbit"

# name → (colour, Indonesian description); GitHub limits descriptions to 100 characters.
LABELS: dict[str, tuple[str, str]] = {
    LABEL_DISPOSISI: ("5319e7", "Disposisi Kasubbag untuk membuat konten media sosial JDIH"),
    STEP_1: ("d4c5f9", "Tahap 1 SOP: disposisi dari Kasubbag"),
    STEP_3: ("fbca04", "Tahap 3 SOP: konsep sedang disusun pengelola JDIH"),
    STEP_4: ("1d76db", "Tahap 4 SOP: sunting oleh staf sub bagian"),
    STEP_5: ("d93f0b", "Tahap 5 SOP: menunggu persetujuan Kasubbag"),
    STEP_6: ("0e8a16", "Tahap 6 SOP: disetujui dan digabung, siap diunggah"),
}
STEP_LABELS = (STEP_1, STEP_3, STEP_4, STEP_5, STEP_6)
STEP_NUMBER = {STEP_1: 1, STEP_3: 3, STEP_4: 4, STEP_5: 5, STEP_6: 6}
DRAFTS_DIR = "drafts/"

REJECTION_MARKER = re.compile(r"<!-- jdih:penolakan n=(\d+)(?: ulasan=([\d,]*))? -->")


def step_of_labels(labels: list[str] | tuple[str, ...]) -> int | None:
    """The SOP step a pull request is at, from its labels (the highest if several)."""
    numbers = [STEP_NUMBER[label] for label in labels if label in STEP_NUMBER]
    return max(numbers) if numbers else None


def label_for_step(number: int) -> str:
    return {1: STEP_1, 3: STEP_3, 4: STEP_4, 5: STEP_5, 6: STEP_6}[number]


# -- pure decisions --------------------------------------------------------------------------


def pull_step_for(action: str, draft: bool, merged: bool) -> str | None:
    """Step label a pull_request event leads to, or None when the step does not change."""
    if action in ("opened", "reopened", "ready_for_review"):
        return STEP_3 if draft else STEP_4
    if action == "converted_to_draft":
        return STEP_3
    if action == "closed" and merged:
        return STEP_6
    return None


@dataclass(frozen=True)
class ReviewOutcome:
    label: str | None  # new step label, None: unchanged
    request_from: str | None  # role to request a review from: 'staf' / 'kasubbag'
    rejection: bool = False


def review_outcome(state: str, is_staf: bool, is_kasubbag: bool) -> ReviewOutcome:
    """What a submitted review changes (state as in the webhook: 'approved', 'changes_requested', …)."""
    state = state.upper()
    if state == "APPROVED" and is_kasubbag:
        return ReviewOutcome(STEP_5, None)  # Kasubbag's "Ya": ready to merge
    if state == "APPROVED" and is_staf:
        return ReviewOutcome(STEP_5, "kasubbag")
    if state == "CHANGES_REQUESTED" and is_kasubbag:
        return ReviewOutcome(STEP_4, "staf", rejection=True)  # the SOP's "Tidak" loop
    if state == "CHANGES_REQUESTED" and is_staf:
        return ReviewOutcome(STEP_4, None)
    return ReviewOutcome(None, None)


def parse_rejections(bodies: list[str]) -> tuple[int, list[int]]:
    """(count, review ids) from the marker comment, (0, []) when there is none."""
    for body in bodies:
        match = REJECTION_MARKER.search(body)
        if match:
            ids = [int(part) for part in (match.group(2) or "").split(",") if part]
            return int(match.group(1)), ids
    return 0, []


def rejection_comment(count: int, review_ids: list[int], kasubbag: str) -> str:
    ids = ",".join(str(i) for i in review_ids)
    return (f"<!-- jdih:penolakan n={count} ulasan={ids} -->\n"
            f"**Persetujuan Kasubbag: Tidak ({count} kali).** Terakhir oleh @{kasubbag}. "
            "Sesuai SOP, draf kembali ke tahap 4 (sunting): staf memperbaiki draf sesuai catatan "
            "Kasubbag, menyetujuinya kembali, lalu Kasubbag memeriksa ulang.")


def reviewers_for(principals: list[str], exclude: str) -> list[str]:
    """The role's users and teams, without the pull request's author (nobody reviews their own work)."""
    return [name for name in principals if name.lower() != exclude.lower()]


def mention(principals: list[str]) -> str:
    return ", ".join(f"@{name}" for name in principals)


# -- applying them ----------------------------------------------------------------------------


@dataclass
class EventResult:
    messages: list[str] = field(default_factory=list)

    def say(self, message: str) -> None:
        self.messages.append(message)


def set_step_label(gh, number: int, label: str, current: list[str] | tuple[str, ...]) -> bool:
    """Put `label` on, take every other step label off; False when it was already so."""
    changed = False
    for other in current:
        if other in STEP_LABELS and other != label:
            gh.remove_label(number, other)
            changed = True
    if label not in current:
        gh.add_labels(number, [label])
        changed = True
    return changed


def touches_drafts(files: list[str]) -> bool:
    return any(name.startswith(DRAFTS_DIR) for name in files)


def handle_event(event_name: str, payload: dict, gh, settings: Settings, root: Path,
                 echo: Callable[[str], None] = print) -> EventResult:
    result = EventResult()
    if event_name == "pull_request_target":
        event_name = "pull_request"
    action = payload.get("action", "")
    if event_name == "issues":
        _issue_event(action, payload, gh, settings, root, result)
    elif event_name == "pull_request":
        _pull_event(action, payload, gh, settings, result)
    elif event_name == "pull_request_review":
        _review_event(action, payload, gh, settings, result)
    else:
        result.say(f"Peristiwa '{event_name}' tidak memerlukan tindakan SOP.")
    for message in result.messages:
        echo(message)
    return result


def _issue_event(action: str, payload: dict, gh, settings: Settings, root: Path, result: EventResult) -> None:
    from jdih.sop import disposisi as disp

    issue = payload["issue"]
    labels = [label["name"] for label in issue.get("labels") or []]
    number = issue["number"]
    if action not in ("opened", "labeled", "reopened") or LABEL_DISPOSISI not in labels:
        result.say(f"Issue #{number} ({action}) bukan disposisi baru: tidak ada tindakan.")
        return
    if "pull_request" in issue:
        result.say(f"#{number} adalah pull request, bukan disposisi: tidak ada tindakan.")
        return
    item = disp.disposisi_from_issue(number, issue.get("title", ""), issue.get("body") or "",
                                     (issue.get("user") or {}).get("login", ""))
    content = disp.render_draft(settings, root, title=item.content_title, slug=item.slug,
                                date=disp.office_today(settings), disposisi=number, author="")
    link = disp.new_file_link(gh.repo_web_url, item.slug, content, gh.default_branch_name)
    state = gh.upsert_comment(number, disp.LINK_MARKER, disp.link_comment(item, link, item.slug, content))
    if STEP_1 not in gh.labels_of(number):  # fresh: a re-delivered payload has stale labels
        gh.add_labels(number, [STEP_1])
        result.say(f"Disposisi #{number}: label {STEP_1} dipasang.")
    what = {"dibuat": "dikirim", "diperbarui": "diperbarui", "sama": "sudah ada, tidak diubah"}[state]
    result.say(f"Disposisi #{number}: komentar berisi tautan pembuatan draf drafts/{item.slug}.md {what}.")


def _pull_event(action: str, payload: dict, gh, settings: Settings, result: EventResult) -> None:
    pull = payload["pull_request"]
    number = pull["number"]
    merged = bool(pull.get("merged")) or bool(pull.get("merged_at"))
    label = pull_step_for(action, bool(pull.get("draft")), merged)
    if label is None:
        result.say(f"PR #{number} ({action}): tahap SOP tidak berubah.")
        return
    if not touches_drafts(gh.pull_files(number)):
        result.say(f"PR #{number} tidak mengubah folder drafts/: bukan konten, tidak ada tindakan SOP.")
        return
    current = gh.labels_of(number)  # fresh: the payload's labels may predate another run
    set_step_label(gh, number, label, current)
    if label == STEP_4:
        author = (pull.get("user") or {}).get("login", "")
        staf = reviewers_for(settings.roles.staf, author)
        if staf:
            gh.request_reviewers(number, staf)
            result.say(f"PR #{number}: label {STEP_4} dipasang; ulasan (sunting) diminta dari {mention(staf)}.")
        else:
            result.say(f"PR #{number}: label {STEP_4} dipasang; PERINGATAN: tidak ada staf selain penulis "
                       f"@{author} — tambahkan akun staf lain di site_config/jdih.yml (roles.staf).")
    elif label == STEP_3:
        result.say(f"PR #{number} masih draf: label {STEP_3} dipasang. Klik 'Ready for review' bila konsep "
                   "siap disunting.")
    elif label == STEP_6:
        result.say(f"PR #{number} digabung: label {STEP_6} dipasang; draf siap diterbitkan.")


def _review_event(action: str, payload: dict, gh, settings: Settings, result: EventResult) -> None:
    pull = payload["pull_request"]
    number = pull["number"]
    review = payload["review"]
    reviewer = (review.get("user") or {}).get("login", "")
    if action != "submitted":
        result.say(f"Ulasan PR #{number} ({action}): tahap SOP tidak berubah.")
        return
    if not touches_drafts(gh.pull_files(number)):
        result.say(f"PR #{number} tidak mengubah folder drafts/: bukan konten, tidak ada tindakan SOP.")
        return
    is_kasubbag = gh.in_role(reviewer, settings.roles.kasubbag)
    is_staf = gh.in_role(reviewer, settings.roles.staf)
    outcome = review_outcome(review.get("state", ""), is_staf, is_kasubbag)
    if outcome.label is None:
        result.say(f"Ulasan @{reviewer} ({review.get('state', '').lower()}) pada PR #{number}: "
                   "tahap SOP tidak berubah.")
        return
    author = (pull.get("user") or {}).get("login", "")
    current = gh.labels_of(number)
    set_step_label(gh, number, outcome.label, current)
    if outcome.rejection:
        count, ids = parse_rejections([c.body for c in gh.comments(number)])
        if review.get("id") not in ids:
            count, ids = count + 1, ids + [int(review.get("id") or 0)]
        gh.upsert_comment(number, "<!-- jdih:penolakan ", rejection_comment(count, ids, reviewer))
        staf = reviewers_for(settings.roles.staf, author)
        if staf:
            gh.request_reviewers(number, staf)
        result.say(f"PR #{number}: Kasubbag @{reviewer} meminta perubahan (penolakan ke-{count}); kembali ke "
                   f"{STEP_4}; ulasan diminta lagi dari {mention(staf) or '(tidak ada staf)'}.")
    elif outcome.request_from == "kasubbag":
        kasubbag = reviewers_for(settings.roles.kasubbag, author)
        if kasubbag:
            gh.request_reviewers(number, kasubbag)
        result.say(f"PR #{number} disetujui staf @{reviewer}: label {STEP_5} dipasang; persetujuan diminta "
                   f"dari Kasubbag {mention(kasubbag) or '(tidak ada Kasubbag selain penulis)'}.")
    elif outcome.label == STEP_5:
        result.say(f"PR #{number} disetujui Kasubbag @{reviewer}: label {STEP_5} dipasang; siap digabung "
                   "(Merge pull request).")
    else:
        result.say(f"PR #{number}: staf @{reviewer} meminta perubahan; tetap di {STEP_4} (sunting).")


def load_event(event_name: str | None, event_path: str | None) -> tuple[str, dict]:
    """Read GITHUB_EVENT_NAME / GITHUB_EVENT_PATH as GitHub Actions provides them."""
    if not event_name or not event_path:
        raise ValueError("GITHUB_EVENT_NAME dan GITHUB_EVENT_PATH harus diisi — perintah ini dijalankan "
                         "oleh GitHub Actions; untuk mencoba, berikan --nama dan --berkas")
    return event_name, json.loads(Path(event_path).read_text(encoding="utf-8"))

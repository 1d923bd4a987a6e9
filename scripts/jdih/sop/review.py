"""SOP steps on issues and pull requests: the labels, and what each GitHub event changes.

`jdih peristiwa` (run by CI with GITHUB_EVENT_NAME / GITHUB_EVENT_PATH) calls `handle_event`.

A pull request's step is computed from its whole state on every run, never from the one
event that started the run (`step_decision`, a pure function): merged → 6; draft → 3;
otherwise the latest deciding review (an approval or a request for changes by a staf or a
Kasubbag, dismissed reviews left out) decides between 4 and 5, as the SOP does. The state
(draft, merged, requested reviewers, reviews, labels) is read fresh from GitHub, not taken
from the payload. This matters because the workflow's concurrency group keeps one pending
run per pull request and cancels the pending one when a newer event arrives ("Any existing
pending job or workflow in the same concurrency group ... will be canceled", GitHub docs,
*Control the concurrency of workflows and jobs*), and does not guarantee the runs' order:
a Kasubbag's Approve whose run is cancelled by a comment right after it is still seen by
the comment's run. A member of the role whose turn it is gets a review request only when
not asked already and not having reviewed since (a submitted review ends a request: "Once a
requested reviewer submits a review, they are no longer considered a requested reviewer",
REST docs, *Review requests*), so a re-run does not ask twice, and one GitHub refused (422:
not a collaborator yet) is asked again on the next run, with a warning until it works.

The SOP's "Tidak" loop (Kasubbag asks for changes → back to step 4) is counted in one
comment on the pull request, updated in place: `<!-- jdih:penolakan n=2 ulasan=11,12 -->`.
The count is the Kasubbag's requests for changes among the reviews; review ids are kept so
that none is counted twice and none is lost when its own run was cancelled.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jdih.content.settings import Settings
from jdih.github.client import PullInfo, ReviewInfo

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


DECIDING = ("APPROVED", "CHANGES_REQUESTED")
# pull_request actions that set the step by themselves (the step message is shown even when unchanged)
STEP_ACTIONS = ("opened", "reopened", "ready_for_review", "converted_to_draft", "closed")


def _ordered(reviews: list[ReviewInfo]) -> list[ReviewInfo]:
    """Submitted reviews, oldest first (a pending review has no submission time yet)."""
    return sorted((r for r in reviews if r.state != "PENDING" and r.submitted_at is not None),
                  key=lambda r: (r.submitted_at, r.id))


@dataclass(frozen=True)
class StepDecision:
    label: str | None  # the step label the pull request should have; None: leave the labels
    request_from: str | None  # role to ask for a review now ('staf' / 'kasubbag'), None: nobody
    reason: ReviewInfo | None = None  # the review that decided, None: no deciding review (yet)
    rejections: tuple[ReviewInfo, ...] = ()  # the Kasubbag's requests for changes, oldest first


def step_decision(pull: PullInfo, reviews: list[ReviewInfo], is_staf: Callable[[str], bool],
                  is_kasubbag: Callable[[str], bool]) -> StepDecision:
    """The step a pull request is at, from its state alone (any event, any order, any re-run)."""
    ordered = _ordered(reviews)
    rejections = tuple(r for r in ordered if r.state == "CHANGES_REQUESTED" and is_kasubbag(r.user))
    if pull.merged:
        return StepDecision(STEP_6, None, None, rejections)
    if pull.state != "open":
        return StepDecision(None, None, None, rejections)
    if pull.draft:
        return StepDecision(STEP_3, None, None, rejections)
    label, request, reason = STEP_4, "staf", None  # ready for review, nobody has decided yet
    for review in ordered:
        if review.state not in DECIDING:
            continue
        outcome = review_outcome(review.state, is_staf(review.user), is_kasubbag(review.user))
        if outcome.label is not None:
            label, request, reason = outcome.label, outcome.request_from, review
    return StepDecision(label, request, reason, rejections)


def still_to_ask(members: list[str], pull: PullInfo, reviews: list[ReviewInfo],
                 since: ReviewInfo | None) -> list[str]:
    """The role's members to ask for a review now: each one not asked already and who has not
    reviewed since the review that made it the role's turn (`since`; None: since the start)."""
    requested = {login.lower() for login in pull.requested_users}
    after = _ordered(reviews)
    if since is not None:
        after = [r for r in after if (r.submitted_at, r.id) > (since.submitted_at, since.id)]
    reviewed = {r.user.lower() for r in after if r.state != "DISMISSED"}
    return [member for member in members if member.lower() not in requested | reviewed]


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
    elif event_name in ("pull_request", "pull_request_review"):
        _pull_event(event_name, action, payload, gh, settings, result)
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
    author = (issue.get("user") or {}).get("login", "")
    if settings.roles.role_of(author) is None:
        # On a public repository anyone can open an issue with the Disposisi form: only the
        # people of the SOP's roles order content (sop.history leaves such issues out of reports).
        result.say(f"Disposisi #{number} dibuka oleh @{author}, yang tidak termasuk peran SOP (site_config/jdih.yml, "
                   "roles): tidak ada tautan draf, dan issue ini tidak dihitung dalam laporan SOP.")
        return
    item = disp.disposisi_from_issue(number, issue.get("title", ""), issue.get("body") or "", author)
    content = disp.render_draft(settings, root, title=item.content_title, slug=item.slug,
                                date=disp.office_today(settings), disposisi=number, author="")
    link = disp.new_file_link(gh.repo_web_url, item.slug, content, gh.default_branch_name)
    state = gh.upsert_comment(number, disp.LINK_MARKER, disp.link_comment(item, link, item.slug, content))
    if STEP_1 not in gh.labels_of(number):  # fresh: a re-delivered payload has stale labels
        gh.add_labels(number, [STEP_1])
        result.say(f"Disposisi #{number}: label {STEP_1} dipasang.")
    what = {"dibuat": "dikirim", "diperbarui": "diperbarui", "sama": "sudah ada, tidak diubah"}[state]
    result.say(f"Disposisi #{number}: komentar berisi tautan pembuatan draf {disp.draft_path(item.slug)} {what}.")


def refused_warning(login: str, repository_url: str) -> str:
    """What to do when GitHub refuses to ask `login` for a review (422: not a collaborator yet)."""
    return (f"PERINGATAN: GitHub menolak permintaan ulasan untuk @{login} (HTTP 422: akun itu belum menjadi "
            f"kolaborator repositori ini). Bila @{login} sudah diundang, mohon ia menerima undangannya di "
            f"{repository_url}/invitations; bila belum, pemilik repositori menambahkannya di Settings → "
            "Collaborators dengan hak Write, lalu meminta ulasannya di kolom Reviewers pull request ini. "
            "Tahap SOP tetap diperbarui.")


def ask_for_review(gh, number: int, members: list[str], result: EventResult) -> None:
    """Request the reviews; a login GitHub refuses is a warning, never a failed run."""
    for login in gh.request_reviewers(number, members) or []:
        result.say(refused_warning(login, gh.repo_web_url))


def _pull_event(event_name: str, action: str, payload: dict, gh, settings: Settings, result: EventResult) -> None:
    number = payload["pull_request"]["number"]
    if event_name == "pull_request_review" and action not in ("submitted", "dismissed"):
        result.say(f"Ulasan PR #{number} ({action}): tahap SOP tidak berubah.")
        return
    if not touches_drafts(gh.pull_files(number)):
        result.say(f"PR #{number} tidak mengubah folder drafts/: bukan konten, tidak ada tindakan SOP.")
        return
    pull = gh.pull(number)  # fresh: the payload may predate other events (or belong to a cancelled run)
    reviews = gh.reviews(number)
    roles = settings.roles
    decision = step_decision(pull, reviews, lambda login: gh.in_role(login, roles.staf),
                             lambda login: gh.in_role(login, roles.kasubbag))
    if decision.label is None:
        result.say(f"PR #{number} ({action}): tahap SOP tidak berubah.")
        return
    changed = set_step_label(gh, number, decision.label, gh.labels_of(number))
    count = _count_rejections(gh, number, decision) if decision.rejections else 0
    members = {"staf": reviewers_for(roles.staf, pull.author),
               "kasubbag": reviewers_for(roles.kasubbag, pull.author)}.get(decision.request_from or "", [])
    asking = still_to_ask(members, pull, reviews, decision.reason) if decision.request_from else []
    if asking:
        ask_for_review(gh, number, asking, result)
    warnings, result.messages = result.messages, []
    review = payload.get("review") or {}
    decided_here = (event_name == "pull_request_review" and decision.reason is not None
                    and decision.reason.id == review.get("id"))
    sets_step = event_name == "pull_request" and action in STEP_ACTIONS
    if changed or asking or decided_here or sets_step:
        result.say(_step_message(number, decision, members, count, pull.author))
    elif event_name == "pull_request_review":
        reviewer = (review.get("user") or {}).get("login", "")
        result.say(f"Ulasan @{reviewer} ({str(review.get('state', '')).lower()}) pada PR #{number}: "
                   "tahap SOP tidak berubah.")
    else:
        result.say(f"PR #{number} ({action}): tahap SOP tidak berubah.")
    result.messages += warnings


def _count_rejections(gh, number: int, decision: StepDecision) -> int:
    """Bring the rejection counter up to date with the reviews (each counted once); the count."""
    count, ids = parse_rejections([c.body for c in gh.comments(number)])
    new = [rejection.id for rejection in decision.rejections if rejection.id not in ids]
    if new:
        count, ids = count + len(new), ids + new
        gh.upsert_comment(number, "<!-- jdih:penolakan ", rejection_comment(count, ids, decision.rejections[-1].user))
    return count


def _step_message(number: int, decision: StepDecision, members: list[str], count: int, author: str) -> str:
    reason = decision.reason
    if decision.label == STEP_6:
        return f"PR #{number} digabung: label {STEP_6} dipasang; draf siap diterbitkan."
    if decision.label == STEP_3:
        return (f"PR #{number} masih draf: label {STEP_3} dipasang. Klik 'Ready for review' bila konsep "
                "siap disunting.")
    if reason is None:  # step 4, nobody has decided yet
        if members:
            return f"PR #{number}: label {STEP_4} dipasang; ulasan (sunting) diminta dari {mention(members)}."
        return (f"PR #{number}: label {STEP_4} dipasang; PERINGATAN: tidak ada staf selain penulis "
                f"@{author} — tambahkan akun staf lain di site_config/jdih.yml (roles.staf).")
    if decision.label == STEP_4 and decision.request_from == "staf":  # the Kasubbag's "Tidak"
        return (f"PR #{number}: Kasubbag @{reason.user} meminta perubahan (penolakan ke-{count}); kembali ke "
                f"{STEP_4}; ulasan diminta lagi dari {mention(members) or '(tidak ada staf)'}.")
    if decision.label == STEP_4:
        return f"PR #{number}: staf @{reason.user} meminta perubahan; tetap di {STEP_4} (sunting)."
    if decision.request_from == "kasubbag":
        return (f"PR #{number} disetujui staf @{reason.user}: label {STEP_5} dipasang; persetujuan diminta "
                f"dari Kasubbag {mention(members) or '(tidak ada Kasubbag selain penulis)'}.")
    return (f"PR #{number} disetujui Kasubbag @{reason.user}: label {STEP_5} dipasang; siap digabung "
            "(Merge pull request).")


def load_event(event_name: str | None, event_path: str | None) -> tuple[str, dict]:
    """Read GITHUB_EVENT_NAME / GITHUB_EVENT_PATH as GitHub Actions provides them."""
    if not event_name or not event_path:
        raise ValueError("GITHUB_EVENT_NAME dan GITHUB_EVENT_PATH harus diisi — perintah ini dijalankan "
                         "oleh GitHub Actions; untuk mencoba, berikan --nama dan --berkas")
    return event_name, json.loads(Path(event_path).read_text(encoding="utf-8"))

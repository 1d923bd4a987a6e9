"""The SOP's history read back from GitHub: each content item's events for the report.

PyGithub objects in, `ItemEvents` out (`jdih.reporting.timeline` turns them into timelines).
Where GitHub has no record, the field stays None and the timeline says the step could not
be measured. Sources:
  disposisi      the issue the pull request body follows up ("Menindaklanjuti #N", "Closes #N")
  first commit   the earliest author date among the pull request's commits
  ready          pull request opened as non-draft, else its first "ready_for_review" event
  reviews        roles from settings.roles by login (team entries "org/team" are not
                 expanded here: list people by login for the report to see their reviews)
  notified       the notifier's ledger comment (jdih.notify.ledger) on the pull request
  uploads        step 6a: the upload ledger comment (jdih.social.ledger) a bot wrote on the pull
                 request, per platform its state, mode and "sent" time
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from jdih.content.settings import Settings
from jdih.content.social_text import PLATFORMS
from jdih.notify.ledger import parse_comment
from jdih.reporting.timeline import ItemEvents, Review, Upload, aware
from jdih.social.ledger import PostUploads
from jdih.social.ledger import parse_comment as parse_upload_comment
from jdih.sop.disposisi import disposisi_number_in, strip_prefix

READY = "ready_for_review"
TO_DRAFT = "convert_to_draft"


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # PyGithub returns aware UTC datetimes in v2; older versions returned naive UTC.
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def disposisi_reference(body: str | None) -> int | None:
    """The disposisi a pull request body follows up ('Menindaklanjuti #12', 'Closes #12')."""
    return disposisi_number_in(body or "")


def ready_time(pull: Any, events: list[Any]) -> dt.datetime | None:
    """When the pull request was first ready for review: opened as non-draft, or marked ready."""
    if pull.draft:
        return None
    for event in sorted(events, key=lambda e: _utc(e.created_at)):
        if event.event == READY:
            return _utc(event.created_at)  # opened as a draft, then marked ready
        if event.event == TO_DRAFT:
            break  # it was ready before it became a draft: ready since it was opened
    return _utc(pull.created_at)


def notified_from_comments(comments: Iterable[Any]) -> tuple[str | None, dt.datetime | None]:
    """(post id, time sent) from the notifier's ledger comment on the pull request, if sent."""
    for comment in comments:
        entry = parse_comment(comment.body or "")
        if entry is None:
            continue
        sent = [e.get("time") for e in entry.events if e.get("state") == "sent" and e.get("time")]
        if entry.state == "sent" and sent:
            return entry.post_id, aware(sent[-1])
        return entry.post_id, None
    return None, None


def uploads_of(record: PostUploads) -> list[Upload]:
    """The upload ledger's record as plain `Upload`s (PLATFORMS order) for the timeline and register."""
    uploads = []
    for platform in PLATFORMS:
        entry = record.platforms.get(platform)
        if entry is None:
            continue
        sent = entry.state == "sent"
        uploads.append(Upload(platform=platform, state=entry.state, mode=entry.mode, url=entry.url if sent else "",
                              sent_at=_utc(entry.sent_at) if sent else None))
    return uploads


def _by_bot(comment: Any) -> bool:
    # As `notify.ledger.PyGithubCommentStore`: only a bot writes ledgers; anyone can comment.
    user = getattr(comment, "user", None)
    return user is not None and getattr(user, "type", None) == "Bot"


def uploads_from_comments(comments: Iterable[Any], post_id: str | None) -> tuple[str | None, list[Upload]]:
    """(post id, uploads) from the bot's upload ledger comment (of `post_id`, when known); none: []."""
    for comment in comments:
        if not _by_bot(comment):
            continue
        record = parse_upload_comment(comment.body or "")
        if record is not None and (post_id is None or record.post_id == post_id):
            return record.post_id, uploads_of(record)
    return post_id, []


def _role(login: str, settings: Settings) -> str | None:
    return settings.roles.role_of(login)


SCHEDULE_LINE = re.compile(r"<!-- jdih:jadwal waktu=(\S+) -->")


def scheduled_from_comments(comments: Iterable[Any]) -> dt.datetime | None:
    """The scheduled time the bot's "⏰ Terjadwal" record holds (`sop.record.change_comment`), if any."""
    for comment in comments:
        if not _by_bot(comment):
            continue
        match = SCHEDULE_LINE.search(comment.body or "")
        if match:
            try:
                return _utc(dt.datetime.fromisoformat(match.group(1)))
            except ValueError:
                return None
    return None


def events_from_pull(repo: Any, pull: Any, settings: Settings, disposisi: Any | None = None) -> ItemEvents:
    number = disposisi.number if disposisi is not None else disposisi_reference(pull.body)
    if disposisi is None and number is not None:
        try:
            disposisi = repo.get_issue(number)
        except Exception:  # a reference to a deleted or foreign issue: leave step 1–2 unmeasured
            disposisi = None
            number = None
    if disposisi is not None and not ordered_in_role(disposisi, settings):
        disposisi, number = None, None  # not an order of the SOP: steps 1–2 stay unmeasured
    commits = list(pull.get_commits())
    commit_times = [_utc(c.commit.author.date) for c in commits if c.commit and c.commit.author]
    events = list(pull.get_issue_events())
    # Under "dismiss stale approvals on push" (the ruleset `jdih siapkan` makes) every approval
    # of an earlier round reads DISMISSED; its "review_dismissed" event keeps what it was
    # (`dismissed_review.state`, schema `review-dismissed-issue-event`), and the step was done then.
    was = {e.dismissed_review.get("review_id"): str(e.dismissed_review.get("state", "")).upper()
           for e in events if e.event == "review_dismissed" and isinstance(e.dismissed_review, dict)}
    reviews = [Review(login=r.user.login, role=_role(r.user.login, settings),
                      state=was.get(r.id, r.state) if r.state == "DISMISSED" else r.state,
                      submitted_at=_utc(r.submitted_at))
               for r in pull.get_reviews() if r.user is not None and r.submitted_at is not None]
    comments = list(pull.get_issue_comments()) if pull.merged_at else []
    post_id, notified = notified_from_comments(comments)
    post_id, uploads = uploads_from_comments(comments, post_id)
    scheduled = scheduled_from_comments(comments)
    return ItemEvents(
        title=pull.title, post_id=post_id, disposisi_number=number,
        disposisi_created_at=_utc(disposisi.created_at) if disposisi is not None else None,
        disposisi_author=disposisi.user.login if disposisi is not None and disposisi.user else None,
        first_commit_at=min(commit_times) if commit_times else None,
        pull_request_number=pull.number, pull_request_created_at=_utc(pull.created_at),
        ready_for_review_at=ready_time(pull, events),
        pull_request_author=pull.user.login if pull.user else None, pull_request_url=pull.html_url,
        reviews=reviews, merged_at=_utc(pull.merged_at), notified_at=notified, uploads=uploads,
        scheduled_at=scheduled)


def ordered_in_role(issue: Any, settings: Settings) -> bool:
    """A disposisi counts only when someone of the SOP's roles opened it (anyone can open an
    issue on a public repository; `jdih peristiwa` gives such an issue no draft link either)."""
    return issue.user is not None and _role(issue.user.login, settings) is not None


def events_from_disposisi(issue: Any) -> ItemEvents:
    """A disposisi no pull request follows up yet."""
    return ItemEvents(title=strip_prefix(issue.title), disposisi_number=issue.number,
                      disposisi_created_at=_utc(issue.created_at),
                      disposisi_author=issue.user.login if issue.user else None)


def events_from_github(repo: Any, issue_or_pr_numbers: Iterable[int] | None, settings: Settings) -> list[ItemEvents]:
    """ItemEvents for the given issue / pull request numbers, or for every content item when None.

    A pull request number gives its item (with the disposisi it follows up); a disposisi
    issue number gives the item of the pull request that follows it up, or the disposisi
    alone when there is none yet. With None: every pull request that follows up a
    disposisi or changes ``drafts/``, plus every disposisi issue without one.
    """
    pulls = list(repo.get_pulls(state="all", sort="created", direction="asc"))
    followed = {}
    for pull in pulls:
        reference = disposisi_reference(pull.body)
        if reference is not None:
            followed.setdefault(reference, pull)
    items: list[ItemEvents] = []
    seen: set[int] = set()
    if issue_or_pr_numbers is None:
        for pull in pulls:
            if disposisi_reference(pull.body) is None and not any(
                    f.filename.startswith("drafts/") for f in pull.get_files()):
                continue
            items.append(events_from_pull(repo, pull, settings))
            seen.add(pull.number)
        for issue in repo.get_issues(state="all", labels=["disposisi"]):
            if issue.pull_request is None and issue.number not in followed and ordered_in_role(issue, settings):
                items.append(events_from_disposisi(issue))
        return items
    for number in issue_or_pr_numbers:
        issue = repo.get_issue(number)
        if issue.pull_request is not None:
            pull = repo.get_pull(number)
        else:
            pull = followed.get(number)
            if pull is None:
                if ordered_in_role(issue, settings):
                    items.append(events_from_disposisi(issue))
                continue
        if pull.number in seen:
            continue
        seen.add(pull.number)
        items.append(events_from_pull(repo, pull, settings))
    return items


# -- the register's data: what GitHub knows of each published post ----------------------------

REGISTER_LOOKUPS = 150  # posts asked about per run, newest first (each costs one or two requests)
PENDING_RECHECK_DAYS = 30  # a notice not sent this long after publication is no longer asked about


def _this_repository(provenance: Any, repository: str | None) -> bool:
    """A post promoted from a pull request of this repository (sample or imported content
    carries pull request numbers that mean something else here)."""
    url = str(provenance.pull_request_url or "")
    return not (repository and url and f"/{repository.lower()}/pull/" not in url.lower())


def ledger_state(store: Any, number: int, post_id: str) -> tuple[str, dt.datetime | None]:
    """(state, time sent) of the post's ledger comment on pull request `number`; "none" when there
    is none. `store` lists only comments a bot wrote (`notify.ledger.PyGithubCommentStore`): a
    comment anyone else wrote cannot make a post "sent"."""
    state, sent_at, _ = ledger_states(store, number, post_id)
    return state, sent_at


def ledger_states(store: Any, number: int,
                  post_id: str) -> tuple[str, dt.datetime | None, tuple[Upload, ...]]:
    """`ledger_state` and the post's step 6a uploads (the upload ledger comment, `social.ledger`)
    from one listing of the bot's comments; no upload comment: ()."""
    state, sent_at, uploads = "none", None, None
    for _, body in store.list_comments(number):
        entry = parse_comment(body)
        if entry is not None and entry.post_id == post_id and state == "none":
            sent = [e.get("time") for e in entry.events if e.get("state") == "sent" and e.get("time")]
            state, sent_at = entry.state, (aware(sent[-1]) if entry.state == "sent" and sent else None)
        record = parse_upload_comment(body)
        if record is not None and record.post_id == post_id and uploads is None:
            uploads = tuple(uploads_of(record))
    return state, sent_at, uploads or ()


def disposisi_created(repo: Any, number: int, settings: Settings) -> dt.datetime | None:
    """When disposisi issue `number` was opened; None when it is a pull request, was not opened by
    someone of the SOP's roles (`ordered_in_role`), or cannot be read."""
    from jdih.github.client import ApiError

    try:
        issue = repo.get_issue(number)
        if issue.pull_request is not None or not ordered_in_role(issue, settings):
            return None
        return _utc(issue.created_at)
    except ApiError:
        return None


def register_facts(repo: Any, posts: Iterable[tuple[str, Any]], settings: Settings, store: Any,
                   previous: dict[str, Any] | None = None, now: dt.datetime | None = None,
                   repository: str | None = None, limit: int = REGISTER_LOOKUPS,
                   echo: Any = None) -> dict[str, Any]:
    """post id → `reporting.register.PostFacts` for the published `posts` ((post id, PostMeta)).

    `previous` (the last run's data) is kept where it is final: a disposisi date does not change,
    nor does a sent notice whose uploads are all up (`PostFacts.final`). GitHub is asked about the
    rest, newest first, at most `limit` posts a run (GITHUB_TOKEN may make 1,000 requests an hour;
    the others are asked in later runs), and about a notice or an upload not yet sent only within
    `PENDING_RECHECK_DAYS` of its publication. The WhatsApp and upload ledgers are read from the
    same listing of the pull request's comments."""
    from jdih.github.client import ApiError
    from jdih.reporting.register import PostFacts

    previous = dict(previous or {})
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    ordered = sorted(posts, key=lambda item: _published(item[1]) or dt.datetime.min.replace(tzinfo=dt.UTC),
                     reverse=True)
    facts: dict[str, Any] = {}
    asked = 0
    for post_id, meta in ordered:
        prov = meta.provenance
        number = (prov.disposisi if prov and prov.disposisi else None) or meta.disposisi
        before = previous.get(post_id) or PostFacts()
        pull = prov.pull_request if prov and prov.pull_request and _this_repository(prov, repository) else None
        published = _published(meta)
        want_disposisi = number is not None and (before.disposisi_number != number or before.checked_at is None)
        want_ledger = pull is not None and not before.final and (
            before.notification is None
            or published is None or now - published <= dt.timedelta(days=PENDING_RECHECK_DAYS))
        if not (want_disposisi or want_ledger) or asked >= limit:
            # kept as it was; a disposisi number that changed is asked about in a later run
            facts[post_id] = before if before.disposisi_number == number else \
                PostFacts(number, None, before.notification, before.notified_at, None, before.uploads)
            continue
        asked += 1
        created = before.disposisi_created_at if before.disposisi_number == number else None
        if want_disposisi:
            created = disposisi_created(repo, number, settings)
        state, sent_at, uploads = before.notification, before.notified_at, before.uploads
        if want_ledger:
            try:
                state, sent_at, uploads = ledger_states(store, pull, post_id)
            except ApiError:
                pass  # asked again next run
        facts[post_id] = PostFacts(number, created, state, sent_at, now, uploads)
    if echo is not None and asked >= limit:
        echo(f"Data buku agenda: {limit} konten ditanyakan ke GitHub; sisanya pada pembaruan berikutnya.")
    return facts


def _published(meta: Any) -> dt.datetime | None:
    prov = meta.provenance
    value = (prov.merged_at or prov.approved_at) if prov else None
    return _utc(value) if value is not None else None

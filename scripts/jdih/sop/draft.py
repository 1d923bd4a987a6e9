"""The Indonesian draft template (`site_config/templates/draft.md.j2`), rendered for
`jdih mulai` and for the GitHub web-editor link that pre-fills a new draft."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from jdih.content.clock import abbreviation, today
from jdih.content.files import is_draft, slugify
from jdih.content.post import SLUG_PATTERN, TITLE_MAX, read_source
from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings
from jdih.content.social_text import format_number
from jdih.github.client import GitHubRepo, PullInfo
from jdih.github.git import GitError, GitRepo, PushStatus
from jdih.sop.check import LIMITS, SLUG_SUGGESTION
from jdih.sop.review import STEP_3, STEP_4, reviewers_for

TEMPLATE_NAME = "draft.md.j2"
# The repository's own templates, for when the command runs outside the checkout.
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[3] / "site_config" / "templates"


def _yaml_string(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): safe for ':' '#' quotes."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def template_dir(root: Path | None = None) -> Path:
    local = (root or Path.cwd()) / "site_config" / "templates"
    return local if (local / TEMPLATE_NAME).is_file() else PACKAGE_TEMPLATES


def render_draft_template(settings: Settings, *, templates: Path | None = None, title: str = "",
                          slug: str | None = None, date: dt.date | str | None = None,
                          disposisi: int | str | None = None, author: str | None = None) -> str:
    """The draft file's text. An unfilled draft fails `jdih periksa` on purpose (description,
    categories, image and caption are left empty) so that nothing incomplete is published."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates or template_dir())),
        undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_string
    if isinstance(date, dt.date):
        date = date.isoformat()
    limits = {**LIMITS, "title": TITLE_MAX, "instagram_text": format_number(LIMITS["instagram"]),
              "facebook_text": format_number(LIMITS["facebook"])}
    return env.get_template(TEMPLATE_NAME).render(
        title=title or "",
        slug=slug or slugify(title or "", fallback=SLUG_SUGGESTION),
        date=date or today(settings).isoformat(),
        disposisi="" if disposisi in (None, "") else int(str(disposisi).lstrip("#")),
        author=(author or "").lstrip("@"),
        categories=list(settings.categories),
        office_hashtags=", ".join(f"#{tag}" for tag in settings.share.hashtags) or "tidak ada",
        limits=limits,
        zone=abbreviation(settings),  # WIB, WITA or WIT: the office's clock
        settings=settings,
    )


# -- `jdih mulai` and `jdih ajukan`: the operator's side of steps 3–4 --------------------------

BRANCH_PREFIX = "konsep/"


class DraftError(Exception):
    """A draft cannot be started or submitted; the message says why and how to fix it."""


@dataclass(frozen=True)
class StartedDraft:
    branch: str
    path: str  # relative to the repository: drafts/<slug>/index.md


def start_draft(repo: GitRepo, settings: Settings, title: str, *, slug: str | None = None,
                disposisi: int | None = None, date: dt.date | None = None, author: str | None = None,
                start: str = "main") -> StartedDraft:
    """Branch `konsep/<slug>` from `start` with `drafts/<slug>/index.md` from the template, committed:
    the folder layout the disposisi link makes too (`sop.disposisi`), its image to go beside it."""
    from jdih.sop.disposisi import draft_path, render_draft

    slug = slug or slugify(title)
    if not slug or not SLUG_PATTERN.fullmatch(slug):
        raise DraftError(f"slug '{slug}' tidak sah — gunakan huruf kecil, angka dan tanda hubung, "
                         "mis. --slug uu-7-2017-pemilu")
    relative = draft_path(slug)
    taken = next((name for name in (f"drafts/{slug}", f"drafts/{slug}.md") if (repo.root / name).exists()), None)
    if taken is not None:
        raise DraftError(f"{taken} sudah ada — pilih slug lain dengan --slug")
    author = (author or settings.roles.pengelola[0]).lstrip("@")
    text = render_draft(settings, repo.root, title=title, slug=slug, date=date or today(settings),
                        disposisi=disposisi, author=author)
    branch = BRANCH_PREFIX + slug
    try:
        repo.create_branch(branch, start)
    except GitError as exc:
        raise DraftError(str(exc)) from None
    path = repo.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    suffix = f" (disposisi #{disposisi})" if disposisi else ""
    repo.commit([relative], f"Konsep: {title}{suffix}")
    return StartedDraft(branch, relative)


def pull_body(disposisi_number: int | None, drafts: list[str]) -> str:
    lines = []
    if disposisi_number:
        lines.append(f"Menindaklanjuti #{disposisi_number}")
        lines.append("")
    lines.append("## Draf")
    lines += [f"- `{name}`" for name in drafts]
    lines += ["", "## Alur SOP",
              "- [x] Tahap 3: konsep dibuat dan diajukan oleh pengelola JDIH",
              "- [ ] Tahap 4: disunting dan disetujui staf (Review changes → Approve)",
              "- [ ] Tahap 5: disetujui Kasubbag, lalu Merge pull request",
              "- [ ] Tahap 6: terbit otomatis dan tautan dikirim ke grup WhatsApp"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Submission:
    """What `jdih ajukan` will propose, worked out locally before GitHub is contacted."""
    branch: str
    base: str
    drafts: list[str]
    title: str
    disposisi: int | None


def prepare_submission(repo: GitRepo, *, base: str = "main", disposisi: int | None = None) -> Submission:
    branch = repo.current_branch()
    if not branch or branch == base:
        raise DraftError(f"Anda sedang di cabang '{branch or '(tanpa cabang)'}' — pindah ke cabang konsep "
                         "(mis. git switch konsep/<slug>) atau buat dengan 'jdih mulai'")
    if not repo.is_clean(["drafts"]):
        raise DraftError("ada perubahan draf yang belum di-commit — commit dulu (git add drafts && git "
                         "commit -m \"…\"), lalu jalankan 'jdih ajukan' lagi")
    with contextlib.suppress(GitError):
        repo.fetch("origin", base)
    compare = f"origin/{base}" if repo.has_ref(f"origin/{base}") else base
    drafts = [name for name in repo.changed_files(compare, "drafts/") if is_draft(name)]
    if not drafts:
        raise DraftError(f"cabang {branch} tidak mengubah draf apa pun di drafts/ — buat draf dengan 'jdih mulai'")
    meta = _front_matter(repo.root / drafts[0])
    declared = meta.get("disposisi")
    number = disposisi or (declared if isinstance(declared, int) else None)
    return Submission(branch, base, drafts, str(meta.get("title") or drafts[0]), number)


@dataclass(frozen=True)
class Submitted:
    pull: PullInfo
    label: str
    reviewers: list[str]
    refused: list[str] = field(default_factory=list)  # those GitHub would not ask (422: not collaborators yet)


def submit_draft(repo: GitRepo, gh: GitHubRepo, settings: Settings, submission: Submission, *,
                 as_draft: bool = False) -> Submitted:
    """Push the branch, open the pull request that follows up the disposisi, and hand it to
    the staff for editing (step 4) — or leave it in step 3 as a draft pull request."""
    outcome = repo.push(submission.branch, set_upstream=True)
    if outcome.status not in (PushStatus.PUSHED, PushStatus.UP_TO_DATE):
        raise DraftError(f"cabang {submission.branch} tidak dapat didorong ({outcome.detail}) — tarik perubahan "
                         f"terbaru (git pull --rebase origin {submission.branch}) lalu coba lagi")
    pull = gh.create_pull(f"Konsep: {submission.title}", pull_body(submission.disposisi, submission.drafts),
                          submission.branch, submission.base, draft=as_draft)
    if as_draft:
        gh.add_labels(pull.number, [STEP_3])
        return Submitted(pull, STEP_3, [])
    gh.add_labels(pull.number, [STEP_4])
    staf = reviewers_for(settings.roles.staf, pull.author)
    refused = (gh.request_reviewers(pull.number, staf) or []) if staf else []
    return Submitted(pull, STEP_4, staf, refused)


def _front_matter(path: Path) -> dict:
    try:
        data = read_source(path).front_matter.data
    except ProblemsError:
        return {}
    return data if isinstance(data, dict) else {}

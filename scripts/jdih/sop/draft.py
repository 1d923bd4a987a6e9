"""The Indonesian draft template (`site_config/templates/draft.md.j2`), rendered for
`jdih mulai` and for the GitHub web-editor link that pre-fills a new draft."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jinja2

from jdih.sop.check import LIMITS, suggest_slug
from jdih.content.post import TITLE_MAX
from jdih.content.settings import Settings

TEMPLATE_NAME = "draft.md.j2"
# The repository's own templates, for when the command runs outside the checkout.
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[3] / "site_config" / "templates"


def _yaml_string(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): safe for ':' '#' quotes."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


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
    limits = {**LIMITS, "title": TITLE_MAX, "instagram_text": _number(LIMITS["instagram"]),
              "facebook_text": _number(LIMITS["facebook"])}
    return env.get_template(TEMPLATE_NAME).render(
        title=title or "",
        slug=slug or suggest_slug(title or ""),
        date=date or dt.date.today().isoformat(),
        disposisi="" if disposisi in (None, "") else int(str(disposisi).lstrip("#")),
        author=(author or "").lstrip("@"),
        categories=list(settings.categories),
        office_hashtags=", ".join(f"#{tag}" for tag in settings.share.hashtags) or "tidak ada",
        limits=limits,
        settings=settings,
    )

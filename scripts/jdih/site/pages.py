"""Page stage of the site: listing pages to generate and the view model of every page.

**One escaping rule.** The view models hold the text as written (never pre-escaped); the
templates in `site_config/overrides/` render them inside `{% autoescape true %}`, which escapes
every string once. Material's own templates are not autoescaped and print a few values as
HTML (`<title>`, the meta description, the header, the copyright): those get `Markup` made by
the same `escape` here, once (`_html_text`) — Markup is never escaped again, by autoescape or
by Material's `| e`. Every other `Markup` here is joined from escaped parts only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from jdih.content import media
from jdih.content.clock import abbreviation, bulan_tahun, now, office_now, tanggal, tanggal_jam, zone_of
from jdih.content.files import CONTENT_DIR, MediaError, key_line, media_path
from jdih.content.post import ANNOUNCE_WINDOW_DAYS
from jdih.content.problems import Problem, ProblemsError
from jdih.content.safety import is_reserved_id
from jdih.content.settings import Settings
from jdih.content.social_text import HASHTAG, platform_caption
from jdih.site import records, share
from jdih.site.cards import CardMaker, Cards, CardText
from jdih.site.catalog import Catalog, Post, label_key
from jdih.site.images import ImageCache, ImageError, ProcessedImage, Rendition, srcset
from jdih.site.qr import qr_svg

SHARE_TEMPLATE = Path("site_config") / "templates" / "share.txt.j2"
# The About page: its template adds the office's contacts and social accounts from the settings.
ABOUT_PAGE = "tentang.md"
ABOUT_TEMPLATE = "jdih/about.html"
# A withdrawn or expired post's URL: the notice (title, date, reason, approver), noindex.
NOTICE_TEMPLATE = "jdih/withdrawn.html"
SOCIAL_LABELS = {"facebook": "Facebook", "instagram": "Instagram", "x": "X", "youtube": "YouTube",
                 "tiktok": "TikTok", "threads": "Threads", "whatsapp": "Saluran WhatsApp", "telegram": "Telegram"}
# A logo in one of these formats is also the link preview (og:image) of pages without an image of
# their own; platforms do not show SVG.
RASTER_LOGO = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


# Material's `content.tooltips` writes a link's or an image's `title` into the page as HTML, so a
# draft's `[x](https://… "&lt;img src=x onerror=…&gt;")` would run on hover; without it the
# browser shows the title as plain text.
REFUSED_FEATURES = ("content.tooltips",)


# Material's base.html gives its two toggle checkboxes (drawer, search) autocomplete="off", which
# HTML allows on text-like inputs only: the Nu checker's one error on every page. It asked Firefox
# not to restore an open drawer or search on reload; jdih.js closes a restored one instead.
_TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
    r' autocomplete="off">')


def valid_toggles(html: str) -> str:
    """The page without `autocomplete` on Material's two toggle checkboxes (only those two)."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1>", html, count=2)


def _html_text(text: str) -> Markup:
    """Text for a value Material prints unescaped: escaped once, marked so it never is again."""
    return escape(text)


def refused_features(config: MkDocsConfig) -> list[Problem]:
    """Theme features that would turn a draft's text into HTML, with their line in mkdocs.yml."""
    features = list(config.theme.get("features") or [])
    path = Path(config.config_file_path or "mkdocs.yml")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    problems = []
    for feature in REFUSED_FEATURES:
        if feature in features:
            line = next((n for n, text in enumerate(lines, 1) if text.strip() == f"- {feature}"), 1)
            problems.append(Problem(
                path.name, line, "theme.features",
                f"fitur '{feature}' menyisipkan atribut title dari draf ke halaman sebagai HTML, sehingga "
                "kode di dalamnya dapat berjalan",
                f"hapus baris '- {feature}' dari theme.features; judul tautan tetap tampil sebagai teks biasa"))
    return problems


def apply_settings(config: MkDocsConfig, settings: Settings, docs_dir: Path) -> None:
    """The office edits one settings file; mkdocs.yml stays the same for every office."""
    problems = refused_features(config)
    if problems:
        raise PluginError("Konfigurasi tidak aman:\n" + "\n".join(str(p) for p in problems))
    # Material prints these unescaped (and `| e` leaves Markup alone): escaped once, here.
    config.site_name = _html_text(settings.site.title)
    config.site_url = settings.site.url
    config.site_description = _html_text(settings.site.description or settings.site.title)
    config.site_author = _html_text(settings.office.name)
    config.copyright = Markup("© {} · {}").format(settings.office.name, settings.office.unit)
    config.extra["generator"] = False  # no "Made with Material for MkDocs" (the footer is ours anyway)
    config.extra["jdih_office"] = office_view(settings)
    config.theme["logo"] = settings.site.logo
    config.theme["favicon"] = settings.site.logo
    if config.nav is not None:
        config.nav = list(config.nav) + optional_nav(settings, docs_dir)


def office_view(settings: Settings) -> dict:
    """The office as the footer, the letterhead and the About page show it (plain text; the
    templates escape it). Every link comes from a validated setting: `tel:` from the phone's
    digits, `mailto:` from a checked address, web addresses through `content.urls`."""
    office = settings.office
    address = office.address
    if office.region and office.region.lower() not in address.lower():
        address = f"{address}, {office.region}" if address else office.region
    contacts = []
    if address:
        contacts.append({"kind": "address", "label": "Alamat", "text": address, "href": None})
    if office.contacts.phone:
        contacts.append({"kind": "phone", "label": "Telepon", "text": office.contacts.phone,
                         "href": office.contacts.tel()})
    if office.contacts.email:
        contacts.append({"kind": "email", "label": "Surel", "text": office.contacts.email,
                         "href": "mailto:" + office.contacts.email})
    if office.contacts.website:
        shown = re.sub(r"^https?://(www\.)?", "", office.contacts.website).rstrip("/")
        contacts.append({"kind": "website", "label": "Situs web", "text": shown, "href": office.contacts.website})
    return {
        **office.model_dump(exclude={"contacts", "social"}),
        "address_line": address,
        "contacts": contacts,
        "social": [{"platform": platform, "label": SOCIAL_LABELS[platform], "url": url}
                   for platform, url in office.social.items()],
        "year": office_now(settings).year,
        # The print time is written by jdih.js at print time, in the office's zone.
        "timezone": settings.sop.timezone,
        "zone_abbreviation": abbreviation(settings),
    }


def logo_preview(path: Path, name: str) -> dict | None:
    """The logo as an og:image (URL relative to the site, size, type), when it is a PNG or JPEG
    within the image limits; None otherwise (an SVG, or no file)."""
    mime = RASTER_LOGO.get(path.suffix.lower())
    if mime is None or not path.is_file():
        return None
    try:
        with media.open_image(path, name) as image:
            width, height = image.size
    except MediaError:
        return None
    return {"url": name, "width": width, "height": height, "type": mime}


GUIDES = [("Peran dan langkah", "panduan/index.md"), ("Kasubbag", "panduan/kasubbag.md"),
          ("Staf", "panduan/staf.md"), ("Pengelola JDIH", "panduan/pengelola.md"),
          ("Akun media sosial", "panduan/akun-media-sosial.md"), ("Jika ada masalah", "panduan/masalah.md")]


def optional_nav(settings: Settings, docs_dir: Path) -> list[dict]:
    """Sections the settings can switch on or off (guides, agenda register, SOP report)."""
    nav: list[dict] = []
    if settings.site.show_register:
        nav.append({"Buku Agenda": "agenda/index.md"})
    if settings.site.show_report:
        nav.append({"Laporan SOP": "laporan/index.md"})
    if settings.site.show_guides:
        guides = [{title: uri} for title, uri in GUIDES if (docs_dir / uri).exists()]
        if guides:
            nav.append({"Panduan": guides})
    return nav


def merge_intro(existing: File, generated: str) -> str:
    """A hand-written page at a generated path (e.g. content/index.md) becomes its intro."""
    text = existing.content_string
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    return generated + "\n" + body


def _front_matter(title: str, kind: str, key: str = "") -> str:
    # No table of contents: a listing has no headings of its own, and the cards get its width.
    return (f"---\ntitle: {json.dumps(title)}\ntemplate: jdih/listing.html\n"
            f"jdih_kind: {kind}\njdih_key: {json.dumps(key)}\nhide: [toc]\n---\n")


@dataclass
class ListingSpec:
    kind: str          # home | category | tag | month | categories | tags | archive | search | agenda | report
    title: str
    key: str = ""
    page_number: int = 1


@dataclass
class SiteModel:
    catalog: Catalog
    settings: Settings
    images: dict[str, ProcessedImage]          # post src_uri → processed image
    project_root: Path
    posts_by_uri: dict[str, Post] = field(default_factory=dict)  # the live posts
    retired_by_uri: dict[str, Post] = field(default_factory=dict)  # withdrawn or expired (catalog.retired)
    listings: dict[str, ListingSpec] = field(default_factory=dict)
    consumed_media: set[str] = field(default_factory=set)
    cache: ImageCache | None = None
    qr_cache: Path | None = None  # QR codes of permanent URLs are kept across builds
    ledger: Path | None = None       # WhatsApp ledger for the register (the plugin's `ledger` option)
    report_data: Path | None = None  # SOP report data (the plugin's `report_data` option)
    register_data: Path | None = None  # the register's data from GitHub (the plugin's `register_data` option)
    logo: dict | None = None  # the office logo as og:image (logo_preview), when it is PNG or JPEG
    gallery: dict[str, list[ProcessedImage]] = field(default_factory=dict)  # post src_uri → its gallery
    cards: dict[str, Cards] = field(default_factory=dict)  # post src_uri → its social-media cards
    slides: dict[str, list[Rendition]] = field(default_factory=dict)  # post src_uri → its gallery's slides

    # -- build -----------------------------------------------------------------------
    @classmethod
    def build(cls, catalog: Catalog, settings: Settings, cache: ImageCache, root: Path,
              qr_cache: Path | None = None, ledger: Path | None = None,
              report_data: Path | None = None, register_data: Path | None = None) -> SiteModel:
        processed: dict[Path, ProcessedImage | ImageError] = {}
        images: dict[str, ProcessedImage] = {}
        problems: list[Problem] = []
        for post in catalog.posts:
            if post.image_path not in processed:  # many posts may share one file
                try:
                    processed[post.image_path] = cache.process(post.image_path, post.meta.image.src)
                except ImageError as exc:
                    processed[post.image_path] = exc
            result = processed[post.image_path]
            if isinstance(result, ImageError):  # reported with every post that names the image
                problems.append(Problem(f"{CONTENT_DIR}/{post.src_uri}",
                                        key_line(root / CONTENT_DIR / post.src_uri, ("image", "src")),
                                        "image.src", result.what, result.fix))
            else:
                images[post.src_uri] = result
        gallery, gallery_paths, gallery_uris = _process_gallery(catalog, cache, root, problems)
        if problems:
            raise ProblemsError(problems)
        model = cls(catalog, settings, images, root, cache=cache, qr_cache=qr_cache, ledger=ledger,
                    report_data=report_data, register_data=register_data, gallery=gallery)
        model.posts_by_uri = {post.src_uri: post for post in catalog.posts}
        # Withdrawn or expired: their URL keeps a notice page (no image, card or QR code of theirs).
        model.retired_by_uri = {post.src_uri: post for post in catalog.retired}
        model.consumed_media = {post.image_src_uri for post in catalog.posts} | gallery_uris
        model.cards, model.slides = _make_cards(catalog, settings, cache, root, images, gallery, gallery_paths)
        model.listings = model._plan_listings()
        model.logo = logo_preview(root / CONTENT_DIR / settings.site.logo, settings.site.logo)
        return model

    def published_renditions(self) -> list[ProcessedImage]:
        """Every processed image the site shows: the main images, then the galleries' photos."""
        return [*self.images.values(), *(image for photos in self.gallery.values() for image in photos)]

    def card_urls(self) -> list[str]:
        """The cache-relative files of every card and slide, to publish beside the renditions."""
        urls = [r.url for cards in self.cards.values() for r in cards.all()]
        return urls + [r.url for slides in self.slides.values() for r in slides]

    def _plan_listings(self) -> dict[str, ListingSpec]:
        listings: dict[str, ListingSpec] = {}
        pages = self.catalog.pages(self.settings.site.posts_per_page)
        for number in range(1, len(pages) + 1):
            uri = "index.md" if number == 1 else f"halaman/{number}/index.md"
            title = "Beranda" if number == 1 else f"Beranda — halaman {number}"
            listings[uri] = ListingSpec("home", title, page_number=number)
        listings["kategori/index.md"] = ListingSpec("categories", "Kategori")
        for key, group in self.catalog.by_category.items():  # one page per key (slug), see catalog
            listings[f"kategori/{key}/index.md"] = ListingSpec("category", f"Kategori: {group.name}", key)
        listings["tagar/index.md"] = ListingSpec("tags", "Tagar")
        for key, group in self.catalog.by_tag.items():
            listings[f"tagar/{key}/index.md"] = ListingSpec("tag", f"Tagar #{group.name}", key)
        listings["arsip/index.md"] = ListingSpec("archive", "Arsip")
        for year, month in self.catalog.by_month:
            listings[f"arsip/{year}/{month:02d}/index.md"] = ListingSpec(
                "month", f"Arsip {bulan_tahun(year, month)}", f"{year}-{month:02d}")
        listings["cari/index.md"] = ListingSpec("search", "Cari konten")
        if self.settings.site.show_register:
            listings["agenda/index.md"] = ListingSpec("register", "Buku Agenda")
        return listings

    def generated_pages(self, docs_dir: Path) -> dict[str, str]:
        pages = {uri: _front_matter(spec.title, spec.kind, spec.key) for uri, spec in self.listings.items()}
        pages.update(records.record_pages(self.settings, self.report_data))
        return pages

    # -- per page --------------------------------------------------------------------
    def post_for(self, page: Page) -> Post | None:
        return self.posts_by_uri.get(page.file.src_uri)

    def retired_for(self, page: Page) -> Post | None:
        return self.retired_by_uri.get(page.file.src_uri)

    def prepare_page(self, page: Page) -> None:
        retired = self.retired_for(page)
        if retired is not None:  # the notice only: the body, its images and its card are gone
            notice = self.notice_view(retired, "")
            page.meta = {"title": _html_text(retired.meta.title), "description": _html_text(notice["sentence"]),
                         "template": NOTICE_TEMPLATE}
            page.update_date = notice["iso"][:10] if notice["iso"] else page.update_date
            return
        post = self.post_for(page)
        if post is None:
            if page.file.src_uri == ABOUT_PAGE:
                page.meta.setdefault("template", ABOUT_TEMPLATE)
            spec = self.listings.get(page.file.src_uri)
            if spec is not None:  # a category or tag name is in its page's <title> and header
                page.meta["title"] = _html_text(spec.title)
            return
        # Material prints these unescaped in <head> and the header; the view model keeps the raw text.
        page.meta = {
            "title": _html_text(post.meta.title),
            "description": _html_text(post.meta.description),
            "template": "jdih/post.html",
        }
        # The sitemap's <lastmod>: the last correction, else the day the post went live, not the build's
        # ("the date of last modification", W3C date: https://www.sitemaps.org/protocol.html#lastmoddef).
        page.update_date = self._day(post.meta.date_modified or post.meta.live_from)

    def _day(self, moment: dt.datetime) -> str:
        return moment.astimezone(zone_of(self.settings)).date().isoformat()

    def context_for(self, page: Page, base_url: str) -> dict:
        retired = self.retired_for(page)
        if retired is not None:
            notice = self.notice_view(retired, base_url)
            return {"kind": "notice", "notice": notice, "og": self.og_notice(retired, notice)}
        post = self.post_for(page)
        if post is not None:
            if page.toc is not None:  # the sanitiser dropped these ids from the headings; so does the toc
                page.toc.items = _without_reserved_ids(list(page.toc.items))
            return {"kind": "post", "post": self.post_view(post, base_url), "og": self.og_for(post)}
        spec = self.listings.get(page.file.src_uri)
        if spec is not None:
            return {"kind": "listing", "listing": self.listing_view(spec, base_url),
                    "og": self.og_default(page)}
        return {"kind": "page", "og": self.og_default(page)}

    # -- view models -----------------------------------------------------------------
    def absolute(self, path: str) -> str:
        return self.settings.site.url + path

    def _image_view(self, post: Post, base_url: str) -> dict:
        image = self.images[post.src_uri]
        prefix = base_url.rstrip("/") + "/"
        return {
            "src": prefix + image.fallback.url,
            "srcset": ", ".join(f"{prefix}{part}" for part in srcset(image).split(", ")),
            "width": image.fallback.width,
            "height": image.fallback.height,
            "alt": post.meta.image.alt,
            "color": image.placeholder_color,
        }

    def gallery_view(self, post: Post, base_url: str) -> list[dict]:
        """The gallery's photos as the page shows them: like the main image (srcset, size, alt)."""
        prefix = base_url.rstrip("/") + "/"
        return [{
            "src": prefix + image.fallback.url,
            "srcset": ", ".join(f"{prefix}{part}" for part in srcset(image).split(", ")),
            "width": image.fallback.width,
            "height": image.fallback.height,
            "alt": photo.alt,
            "color": image.placeholder_color,
        } for photo, image in zip(post.meta.gallery, self.gallery.get(post.src_uri, []), strict=True)]

    def card(self, post: Post, base_url: str) -> dict:
        prefix = base_url.rstrip("/") + "/"
        return {
            "url": prefix + post.url,
            "title": post.meta.title,
            "description": post.meta.description,
            "date": tanggal(post.date, self.settings),
            "iso": post.date.isoformat(),
            "category": post.category,
            "category_url": f"{prefix}kategori/{label_key(post.category)}/",
            "image": self._image_view(post, base_url),
        }

    def caption_text(self, post: Post) -> str:
        """The caption the page shows and its "Salin takarir" button copies: Instagram's whole
        caption (`platform_caption`: its text, the post's and the office's hashtags; no link), the
        one operators paste into Instagram and Facebook by hand."""
        meta = post.meta
        return platform_caption(meta.platform_caption_text("instagram"), "instagram", meta.tags,
                                list(self.settings.share.hashtags), self.absolute(post.url))

    def caption_html(self, post: Post, base_url: str) -> Markup:
        known = self.catalog.tag_keys
        prefix = base_url.rstrip("/") + "/"
        caption = self.caption_text(post)
        # Joined from escaped parts only: the text between hashtags, each hashtag, the link.
        parts: list[Markup] = []
        end = 0
        for match in HASHTAG.finditer(caption):
            parts.append(escape(caption[end:match.start()]))
            key = label_key(match.group(1))
            if key in known:
                parts.append(Markup('<a href="{}">{}</a>').format(f"{prefix}tagar/{key}/", match.group(0)))
            else:
                parts.append(escape(match.group(0)))
            end = match.end()
        parts.append(escape(caption[end:]))
        return Markup("").join(parts).replace("\n", Markup("<br>\n"))

    def share_texts(self, post: Post) -> share.ShareTexts:
        url = self.absolute(post.url)
        tags = post.meta.hashtags + [f"#{t}" for t in self.settings.share.hashtags
                                     if t.lower() not in {x.lower() for x in post.meta.tags}]
        # The X caption `jdih periksa` measured against the 280-character limit (`platform_caption`),
        # without its link: X's intent adds the link itself (`url=`), after the text.
        x_caption = platform_caption(post.meta.platform_caption_text("x"), "x", post.meta.tags,
                                     list(self.settings.share.hashtags), url)
        x_text = x_caption.removesuffix(f" {url}")
        return share.render_texts(
            self.project_root / SHARE_TEMPLATE,
            title=post.meta.title, description=post.meta.description, url=url, hashtags=tags,
            office=self.settings.office.short_name,
            caption_x=x_text,
        )

    def post_view(self, post: Post, base_url: str) -> dict:
        url = self.absolute(post.url)
        meta = post.meta
        links = share.share_links(url, meta.title, self.share_texts(post), list(self.settings.share.platforms))
        provenance = None
        if meta.provenance is not None:
            p = meta.provenance
            person = self.settings.display_name  # a person's name and jabatan, else the account
            author = p.author or (meta.authors[0] if meta.authors else None)
            provenance = {
                "author": person(author) if author else None,
                "editors": [person(login) for login in p.editors],
                "approver": person(p.approver) if p.approver else None,
                "approved_at": tanggal_jam(p.approved_at, self.settings) if p.approved_at else None,
                "pull_request": p.pull_request,
                "pull_request_url": p.pull_request_url,
                "disposisi": p.disposisi or meta.disposisi,
            }
        return {
            **self.card(post, base_url),
            "absolute_url": url,
            "caption": self.caption_html(post, base_url),
            "caption_text": self.caption_text(post),
            "tags": [{"name": t, "url": f"{base_url.rstrip('/')}/tagar/{label_key(t)}/"} for t in meta.tags],
            "legal_documents": [doc.model_dump() | {"label": doc.label} for doc in meta.legal_documents],
            "provenance": provenance,
            "gallery": self.gallery_view(post, base_url),
            "share": links,
            "qr": Markup(qr_svg(url, self.qr_cache)),
            "date_long": tanggal_jam(post.date, self.settings),
            **self.revisions_view(post),
        }

    def revisions_view(self, post: Post) -> dict:
        """"Diperbarui <tanggal>" and the "Riwayat ralat" list (oldest first), as text the template
        escapes; the published date and the URL stay as they were."""
        modified = post.meta.date_modified
        person = self.settings.display_name
        return {
            "modified": tanggal(modified, self.settings) if modified else None,
            "modified_iso": modified.isoformat() if modified else None,
            "revisions": [{"date": tanggal_jam(r.date, self.settings), "iso": r.date.isoformat(), "note": r.note,
                           "approver": person(r.approver) if r.approver else None,
                           "pull_request": r.pull_request}
                          for r in sorted(post.meta.revisions, key=lambda r: r.date)],
        }

    def notice_view(self, post: Post, base_url: str) -> dict:
        """The notice at a withdrawn or expired post's URL: its title, when and why it left, who
        approved it. Nothing else of the post (no body, image, caption, card or QR code)."""
        meta = post.meta
        person = self.settings.display_name
        if meta.withdrawn is not None:
            when, reason = meta.withdrawn.date, meta.withdrawn.reason
            approver = meta.withdrawn.approver
            sentence = f"Konten ini ditarik pada {tanggal(when, self.settings)}." if when else \
                "Konten ini telah ditarik."
            kind = "ditarik"
        else:  # expired: its end was part of the post the Kasubbag approved
            when, reason = meta.expires_at, None
            approver = meta.provenance.approver if meta.provenance else None
            sentence = f"Konten ini berakhir masa tayangnya pada {tanggal(when, self.settings)}."
            kind = "kedaluwarsa"
        return {
            "kind": kind,
            "title": meta.title,
            "sentence": sentence,
            "iso": when.isoformat() if when else None,
            "reason": reason,
            "approver": person(approver) if approver else None,
            "approver_label": "Ditarik atas persetujuan" if kind == "ditarik" else "Batas tayang disetujui oleh",
            "published": tanggal(meta.date, self.settings),
            "published_iso": meta.date.isoformat(),
            "home_url": base_url.rstrip("/") + "/" if base_url else "./",
        }

    def og_notice(self, post: Post, notice: dict) -> dict:
        """A withdrawn or expired post's preview: its title and the notice, no image."""
        return {
            "type": "website",
            "title": post.meta.title,
            "description": notice["sentence"],
            "url": self.absolute(post.url),
            "site_name": self.settings.site.title,
            "card": "summary",
        }

    def link_preview(self, post: Post) -> Rendition:
        """A post's 1200×630 link preview: its branded card while it is new (announced, uploaded
        and shared: `upload_candidates`), afterwards the photo's own crop, made once per image."""
        cards = self.cards.get(post.src_uri)
        return cards.og if cards is not None else self.images[post.src_uri].og

    def og_for(self, post: Post) -> dict:
        preview = self.link_preview(post)
        return {
            "type": "article",
            "title": post.meta.title,
            "description": post.meta.description,
            "url": self.absolute(post.url),
            "image": self.absolute(preview.url),
            "image_width": preview.width,
            "image_height": preview.height,
            "image_alt": post.meta.image.alt,
            "published": post.date.isoformat(),
            "modified": post.meta.date_modified.isoformat() if post.meta.date_modified else None,
            "site_name": self.settings.site.title,
        }

    def og_default(self, page: Page) -> dict:
        newest = self.catalog.posts[0] if self.catalog.posts else None
        # page.title is HTML for Material (Markup from prepare_page, or a Markdown heading's
        # escaped text): as plain text for the view model, which the template escapes once.
        og = {
            "type": "website",
            "title": Markup(page.title).striptags() if page.title else self.settings.site.title,
            "description": self.settings.site.description,
            "url": self.absolute(page.url),
            "site_name": self.settings.site.title,
        }
        if self.logo is not None:  # the office's own page: its logo, as a small preview
            og.update(image=self.absolute(self.logo["url"]), image_width=self.logo["width"],
                      image_height=self.logo["height"], image_type=self.logo["type"],
                      image_alt=f"Logo {self.settings.office.name}", card="summary")
        elif newest is not None:
            preview = self.link_preview(newest)
            og.update(image=self.absolute(preview.url), image_width=preview.width,
                      image_height=preview.height, image_alt=newest.meta.image.alt)
        return og

    def listing_view(self, spec: ListingSpec, base_url: str) -> dict:
        prefix = base_url.rstrip("/") + "/"
        view: dict = {"kind": spec.kind, "title": spec.title}
        if spec.kind == "home":
            pages = self.catalog.pages(self.settings.site.posts_per_page)
            view["cards"] = [self.card(p, base_url) for p in pages[spec.page_number - 1]]
            view["pagination"] = _pagination(spec.page_number, len(pages), prefix)
        elif spec.kind == "category":
            view["rows"] = [self.card_row(p, prefix) for p in self.catalog.by_category[spec.key].posts]
        elif spec.kind == "tag":
            view["rows"] = [self.card_row(p, prefix) for p in self.catalog.by_tag[spec.key].posts]
        elif spec.kind == "month":
            year, month = (int(x) for x in spec.key.split("-"))
            view["rows"] = [self.card_row(p, prefix) for p in self.catalog.by_month[(year, month)]]
        elif spec.kind == "categories":
            view["groups"] = [{"name": g.name, "url": f"{prefix}kategori/{key}/", "count": len(g.posts)}
                              for key, g in self.catalog.by_category.items()]
        elif spec.kind == "tags":
            view["groups"] = [{"name": f"#{g.name}", "url": f"{prefix}tagar/{key}/", "count": len(g.posts)}
                              for key, g in self.catalog.by_tag.items()]
        elif spec.kind == "archive":
            view["groups"] = [{"name": bulan_tahun(y, m), "url": f"{prefix}arsip/{y}/{m:02d}/", "count": len(posts)}
                              for (y, m), posts in self.catalog.by_month.items()]
        elif spec.kind == "search":
            view["index_url"] = f"{prefix}cari/indeks.json"
        elif spec.kind == "register":
            view["register"] = records.register_view(self.settings, self.catalog, base_url, self.ledger,
                                                     self.register_data)
        return view

    def card_row(self, post: Post, prefix: str) -> dict:
        return {"url": prefix + post.url, "title": post.meta.title, "date": tanggal(post.date, self.settings),
                "iso": post.date.isoformat(), "category": post.category}


def _process_gallery(catalog: Catalog, cache: ImageCache, root: Path, problems: list[Problem]
                     ) -> tuple[dict[str, list[ProcessedImage]], dict[str, list[Path]], set[str]]:
    """Every post's gallery photos by the main image's rules (`files.media_path`, then
    `content.media`'s limits, in `ImageCache.process`), each failure a problem at its
    `gallery.<n>.src` line. Returns (src_uri → processed photos, src_uri → their files, the
    docs-relative URIs of the originals, which the renditions replace)."""
    gallery: dict[str, list[ProcessedImage]] = {}
    paths: dict[str, list[Path]] = {}
    uris: set[str] = set()
    for post in catalog.posts:
        if not post.meta.gallery:
            continue
        source = root / CONTENT_DIR / post.src_uri
        display = f"{CONTENT_DIR}/{post.src_uri}"
        processed, files_of = [], []
        for index, photo in enumerate(post.meta.gallery):
            key = ("gallery", index, "src")
            try:
                path = media_path(source, photo.src)
                processed.append(cache.process(path, photo.src))
                files_of.append(path)
            except MediaError as exc:
                problems.append(Problem(display, key_line(source, key), f"gallery.{index}.src", exc.what, exc.fix))
            except ImageError as exc:
                problems.append(Problem(display, key_line(source, key), f"gallery.{index}.src", exc.what, exc.fix))
            else:
                uris.add(str(PurePosixPath(post.src_uri).parent / photo.src))
        gallery[post.src_uri], paths[post.src_uri] = processed, files_of
    return gallery, paths, uris


def upload_candidates(catalog: Catalog, moment: dt.datetime) -> set[str]:
    """The posts `jdih unggah` may still upload (live for at most ANNOUNCE_WINDOW_DAYS, counted from
    the merge that published them, else from when they went live): only these get the platforms'
    images and a place in the upload manifest. A card costs ~0.1 s; thousands of old posts need
    none of them."""
    window = dt.timedelta(days=ANNOUNCE_WINDOW_DAYS)
    found = set()
    for post in catalog.posts:
        prov = post.meta.provenance
        since = max(filter(None, (prov.merged_at if prov else None, post.meta.live_from)))
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        if moment - since <= window:
            found.add(post.src_uri)
    return found


def _make_cards(catalog: Catalog, settings: Settings, cache: ImageCache, root: Path,
                images: dict[str, ProcessedImage], gallery: dict[str, list[ProcessedImage]],
                gallery_paths: dict[str, list[Path]]) -> tuple[dict[str, Cards], dict[str, list[Rendition]]]:
    """The cards of every post and the slides of every gallery photo (jdih.site.cards; a warm cache
    draws nothing). Posts are taken by image, so each photo is decoded once and then let go."""
    maker = CardMaker(cache, root / CONTENT_DIR / settings.site.logo)
    recent = upload_candidates(catalog, now())
    cards: dict[str, Cards] = {}
    # Only the posts still to be announced and uploaded: ~0.05 s a card, and thousands of old
    # posts would pay it on every cold build; their link preview is the photo's crop.
    for post in sorted((p for p in catalog.posts if p.src_uri in recent), key=lambda p: images[p.src_uri].digest):
        digest = images[post.src_uri].digest
        if maker.last_digest not in (None, digest):
            maker.forget_decoded()
        text = CardText(post.meta.title, post.category, settings.office.short_name)
        cards[post.src_uri] = maker.cards(post.image_path, digest, text, post.meta.image.src)
    slides: dict[str, list[Rendition]] = {}
    for src_uri, photos in gallery.items():
        if src_uri not in recent:
            continue
        maker.forget_decoded()
        slides[src_uri] = [maker.slide(path, image.digest, path.name)
                           for path, image in zip(gallery_paths[src_uri], photos, strict=True)]
    maker.forget_decoded()
    return cards, slides


def _without_reserved_ids(items: list) -> list:
    """Table-of-contents entries without anchors to the theme's own ids (content.safety); an
    entry's children stay, one level up."""
    kept = []
    for item in items:
        item.children = _without_reserved_ids(list(item.children))
        if is_reserved_id(item.id):
            kept.extend(item.children)
        else:
            kept.append(item)
    return kept


def _pagination(number: int, total: int, prefix: str) -> dict:
    def url(n: int) -> str:
        return prefix if n == 1 else f"{prefix}halaman/{n}/"

    window = sorted({1, total, *range(max(1, number - 2), min(total, number + 2) + 1)})
    return {
        "number": number,
        "total": total,
        "previous": url(number - 1) if number > 1 else None,
        "next": url(number + 1) if number < total else None,
        "pages": [{"number": n, "url": url(n), "current": n == number} for n in window],
    }

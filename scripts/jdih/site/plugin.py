"""The `jdih` MkDocs plugin: thin event handlers that delegate to one module per stage.

read (catalog) → images (with the galleries' photos) → cards (the social-media cards and slides)
→ pages (listing pages, post view models) → sanitise → write extras (feeds, search index, media,
CNAME) and the upload manifest (`uploads`, for SOP step 6a).

Its inputs are its options (`jdih.site.config.JdihConfig`, fed from the environment by
`mkdocs.yml`); the stages get them as arguments and never read the environment or the cwd.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from jdih.content.files import INDEX, sort_site_pages
from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings, cached_settings
from jdih.site import csp, extras, fragments, uploads
from jdih.site import pages as site_pages
from jdih.site.catalog import Catalog, Post, build_catalog
from jdih.site.config import JdihConfig
from jdih.site.images import ImageCache
from jdih.site.sanitize import clean_html


class JdihPlugin(BasePlugin[JdihConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.catalog = Catalog()
        self.site: site_pages.SiteModel | None = None
        self.project_root: Path | None = None  # the folder of mkdocs.yml, set in on_config

    # -- configuration ---------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The folder of mkdocs.yml; the option paths are already resolved against it by MkDocs.
        if not config.config_file_path:
            raise PluginError("Plugin jdih memerlukan berkas mkdocs.yml: jalankan "
                              "'mkdocs build' dengan berkas konfigurasi proyek.")
        self.project_root = Path(config.config_file_path).resolve().parent
        try:
            self.settings = cached_settings(Path(self.config.settings))
        except ProblemsError as exc:
            raise PluginError(f"Pengaturan tidak sah:\n{exc}") from None
        site_pages.apply_settings(config, self.settings, Path(config.docs_dir))
        return config

    # -- read ------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.settings is not None and self.project_root is not None
        docs_dir = Path(config.docs_dir)
        # Which pages are posts: the rule of `jdih.content.files`, as for `jdih periksa`.
        sources, not_content, problems = sort_site_pages(f.src_uri for f in files.documentation_pages())
        try:
            self.catalog = build_catalog(docs_dir, sources, self.settings)
        except ProblemsError as exc:
            problems += exc.problems
        if problems:
            raise PluginError(f"Konten tidak sah:\n{ProblemsError(problems)}") from None
        for uri in not_content:
            # A folder post's other Markdown, README.md, `_x`: not pages (nor unsanitised HTML).
            files.remove(files.get_file_from_path(uri))
        cache_root = Path(self.config.cache_dir)
        try:  # images: limits before decoding; each failure is a message with its post (jdih.site.images)
            self.site = site_pages.SiteModel.build(
                self.catalog, self.settings, ImageCache(cache_root / "images"), self.project_root,
                qr_cache=cache_root / "qr",
                ledger=Path(self.config.ledger) if self.config.ledger else None,
                report_data=Path(self.config.report_data),
                register_data=Path(self.config.register_data))
        except ProblemsError as exc:
            raise PluginError(f"Konten tidak sah:\n{exc}") from None
        for uri in self.site.consumed_media:
            # Originals are replaced by optimised renditions (published in on_post_build).
            file = files.get_file_from_path(uri)
            if file is not None:
                files.remove(file)
        if not self.settings.site.show_guides:
            for file in [f for f in files if f.src_uri.startswith("panduan/")]:
                files.remove(file)
        for post in self.catalog.posts:
            # MkDocs gets the body only: the front matter was parsed once, in the catalog.
            files.remove(files.get_file_from_path(post.src_uri))
            files.append(File.generated(config, post.src_uri, content=post.body))
        self._hide_unpublished(files, config)
        for src_uri, content in self.site.generated_pages(docs_dir).items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
                content = site_pages.merge_intro(existing, content)
            files.append(File.generated(config, src_uri, content=content))
        for src_uri, content in extras.generated_files(self.site, self.settings).items():
            files.append(File.generated(config, src_uri, content=content))
        return files

    def _hide_unpublished(self, files: Files, config: MkDocsConfig) -> None:
        """A post not live (jdih.site.catalog): a withdrawn or expired one keeps its URL with the
        notice only (no body); a scheduled one gets no page, so its URL answers 404 until its time.
        Neither publishes a file of its own (images, PDFs): marked excluded rather than removed, so a
        live post's link to one is reported by MkDocs at INFO and never fails the strict build."""
        for post in self.catalog.retired:
            files.remove(files.get_file_from_path(post.src_uri))
            files.append(File.generated(config, post.src_uri, content=""))
        for post in self.catalog.scheduled:
            files.remove(files.get_file_from_path(post.src_uri))
            files.append(File.generated(config, post.src_uri, content="", inclusion=InclusionLevel.EXCLUDED))
        hidden = _media_of([*self.catalog.retired, *self.catalog.scheduled])
        for file in files:
            if file.is_documentation_page():
                continue
            owned = file.src_uri in hidden["files"] or file.src_uri.startswith(hidden["folders"])
            if owned and file.src_uri not in self.site.consumed_media:
                file.inclusion = InclusionLevel.EXCLUDED

    def on_env(self, env, config: MkDocsConfig, files: Files):
        fragments.install(env)
        return env

    # -- render ----------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        self.site.prepare_page(page)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        if self.site.post_for(page) is not None:
            return clean_html(html)  # drafts are untrusted: nothing executable reaches the page
        return html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        assert self.site is not None
        context["jdih"] = self.site.context_for(page, context.get("base_url", "."))
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # A CSP meta hashing the theme's inline scripts (never the content's): jdih.site.csp.
        return csp.add_policy(site_pages.valid_toggles(output), page.content, page.file.src_uri)

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        # The sitemap lists live pages only: a withdrawn or expired post's notice page is noindex.
        if template_name == "sitemap.xml" and self.site is not None:
            retired = self.site.retired_by_uri
            context["pages"] = [file for file in context["pages"] if file.src_uri not in retired]
        return context

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # 404.html and other theme templates get the same policy; sitemap.xml is no page.
        if template_name.endswith(".html"):
            return csp.add_policy(site_pages.valid_toggles(output_content), where=template_name)
        return output_content

    # -- write -----------------------------------------------------------------------
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None and self.settings is not None
        extras.publish_media(Path(config.site_dir), self.site)
        self._publish_gallery_and_cards(Path(config.site_dir))
        # What SOP step 6a posts (cards, slides, captions), read back from the live site by jdih.social.
        uploads.write_manifest(self.site, Path(config.site_dir))

    def _publish_gallery_and_cards(self, site_dir: Path) -> None:
        assert self.site is not None and self.site.cache is not None
        seen = {image.digest for image in self.site.images.values()}  # published by extras.publish_media
        for photos in self.site.gallery.values():
            for image in photos:
                if image.digest not in seen:
                    seen.add(image.digest)
                    self.site.cache.publish(image, site_dir)
        self.site.cache.publish_files(sorted(set(self.site.card_urls())), site_dir)


def _media_of(posts: list[Post]) -> dict:
    """What posts own beside their page: every file of a folder post's folder, and a single-file
    post's images (its neighbours' media folder is shared, so only the files it names)."""
    folders, named = [], set()
    for post in posts:
        folder = post.src_uri.rsplit("/", 1)[0]
        if post.src_uri.endswith("/" + INDEX):
            folders.append(folder + "/")
        named.add(post.image_src_uri)
        named.update(str(PurePosixPath(folder) / photo.src) for photo in post.meta.gallery)
    return {"folders": tuple(folders), "files": named}

"""The `jdih` MkDocs plugin: thin event handlers that delegate to one module per stage.

read (catalog) → images → pages (listing pages, post view models) → sanitise → write extras
(feeds, search index, media, CNAME).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from jdih.site import extras
from jdih.site import fragments
from jdih.site import pages as site_pages
from jdih.site.catalog import Catalog, build_catalog, is_post_source
from jdih.site.images import ImageCache
from jdih.content.problems import ProblemsError
from jdih.site.sanitize import clean_html
from jdih.content.settings import ENV_SETTINGS, SETTINGS_FILE, Settings, cached_settings

log = logging.getLogger("mkdocs.plugins.jdih")


class JdihPlugin(BasePlugin):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.catalog = Catalog()
        self.site: site_pages.SiteModel | None = None
        self.project_root = Path.cwd()

    # -- configuration ---------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        path = Path(os.environ.get(ENV_SETTINGS) or self.project_root / SETTINGS_FILE)
        try:
            self.settings = cached_settings(path)
        except ProblemsError as exc:
            raise PluginError(f"Pengaturan tidak sah:\n{exc}") from None
        site_pages.apply_settings(config, self.settings, Path(config.docs_dir))
        return config

    # -- read ------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        docs_dir = Path(config.docs_dir)
        sources = [f.src_uri for f in files.documentation_pages() if is_post_source(f.src_uri)]
        try:
            self.catalog = build_catalog(docs_dir, sources)
        except ProblemsError as exc:
            raise PluginError(f"Konten tidak sah:\n{exc}") from None
        cache_root = Path(os.environ.get("JDIH_CACHE_DIR") or self.project_root / ".cache" / "jdih")
        self.site = site_pages.SiteModel.build(self.catalog, self.settings, ImageCache(cache_root / "images"),
                                               self.project_root, qr_cache=cache_root / "qr")
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
        for src_uri, content in self.site.generated_pages(docs_dir).items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
                content = site_pages.merge_intro(existing, content)
            files.append(File.generated(config, src_uri, content=content))
        for src_uri, content in extras.generated_files(self.site, self.settings).items():
            files.append(File.generated(config, src_uri, content=content))
        return files

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

    # -- write -----------------------------------------------------------------------
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None and self.settings is not None
        extras.publish_media(Path(config.site_dir), self.site)

"""Search: legal citations match in every usual form (the index carries each post's citation
tokens, the search page turns the query into the same tokens), and results show Indonesian dates.

The search page is the project's own (`cari/`, `assets/jdih/cari.js`), not Material's: the rules
are `jdih.content.citations`, mirrored in cari.js; the browser test runs the same queries through
both and through the built site."""

from __future__ import annotations

import json

import pytest

from jdih.content.citations import query_terms
from tests.browser import browser, serve, wait_until
from tests.sitebuild import build, copy_project

UU = "posts/2026/uu-7-2017-pemilihan-umum/"
PKPU = "posts/2026/pkpu-tata-kerja-kpu-dan-sekretariat/"
PERMENKUMHAM = "posts/2026/permenkumham-8-2019-standar-jdih/"
KEPUTUSAN = "posts/2026/keputusan-kpu-10-2022-pedoman-jdih/"
# query → the posts it must find (and no other)
QUERIES = {
    "UU 7/2017": {UU}, "UU No. 7 Tahun 2017": {UU}, "Undang-Undang Nomor 7 Tahun 2017": {UU}, "7/2017": {UU},
    "uu 7 2017": {UU}, "PKPU 8 2019": {PKPU}, "Peraturan KPU Nomor 8 Tahun 2019": {PKPU},
    "8/2019": {PKPU, PERMENKUMHAM}, "Permenkumham 8/2019": {PERMENKUMHAM}, "PKPU 4/2021": {PKPU}, "Keputusan KPU 10/2022": {KEPUTUSAN},
    "10/HK.04/08/2022": {KEPUTUSAN}, "UU 17/2017": set(), "PKPU 7/2017": set(),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    return project / "site"


def _index(site) -> list[list]:
    return json.loads((site / "cari" / "indeks.json").read_text(encoding="utf-8"))


def test_the_index_has_indonesian_dates_and_citation_tokens(built):
    rows = {row[1]: row for row in _index(built)}
    uu = rows[UU]
    assert uu[2] == "2026-11-02" and uu[6] == "2 November 2026"
    assert "uu:7/2017" in uu[7].split()
    assert {"pkpu:8/2019", "pkpu:4/2021", "pkpu:14/2020"} <= set(rows[PKPU][7].split())  # every document
    assert "permenkumham:8/2019" in rows[PERMENKUMHAM][7].split()
    assert "kepkpu:10/2022" in rows[KEPUTUSAN][7] and "10/HK.04/08/2022" in rows[KEPUTUSAN][7]


def _found(rows: list[list], query: str) -> set[str]:
    """The index matched as cari.js matches it (every term inside the row's normalised text)."""
    from jdih.content.citations import normalise

    terms = query_terms(query)
    return {row[1] for row in rows
            if all(term in normalise(" ".join([row[0], row[3], row[4], row[5], row[7]])) for term in terms)}


@pytest.mark.parametrize("query", list(QUERIES))
def test_every_citation_form_finds_its_post_in_the_index(built, query):
    assert _found(_index(built), query) == QUERIES[query]


@pytest.mark.browser
def test_the_search_page_finds_citations_in_every_form_and_shows_indonesian_dates(built):
    with serve(built) as base, browser() as chromium:
        context = chromium.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(base + "cari/", wait_until="load")
        # the page's normalisation is the Python one, query for query
        for query in [*QUERIES, "sosialisasi UU 7/2017 di Kapuas", "7 2017", "Perppu 1 2022", "Pemilu"]:
            assert page.evaluate("q => window.jdihQueryTerms(q)", query) == query_terms(query), query
        titles = {row[1]: row[0] for row in _index(built)}
        for query, expected in QUERIES.items():
            page.fill("#jdih-search-input", query)
            page.press("#jdih-search-input", "Enter")
            wait_until(page, "document.querySelector('.jdih-search__status').textContent.length > 0 "
                             "&& !document.querySelector('.jdih-search__status').textContent.startsWith('Memuat')")
            shown = page.eval_on_selector_all(".jdih-search__results a", "links => links.map(a => a.textContent)")
            assert set(shown) == {titles[url] for url in expected}, query
        page.fill("#jdih-search-input", "UU No. 7 Tahun 2017")
        page.press("#jdih-search-input", "Enter")
        wait_until(page, "document.querySelectorAll('.jdih-search__results li').length === 1")
        time = page.locator(".jdih-search__results time")
        assert time.text_content() == "2 November 2026" and time.get_attribute("datetime") == "2026-11-02"
        assert errors == []
        context.close()

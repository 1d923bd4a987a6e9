"""The disposisi issue (form and CLI bodies alike) and the pre-filled new-file link comment."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from jdih.content.post import split_front_matter
from jdih.content.settings import load_settings
from jdih.sop import disposisi as d
from tests.conftest import ROOT  # noqa: E402

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "disposisi.yml"


@pytest.fixture
def settings():
    return load_settings(ROOT / "site_config" / "jdih.yml")


@pytest.mark.parametrize(("text", "slug"), [
    ("Mengenal UU Nomor 7 Tahun 2017", "mengenal-uu-nomor-7-tahun-2017"),
    ("PKPU 8/2019: Tata Kerja — Perubahan", "pkpu-8-2019-tata-kerja-perubahan"),
    ("Sosialisasi Pemilu di Kuala Kapuas (Café)", "sosialisasi-pemilu-di-kuala-kapuas-cafe"),
    ("!!!", ""),
])
def test_slugify(text, slug):
    assert d.slugify(text) == slug


def test_slugify_cuts_long_titles_at_a_word():
    slug = d.slugify("kata " * 30)
    assert len(slug) <= d.SLUG_MAX and not slug.endswith("-") and slug.endswith("kata")


def test_issue_form_matches_what_is_parsed(settings):
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    assert tuple(labels) == d.FORM_FIELDS
    assert form["labels"] == ["disposisi", "tahap-1-disposisi"]
    assert form["title"] == d.TITLE_PREFIX
    dropdown = next(item for item in form["body"] if item["type"] == "dropdown")
    assert dropdown["attributes"]["options"] == settings.categories
    config = yaml.safe_load((FORM.parent / "config.yml").read_text(encoding="utf-8"))
    assert config["contact_links"][0]["url"] == settings.site.url


def test_form_body_round_trip():
    body = d.issue_body({d.FIELD_TITLE: "Mengenal UU Pemilu", d.FIELD_WHAT: "Ringkasan\nUU Pemilu",
                         d.FIELD_CATEGORY: "Peraturan"})
    assert body.startswith("### Judul konten\n\nMengenal UU Pemilu\n\n### Konten yang diminta\n\nRingkasan\nUU Pemilu\n")
    assert "### Tenggat\n\n_No response_\n" in body
    fields = d.parse_form_body(body)
    assert fields[d.FIELD_TITLE] == "Mengenal UU Pemilu"
    assert fields[d.FIELD_WHAT] == "Ringkasan\nUU Pemilu"
    assert fields[d.FIELD_DEADLINE] == ""
    item = d.disposisi_from_issue(4, "Disposisi: judul lain", body, "kasubbag-kapuas")
    assert (item.content_title, item.slug, item.category) == ("Mengenal UU Pemilu", "mengenal-uu-pemilu", "Peraturan")
    plain = d.disposisi_from_issue(5, "Disposisi: Kegiatan Bimtek", "teks bebas", "k")
    assert (plain.content_title, plain.slug) == ("Kegiatan Bimtek", "kegiatan-bimtek")
    assert d.disposisi_from_issue(6, "Disposisi: ???", "", "k").slug == "disposisi-6"


def test_new_file_link_opens_the_filled_template(settings):
    content = d.render_draft(settings, ROOT, title="Mengenal UU: Pemilu & KPU", slug="mengenal-uu-pemilu",
                             date=d.office_today(settings), disposisi=12, author="")
    link = d.new_file_link("https://github.com/kpu-kapuas/jdih-medsos", "mengenal-uu-pemilu", content)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/kpu-kapuas/jdih-medsos/new/main"
    assert parts.query.startswith("filename=drafts/mengenal-uu-pemilu/index.md&value=")
    query = parse_qs(parts.query)
    assert query["filename"] == ["drafts/mengenal-uu-pemilu/index.md"]  # the '/' makes the draft's folder
    assert unquote(parts.query.split("&value=", 1)[1]) == content
    meta = yaml.safe_load(split_front_matter(content, "x")[0])
    assert meta["disposisi"] == 12 and meta["title"] == "Mengenal UU: Pemilu & KPU"
    assert "&" not in parts.query.split("&value=", 1)[1] and "#" not in link  # nothing breaks the URL


def test_link_comment_text():
    item = d.Disposisi(12, "Disposisi: X", {}, "kasubbag-kapuas")
    comment = d.link_comment(item, "https://contoh/tautan?filename=drafts/x/index.md&value=t", "x", "TEMPLAT\n")
    assert comment.startswith("<!-- jdih:tautan-konsep -->\nDisposisi #12 diterima.")
    assert ("**[Buat draf `drafts/x/index.md` di GitHub](https://contoh/tautan?filename=drafts/x/index.md&value=t)** "
            "— templat sudah terisi dan nomor disposisi #12 sudah tercantum.") in comment
    assert "Menindaklanjuti #12" in comment
    # the second step of the browser path: the image into the draft's own folder, on the same branch
    assert ("4. Unggah gambarnya ke folder draf di cabang yang sama: pada pull request, klik nama cabangnya, buka "
            "folder `drafts/x/`, klik **Add file** → **Upload files**, seret gambarnya, pilih **Commit directly to "
            "the `…` branch**, lalu klik **Commit changes**.") in comment
    # the template to copy, always (the link's `value` parameter is not in GitHub's docs)
    assert comment.endswith("<details><summary>Templat draf</summary>\n\n````markdown\nTEMPLAT\n````\n\n</details>")


@pytest.mark.parametrize(("body", "number"), [
    ("Menindaklanjuti #12", 12), ("menindaklanjuti: #3\nlain", 3), ("Disposisi #7", 7), ("Closes #9", 9),
    ("Menindaklanjuti #", None), ("", None),
])
def test_disposisi_number_in(body, number):
    assert d.disposisi_number_in(body) == number


def test_issue_event_on_the_fake_comments_once(fake_github, settings):
    from jdih.github.client import GitHubRepo
    from jdih.sop.review import handle_event

    body = d.issue_body({d.FIELD_TITLE: "Sosialisasi PKPU", d.FIELD_WHAT: "Poster"})
    number = fake_github.open_issue("kasubbag-kapuas", "Disposisi: Sosialisasi PKPU", body, labels=["disposisi"])
    gh = GitHubRepo(fake_github.token_of("github-actions[bot]"), fake_github.full_name, fake_github.base_url,
                    write_pause=0)
    payload = fake_github.event_payload("issues", "opened", number)
    out = []
    handle_event("issues", payload, gh, settings, ROOT, out.append)
    handle_event("issues", payload, gh, settings, ROOT, out.append)
    comments = gh.comments(number)
    assert len(comments) == 1 and comments[0].author == "github-actions[bot]"
    link = next(part for part in comments[0].body.split("(") if part.startswith(fake_github.base_url))
    assert link.startswith(f"{fake_github.base_url}/kpu-kapuas/jdih-medsos/new/main?filename=drafts/sosialisasi-pkpu/index.md"
                           "&value=")
    assert "disposisi%3A%2012" not in link and f"disposisi%3A%20{number}%0A" in link
    assert sorted(gh.labels_of(number)) == ["disposisi", "tahap-1-disposisi"]
    assert out == [f"Disposisi #{number}: label tahap-1-disposisi dipasang.",
                   f"Disposisi #{number}: komentar berisi tautan pembuatan draf drafts/sosialisasi-pkpu/index.md dikirim.",
                   f"Disposisi #{number}: komentar berisi tautan pembuatan draf drafts/sosialisasi-pkpu/index.md sudah ada, "
                   "tidak diubah."]


def test_too_long_template_goes_into_the_comment_instead():
    content = "x" * 9000 + "\n"
    link = d.new_file_link("https://github.com/o/r", "panjang", content)
    assert link == "https://github.com/o/r/new/main?filename=drafts/panjang/index.md"
    comment = d.link_comment(d.Disposisi(3, "Disposisi: P", {}, "k"), link, "panjang", content)
    assert ("**[Buat draf `drafts/panjang/index.md` di GitHub](https://github.com/o/r/new/main?filename=drafts/panjang/"
            "index.md)**, lalu salin templat di bawah ini ke dalamnya") in comment
    assert f"````markdown\n{content}````" in comment

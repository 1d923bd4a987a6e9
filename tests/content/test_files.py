"""The one content-file rule (jdih.content.files): which files are posts and drafts, post ids,
front matter (fast and line-keeping paths), slugs and permanent links."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdih.content import files
from jdih.content.post import PostMeta, parse_meta, read_source
from jdih.content.problems import ProblemsError
from jdih.content.settings import load_settings
from tests.conftest import ROOT  # noqa: E402

SETTINGS = load_settings(ROOT / "site_config" / "jdih.yml")


@pytest.mark.parametrize(("path", "post"), [
    ("content/posts/2026/uu-pemilu.md", True),
    ("content/posts/2026/uu-pemilu/index.md", True),
    ("content/posts/2026/Judul Salah.md", True),          # a post with a bad name: periksa says so
    ("content/posts/uu-pemilu.md", False),                # no year
    ("content/posts/arsip/uu-pemilu.md", False),          # not a year
    ("content/posts/2026/uu-pemilu/lampiran.md", False),  # a folder post's attachment
    ("content/posts/2026/uu-pemilu/x/index.md", False),   # too deep
    ("content/posts/index.md", False),                    # section pages
    ("content/posts/2026/index.md", False),
    ("content/posts/2026/.tersembunyi.md", False),
    ("content/posts/2026/_contoh.md", False),
    ("content/posts/2026/README.md", False),
    ("content/posts/2026/readme.md", False),
    ("content/posts/2026/_contoh/index.md", False),
    ("content/posts/2026/uu-pemilu.txt", False),
    ("drafts/uu-pemilu.md", False),
])
def test_which_paths_are_posts(path, post):
    assert files.is_post(path) is post
    assert files.is_post_uri(path.removeprefix("content/")) is post


@pytest.mark.parametrize(("path", "draft"), [
    ("drafts/uu-pemilu.md", True),
    ("drafts/rapat/index.md", True),
    ("drafts/README.md", False),
    ("drafts/_contoh.md", False),
    ("drafts/.tersembunyi/index.md", False),
    ("drafts/index.md", False),
    ("drafts/rapat/catatan.md", False),
    ("drafts/media/catatan.md", False),
    ("content/posts/2026/uu-pemilu.md", False),
])
def test_which_paths_are_drafts(path, draft):
    assert files.is_draft(path) is draft


def write(root: Path, relative: str, text: str = "x\n") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_listing_drafts_posts_and_misplaced_markdown(tmp_path):
    for relative in ["drafts/a.md", "drafts/README.md", "drafts/_contoh.md", "drafts/.x/index.md",
                     "drafts/_y/index.md", "drafts/rapat/index.md", "drafts/rapat/catatan.md",
                     "drafts/media/catatan.md", "drafts/media/foto.jpg", "drafts/index.md",
                     "content/posts/index.md", "content/posts/2026/index.md", "content/posts/2026/pleno.md",
                     "content/posts/2026/rapat/index.md", "content/posts/2026/rapat/lampiran.md",
                     "content/posts/2026/rapat/media/lain.md", "content/posts/2026/.gitkeep.md",
                     "content/posts/2026/_contoh.md", "content/posts/2026/tanpa-index/x.md",
                     "content/posts/tanpa-tahun.md", "content/posts/2025/README.md"]:
        write(tmp_path, relative)

    def names(paths):
        return [p.relative_to(tmp_path).as_posix() for p in paths]

    assert names(files.draft_files(tmp_path)) == ["drafts/a.md", "drafts/rapat/index.md"]
    assert names(files.post_files(tmp_path / "content")) == ["content/posts/2026/pleno.md",
                                                             "content/posts/2026/rapat/index.md"]
    assert files.published_posts(tmp_path) == [("posts/2026/pleno/", tmp_path / "content/posts/2026/pleno.md"),
                                               ("posts/2026/rapat/", tmp_path / "content/posts/2026/rapat/index.md")]
    assert names(files.content_files(tmp_path)) == names(files.draft_files(tmp_path)) + \
        names(files.post_files(tmp_path / "content"))
    assert names(files.misplaced_files(tmp_path)) == [
        "drafts/media/catatan.md", "content/posts/tanpa-tahun.md", "content/posts/2026/tanpa-index/x.md"]
    assert files.owner_of(tmp_path, "drafts/rapat/catatan.md") == "drafts/rapat/index.md"
    assert files.owner_of(tmp_path, "content/posts/2026/rapat/media/lain.md") == "content/posts/2026/rapat/index.md"
    assert files.owner_of(tmp_path, "drafts/media/foto.jpg") is None
    assert files.draft_files(tmp_path / "kosong") == [] and files.post_files(tmp_path / "kosong") == []


def test_site_pages_are_sorted_by_the_same_rule():
    posts, dropped, problems = files.sort_site_pages([
        "index.md", "tentang.md", "posts/index.md", "posts/2026/index.md", "posts/2026/a.md",
        "posts/2026/b/index.md", "posts/2026/b/lampiran.md", "posts/2026/_contoh.md", "posts/2026/README.md",
        "posts/x.md"])
    assert posts == ["posts/2026/a.md", "posts/2026/b/index.md"]
    assert dropped == ["posts/2026/b/lampiran.md", "posts/2026/_contoh.md", "posts/2026/README.md"]
    assert [str(p) for p in problems] == [
        "content/posts/x.md:1: berkas ini tidak terbaca sebagai konten terbit: konten terbit adalah "
        "content/posts/<tahun>/<slug>.md atau content/posts/<tahun>/<slug>/index.md — pindahkan berkas ke "
        "salah satu letak itu, atau awali namanya dengan '_' bila bukan konten"]


def test_post_id_and_live_url():
    assert files.post_id("posts/2026/uu-pemilu.md") == "posts/2026/uu-pemilu/"
    assert files.post_id("posts/2026/uu-pemilu/index.md") == "posts/2026/uu-pemilu/"
    assert files.post_id_for(2026, "uu-pemilu") == "posts/2026/uu-pemilu/"
    assert files.live_url(SETTINGS, "posts/2026/uu-pemilu/") == SETTINGS.site.url + "posts/2026/uu-pemilu/"


def test_promotion_register_record_and_site_agree_on_the_post_id(tmp_path):
    from jdih.reporting.register import register_rows
    from jdih.site.catalog import read_post
    from jdih.sop.publish import destination
    from jdih.sop.record import published_posts

    sample = ROOT / "content/posts/2026/uu-7-2017-pemilihan-umum/index.md"
    meta = parse_meta(read_source(sample))
    _, target, promoted_id = destination("drafts/uu-7-2017-pemilihan-umum.md", meta)
    write(tmp_path, target, sample.read_text(encoding="utf-8"))
    (tmp_path / target).with_name("gambar.png").write_bytes(sample.with_name("gambar.png").read_bytes())
    src_uri = Path(target).relative_to("content").as_posix()
    assert read_post(tmp_path / "content", src_uri).url == promoted_id
    assert [post_id for post_id, _ in published_posts(tmp_path)] == [promoted_id]
    assert [row.post_id for row in register_rows(tmp_path / "content", SETTINGS)] == [promoted_id]


@pytest.mark.parametrize(("text", "kwargs", "slug"), [
    ("Informasi Hukum", {}, "informasi-hukum"),
    ("Café — PKPU 8/2019", {}, "cafe-pkpu-8-2019"),
    ("!!!", {}, ""),
    ("!!!", {"fallback": "lainnya"}, "lainnya"),
    ("kata " * 30, {}, "-".join(["kata"] * 12)),      # cut at a word, at most SLUG_MAX
    ("kata " * 30, {"limit": None}, "-".join(["kata"] * 30)),
])
def test_slugify(text, kwargs, slug):
    assert files.slugify(text, **kwargs) == slug
    assert len(files.slugify(text, **kwargs)) <= files.SLUG_MAX or kwargs.get("limit", 0) is None


def test_fast_and_line_keeping_front_matter_agree():
    sample = ROOT / "content/posts/2026/uu-7-2017-pemilihan-umum/index.md"
    data, body = files.read_front_matter(sample)
    source = read_source(sample)
    assert data == source.front_matter.data and body == source.body
    assert PostMeta.model_validate(data) == parse_meta(source)


@pytest.mark.parametrize(("text", "message"), [
    ("title: x\n", "bagian front matter tidak ditemukan"),
    ("---\ntitle: [x\n---\n", "YAML rusak"),
    ("---\ndate: 2026-13-45\n---\n", "tanggal '2026-13-45' tidak ada di kalender"),
    ("---\n- a\n- b\n---\n", "front matter harus berupa pasangan 'kunci: nilai'"),
])
def test_fast_front_matter_problems_name_the_file(tmp_path, text, message):
    write(tmp_path, "a.md", text)
    with pytest.raises(ProblemsError) as caught:
        files.read_front_matter(tmp_path / "a.md", "content/posts/2026/a.md")
    [problem] = caught.value.problems
    assert problem.file == "content/posts/2026/a.md" and problem.message.startswith(message)


def test_empty_front_matter_is_an_empty_mapping(tmp_path):
    write(tmp_path, "a.md", "---\n---\nIsi.\n")
    assert files.read_front_matter(tmp_path / "a.md") == ({}, "Isi.\n")


def test_one_slugify_for_new_drafts_name_suggestions_and_tag_urls():
    from jdih.site.catalog import label_key
    from jdih.sop import disposisi
    from jdih.sop.draft import render_draft_template

    title = "Sosialisasi " + "Peraturan KPU " * 8
    assert disposisi.slugify is files.slugify
    assert disposisi.Disposisi(12, "Disposisi: !!!", {}, "kasubbag").slug == "disposisi-12"
    # The template's default slug is the one `jdih mulai` and the disposisi link use: cut at SLUG_MAX.
    text = render_draft_template(SETTINGS, templates=ROOT / "site_config" / "templates", title=title)
    assert f"drafts/{disposisi.Disposisi(1, title, {}, 'x').slug}/index.md" in text
    assert len(files.slugify(title)) <= files.SLUG_MAX
    assert "drafts/judul-konten/index.md" in render_draft_template(SETTINGS, templates=ROOT / "site_config" / "templates")
    # Tag and category URLs are not cut, and never empty.
    assert label_key("Informasi_" * 10) == "informasi-" * 9 + "informasi" and label_key("_") == "lainnya"


# -- what a content folder may hold, and where an item's media may be ------------------------------

KEEP_HERE = ("simpan gambar di repositori, di folder media/ di samping berkas ini, lalu tulis mis. "
             "'media/nama-gambar.jpg'")


def test_a_content_folder_holds_markdown_images_and_pdf_only(tmp_path):
    outside = tmp_path / "luar.jpg"
    outside.write_bytes(b"x")
    for relative in ["drafts/rapat/index.md", "drafts/rapat/FOTO.JPG", "drafts/rapat/lampiran.PDF",
                     "drafts/rapat/catatan.md", "drafts/rapat/lampiran.html", "drafts/rapat/logo.svg",
                     "drafts/rapat/media/skrip.js", "drafts/rapat/_catatan.md", "drafts/.gitkeep",
                     "drafts/README.md", "drafts/_contoh.md", "drafts/.tersembunyi/index.md",
                     "drafts/media/a.webp", "drafts/media/b.gif", "drafts/media/c.jpeg", "drafts/media/d.png",
                     "drafts/media/e.MD",
                     "content/posts/2026/x/index.md", "content/posts/2026/x/.DS_Store",
                     "content/posts/2026/_contoh/index.md", "content/posts/2026/README.md"]:
        write(tmp_path, relative)
    (tmp_path / "drafts/rapat/tautan.jpg").symlink_to(outside)
    (tmp_path / "content/posts/2026/x/media").symlink_to(tmp_path)
    other = "hapus berkas ini; untuk dokumen lain, simpan sebagai PDF atau cantumkan tautan https:// ke halamannya"
    kind = ("jenis berkas ini tidak diterima sebagai lampiran konten (yang diterima: .jpg, .jpeg, .png, .webp, "
            ".gif, .pdf)")
    link = ("tautan simbolik (symlink) tidak diterima di drafts/ dan content/posts/: tautan dapat menunjuk ke "
            "berkas di luar foldernya — ganti tautan ini dengan berkas aslinya (salin berkasnya ke sini), atau hapus")
    assert [str(p) for p in files.refused(tmp_path)] == [
        "drafts/.tersembunyi/index.md:1: nama '.tersembunyi' diawali '.': berkas ini bukan draf dan tidak akan "
        "diterbitkan — hapus berkas ini, atau ganti namanya tanpa awalan '.' bila memang draf",
        "drafts/_contoh.md:1: nama '_contoh.md' diawali '_': berkas ini bukan draf dan tidak akan diterbitkan — "
        "hapus berkas ini, atau ganti namanya tanpa awalan '_' bila memang draf",
        f"drafts/media/e.MD:1: {kind} — {other}",
        "drafts/rapat/_catatan.md:1: nama '_catatan.md' diawali '_': berkas ini bukan draf dan tidak akan "
        "diterbitkan — hapus berkas ini, atau ganti namanya tanpa awalan '_' bila memang draf",
        f"drafts/rapat/lampiran.html:1: {kind} — {other}",
        "drafts/rapat/logo.svg:1: gambar SVG tidak diterima karena dapat memuat skrip — simpan ulang gambar "
        "sebagai PNG atau JPEG, atau hapus berkas ini",
        f"drafts/rapat/media/skrip.js:1: {kind} — {other}",
        f"drafts/rapat/tautan.jpg:1: {link}",
        "content/posts/2026/_contoh/index.md:1: nama '_contoh' diawali '_': berkas ini bukan konten dan tidak "
        "akan diterbitkan — hapus berkas ini, atau ganti namanya tanpa awalan '_' bila memang konten",
        f"content/posts/2026/x/.DS_Store:1: {kind} — {other}",
        f"content/posts/2026/x/media:1: {link}",
    ]
    # One folder item, as `jdih periksa` checks it with its draft; one path, as given on the command line.
    assert [p.file for p in files.refused_below(tmp_path / "drafts/rapat", "drafts/rapat")] == [
        "drafts/rapat/_catatan.md", "drafts/rapat/lampiran.html", "drafts/rapat/logo.svg",
        "drafts/rapat/media/skrip.js", "drafts/rapat/tautan.jpg"]
    assert files.refusal_of(tmp_path, tmp_path / "drafts/rapat/FOTO.JPG") is None
    assert files.refusal_of(tmp_path, tmp_path / "drafts/rapat/lampiran.html").message == kind
    assert str(files.refusal_of(tmp_path, tmp_path / "content/posts/2026/x/media/drafts/README.md")) == \
        f"content/posts/2026/x/media/drafts/README.md:1: {link}"  # a file reached through a linked folder


def test_a_symbolic_link_is_never_a_draft_nor_a_post(tmp_path):
    """…so nothing reads it (it could name /dev/zero): `refused` reports it instead."""
    write(tmp_path, "elsewhere/index.md")
    write(tmp_path, "elsewhere/a.md")
    write(tmp_path, "drafts/asli.md")
    (tmp_path / "drafts/tautan.md").symlink_to(tmp_path / "elsewhere/a.md")
    (tmp_path / "drafts/folder").symlink_to(tmp_path / "elsewhere")
    write(tmp_path, "drafts/dalam/x.txt")
    (tmp_path / "drafts/dalam/index.md").symlink_to(tmp_path / "elsewhere/a.md")
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "content/posts/2026").symlink_to(tmp_path / "elsewhere")
    assert files.draft_files(tmp_path) == [tmp_path / "drafts/asli.md"]
    assert files.post_files(tmp_path / "content") == []
    assert {p.file for p in files.refused(tmp_path)} >= {
        "drafts/tautan.md", "drafts/folder", "drafts/dalam/index.md", "content/posts/2026"}


def media(tmp_path: Path) -> Path:
    for relative in ["drafts/x.md", "drafts/foto.jpg", "drafts/media/foto.jpg", "drafts/rapat/index.md",
                     "drafts/rapat/foto.jpg", "drafts/rapat/sub/foto.png", "drafts/lain.md",
                     "content/posts/2026/y.md", "content/posts/2026/media/y.jpg", "content/posts/2026/z/index.md",
                     "content/posts/2026/z/gambar.png", "site_config/jdih.yml"]:
        write(tmp_path, relative)
    return tmp_path


@pytest.mark.parametrize(("item", "src"), [
    ("drafts/x.md", "media/foto.jpg"),          # the documented layout
    ("drafts/x.md", "./media/foto.jpg"),
    ("drafts/x.md", "foto.jpg"),                # beside it
    ("drafts/rapat/index.md", "foto.jpg"),
    ("drafts/rapat/index.md", "sub/foto.png"),
    ("content/posts/2026/y.md", "media/y.jpg"),
    ("content/posts/2026/z/index.md", "gambar.png"),
])
def test_media_inside_the_items_own_folder(tmp_path, item, src):
    root = media(tmp_path)
    parts = [part for part in Path(src).parts if part != "."]
    assert files.media_path(root / item, src) == (root / item).parent.joinpath(*parts).resolve()


@pytest.mark.parametrize(("item", "src", "what", "fix"), [
    ("drafts/x.md", "../site_config/jdih.yml", "jalur gambar '../site_config/jdih.yml' keluar dari folder konten",
     KEEP_HERE),
    ("drafts/x.md", "/etc/passwd", "jalur gambar '/etc/passwd' keluar dari folder konten", KEEP_HERE),
    ("drafts/rapat/index.md", "sub/../../foto.jpg", "jalur gambar 'sub/../../foto.jpg' keluar dari folder konten",
     KEEP_HERE),
    ("drafts/x.md", "file:///etc/passwd", "gambar 'file:///etc/passwd' berupa tautan; gambar harus tersimpan di "
     "repositori", KEEP_HERE),
    ("drafts/x.md", "//evil.example/a.jpg", "gambar '//evil.example/a.jpg' berupa tautan; gambar harus tersimpan "
     "di repositori", KEEP_HERE),
    ("drafts/x.md", "media\\foto.jpg", "jalur gambar 'media\\foto.jpg' memakai garis miring terbalik '\\'",
     "gunakan garis miring biasa '/', mis. 'media/nama-gambar.jpg'"),
    ("drafts/x.md", "media/foto\x00.jpg", "jalur gambar 'media/foto\\x00.jpg' memuat karakter kendali",
     "tulis ulang jalur gambarnya"),
    ("drafts/x.md", "rapat/foto.jpg", "gambar 'rapat/foto.jpg' ada di folder konten lain (rapat/)",
     "setiap konten memakai gambarnya sendiri: salin gambar ke folder media/ di samping berkas ini, lalu tulis "
     "mis. 'media/nama-gambar.jpg'"),
    ("content/posts/2026/y.md", "z/gambar.png", "gambar 'z/gambar.png' ada di folder konten lain (z/)",
     "setiap konten memakai gambarnya sendiri: salin gambar ke folder media/ di samping berkas ini, lalu tulis "
     "mis. 'media/nama-gambar.jpg'"),
    ("drafts/x.md", "lain.md", "berkas 'lain.md' bukan gambar: namanya harus berakhiran .jpg, .jpeg, .png, .webp "
     "atau .gif", "gunakan berkas gambar JPEG, PNG, WebP, GIF"),
    ("drafts/x.md", "media/logo.svg", "gambar 'media/logo.svg' berformat SVG, yang tidak diterima karena dapat "
     "memuat skrip", "simpan ulang gambar sebagai PNG atau JPEG"),
    ("drafts/x.md", "media/tidak-ada.jpg", "berkas gambar 'media/tidak-ada.jpg' tidak ditemukan",
     "periksa nama berkasnya (huruf besar/kecil berpengaruh) dan unggah gambarnya ke folder yang sama dengan "
     "berkas ini atau ke subfoldernya"),
])
def test_media_anywhere_else_is_refused(tmp_path, item, src, what, fix):
    root = media(tmp_path)
    with pytest.raises(files.MediaError) as caught:
        files.media_path(root / item, src)
    assert (caught.value.what, caught.value.fix) == (what, fix)
    assert caught.value.missing is (src == "media/tidak-ada.jpg")


def test_media_through_a_symbolic_link_is_refused_even_pointing_inside(tmp_path):
    root = media(tmp_path)
    (root / "drafts/media/keluar.jpg").symlink_to(root / "site_config/jdih.yml")
    (root / "drafts/media/dalam.jpg").symlink_to(root / "drafts/media/foto.jpg")
    (root / "drafts/rapat/tautan").symlink_to(root / "drafts/rapat/sub")
    cases = {("drafts/x.md", "media/keluar.jpg"): "jalur gambar 'media/keluar.jpg' keluar dari folder konten",
             ("drafts/x.md", "media/dalam.jpg"): "gambar 'media/dalam.jpg' berupa tautan simbolik (symlink)",
             ("drafts/rapat/index.md", "tautan/foto.png"): "gambar 'tautan/foto.png' berupa tautan simbolik (symlink)"}
    for (item, src), what in cases.items():
        with pytest.raises(files.MediaError) as caught:
            files.media_path(root / item, src)
        assert caught.value.what == what


def test_key_line_for_the_build_messages(tmp_path):
    write(tmp_path, "a.md", "---\ntitle: x\nimage:\n  alt: y\n  src: z.jpg\n---\n")
    assert files.key_line(tmp_path / "a.md", ("image", "src")) == 5
    write(tmp_path, "b.md", "---\ntitle: [\n---\n")
    assert files.key_line(tmp_path / "b.md", ("image", "src")) == 1

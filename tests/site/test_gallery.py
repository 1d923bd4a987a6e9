"""A post's gallery on a real `mkdocs build`: the photos on the page (and in Chromium at 360 and
1280 px), the branded cards as the link preview, the cards and slides published, the upload
manifest (jdih.site.uploads); and the gallery's paths by the main image's rules in `jdih periksa`,
the build and the promotion."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from jdih.content.post import parse_meta, read_source
from jdih.content.settings import load_settings
from jdih.content.social_text import PLATFORMS, platform_caption
from jdih.site import cards, uploads
from jdih.site.images import OG_MAX_BYTES
from jdih.sop.check import check_file
from jdih.sop.publish import bring_image, destination, leaving_problems
from tests.browser import browser, serve, wait_until
from tests.editorial_world import draft_text, git
from tests.sitebuild import build, copy_project, meta, parse

SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"
GALLERY_POST = "posts/2026/permenkumham-8-2019-standar-jdih/"
# The build's clock: the three sample posts of 16–24 November are within the announce window
# (they get the platforms' images and are in the manifest), those of 2 and 9 November are not.
NOW = "2026-11-25T09:00:00+07:00"
RECENT = {"posts/2026/keputusan-kpu-10-2022-pedoman-jdih/", GALLERY_POST,
          "posts/2026/pkpu-tata-kerja-kpu-dan-sekretariat/"}
SOURCE = Path("content") / GALLERY_POST / "index.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    cache = tmp_path_factory.mktemp("cache")
    build(project, cache_dir=cache, now=NOW)
    return project, cache


def _site_file(project: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return project / "site" / url[len(SITE_URL):]


def _gallery_imgs(project: Path) -> list[dict]:
    page = parse(project / "site" / GALLERY_POST / "index.html")
    inside, found = False, []
    for tag, attrs in page.elements:
        if tag == "section" and "jdih-gallery" in (attrs.get("class") or ""):
            inside = True
        elif tag == "section" and inside:
            break
        elif inside and tag in ("img", "source"):
            found.append({"tag": tag, **attrs})
    return found


def test_the_gallery_photos_are_on_the_page_like_the_main_image(built):
    project, _ = built
    front = parse_meta(read_source(project / SOURCE))
    assert len(front.gallery) == 3
    found = _gallery_imgs(project)
    imgs = [e for e in found if e["tag"] == "img"]
    sources = [e for e in found if e["tag"] == "source"]
    assert [img["alt"] for img in imgs] == [photo.alt for photo in front.gallery]
    for img, source in zip(imgs, sources, strict=True):
        assert img["loading"] == "lazy" and source["type"] == "image/webp"
        file = project / "site" / GALLERY_POST / img["src"]
        with Image.open(file) as rendition:
            assert (int(img["width"]), int(img["height"])) == rendition.size
        for part in source["srcset"].split(", "):
            url, width = part.rsplit(" ", 1)
            assert width.endswith("w") and (project / "site" / GALLERY_POST / url).resolve().is_file()
        assert "/media/" in img["src"]
    # the originals are replaced by their renditions, as the main image's
    for photo in front.gallery:
        assert not (project / "site" / GALLERY_POST / photo.src).exists()


def test_the_link_preview_is_the_branded_card(built):
    project, _ = built
    tags = meta(parse(project / "site" / GALLERY_POST / "index.html"))
    assert tags["og:image"] == tags["twitter:image"] and tags["og:image"].endswith("-og.jpg")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    card = _site_file(project, tags["og:image"])
    with Image.open(card) as im:
        assert (im.format, im.size) == ("JPEG", (1200, 630))
    assert card.stat().st_size < OG_MAX_BYTES


def test_an_old_posts_preview_is_its_photo_and_a_new_posts_its_card(built):
    """Cards cost a render each: only posts in the announce window get one (pages.upload_candidates)."""
    project, cache = built
    card_names = {p.name.replace("-og.jpg", "") for p in (cache / "images" / "media").glob("*-portrait.jpg")}
    old = meta(parse(project / "site" / "posts/2026/uu-7-2017-pemilihan-umum/index.html"))["og:image"]
    new = meta(parse(project / "site" / GALLERY_POST / "index.html"))["og:image"]
    assert old.endswith("-og.jpg") and new.endswith("-og.jpg") and old != new
    photo_og = _site_file(project, old).name
    # the old post's preview is the photo's crop, named by the photo's digest like its renditions
    assert (project / "site" / "media" / photo_og.replace("-og.jpg", "-640.webp")).is_file()
    assert not (project / "site" / "media" / _site_file(project, new).name.replace("-og.jpg", "-640.webp")).exists()
    assert card_names


def test_the_manifest_lists_every_post_with_its_cards_slides_alts_and_captions(built):
    project, _ = built
    settings = load_settings(project / "site_config" / "jdih.yml")
    data = json.loads((project / "site" / uploads.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["site"] == settings.site.url == SITE_URL
    assert set(data["posts"]) == RECENT  # older posts are never uploaded: not listed
    for post_id, entry in data["posts"].items():
        source = project / "content" / post_id / "index.md"
        front = parse_meta(read_source(source))
        assert entry["url"] == SITE_URL + post_id and entry["title"] == front.title
        assert entry["date"] == front.date.isoformat()
        assert set(entry["cards"]) == {"og", "portrait", "square", "story"}
        for fmt, url in entry["cards"].items():
            with Image.open(_site_file(project, url)) as im:
                assert (im.format, im.size) == ("JPEG", cards.FORMATS[fmt])
        assert entry["slides"][0] == entry["cards"]["portrait"]
        assert len(entry["slides"]) == 1 + len(front.gallery) == len(entry["alts"])
        assert entry["alts"] == [image.alt for image in front.images]
        for url in entry["slides"][1:]:
            with Image.open(_site_file(project, url)) as im:
                assert (im.format, im.size) == ("JPEG", (1080, 1350))
            assert _site_file(project, url).stat().st_size < cards.INSTAGRAM_MAX_BYTES
        assert entry["captions"] == {
            p: platform_caption(front.platform_caption_text(p), p, front.tags, list(settings.share.hashtags),
                                entry["url"]) for p in PLATFORMS}
    assert len(data["posts"][GALLERY_POST]["slides"]) == 4
    from jdih.social.manifest import parse as read_back  # the reader of SOP step 6a takes it as it is

    material = read_back(data, uploads.MANIFEST_NAME)
    assert set(material) == set(data["posts"]) and len(material[GALLERY_POST].slides) == 4
    assert "<" not in (project / "site" / uploads.MANIFEST_NAME).read_text(encoding="utf-8")


def test_the_manifest_name_is_the_one_the_reader_fetches():
    from jdih.social import manifest

    assert manifest.MANIFEST_NAME == uploads.MANIFEST_NAME == "jdih-unggah.json"


def test_a_rebuild_renders_no_card_again(built):
    project, cache = built
    media = cache / "images" / "media"
    before = {p.name: p.stat().st_mtime_ns for p in media.iterdir()}
    # every post has its link-preview card; only the recent ones the platforms' formats
    assert sum(name.endswith("-og.jpg") for name in before) >= 5
    assert sum(name.endswith("-portrait.jpg") for name in before) == len(RECENT)
    assert sum(name.endswith("-story.jpg") for name in before) == len(RECENT)
    assert sum(name.endswith("-slide.jpg") for name in before) == 3
    build(project, cache_dir=cache, now=NOW)
    assert {p.name: p.stat().st_mtime_ns for p in media.iterdir()} == before


# -- the gallery's paths, by the main image's rules --------------------------------------------------


def _gallery_post(project: Path, slug: str, src: str) -> Path:
    folder = project / "content" / "posts" / "2026" / slug
    shutil.copytree(project / "content" / GALLERY_POST, folder)
    text = (folder / "index.md").read_text(encoding="utf-8")
    text = text.replace("title: Permenkumham", f"title: {slug} Permenkumham").replace(
        "  - src: galeri-dokumen.jpg", f"  - src: {src}")
    (folder / "index.md").write_text(text, encoding="utf-8")
    return folder / "index.md"


def _line_of(path: Path, needle: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(needle) + 1


OUT_FIX = ("simpan gambar di repositori, di folder media/ di samping berkas ini, lalu tulis mis. "
           "'media/nama-gambar.jpg'")


def test_a_bad_gallery_path_stops_the_build_with_its_line(tmp_path):
    project = copy_project(tmp_path / "p")
    escape = _gallery_post(project, "keluar", "../uu-7-2017-pemilihan-umum/gambar.png")
    missing = _gallery_post(project, "hilang", "tidak-ada.jpg")
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    line = _line_of(escape, "  - src: ../uu-7-2017-pemilihan-umum/gambar.png")
    assert (f"content/posts/2026/keluar/index.md:{line}: gallery.1.src: jalur gambar "
            f"'../uu-7-2017-pemilihan-umum/gambar.png' keluar dari folder konten — {OUT_FIX}") in output
    line = _line_of(missing, "  - src: tidak-ada.jpg")
    assert f"content/posts/2026/hilang/index.md:{line}: gallery.1.src: berkas gambar 'tidak-ada.jpg' tidak ditemukan" \
        in output


def test_periksa_reports_a_bad_gallery_photo_with_its_line(tmp_path):
    project = copy_project(tmp_path / "p")
    settings = load_settings(project / "site_config" / "jdih.yml")
    post = _gallery_post(project, "periksa", "/etc/passwd")
    folder = post.parent
    Image.new("RGB", (120, 90), (10, 20, 30)).save(folder / "galeri-ruang-rapat.jpg")  # under 200 px wide
    problems = check_file(post, settings, project).problems
    found = {(p.line, p.key): p.message for p in problems}
    assert found == {
        (_line_of(post, "  - src: /etc/passwd"), "gallery.1.src"): "jalur gambar '/etc/passwd' keluar dari folder konten",
        (_line_of(post, "  - src: galeri-ruang-rapat.jpg"), "gallery.2.src"):
            "gambar terlalu kecil (120 px lebar, minimal 200 px)",
    }
    assert [p.fix for p in problems if p.key == "gallery.1.src"] == [OUT_FIX]


# -- promotion carries the gallery along -------------------------------------------------------------


def _draft_repo(tmp_path: Path, gallery: list[str]) -> tuple[str, object]:
    from jdih.github.git import GitRepo

    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "t")
    git(tmp_path, "config", "user.email", "t@example.org")
    (tmp_path / "drafts" / "media").mkdir(parents=True)
    for name in ("sampul.png", "foto-1.jpg", "foto-2.jpg"):
        Image.new("RGB", (400, 300), (50, 60, 70)).save(tmp_path / "drafts" / "media" / name)
    extra = "gallery:\n" + "".join(f"  - src: {src}  # foto\n    alt: Foto {i}\n" for i, src in enumerate(gallery))
    text = draft_text("Bergaleri", image="media/sampul.png").replace("caption: |", extra + "caption: |")
    (tmp_path / "drafts" / "bergaleri.md").write_text(text, encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "awal")
    return "drafts/bergaleri.md", GitRepo(tmp_path)


def test_a_single_file_drafts_gallery_moves_into_its_post_folder(tmp_path):
    draft, repo = _draft_repo(tmp_path, ["media/foto-1.jpg", "./media/foto-2.jpg"])
    meta_ = parse_meta(read_source(tmp_path / draft))
    assert leaving_problems(tmp_path, draft, meta_) == []
    source, target, _ = destination(draft, meta_)
    repo.move(source, target)
    moved = bring_image(tmp_path, draft, meta_, tmp_path / target, repo)
    post = tmp_path / target
    assert moved == ["drafts/media/sampul.png", "content/posts/2026/bergaleri/sampul.png",
                     "drafts/media/foto-1.jpg", "content/posts/2026/bergaleri/foto-1.jpg",
                     "drafts/media/foto-2.jpg", "content/posts/2026/bergaleri/foto-2.jpg"]
    text = post.read_text(encoding="utf-8")
    assert "  - src: foto-1.jpg  # foto\n" in text and "  - src: foto-2.jpg  # foto\n" in text
    promoted = parse_meta(read_source(post))
    assert [photo.src for photo in promoted.gallery] == ["foto-1.jpg", "foto-2.jpg"]
    assert all((post.parent / photo.src).is_file() for photo in promoted.gallery)


def test_a_gallery_path_out_of_the_folder_is_refused_and_nothing_moves(tmp_path):
    draft, repo = _draft_repo(tmp_path, ["media/foto-1.jpg", "../site_config/jdih.yml"])
    meta_ = parse_meta(read_source(tmp_path / draft))
    problems = leaving_problems(tmp_path, draft, meta_)
    line = _line_of(tmp_path / draft, "  - src: ../site_config/jdih.yml  # foto")
    assert [(p.file, p.line, p.key, p.message) for p in problems] == [
        (draft, line, "gallery.1.src", "jalur gambar '../site_config/jdih.yml' keluar dari folder konten")]
    source, target, _ = destination(draft, meta_)
    from jdih.content.files import MediaError

    with pytest.raises(MediaError):
        bring_image(tmp_path, draft, meta_, tmp_path / target, repo)
    assert (tmp_path / "drafts/media/sampul.png").is_file() and (tmp_path / "drafts/media/foto-1.jpg").is_file()


def test_two_gallery_photos_of_one_name_in_different_folders_are_refused(tmp_path):
    draft, _ = _draft_repo(tmp_path, ["media/foto-1.jpg"])
    (tmp_path / "drafts" / "lain").mkdir()
    shutil.copy(tmp_path / "drafts/media/foto-1.jpg", tmp_path / "drafts/lain/foto-1.jpg")
    text = (tmp_path / draft).read_text(encoding="utf-8").replace(
        "    alt: Foto 0\n", "    alt: Foto 0\n  - src: lain/foto-1.jpg\n    alt: Foto lain\n")
    (tmp_path / draft).write_text(text, encoding="utf-8")
    meta_ = parse_meta(read_source(tmp_path / draft))
    problems = leaving_problems(tmp_path, draft, meta_)
    assert [(p.key, p.line) for p in problems] == [("gallery.1.src", _line_of(tmp_path / draft, "  - src: lain/foto-1.jpg"))]
    assert "bernama sama" in problems[0].message


# -- in Chromium -----------------------------------------------------------------------------------

GEOMETRY = """() => {
  const items = [...document.querySelectorAll('.jdih-gallery__item')].map(el => el.getBoundingClientRect());
  const article = document.querySelector('.jdih-post').getBoundingClientRect();
  const imgs = [...document.querySelectorAll('.jdih-gallery img')];
  return {
    scroll: document.documentElement.scrollWidth, inner: innerWidth,
    items: items.map(r => [r.left, r.top, r.right, r.bottom]),
    article: [article.left, article.right],
    loaded: imgs.map(img => img.complete && img.naturalWidth > 0),
    ratios: imgs.map(img => [img.getBoundingClientRect().width / img.getBoundingClientRect().height,
                             img.naturalWidth / img.naturalHeight]),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_gallery_in_chromium_fits_without_overlap(built, width, tmp_path):
    project, _ = built
    with browser() as chromium, serve(project / "site") as base:
        context = chromium.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        page.goto(base + GALLERY_POST, wait_until="load")
        gallery = page.locator(".jdih-gallery")
        gallery.scroll_into_view_if_needed()
        wait_until(page, "[...document.querySelectorAll('.jdih-gallery img')].every(i => i.complete && i.naturalWidth)")
        found = page.evaluate(GEOMETRY)
        shot = Path("/tmp") / f"jdih-galeri-{width}.png"
        gallery.screenshot(path=str(shot))
        context.close()
    assert found["scroll"] <= found["inner"], found
    assert len(found["items"]) == 3 and all(found["loaded"])
    left, right = found["article"]
    for box in found["items"]:
        assert left - 1 <= box[0] and box[2] <= right + 1 and box[2] - box[0] > 100
    for i, a in enumerate(found["items"]):
        for b in found["items"][i + 1:]:
            overlap_w = min(a[2], b[2]) - max(a[0], b[0])
            overlap_h = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_w <= 1 or overlap_h <= 1, (a, b)
    for shown, natural in found["ratios"]:  # whole photos: never cropped or stretched
        assert abs(shown - natural) < 0.03

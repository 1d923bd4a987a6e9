"""The preview comment stays under GitHub's comment limit (65,536 characters) and the run summary
under its 1 MiB per step: whole sections dropped, problems kept, a note saying where the rest is."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from jdih.cli.main import main
from jdih.content.post import PostMeta
from jdih.content.problems import Problem
from jdih.sop import preview
from tests.cli.test_publish import CLEAN, draft_text, project

SHARE = "Teks bagikan yang panjang untuk WhatsApp dan lainnya. " * 20


def synthetic(count: int, problems: int = 1) -> list[preview.DraftPreview]:
    previews = []
    for index in range(count):
        meta = PostMeta.model_validate({
            "title": f"Konten nomor {index}", "date": "2026-11-20", "description": "Ringkasan. " * 10,
            "categories": ["Peraturan"], "image": {"src": "gambar.png", "alt": "Sampul"},
            "caption": "Takarir panjang untuk uji batas komentar. " * 20})
        draft = f"drafts/konten-{index}/index.md"
        previews.append(preview.DraftPreview(
            draft, [Problem(draft, 5, "caption", f"masalah {index}.{n}", "perbaiki") for n in range(problems)],
            meta=meta, post_id=f"posts/2026/konten-{index}/", url=f"https://kpu.example/posts/2026/konten-{index}/",
            image_path=f"drafts/konten-{index}/gambar.png",
            share_texts={"WhatsApp": SHARE, "X": SHARE, "Telegram": SHARE}))
    return previews


def balanced(body: str) -> bool:
    fences = [line for line in body.splitlines() if line.startswith("```")]
    return len(fences) % 2 == 0 and body.count("<details>") == body.count("</details>")


def test_a_short_preview_is_untouched():
    previews = synthetic(2)
    full = preview.preview_comment(previews)
    assert preview.preview_comment(previews, limit=preview.COMMENT_BUDGET, cut_note="X\n") == full
    assert "Pratinjau ini dipersingkat" not in full


def test_a_long_preview_comment_keeps_under_the_limit_with_whole_sections_and_every_problem():
    previews = synthetic(60)
    full = preview.preview_comment(previews)
    assert len(full) > preview.COMMENT_MAX_CHARS  # the case this is about
    note = preview.comment_cut_note("https://github.com/o/r/actions/runs/7", summary_written=True)
    body = preview.preview_comment(previews, limit=preview.COMMENT_BUDGET, cut_note=note)
    assert len(body) <= preview.COMMENT_BUDGET < preview.COMMENT_MAX_CHARS
    assert body.startswith(preview.PREVIEW_MARKER + "\n## Pratinjau draf\n")
    assert body.endswith("\n" + note)
    assert note == ("⚠️ **Pratinjau ini dipersingkat**: komentar GitHub dibatasi 65.536 karakter, jadi sebagian "
                    "pratinjau tidak dimuat di sini. Pratinjau lengkap ada di [ringkasan jalankan alur kerja]"
                    "(https://github.com/o/r/actions/runs/7).\n")
    assert "### Masalah (60)" in body and all(f"masalah {i}.0" in body for i in range(60))
    shown = re.findall(r"^### Konten nomor (\d+)$", body, re.MULTILINE)
    assert shown == [str(i) for i in range(len(shown))] and 0 < len(shown) < 60  # the first ones, in order
    assert balanced(body)


def test_a_flood_of_problems_is_cut_at_a_line():
    previews = synthetic(3, problems=3000)
    body = preview.preview_comment(previews, limit=preview.COMMENT_BUDGET, cut_note="CATATAN\n")
    assert len(body) <= preview.COMMENT_BUDGET and body.endswith("\nCATATAN\n")
    assert "### Masalah (9000)" in body and "### Konten nomor" not in body
    bullets = [line for line in body.splitlines() if line.startswith("- `")]
    assert len(bullets) > 100 and all(line.endswith(" — perbaiki") for line in bullets)  # whole lines only


def test_the_summary_is_capped_in_bytes():
    previews = synthetic(400)
    full = preview.preview_comment(previews)
    assert preview.utf8_size(full) > preview.SUMMARY_MAX_BYTES
    summary = preview.preview_comment(previews, limit=preview.SUMMARY_BUDGET, size=preview.utf8_size,
                                      cut_note=preview.SUMMARY_CUT_NOTE)
    assert preview.utf8_size(summary) <= preview.SUMMARY_BUDGET < preview.SUMMARY_MAX_BYTES
    assert summary.endswith(preview.SUMMARY_CUT_NOTE) and balanced(summary)
    assert "ringkasan jalankan dibatasi 1 MiB per langkah" in summary


def test_pratinjau_comment_is_capped_and_the_summary_has_the_whole_preview(tmp_path, monkeypatch, fake_github):
    root = project(tmp_path / "p", {f"uji-{i:02d}": draft_text(f"Uji Panjang {i:02d}",
                                                              caption="Takarir yang cukup panjang. " * 60)
                                   for i in range(32)})
    monkeypatch.chdir(root)
    pull = fake_github.open_pull("pengelola-jdih-kapuas", "konsep/panjang", title="Konsep: panjang")
    event = tmp_path / "event.json"
    repo = {"full_name": fake_github.full_name}
    event.write_text(json.dumps({"pull_request": {"number": pull, "head": {"sha": "b" * 40, "repo": repo},
                                                  "base": {"repo": repo}}}))
    summary = tmp_path / "summary"
    env = CLEAN | {"GITHUB_TOKEN": "test-token", "GITHUB_API_URL": fake_github.base_url,
                   "GITHUB_EVENT_PATH": str(event), "JDIH_GITHUB_WRITE_PAUSE": "0", "GITHUB_STEP_SUMMARY": str(summary),
                   "GITHUB_RUN_ID": "77", "GITHUB_SERVER_URL": "https://github.com",
                   "GITHUB_REPOSITORY": fake_github.full_name}
    result = CliRunner().invoke(main, ["pratinjau", "--komentar"], env=env)
    assert result.exit_code == 0, result.output
    [comment] = [c.body for c in fake_github.client().get_repo(fake_github.full_name).get_issue(pull).get_comments()]
    full = summary.read_text(encoding="utf-8")
    assert len(full) > preview.COMMENT_MAX_CHARS > len(comment)
    assert all(f"### Uji Panjang {i:02d}" in full for i in range(32))  # the whole preview, in the summary
    assert comment.startswith(preview.PREVIEW_MARKER)
    assert comment.endswith(f"[ringkasan jalankan alur kerja](https://github.com/{fake_github.full_name}"
                            "/actions/runs/77).\n")
    assert 0 < comment.count("### Uji Panjang") < 32 and balanced(comment)


# -- the phone preview: the post as its page will show it (issue 11) ----------------------------

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from jdih.content import files  # noqa: E402
from jdih.content.post import parse_meta, read_source, repoint_image_src  # noqa: E402
from tests.cli.test_publish import IMAGE, SETTINGS, SITE  # noqa: E402

LEGAL = ('legal_documents:\n  - type: Undang-Undang\n    number: "7"\n    year: 2017\n    title: Pemilihan Umum\n'
         '    url: https://peraturan.go.id/id/uu-no-7-tahun-2017\n')
BLOB = "https://github.com/kpu-kapuas/jdih-medsos/blob/" + "c" * 40 + "/"
TREE = "https://github.com/kpu-kapuas/jdih-medsos/tree/pengelola-jdih-kapuas-patch-1/"
# The draft's caption with the post's tags and the office's hashtags, as every platform gets it.
TAGGED = "Kenali aturan baru. #Pemilu #Pemilu2029 #JDIHKPU #KPUKapuas"


def test_the_comment_shows_the_post_as_its_page_will_with_the_image_from_the_pull_requests_commit(tmp_path):
    root = project(tmp_path / "p", {"uji-ponsel": draft_text("Uji Ponsel", extra=LEGAL)})
    [item] = preview.draft_previews(root, SETTINGS)
    body = preview.preview_comment([item], build_outcome="success", head_sha="c" * 40, run_url="https://gh/run/9",
                                   image_base=BLOB, branch_base=TREE)
    section = body.split("### Uji Ponsel\n\n", 1)[1].split("<details>", 1)[0]
    assert section == (
        "**Peraturan** · 24 November 2026 pukul 08.00 WIB\n\n"
        f"`drafts/uji-ponsel/index.md` → akan terbit di {SITE}posts/2026/uji-ponsel/\n\n"
        "**Deskripsi:** Ringkasan singkat.\n\n"
        f'<img src="{BLOB}drafts/uji-ponsel/gambar.png?raw=true" alt="Sampul dokumen peraturan" width="360">\n\n'
        "**Gambar:** `drafts/uji-ponsel/gambar.png` — teks alternatif: Sampul dokumen peraturan\n\n"
        "**Takarir:**\n\n> Kenali aturan baru. #Pemilu\n\n"
        "| Platform | Panjang (seperti diunggah) | Batas | |\n| --- | --- | --- | --- |\n"
        "| X | 83 karakter | 280 karakter | ✅ |\n"
        "| Instagram | 59 karakter | 2.200 karakter | ✅ |\n"
        "| Instagram (tagar) | 4 tagar | 30 tagar | ✅ |\n"
        "| Facebook | 124 karakter | 63.206 karakter | ✅ |\n"
        "| Telegram | 124 karakter | 1.024 karakter | ✅ |\n\n"
        "X menghitung setiap tautan 23 karakter; tautan konten sudah termasuk.\n\n"
        "**Takarir siap unggah** (tagar dan tautan sudah termasuk; salin dengan tombol di pojok kotak):\n\n"
        "**Instagram** — takarir utama, 59 dari 2.200 karakter, 4 dari 30 tagar ✅\n\n"
        f"```text\n{TAGGED}\n```\n\n"
        "**Facebook** — takarir utama, 124 dari 63.206 karakter ✅\n\n"
        f"```text\n{TAGGED}\n\n{SITE}posts/2026/uji-ponsel/\n```\n\n"
        "**Telegram** — takarir utama, 124 dari 1.024 karakter ✅\n\n"
        f"```text\n{TAGGED}\n\n{SITE}posts/2026/uji-ponsel/\n```\n\n"
        "**X** — takarir utama, 83 dari 280 karakter ✅\n\n"
        f"```text\n{TAGGED} {SITE}posts/2026/uji-ponsel/\n```\n\n"
        "**Dokumen hukum terkait:**\n\n"
        "- Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum — https://peraturan.go.id/id/uu-no-7-tahun-2017\n\n"
        "**Tagar:** `#Pemilu2029`\n\n")
    assert body.startswith("<!-- jdih:pratinjau -->\n## Pratinjau draf\n\nSitus berhasil dibangun dengan draf di "
                           "dalamnya (versi `ccccccc`) — [unduh situs pratinjau](https://gh/run/9) (artefak "
                           "`pratinjau-situs`: ekstrak berkas zip-nya, lalu buka `index.html`; tautannya berfungsi "
                           "langsung dari berkas).\n")
    assert "<details><summary>Teks bagikan</summary>" in body and "**WhatsApp**" in body
    assert body.endswith("✅ Tidak ada masalah: draf siap disunting dan disetujui.\n")


def test_an_image_not_yet_uploaded_says_where_and_how_to_upload_it(tmp_path):
    root = project(tmp_path / "p", {"uji-ponsel": draft_text("Uji Ponsel")})
    (root / "drafts" / "uji-ponsel" / "gambar.png").unlink()  # the draft's first commit, before the upload
    [item] = preview.draft_previews(root, SETTINGS)
    body = preview.preview_comment([item], image_base=BLOB, branch_base=TREE)
    assert "<img" not in body
    assert ("⚠️ **Gambar belum ada**: `drafts/uji-ponsel/gambar.png` belum diunggah ke cabang ini. Buka "
            f"[folder `drafts/uji-ponsel/`]({TREE}drafts/uji-ponsel) di cabang pull request ini, klik **Add file** → "
            "**Upload files**, seret gambarnya, pilih **Commit directly to the `…` branch**, lalu klik **Commit "
            "changes**; namanya harus sama dengan isian `image.src`.\n") in body
    assert ("- `drafts/uji-ponsel/index.md:8` **image.src**: berkas gambar 'gambar.png' tidak ditemukan — periksa "
            "nama berkasnya") in body


SRC_LINES = {
    "plain": "image:\n  src: media/contoh.png\n  alt: Sampul dokumen peraturan\n",
    "quoted, with a comment": 'image:\n  src: "media/contoh.png"   # gambar sampul\n  alt: Sampul dokumen peraturan\n',
    "flow": "image: {src: media/contoh.png, alt: Sampul dokumen peraturan}\n",
    "dot": "image:\n  src: ./media/contoh.png\n  alt: Sampul dokumen peraturan\n",
}


@pytest.mark.parametrize("how", sorted(SRC_LINES))
def test_a_single_file_draft_with_its_image_in_drafts_media_is_placed_with_its_image(tmp_path, how):
    """The layout that crashed the preview (issue 11): drafts/<slug>.md, its image in drafts/media/."""
    root = project(tmp_path / "p", {})
    (root / "drafts" / "media").mkdir(parents=True)
    shutil.copy2(IMAGE, root / "drafts" / "media" / "contoh.png")
    text = draft_text("Satu Berkas").replace("image:\n  src: gambar.png\n  alt: Sampul dokumen peraturan\n",
                                             SRC_LINES[how])
    (root / "drafts" / "satu-berkas.md").write_text(text, encoding="utf-8")
    assert preview.check_targets([root / "drafts" / "satu-berkas.md"], SETTINGS, root) == []
    tree = preview.prepare_preview_tree(root, tmp_path / "tree")
    assert tree.included == [("drafts/satu-berkas.md", "posts/2026/satu-berkas/")]
    post = tmp_path / "tree" / "content" / "posts" / "2026" / "satu-berkas" / "index.md"
    meta = parse_meta(read_source(post))
    assert files.media_path(post, meta.image.src).read_bytes() == IMAGE.read_bytes()  # the build finds it


def test_repoint_image_src_writes_only_the_src_value():
    text = '---\ntitle: "media/a.png"\nimage:\n  src: "media/a.png"  # sampul\n  alt: x\n---\n\nmedia/a.png\n'
    assert repoint_image_src(text, "media/a.png", "a.png") == text.replace('"media/a.png"  #', '"a.png"  #')
    flow = "---\nimage: {alt: x, src: media/a.png}\n---\n"
    assert repoint_image_src(flow, "media/a.png", "a.png") == "---\nimage: {alt: x, src: a.png}\n---\n"
    assert repoint_image_src("---\nimage:\n  src: \"media\\x2Fa.png\"\n---\n", "media/a.png", "a.png") is None


def test_link_files_writes_folder_links_to_their_index_html(tmp_path):
    site = tmp_path / "site"
    for page in ("index.html", "tagar/pemilu/index.html", "posts/2026/x/index.html", "sop.html", "lama.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
    (site / "posts" / "2026" / "x" / "index.html").write_text(
        '<a href="../../../">b</a> <a href="../../../tagar/pemilu/#atas">t</a> <a href="../../../sop.html">s</a> '
        '<a href="https://kpu.example/posts/">w</a> <a href="#isi">i</a> <img src="gambar.png"> '
        '<a href="../../../lama/">l</a> <a href="/jdih/tagar/pemilu/">a</a>', encoding="utf-8")
    for page in ("index.html", "tagar/pemilu/index.html", "sop.html", "lama.html"):
        (site / page).write_text("x", encoding="utf-8")
    (site / "posts" / "2026" / "x" / "gambar.png").write_bytes(b"")
    assert preview.link_files(site) == 4
    assert (site / "posts" / "2026" / "x" / "index.html").read_text(encoding="utf-8") == (
        '<a href="../../../index.html">b</a> <a href="../../../tagar/pemilu/index.html#atas">t</a> '
        '<a href="../../../sop.html">s</a> <a href="https://kpu.example/posts/">w</a> <a href="#isi">i</a> '
        '<img src="gambar.png"> <a href="../../../lama.html">l</a> <a href="../../../tagar/pemilu/index.html">a</a>')


def relative_links(site: Path) -> list[tuple[str, str]]:
    """(page, link) of every relative href/src of the built site that is not a file."""
    broken = []
    for page in site.rglob("*.html"):
        for url in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            if not url or url.startswith(("#", "//", "data:")) or re.match(r"^[a-z][a-z0-9+.-]*:", url):
                continue
            path = url.split("#", 1)[0].split("?", 1)[0]
            target = page.parent / path if not path.startswith("/") else site / path.lstrip("/")
            if path and not target.is_file():
                broken.append((page.relative_to(site).as_posix(), url))
    return broken


def test_the_preview_site_opens_from_disk_every_layout_included(tmp_path):
    root = project(tmp_path / "p", {"map-draf": draft_text("Map Draf")})
    (root / "drafts" / "media").mkdir()
    shutil.copy2(IMAGE, root / "drafts" / "media" / "contoh.png")
    (root / "drafts" / "satu-berkas.md").write_text(
        draft_text("Satu Berkas").replace("src: gambar.png", 'src: "media/contoh.png"  # sampul'), encoding="utf-8")
    shutil.copy2(IMAGE, root / "drafts" / "samping.png")
    (root / "drafts" / "samping.md").write_text(draft_text("Samping").replace("src: gambar.png", "src: samping.png"),
                                               encoding="utf-8")
    said: list[str] = []
    out = tmp_path / "pratinjau-situs"
    code = preview.build_preview(root, out, echo=said.append, where=SETTINGS)
    assert code == 0, said
    assert said[:3] == ["Draf drafts/map-draf/index.md dibangun sebagai posts/2026/map-draf/",
                        "Draf drafts/samping.md dibangun sebagai posts/2026/samping/",
                        "Draf drafts/satu-berkas.md dibangun sebagai posts/2026/satu-berkas/"]
    assert said[-1] == f"Buka {out}/posts/2026/map-draf/index.html di peramban (tautannya berfungsi langsung dari berkas)."
    assert (out / "sop.html").is_file()  # use_directory_urls: false, for the preview build only
    for slug in ("map-draf", "satu-berkas", "samping"):
        page = (out / "posts" / "2026" / slug / "index.html").read_text(encoding="utf-8")
        assert 'href="../../../index.html"' in page  # the home link, to a file
    assert relative_links(out) == []
    assert "use_directory_urls: true" in (root / "mkdocs.yml").read_text(encoding="utf-8")  # the site's own stays


# -- each platform's caption as it will be posted (issue 12) -------------------------------------

import html as html_module  # noqa: E402

import markdown  # noqa: E402

from jdih.content.social_text import PLATFORMS, platform_caption  # noqa: E402

OVERRIDES = ('captions:\n  instagram: |\n    Takarir khusus Instagram.\n    Baris kedua.\n'
             '  telegram: "Takarir `kanal` ```Telegram```"\n'
             'caption_x: "Takarir X <b>tebal</b> @kasubbag"\n')


def code_blocks(body: str) -> list[str]:
    """The text of every code block as GitHub shows (and its copy button copies) it."""
    rendered = markdown.markdown(body, extensions=["fenced_code", "tables"])
    # Python-Markdown ends a block's text with the newline before its closing fence; GitHub's copy
    # button copies the block without it.
    return [html_module.unescape(text).removesuffix("\n")
            for text in re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", rendered, re.S)]


def test_each_platforms_caption_is_a_code_block_exactly_as_platform_caption_composes_it(tmp_path):
    root = project(tmp_path / "p", {"uji-takarir": draft_text("Uji Takarir", extra=OVERRIDES)})
    [item] = preview.draft_previews(root, SETTINGS)
    body = preview.preview_comment([item])
    url = f"{SITE}posts/2026/uji-takarir/"
    office = list(SETTINGS.share.hashtags)
    texts = {"instagram": "Takarir khusus Instagram.\nBaris kedua.", "facebook": "Kenali aturan baru. #Pemilu",
             "telegram": "Takarir `kanal` ```Telegram```", "x": "Takarir X <b>tebal</b> @kasubbag"}
    expected = [platform_caption(texts[platform], platform, ["Pemilu2029"], office, url) for platform in PLATFORMS]
    share = body.split("<details><summary>Teks bagikan</summary>", 1)[0]
    assert code_blocks(share) == expected
    assert [item.captions[platform].text for platform in PLATFORMS] == expected
    # which key each text comes from, and its length against the platform's limit
    section = share.split("**Takarir siap unggah**", 1)[1]
    assert re.findall(r"^\*\*(\w+)\*\* — (.+)$", section, re.M) == [
        ("Instagram", "`captions.instagram`, 70 dari 2.200 karakter, 3 dari 30 tagar ✅"),
        ("Facebook", f"takarir utama, {len(expected[1])} dari 63.206 karakter ✅"),
        ("Telegram", f"`captions.telegram`, {len(expected[2])} dari 1.024 karakter ✅"),
        ("X", "`caption_x`, 88 dari 280 karakter ✅"),
    ]
    assert balanced(body)
    assert "<b>tebal</b>" not in markdown.markdown(body, extensions=["fenced_code", "tables"])  # text, not HTML


def test_a_caption_over_its_limit_is_marked_in_its_block_and_in_the_table(tmp_path):
    long = "Takarir yang cukup panjang. " * 40  # 1,119 characters: over Telegram's 1,024 with the link
    root = project(tmp_path / "p", {"uji-panjang": draft_text("Uji Panjang", caption=long.strip(),
                                                              extra='caption_x: "Pendek."\n')})
    [item] = preview.draft_previews(root, SETTINGS)
    body = preview.preview_comment([item])
    telegram = item.captions["telegram"]
    assert telegram.length == len(long.strip()) + len(" #Pemilu2029 #JDIHKPU #KPUKapuas") + 2 + len(
        f"{SITE}posts/2026/uji-panjang/") == 1217
    assert "**Telegram** — takarir utama, 1.217 dari 1.024 karakter ❌ melebihi batas\n" in body
    assert "| Telegram | 1.217 karakter | 1.024 karakter | ❌ terlalu panjang |" in body
    assert "**Instagram** — takarir utama, 1.151 dari 2.200 karakter, 3 dari 30 tagar ✅\n" in body
    # the same problem `jdih periksa` reports, listed with the others
    assert ("`drafts/uji-panjang/index.md:10` **caption**: takarir terlalu panjang untuk Telegram: 1.217 karakter, "
            "maksimal 1.024 (batas takarir foto; sudah termasuk tagar dan tautan) — isi captions.telegram dengan "
            "takarir pendek khusus Telegram") in body

"""Publishing glue (jdih.sop.preview, jdih.github.actions, `jdih pratinjau`, `daftar-kabar`, `catat`):
notification lists, the preview comment, the record on the pull request, Actions helpers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import yaml
from click.testing import CliRunner

from jdih.cli.main import main
from jdih.content.post import PostMeta
from jdih.content.settings import load_settings
from jdih.github import actions
from jdih.notify import CommentLedger, PyGithubCommentStore
from jdih.notify.message import Notification
from jdih.sop import preview, record
from jdih.testing.actions_sim import parse_key_values
from jdih.testing.fakegithub.server import ROLE_USERS
from jdih.testing.receiver import Reply
from tests.conftest import ROOT  # noqa: E402

SETTINGS = load_settings(ROOT / "site_config" / "jdih.yml")
SITE = "https://kpu-kapuas.github.io/jdih-medsos/"
WIB = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 11, 25, 10, 5, tzinfo=WIB)
IMAGE = ROOT / "content" / "posts" / "2026" / "uu-7-2017-pemilihan-umum" / "gambar.png"
CLEAN = {"GITHUB_ACTIONS": None, "GITHUB_OUTPUT": None, "GITHUB_STEP_SUMMARY": None, "GITHUB_EVENT_PATH": None,
         "GITHUB_TOKEN": None, "GITHUB_REPOSITORY": None, "GITHUB_API_URL": None, "JDIH_SETTINGS": None,
         "GITHUB_RUN_ID": None, "GITHUB_SERVER_URL": None}

RESULT = {"promoted": [{"post_id": "posts/2026/uu-pemilu/", "path": "content/posts/2026/uu-pemilu.md",
                        "title": "Mengenal UU Pemilu", "pull_request": 7, "disposisi": 3,
                        "approver": "kasubbag-kapuas", "approved_at": "2026-11-24T23:50:00+07:00",
                        "merged_at": "2026-11-25T00:10:00+07:00", "draft": "drafts/uu-pemilu.md"}],
          "refused": [], "pushed": True, "warning": None}
ENTRY = {"post_id": "posts/2026/uu-pemilu/", "title": "Mengenal UU Pemilu", "url": SITE + "posts/2026/uu-pemilu/",
         "approver": "kasubbag-kapuas", "date": "2026-11-25", "pull_request": 7, "disposisi": 3}


def draft_text(title="Uji Pratinjau", caption="Kenali aturan baru. #Pemilu", extra=""):
    return (f'---\ntitle: "{title}"\ndate: 2026-11-24\ndescription: Ringkasan singkat.\ncategories:\n  - Peraturan\n'
            f"image:\n  src: gambar.png\n  alt: Sampul dokumen peraturan\ncaption: |\n  {caption}\n"
            f"tags: [Pemilu2029]\n{extra}---\n\nIsi.\n")


def project(tmp: Path, drafts: dict[str, str]) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "HEAD", "mkdocs.yml", "content", "site_config"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    for slug, text in drafts.items():
        (tmp / "drafts" / slug).mkdir(parents=True)
        (tmp / "drafts" / slug / "index.md").write_text(text, encoding="utf-8")
        shutil.copy2(IMAGE, tmp / "drafts" / slug / "gambar.png")
    return tmp


# -- actions helpers ------------------------------------------------------------------------


def test_outputs_summary_and_commands(tmp_path):
    env = {"GITHUB_OUTPUT": str(tmp_path / "out"), "GITHUB_STEP_SUMMARY": str(tmp_path / "sum")}
    assert actions.set_output("satu", "nilai", env) and actions.set_output("banyak", "a\nb=c\n", env)
    assert parse_key_values((tmp_path / "out").read_text()) == {"satu": "nilai", "banyak": "a\nb=c\n"}
    assert actions.add_summary("### Judul", env)
    assert (tmp_path / "sum").read_text() == "### Judul\n"
    assert not actions.set_output("x", "y", {}) and not actions.add_summary("x", {})
    assert actions.command("error", "50% gagal\nbaris dua", title="A: b, c") == \
        "::error title=A%3A b%2C c::50%25 gagal%0Abaris dua"
    lines: list[str] = []
    actions.add_mask("rahasia\n\nlain", lines.append)
    actions.notice("catatan", lines.append)
    assert lines == ["::add-mask::rahasia", "::add-mask::lain", "::notice::catatan"]
    assert actions.in_actions({"GITHUB_ACTIONS": "true"}) and not actions.in_actions({})


# -- notifications ----------------------------------------------------------------------------


def test_notifications_from_a_promotion_result():
    assert record.notifications_from_result(RESULT, SETTINGS, NOW) == [ENTRY]
    notification = Notification.from_dict(record.notifications_from_result(RESULT, SETTINGS, NOW)[0])
    assert notification.date == dt.date(2026, 11, 25)  # merged just after midnight WIB


def write_post(root: Path, slug: str, merged: str | None, url: str | None, number: int = 7) -> None:
    folder = root / "content" / "posts" / "2026" / slug
    folder.mkdir(parents=True)
    provenance = {"pull_request": number, "approver": "kasubbag-kapuas", "disposisi": 4}
    if merged:
        provenance["merged_at"] = merged
    if url:
        provenance["pull_request_url"] = url
    front = {"title": slug.title(), "provenance": provenance}
    (folder / "index.md").write_text(f"---\n{yaml.safe_dump(front)}---\n\nIsi.\n", encoding="utf-8")


def test_retry_list_window_grace_and_repository(tmp_path):
    pulls = "http://127.0.0.1:1/kpu-kapuas/jdih-medsos/pull/"
    write_post(tmp_path, "baru", "2026-11-25T09:00:00+07:00", pulls + "7", 7)
    write_post(tmp_path, "terlalu-baru", "2026-11-25T09:50:00+07:00", pulls + "8", 8)
    write_post(tmp_path, "lama", "2026-11-01T09:00:00+07:00", pulls + "5", 5)
    write_post(tmp_path, "contoh", "2026-11-24T09:00:00+07:00", None, 6)
    write_post(tmp_path, "repo-lain", "2026-11-24T09:00:00+07:00", "http://h/lain/repo/pull/9", 9)
    entries = record.notifications_from_site(tmp_path, SETTINGS, NOW, repository="kpu-kapuas/jdih-medsos")
    assert entries == [{"post_id": "posts/2026/baru/", "title": "Baru", "url": SITE + "posts/2026/baru/",
                        "approver": "kasubbag-kapuas", "date": "2026-11-25", "pull_request": 7, "disposisi": 4}]
    wider = record.notifications_from_site(tmp_path, SETTINGS, NOW, days=30, grace_minutes=0)
    assert [e["post_id"] for e in wider] == ["posts/2026/lama/", "posts/2026/repo-lain/", "posts/2026/baru/",
                                            "posts/2026/terlalu-baru/"]


def test_retry_list_counts_a_folder_post_once(tmp_path):
    """A folder post's other Markdown is its attachment, not a post (as for `jdih periksa` and the site)."""
    write_post(tmp_path, "baru", "2026-11-25T09:00:00+07:00", "http://h/kpu-kapuas/jdih-medsos/pull/7", 7)
    post = tmp_path / "content" / "posts" / "2026" / "baru" / "index.md"
    (post.parent / "lampiran.md").write_text(post.read_text(encoding="utf-8"), encoding="utf-8")
    (post.parent.parent / "_contoh.md").write_text(post.read_text(encoding="utf-8"), encoding="utf-8")
    (post.parent.parent / "rusak.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")  # unreadable: skipped
    entries = record.notifications_from_site(tmp_path, SETTINGS, NOW, days=30, grace_minutes=0)
    assert [entry["post_id"] for entry in entries] == ["posts/2026/baru/"]


def test_daftar_kabar_command(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    (tmp_path / "hasil.json").write_text(json.dumps(RESULT))
    env = CLEAN | {"GITHUB_OUTPUT": str(tmp_path / "out")}
    result = CliRunner().invoke(main, ["daftar-kabar", "--hasil", str(tmp_path / "hasil.json"), "--berkas",
                                       str(tmp_path / "kabar.json")], env=env)
    assert result.exit_code == 0, result.output
    assert result.output == (f"Kabar: «Mengenal UU Pemilu» {SITE}posts/2026/uu-pemilu/ (PR #7)\n1 kabar disiapkan.\n")
    written = json.loads((tmp_path / "kabar.json").read_text())
    assert written[0]["post_id"] == "posts/2026/uu-pemilu/" and written[0]["disposisi"] == 3
    assert json.loads(parse_key_values((tmp_path / "out").read_text())["kabar"]) == written
    missing = CliRunner().invoke(main, ["daftar-kabar", "--hasil", str(tmp_path / "tidak-ada.json")], env=CLEAN)
    assert missing.exit_code == 0
    assert missing.output.startswith("::warning::Berkas hasil ") and missing.output.endswith("0 kabar disiapkan.\n")
    both = CliRunner().invoke(main, ["daftar-kabar", "--semua", "--hasil", "x.json"], env=CLEAN)
    assert both.exit_code == 1 and "pilih salah satu: --hasil <berkas.json> atau --semua" in both.output


# -- preview ------------------------------------------------------------------------------------


def test_preview_tree_places_drafts_where_promotion_will(tmp_path):
    root = project(tmp_path / "p", {"uji-pratinjau": draft_text(), "rusak": "---\ntitle: [\n---\n"})
    tree = preview.prepare_preview_tree(root, tmp_path / "tree")
    assert tree.included == [("drafts/uji-pratinjau/index.md", "posts/2026/uji-pratinjau/")]
    assert tree.skipped == ["drafts/rusak/index.md"]
    assert (tmp_path / "tree" / "content" / "posts" / "2026" / "uji-pratinjau" / "gambar.png").is_file()
    assert not (root / "content" / "posts" / "2026" / "uji-pratinjau").exists()


def test_the_preview_copies_nothing_from_outside_a_drafts_folder(tmp_path):
    """The preview places drafts as promotion would, by the same folder rule: a single-file
    draft's image is brought into its folder; a draft naming a file outside its folder is
    skipped, not copied; a link is copied as a link (the build then refuses it), never followed."""
    root = project(tmp_path / "p", {"uji-pratinjau": draft_text()})
    (root / "drafts" / "media").mkdir()
    shutil.copy2(IMAGE, root / "drafts" / "media" / "sampul.png")
    (root / "drafts" / "satu.md").write_text(draft_text("Satu").replace("src: gambar.png", "src: media/sampul.png"),
                                            encoding="utf-8")
    (root / "drafts" / "curi.md").write_text(draft_text("Curi").replace("src: gambar.png", "src: /etc/passwd"),
                                            encoding="utf-8")
    (root / "drafts" / "naik").mkdir()
    (root / "drafts" / "naik" / "index.md").write_text(
        draft_text("Naik").replace("src: gambar.png", "src: ../../site_config/jdih.yml"), encoding="utf-8")
    post = root / "content" / "posts" / "2026" / "uu-7-2017-pemilihan-umum"
    (post / "rahasia.pdf").symlink_to("/etc/passwd")
    tree = preview.prepare_preview_tree(root, tmp_path / "tree")
    assert tree.included == [("drafts/satu.md", "posts/2026/satu/"),
                             ("drafts/uji-pratinjau/index.md", "posts/2026/uji-pratinjau/")]
    assert tree.skipped == ["drafts/curi.md", "drafts/naik/index.md"]
    built = tmp_path / "tree" / "content" / "posts" / "2026"
    assert "  src: sampul.png\n" in (built / "satu" / "index.md").read_text(encoding="utf-8")
    assert (built / "satu" / "sampul.png").read_bytes() == IMAGE.read_bytes()
    assert (root / "drafts" / "media" / "sampul.png").is_file()  # a preview moves nothing
    assert (built / "uu-7-2017-pemilihan-umum" / "rahasia.pdf").is_symlink()
    secret = Path("/etc/passwd").read_bytes()[:64]
    settings_bytes = (ROOT / "site_config" / "jdih.yml").read_bytes()
    for path in (tmp_path / "tree" / "content").rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert secret not in path.read_bytes() and path.read_bytes() != settings_bytes, path
    assert not (built / "curi").exists() and not (built / "naik").exists()


def test_caption_lengths_match_the_check():
    data = yaml.safe_load(draft_text(caption="a" * 250).split("---")[1])
    meta = PostMeta.model_validate(data)
    url = SETTINGS.site.url + "posts/2026/uji-pratinjau/"
    lengths = preview.caption_lengths(meta, SETTINGS, url)
    # 250 + " #Pemilu2029 #JDIHKPU #KPUKapuas" (32); X adds " " and the 23-character link; Facebook
    # adds a blank line and the page's link
    assert (lengths.instagram, lengths.facebook, lengths.instagram_hashtags, lengths.x) == (
        282, 282 + 2 + len(url), 3, 306)
    assert lengths.rows()[0] == ("X", "306 karakter", "280 karakter", False)


def test_preview_comment_text(tmp_path):
    root = project(tmp_path, {"uji-pratinjau": draft_text(extra="provenance: {}\n")})
    previews = preview.draft_previews(root, SETTINGS)
    body = preview.preview_comment(previews, build_outcome="failure", head_sha="abcdef1234",
                                   run_url="http://gh/run/1", image_base="http://gh/o/r/blob/abcdef1234/")
    assert body.startswith("<!-- jdih:pratinjau -->\n## Pratinjau draf\n\n⚠️ Situs **tidak dapat dibangun** "
                           "dengan draf ini (versi `abcdef1`). Lihat [log alur kerja](http://gh/run/1).\n")
    assert "`drafts/uji-pratinjau/index.md` → akan terbit di " + SITE + "posts/2026/uji-pratinjau/" in body
    assert ('<img src="http://gh/o/r/blob/abcdef1234/drafts/uji-pratinjau/gambar.png?raw=true" '
            'alt="Sampul dokumen peraturan" width="360">') in body
    assert "| X | 83 karakter | 280 karakter | ✅ |" in body
    assert "**X**\n\n```text\nKenali aturan baru. #Pemilu #Pemilu2029 #JDIHKPU #KPUKapuas\n```" in body
    assert ("### Masalah (1)\n\n- `drafts/uji-pratinjau/index.md:13` **provenance**: provenance hanya diisi "
            "otomatis saat konten terbit — hapus kunci provenance dari draf\n") in body


def test_pratinjau_build_and_print(tmp_path, monkeypatch):
    root = project(tmp_path / "p", {"uji-pratinjau": draft_text()})
    monkeypatch.chdir(root)
    env = CLEAN | {"JDIH_CACHE_DIR": str(tmp_path / "cache")}
    built = CliRunner().invoke(main, ["pratinjau", "--bangun", "--keluaran", str(tmp_path / "out")], env=env)
    assert built.exit_code == 0, built.output
    page = (tmp_path / "out" / "posts" / "2026" / "uji-pratinjau" / "index.html").read_text()
    assert "Uji Pratinjau" in page
    shown = CliRunner().invoke(main, ["pratinjau"], env=env)
    assert "✅ Tidak ada masalah: draf siap disunting dan disetujui." in shown.output


def test_pratinjau_comment_on_a_read_only_token_is_a_notice(tmp_path, monkeypatch, receiver):
    receiver.default = Reply(403, {"message": "Resource not accessible by integration"})
    root = project(tmp_path, {"uji-pratinjau": draft_text()})
    monkeypatch.chdir(root)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 4, "head": {"sha": "a" * 40, "repo": {
        "full_name": "kpu-kapuas/jdih-medsos"}}, "base": {"repo": {"full_name": "kpu-kapuas/jdih-medsos"}}}}))
    env = CLEAN | {"GITHUB_TOKEN": "baca-saja", "GITHUB_API_URL": receiver.url, "GITHUB_EVENT_PATH": str(event),
                   "JDIH_GITHUB_WRITE_PAUSE": "0", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")}
    result = CliRunner().invoke(main, ["pratinjau", "--komentar"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output == ("::notice title=Pratinjau::Komentar pratinjau tidak dapat ditulis (HTTP 403: token "
                             "tanpa izin menulis). Pratinjau ada di ringkasan jalankan ini.\n")
    assert (tmp_path / "summary").read_text().startswith("<!-- jdih:pratinjau -->\n## Pratinjau draf")


# -- the record on the pull request ----------------------------------------------------------


def test_record_comment_text():
    body = record.record_comment(ENTRY, NOW, record.whatsapp_status("sent", NOW), "#### Linimasa\n")
    assert body == (
        "<!-- jdih:terbit post=posts/2026/uu-pemilu/ waktu=2026-11-25T10:05:00+07:00 -->\n"
        "### ✅ Telah terbit: Mengenal UU Pemilu\n\n"
        f"- Tautan: {SITE}posts/2026/uu-pemilu/\n"
        "- Waktu terbit: 25 November 2026 pukul 10.05 WIB\n"
        "- Disetujui oleh: @kasubbag-kapuas\n"
        "- Kabar WhatsApp: ✅ terkirim ke grup WhatsApp pada 25 November 2026 pukul 10.05 WIB\n"
        "- Disposisi: #3 ditutup dengan tautan ini\n\n#### Linimasa\n")
    assert record.recorded_time(["x", body], "posts/2026/uu-pemilu/") == NOW
    assert record.recorded_time([body], "posts/2026/lain/") is None
    assert record.whatsapp_status("failed", None).startswith("⏳ tertunda")


def test_catat_records_once_closes_disposisi_and_finishes_with_the_pending_list(tmp_path, fake_github, monkeypatch):
    monkeypatch.chdir(ROOT)
    kasubbag = ROLE_USERS["kasubbag"]
    disposisi = fake_github.open_issue(kasubbag, "Disposisi: UU Pemilu", labels=["disposisi"])
    pull = fake_github.open_pull(ROLE_USERS["pengelola"], "konsep/uu-pemilu", title="Konsep: UU Pemilu",
                                 body=f"Menindaklanjuti #{disposisi}")
    fake_github.merge_pull(pull, kasubbag)
    entry = ENTRY | {"pull_request": pull, "disposisi": disposisi}
    (tmp_path / "kabar.json").write_text(json.dumps([entry]))
    env = CLEAN | {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
                   "GITHUB_API_URL": fake_github.base_url, "JDIH_GITHUB_WRITE_PAUSE": "0"}
    args = ["catat", "--berkas", str(tmp_path / "kabar.json")]
    first = CliRunner().invoke(main, args, env=env)
    assert first.exit_code == 0, first.output
    assert (f"Dicatat: «Mengenal UU Pemilu» {SITE}posts/2026/uu-pemilu/ — PR #{pull} (komentar dibuat), kabar "
            f"WhatsApp tertunda, disposisi #{disposisi} ditutup.") in first.output
    client = fake_github.client()
    repo = client.get_repo(fake_github.full_name)
    assert repo.get_issue(disposisi).state == "closed"
    records = [c.body for c in repo.get_issue(pull).get_comments() if "jdih:terbit post=" in c.body]
    assert len(records) == 1 and "- Kabar WhatsApp: ⏳ tertunda" in records[0]

    finish = CliRunner().invoke(main, args + ["--akhiri", "--hasil-kabar", "failure"], env=env)
    assert finish.exit_code == 1
    assert ("Galat: Situs sudah terpasang, tetapi 1 kabar WhatsApp tertunda:\n"
            f"  - «Mengenal UU Pemilu» {SITE}posts/2026/uu-pemilu/ (PR #{pull})\n") in finish.output
    assert finish.output.startswith("::error title=Penerbitan belum tuntas::Situs sudah terpasang")

    # The WhatsApp notice goes out later: the record is edited in place, its time kept.
    CommentLedger(PyGithubCommentStore(repo)).record(Notification.from_dict(entry), "sent", NOW,
                                                      provider="webhook", http_status=200)
    second = CliRunner().invoke(main, args, env=env)
    assert second.exit_code == 0 and "(komentar diperbarui), kabar WhatsApp terkirim." in second.output
    records_after = [c.body for c in repo.get_issue(pull).get_comments() if "jdih:terbit post=" in c.body]
    assert len(records_after) == 1 and "✅ terkirim ke grup WhatsApp pada 25 November 2026 pukul 10.05 WIB" \
        in records_after[0]
    assert records_after[0].splitlines()[0] == records[0].splitlines()[0]  # the publication time is kept
    assert len([c for c in repo.get_issue(disposisi).get_comments() if "jdih:terbit-disposisi" in c.body]) == 1


def test_every_publish_command_has_indonesian_help():
    from jdih.cli.commands import publish as commands

    for command in (commands.pratinjau, commands.catat, commands.daftar_kabar):
        assert command.help
        for param in command.params:
            assert getattr(param, "help", None), (command.name, param.name)

"""The browser path, walked as GitHub's web UI walks it (issue 11): the disposisi comment's link
makes `drafts/<slug>/index.md` on a new branch (one commit, the link's content as filled in),
the image is uploaded into that folder on the same branch (a second commit with only the image:
"Add file → Upload files"), and then the check, the preview comment the Kasubbag reads, the
preview build and the promotion all succeed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from jdih.content.post import parse_meta, read_source
from jdih.github.git import GitRepo
from jdih.sop import disposisi as disp
from jdih.sop import preview
from jdih.sop.check import check_paths
from jdih.sop.publish import Promoter
from jdih.sop.review import handle_event
from tests.editorial_world import BOT, KASUBBAG, PENGELOLA, STAF, World, git, make_world
from tests.sop.test_preview import relative_links

ROOT = Path(__file__).resolve().parent.parent
IMAGE = (ROOT / "content" / "posts" / "2026" / "uu-7-2017-pemilihan-umum" / "gambar.png").read_bytes()
BRANCH = "pengelola-jdih-kapuas-patch-1"  # the name GitHub's "Create a new branch" proposes


def seed(seed_dir: Path) -> None:
    """The committed site, with this working tree's draft template (the file the link carries)."""
    archive = subprocess.run(["git", "archive", "HEAD", "mkdocs.yml", "content", "site_config"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(seed_dir)], input=archive, check=True)
    shutil.copy2(ROOT / "site_config" / "templates" / "draft.md.j2", seed_dir / "site_config" / "templates")
    (seed_dir / "drafts").mkdir()
    (seed_dir / "drafts" / "README.md").write_text((ROOT / "drafts" / "README.md").read_text(encoding="utf-8"))
    (seed_dir / ".gitignore").write_text("site/\n.cache/\npratinjau-situs/\n")


@pytest.fixture
def world(tmp_path):
    made = make_world(tmp_path, fill=seed)
    yield made
    made.fake.stop()


def commit_files(world: World, branch: str, files: dict[str, bytes], message: str) -> str:
    """One commit of exactly `files` on `branch` (created from main when new), pushed: what the web
    UI's "Commit changes" makes."""
    path = world.clone("web")
    git(path, "fetch", "-q", "origin")
    if git(path, "branch", "-r", "--list", f"origin/{branch}"):
        git(path, "switch", "-q", "-C", branch, f"origin/{branch}")
    else:
        git(path, "switch", "-q", "-c", branch, "origin/main")
    for name, data in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(data)
    git(path, "add", "--", *files)
    git(path, "commit", "-qm", message)
    git(path, "push", "-q", "origin", branch)
    sha = git(path, "rev-parse", "HEAD")
    assert git(path, "show", "--name-only", "--format=", sha).splitlines() == sorted(files)
    return sha


def fill(template: str) -> str:
    """What the operator types into the new-file page: every required field, the image's name."""
    filled = (template.replace('description: ""', 'description: "Ringkasan tata kerja KPU untuk pemilih."')
              .replace("categories:\n  -\n", "categories:\n  - Peraturan\n")
              .replace('src: ""', "src: gambar.png")
              .replace('alt: ""', 'alt: "Sampul PKPU Nomor 8 Tahun 2019"')
              .replace("caption: |\n", "caption: |\n  Kenali tata kerja KPU. #PKPU\n")
              .replace("tags: []", "tags: [PKPU, TataKerja]"))
    assert filled.count("gambar.png") == 1
    return filled + "\nTata kerja KPU diatur dalam PKPU Nomor 8 Tahun 2019.\n"


def ci_at(world: World, name: str, sha: str) -> Path:
    path = world.tmp / name
    git(world.tmp, "clone", "-q", str(world.origin), str(path))
    git(path, "checkout", "-q", "-B", "ci", sha)
    return path


def test_the_browser_path_previews_and_publishes(world, tmp_path):
    fake, settings = world.fake, world.settings
    # 1. The Kasubbag's disposisi; the event workflow answers it with the link.
    body = disp.issue_body({disp.FIELD_TITLE: "Tata Kerja KPU", disp.FIELD_WHAT: "Ringkasan PKPU 8/2019"})
    number = fake.open_issue(KASUBBAG, "Disposisi: Tata Kerja KPU", body, labels=["disposisi"])
    said: list[str] = []
    handle_event("issues", fake.event_payload("issues", "opened", number), world.gh(BOT), settings,
                 ci_at(world, "ci-issue", git(world.origin, "rev-parse", "main")), said.append)
    assert said[-1] == f"Disposisi #{number}: komentar berisi tautan pembuatan draf drafts/tata-kerja-kpu/index.md dikirim."
    [comment] = world.gh().comments(number)
    shown, link = re.search(r"\*\*\[Buat draf `([^`]+)` di GitHub\]\(([^)\s]+)\)\*\*", comment.body).groups()
    query = parse_qs(urlsplit(link).query)
    [filename], [template] = query["filename"], query["value"]
    assert shown == filename == "drafts/tata-kerja-kpu/index.md"
    assert f"disposisi: {number}\n" in template and "Add file → Upload files" in template
    assert "Add file** → **Upload files**" in comment.body and "<summary>Templat draf</summary>" in comment.body

    # 2. "Commit changes… → Create a new branch … → Propose changes": one file, the link's.
    first = commit_files(world, BRANCH, {filename: fill(template).encode()}, "Create index.md")
    pull = world.open_pull(PENGELOLA, BRANCH, "Create index.md", f"Menindaklanjuti #{number}")
    before = ci_at(world, "ci-1", first)
    problems = [str(p) for p in check_paths([], settings, before)]
    src_line = template.splitlines().index('  src: ""') + 1
    assert problems == [f"{filename}:{src_line}: image.src: berkas gambar "
                        "'gambar.png' tidak ditemukan — periksa nama berkasnya (huruf besar/kecil berpengaruh) dan "
                        "unggah gambarnya ke folder yang sama dengan berkas ini atau ke subfoldernya"]
    waiting = preview.preview_comment(preview.draft_previews(before, settings), image_base="https://x/blob/1/",
                                      branch_base=f"https://github.com/o/r/tree/{BRANCH}/")
    assert "⚠️ **Gambar belum ada**: `drafts/tata-kerja-kpu/gambar.png` belum diunggah ke cabang ini." in waiting

    # 3. "Add file → Upload files" in drafts/tata-kerja-kpu/ on the same branch: one file, the image.
    second = commit_files(world, BRANCH, {"drafts/tata-kerja-kpu/gambar.png": IMAGE}, "Add files via upload")
    fake.push_to_pull(pull, second)
    after = ci_at(world, "ci-2", second)
    assert check_paths([], settings, after) == []

    # 4. The preview comment the Kasubbag reads on the phone: the post, its image from this commit.
    image_base = f"https://github.com/{fake.full_name}/blob/{second}/"
    body = preview.preview_comment(preview.draft_previews(after, settings), build_outcome="success",
                                   head_sha=second, image_base=image_base)
    assert f'<img src="{image_base}drafts/tata-kerja-kpu/gambar.png?raw=true" alt="Sampul PKPU Nomor 8 Tahun 2019" ' \
           'width="360">' in body
    assert "### Tata Kerja KPU\n\n**Peraturan** · " in body and "**Tagar:** `#PKPU` `#TataKerja`" in body
    assert "✅ Tidak ada masalah" in body and "Gambar belum ada" not in body

    # 5. The preview build, to be opened from disk.
    out = tmp_path / "pratinjau-situs"
    assert preview.build_preview(after, out, echo=lambda _: None, where=settings) == 0
    meta = parse_meta(read_source(after / filename), settings)
    year = meta.date.year
    assert (out / "posts" / str(year) / "tata-kerja-kpu" / "index.html").is_file()
    assert relative_links(out) == []

    # 6. Approved by the staf and the Kasubbag, merged, promoted: the folder moves whole.
    fake.submit_review(pull, STAF, "APPROVED")
    fake.advance(minutes=5)
    fake.submit_review(pull, KASUBBAG, "APPROVED")
    world.merge(pull)
    report = Promoter(GitRepo(world.ci("ci-terbit")), world.gh(), settings, echo=lambda _: None).run()
    assert report.refused == [] and [p.post_id for p in report.promoted] == [f"posts/{year}/tata-kerja-kpu/"]
    published = world.origin_files()
    assert f"content/posts/{year}/tata-kerja-kpu/index.md" in published
    assert f"content/posts/{year}/tata-kerja-kpu/gambar.png" in published
    assert not [name for name in published if name.startswith("drafts/tata-kerja-kpu")]
    assert check_paths([], settings, world.ci("ci-akhir")) == []


def old_layouts(src_line: str = "src: media/contoh.png") -> dict[str, bytes]:
    """The layouts existing offices have: a folder draft, a single-file draft with its image in
    drafts/media/, a single-file draft with its image beside it."""
    def text(title: str, src: str) -> bytes:
        return (f'---\ntitle: "{title}"\ndate: 2026-11-24\ndescription: Ringkasan singkat.\ncategories:\n'
                f"  - Peraturan\nimage:\n  {src}\n  alt: Sampul dokumen peraturan\ncaption: |\n  {title}.\n"
                f"authors: [{PENGELOLA}]\n---\n\nIsi {title}.\n").encode()
    return {"drafts/map-lama/index.md": text("Map Lama", "src: gambar.png"), "drafts/map-lama/gambar.png": IMAGE,
            "drafts/satu-berkas.md": text("Satu Berkas", src_line), "drafts/media/contoh.png": IMAGE,
            "drafts/samping.md": text("Samping", "src: samping.png"), "drafts/samping.png": IMAGE}


def promote_all(world: World, files: dict[str, bytes]):
    sha = commit_files(world, "konsep/lama", files, "Konsep: tata letak lama")
    pull = world.open_pull(PENGELOLA, "konsep/lama", "Konsep: tata letak lama")
    world.fake.submit_review(pull, KASUBBAG, "APPROVED")
    world.merge(pull)
    report = Promoter(GitRepo(world.ci("ci-lama")), world.gh(), world.settings, echo=lambda _: None).run()
    return sha, report


def test_the_old_layouts_still_preview_and_publish(world, tmp_path):
    sha, report = promote_all(world, old_layouts())
    out = tmp_path / "pratinjau-situs"
    assert preview.build_preview(ci_at(world, "ci-lama-pr", sha), out, echo=lambda _: None, where=world.settings) == 0
    assert relative_links(out) == []
    assert report.refused == [] and sorted(p.post_id for p in report.promoted) == [
        "posts/2026/map-lama/", "posts/2026/samping/", "posts/2026/satu-berkas/"]
    assert check_paths([], world.settings, world.ci("ci-akhir")) == []


def test_a_single_file_draft_whose_src_line_has_a_comment_publishes_a_page_that_finds_its_image(world):
    _, report = promote_all(world, old_layouts('src: "media/contoh.png"  # sampul'))
    assert len(report.promoted) == 3
    assert check_paths([], world.settings, world.ci("ci-akhir")) == []

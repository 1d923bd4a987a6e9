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

"""The operator's commands, run through the `jdih` CLI on real git and the fake GitHub."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jdih.cli.main import main
from tests.editorial_world import BOT, JPEG, KASUBBAG, PENGELOLA, STAF, draft_text, git

COMMANDS = {
    "disposisi": "SOP tahap 1: membuka issue disposisi",
    "mulai": "SOP tahap 3: memulai konsep",
    "ajukan": "SOP tahap 3→4: mendorong cabang konsep",
    "status": "Papan status: setiap pull request konsep yang terbuka",
    "peristiwa": "Menjaga label tahap SOP dan permintaan ulasan",
    "siapkan": "Menyiapkan repositori GitHub untuk SOP",
    "terbitkan": "Memeriksa persetujuan Kasubbag untuk setiap draf",
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert COMMANDS[command] in " ".join(result.output.split())
    assert result.output.startswith(f"Penggunaan: main {command} [PILIHAN]")



@pytest.fixture
def as_user(world, monkeypatch):
    def use(login: str, clone: str = "operator"):
        path = world.clone(clone)
        monkeypatch.chdir(path)
        for key, value in world.env(login).items():
            monkeypatch.setenv(key, value)
        return path
    return use


def run(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), env=env or None)


def test_mulai_then_ajukan(world, as_user):
    path = as_user(PENGELOLA)
    result = run("mulai", "Mengenal UU Pemilu", "--disposisi", "3", "--tanggal", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Cabang konsep/mengenal-uu-pemilu dibuat dengan draf drafts/mengenal-uu-pemilu/index.md.",
        "Simpan gambarnya di folder drafts/mengenal-uu-pemilu/ dan tulis namanya di image.src (mis. gambar.jpg).",
        "Lengkapi draf, periksa dengan 'jdih periksa drafts/mengenal-uu-pemilu/index.md', commit, lalu ajukan "
        "dengan 'jdih ajukan'."]
    assert git(path, "branch", "--show-current") == "konsep/mengenal-uu-pemilu"
    assert git(path, "log", "-1", "--format=%s") == "Konsep: Mengenal UU Pemilu (disposisi #3)"
    text = (path / "drafts" / "mengenal-uu-pemilu" / "index.md").read_text()
    assert 'title: "Mengenal UU Pemilu"' in text and "date: 2026-11-24\n" in text and "disposisi: 3\n" in text
    assert f"authors: [{PENGELOLA}]" in text
    again = run("mulai", "Mengenal UU Pemilu")
    assert again.exit_code == 1
    assert "Galat: drafts/mengenal-uu-pemilu sudah ada — pilih slug lain dengan --slug" in again.output

    result = run("ajukan")
    assert result.exit_code == 0, result.output
    number = 1
    assert result.output.splitlines() == [
        f"Pull request #{number} dibuat: {world.fake.base_url}/kpu-kapuas/jdih-medsos/pull/{number}",
        f"Label tahap-4-sunting dipasang; ulasan (sunting) diminta dari @{STAF}."]
    pull = world.fake.pull(number)
    issue = world.fake.issue(number)
    assert issue.author == PENGELOLA and issue.title == "Konsep: Mengenal UU Pemilu"
    assert issue.body.startswith("Menindaklanjuti #3\n\n## Draf\n- `drafts/mengenal-uu-pemilu/index.md`\n")
    assert pull.head_ref == "konsep/mengenal-uu-pemilu" and pull.head_sha == git(path, "rev-parse", "HEAD")
    assert issue.labels == ["tahap-4-sunting"] and pull.requested_reviewers == [STAF]
    assert git(world.origin, "rev-parse", "refs/heads/konsep/mengenal-uu-pemilu") == git(path, "rev-parse", "HEAD")


def test_ajukan_as_draft_and_refusals(world, as_user):
    path = as_user(PENGELOLA)
    on_main = run("ajukan")
    assert on_main.exit_code == 1
    assert "Galat: Anda sedang di cabang 'main' — pindah ke cabang konsep" in on_main.output
    assert run("mulai", "Draf Awal", "--slug", "draf-awal").exit_code == 0
    (path / "drafts" / "draf-awal" / "index.md").write_text("ubah")
    dirty = run("ajukan")
    assert dirty.exit_code == 1 and "ada perubahan draf yang belum di-commit" in dirty.output
    git(path, "checkout", "--", "drafts/draf-awal/index.md")
    result = run("ajukan", "--draf")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "Label tahap-3-konsep dipasang. Klik 'Ready for review' bila konsep siap disunting."
    assert world.fake.pull(1).draft is True and world.fake.pull(1).requested_reviewers == []
    bad_slug = run("mulai", "X", "--slug", "Bukan Slug")
    assert bad_slug.exit_code == 1 and "slug 'Bukan Slug' tidak sah" in bad_slug.output


def test_ajukan_names_only_drafts_by_the_one_rule(world, as_user):
    """drafts/README.md and a folder draft's notes are no drafts (jdih.content.files), even when changed."""
    path = as_user(PENGELOLA)
    assert run("mulai", "Mengenal UU Pemilu", "--tanggal", "2026-11-24").exit_code == 0
    (path / "drafts" / "README.md").write_text("# Folder draf\n\nCatatan baru.\n", encoding="utf-8")
    (path / "drafts" / "_catatan.md").write_text("catatan\n", encoding="utf-8")
    git(path, "add", "drafts")
    git(path, "commit", "-q", "-m", "Catatan")
    result = run("ajukan")
    assert result.exit_code == 0, result.output
    issue = world.fake.issue(1)
    assert issue.title == "Konsep: Mengenal UU Pemilu"
    assert "drafts/mengenal-uu-pemilu/index.md" in issue.body
    assert "README" not in issue.body and "_catatan" not in issue.body


def test_disposisi_command(world, as_user):
    as_user(KASUBBAG)
    result = run("disposisi", "Sosialisasi PKPU 8/2019", "--isi", "Poster dan ringkasan", "--tenggat", "2026-11-30",
                 "--kategori", "Peraturan")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Disposisi #1 dibuat: {world.fake.base_url}/kpu-kapuas/jdih-medsos/issues/1",
        'Langkah berikutnya: jdih mulai "Sosialisasi PKPU 8/2019" --disposisi 1']
    issue = world.fake.issue(1)
    assert issue.title == "Disposisi: Sosialisasi PKPU 8/2019" and issue.author == KASUBBAG
    assert issue.labels == ["disposisi", "tahap-1-disposisi"]
    assert "### Tenggat\n\n2026-11-30\n" in issue.body
    [comment] = world.gh().comments(1)
    assert "filename=drafts/sosialisasi-pkpu-8-2019/index.md&value=" in comment.body
    wrong = run("disposisi", "X", "--kategori", "Lain")
    assert wrong.exit_code == 1
    assert "Galat: kategori 'Lain' tidak dikenal — pilih salah satu: Peraturan, Keputusan, Informasi Hukum, Kegiatan" \
        in wrong.output


def test_status_command(world, as_user):
    as_user(PENGELOLA)
    world.fake.open_pull(PENGELOLA, "konsep/a", title="Konsep: A", files=["drafts/a.md"])
    world.fake.add_labels(1, "tahap-4-sunting")
    result = run("status")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == ["Papan status konsep: 1 pull request terbuka.", "#1 Konsep: A",
                                              "    Tahap 4 (Menyunting) · dipegang @staf-hukum-kapuas"]


def test_terbitkan_outputs_and_exit_status(world, as_user, tmp_path):
    world.write_draft("operator", "konsep/baik", "drafts/baik.md", draft_text("Baik", image="baik.jpg"), "baik",
                      extra_files={"drafts/baik.jpg": JPEG})
    good = world.open_pull(PENGELOLA, "konsep/baik", "Konsep: Baik")
    world.fake.submit_review(good, KASUBBAG, "APPROVED")
    world.merge(good)
    world.write_draft("operator", "konsep/buruk", "drafts/buruk.md", draft_text("Buruk", image="buruk.jpg"), "buruk",
                      extra_files={"drafts/buruk.jpg": JPEG})
    bad = world.open_pull(PENGELOLA, "konsep/buruk", "Konsep: Buruk")
    world.merge(bad)
    world.ci()
    as_user(BOT, "ci")
    output = tmp_path / "out"
    result = run("terbitkan", "--hasil", str(tmp_path / "hasil.json"), GITHUB_OUTPUT=str(output))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Selesai: 1 konten terbit, 1 draf ditolak."
    assert f"DITOLAK: drafts/buruk.md: PR #{bad} digabung tanpa persetujuan Kasubbag (@{KASUBBAG})" in result.output
    data = json.loads((tmp_path / "hasil.json").read_text())
    assert [p["post_id"] for p in data["promoted"]] == ["posts/2026/baik/"]
    assert data["refused"][0]["draft"] == "drafts/buruk.md" and data["pushed"] is True
    assert output.read_text() == "promoted=1\n"
    again = run("terbitkan", "--hasil", str(tmp_path / "hasil2.json"), GITHUB_OUTPUT=str(output))
    assert again.exit_code == 1 and output.read_text() == "promoted=1\npromoted=0\n"
    world.fake.stop()


def test_terbitkan_refuses_an_approved_draft_that_fails_periksa(world, as_user, tmp_path):
    text = draft_text("Berskrip", image="berskrip.jpg", extra="<script>alert(1)</script>\n")
    line = text.splitlines().index("<script>alert(1)</script>") + 1
    world.write_draft("operator", "konsep/berskrip", "drafts/berskrip.md", text, "berskrip",
                      extra_files={"drafts/berskrip.jpg": JPEG})
    number = world.open_pull(PENGELOLA, "konsep/berskrip", "Konsep: Berskrip")
    world.fake.submit_review(number, KASUBBAG, "APPROVED")
    world.merge(number)
    ci = world.ci()
    as_user(BOT, "ci")
    result = run("terbitkan", "--hasil", str(tmp_path / "hasil.json"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("DITOLAK: drafts/berskrip.md: draf tidak lolos pemeriksaan 'jdih periksa' (1 masalah) — "
                        "perbaiki draf lewat pull request baru (jalankan 'jdih periksa' untuk memeriksanya) dan "
                        "minta Kasubbag menyetujuinya; setelah digabung, draf terbit otomatis")
    assert lines[1].startswith(f"    drafts/berskrip.md:{line}: isi: tag HTML <script> tidak diizinkan")
    assert lines[-1] == "Selesai: 0 konten terbit, 1 draf ditolak."
    # `jdih periksa` on the same tree says the same, line for line
    periksa = run("periksa", "drafts/berskrip.md")
    assert periksa.exit_code == 1 and periksa.output.splitlines()[0] == lines[1].strip()
    assert (ci / "drafts" / "berskrip.md").is_file() and "drafts/berskrip.md" in world.origin_files()
    data = json.loads((tmp_path / "hasil.json").read_text())
    assert data["promoted"] == [] and data["refused"][0]["problems"] == [lines[1].strip()]


def test_terbitkan_with_nothing_to_do(world, as_user):
    world.ci()
    as_user(BOT, "ci")
    result = run("terbitkan")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["Tidak ada draf di drafts/: tidak ada yang perlu diterbitkan.",
                                          "Selesai: 0 konten terbit, 0 draf ditolak."]


def test_siapkan_and_peristiwa_and_errors(world, as_user, tmp_path):
    path = as_user(KASUBBAG)
    plan = run("siapkan", "--dry-run")
    assert plan.exit_code == 0 and plan.output.startswith("Rencana penyiapan kpu-kapuas/jdih-medsos")
    assert run("siapkan").exit_code == 0
    assert run("siapkan").output.splitlines() == [
        "Penyiapan kpu-kapuas/jdih-medsos: semua sudah sesuai; tidak ada perubahan."]
    local = run("siapkan", "--lokal")
    assert local.output == ".github/CODEOWNERS ditulis.\n" and (path / ".github" / "CODEOWNERS").is_file()
    no_event = run("peristiwa", GITHUB_EVENT_NAME="", GITHUB_EVENT_PATH="")
    assert no_event.exit_code == 1 and "GITHUB_EVENT_NAME dan GITHUB_EVENT_PATH harus diisi" in no_event.output
    bad = run("status", GITHUB_TOKEN="salah")
    assert bad.exit_code == 1
    assert "Galat: GitHub menolak permintaan (401 Bad credentials) — periksa token" in bad.output
    missing = run("status", GITHUB_TOKEN="")
    assert missing.exit_code == 1 and "Galat: token GitHub tidak ada" in missing.output


def test_terbitkan_a_refused_push_is_a_red_run_and_daftar_kabar_stops_the_deploy(world, as_user, tmp_path):
    world.write_draft("operator", "konsep/baik", "drafts/baik.md", draft_text("Baik", image="baik.jpg"), "baik",
                      extra_files={"drafts/baik.jpg": JPEG})
    good = world.open_pull(PENGELOLA, "konsep/baik", "Konsep: Baik")
    world.fake.submit_review(good, KASUBBAG, "APPROVED")
    world.merge(good)
    hook = world.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'error: GH013: Repository rule violations found for refs/heads/main.' >&2\nexit 1\n")
    hook.chmod(0o755)
    world.ci()
    as_user(BOT, "ci")
    hasil = tmp_path / "hasil.json"
    result = run("terbitkan", "--hasil", str(hasil), GITHUB_ACTIONS="true")
    assert result.exit_code == 2
    [annotation] = [line for line in result.output.splitlines() if line.startswith("::error::")]
    assert annotation.startswith("::error::Penerbitan gagal: dorongan ke main ditolak GitHub (")
    assert "jalankan 'jdih siapkan' dengan token admin" in annotation
    assert json.loads(hasil.read_text())["pushed"] is False
    kabar = run("daftar-kabar", "--hasil", str(hasil))
    assert kabar.exit_code == 1
    assert "penerbitan tidak sampai ke cabang utama, jadi situs tidak dipasang dan tidak ada kabar" in kabar.output
    assert "drafts/baik.md" in world.origin_files()  # nothing lost: the draft waits on main

"""`jdih kantor-baru`: a ready repository for another office, checked by its own tools."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from jdih.cli.commands.office import office_references
from jdih.cli.main import main
from jdih.content.settings import load_settings
from jdih.office import new_office
from tests.conftest import ROOT  # noqa: E402

KATINGAN = ["--nama", "Sekretariat KPU Kabupaten Katingan", "--nama-singkat", "KPU Kabupaten Katingan",
            "--unit", "Subbagian Hukum dan SDM", "--url", "https://kpu-katingan.github.io/jdih-medsos/",
            "--kasubbag", "kasubbag-katingan", "--staf", "staf-katingan", "--staf", "editor-katingan",
            "--pengelola", "pengelola-katingan", "--penyedia", "webhook", "--wilayah", "Kalimantan Tengah"]


def invoke(*args: str):
    return CliRunner().invoke(main, ["kantor-baru", *args], prog_name="jdih")


def env_for(repo: Path, tmp: Path) -> dict[str, str]:
    """The new repository's own copy of the package is imported first (it must work on its own)."""
    return dict(os.environ, PYTHONPATH=str(repo / "scripts"), JDIH_CACHE_DIR=str(tmp / "cache"),
                NO_MKDOCS_2_WARNING="1")


@pytest.fixture(scope="module")
def katingan(tmp_path_factory):
    target = tmp_path_factory.mktemp("kantor") / "jdih-katingan"
    result = invoke(str(target), *KATINGAN)
    assert result.exit_code == 0, result.output
    return target, result.output


def test_settings_are_the_office_arguments(katingan):
    target, _ = katingan
    settings = load_settings(target / "site_config" / "jdih.yml")
    assert settings.office.name == "Sekretariat KPU Kabupaten Katingan"
    assert settings.office.short_name == "KPU Kabupaten Katingan"
    assert settings.office.region == "Kalimantan Tengah"
    assert settings.site.url == "https://kpu-katingan.github.io/jdih-medsos/"
    assert settings.site.title == "JDIH Media Sosial KPU Kabupaten Katingan"
    assert settings.roles.kasubbag == ["kasubbag-katingan"]
    assert settings.roles.staf == ["staf-katingan", "editor-katingan"]
    assert settings.roles.pengelola == ["pengelola-katingan"]
    assert settings.notifier.provider == "webhook"
    assert settings.share.hashtags == ["JDIHKPU", "KPUKatingan"]
    # Not about the office: carried over from the source office unchanged.
    source = load_settings(ROOT / "site_config" / "jdih.yml")
    assert settings.categories == source.categories
    assert settings.sop == source.sop


def test_repository_is_committed_on_main_with_the_office_files_only(katingan):
    target, _ = katingan
    repo = git.Repo(target)
    assert repo.active_branch.name == "main"
    assert len(list(repo.iter_commits())) == 1
    assert not repo.is_dirty(untracked_files=True)
    tracked = set(repo.git.ls_files().splitlines())
    for wanted in ["mkdocs.yml", "pyproject.toml", "Makefile", "LICENSE", "README.md", ".ci/run",
                   "scripts/jdih/cli/main.py", "scripts/jdih/site/plugin.py", "site_config/jdih.yml",
                   "site_config/templates/draft.md.j2", "site_config/overrides/main.html",
                   ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/disposisi.yml", ".github/pull_request_template.md",
                   "content/index.md", "content/tentang.md", "content/sop.md", "content/assets/logo.svg",
                   "tests/test_kantor.py"]:
        assert wanted in tracked, wanted
    source_workflows = set(git.Repo(ROOT).git.ls_files(".github/workflows").splitlines())
    assert source_workflows and source_workflows <= tracked
    posts = sorted(p for p in tracked if p.startswith("content/posts/"))
    year = new_office.office_today(load_settings(target / "site_config" / "jdih.yml")).year
    assert posts == [f"content/posts/{year}/selamat-datang-dasar-hukum-jdih/gambar.png",
                     f"content/posts/{year}/selamat-datang-dasar-hukum-jdih/index.md"]
    assert [p for p in tracked if p.startswith("tests/")] == ["tests/test_kantor.py"]
    assert not any("__pycache__" in p or p.startswith(("site/", ".venv/", ".cache/")) for p in tracked)
    assert os.access(target / ".ci" / "run", os.X_OK)


def test_codeowners_and_issue_links_are_the_new_office(katingan):
    target, _ = katingan
    codeowners = (target / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/drafts/ @kasubbag-katingan\n" in codeowners
    assert "/content/ @kasubbag-katingan\n" in codeowners
    config = (target / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8")
    assert "url: https://kpu-katingan.github.io/jdih-medsos/panduan/\n" in config
    assert "kapuas" not in config.lower()


def test_no_kapuas_left_outside_the_package_and_license(katingan):
    target, _ = katingan
    leftovers = []
    for path in target.rglob("*"):
        rel = path.relative_to(target).as_posix()
        if not path.is_file() or rel.startswith((".git/", "scripts/")) or rel in ("LICENSE", "site_config/jdih.yml"):
            continue  # the MIT notice must stay; jdih.yml comments quote the schema's examples
        if path.suffix in (".png", ".jpg", ".webp"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if rel == "README.md":  # the generated references quote the schema's own examples
            text = re.sub(r"<!-- mulai: (\S+) -->.*?<!-- selesai: \1 -->", "", text, flags=re.S)
        if "kapuas" in text.lower():
            leftovers.append(rel)
    assert leftovers == []


def test_check_passes_in_the_new_repository(katingan, tmp_path):
    target, _ = katingan
    run = subprocess.run([sys.executable, "-m", "jdih.cli.main", "periksa"], cwd=target, env=env_for(target, tmp_path),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "Semua 1 berkas baik.\n"


def test_site_builds_strict_and_shows_the_new_office(katingan, tmp_path):
    target, _ = katingan
    env = env_for(target, tmp_path)
    where = subprocess.run([sys.executable, "-c", "import jdih; print(jdih.__file__)"], cwd=target, env=env,
                           capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(target)  # the copy is what is built with
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=target,
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "KPU Kabupaten Katingan" in home
    assert "kapuas" not in home.lower()
    assert "Selamat datang di JDIH Media Sosial KPU Kabupaten Katingan" in home
    year = new_office.office_today(load_settings(target / "site_config" / "jdih.yml")).year
    assert (site / "posts" / str(year) / "selamat-datang-dasar-hukum-jdih" / "index.html").is_file() or \
        any(site.rglob("selamat-datang-dasar-hukum-jdih/index.html"))
    assert "kapuas" not in (site / "sop" / "index.html").read_text(encoding="utf-8").lower()


@pytest.mark.slow
def test_jdih_demo_runs_in_the_new_repository(katingan, tmp_path):
    """The stand-ins ship in jdih.testing, so an office repository (which has no tests/ of
    this project) can rehearse its own SOP with its own roles."""
    target, _ = katingan
    run = subprocess.run([str(Path(sys.executable).parent / "jdih"), "demo", "--situs", str(tmp_path / "situs")],
                         cwd=target, env=env_for(target, tmp_path), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Gladi SOP selesai: semua langkah sesuai." in run.stdout
    assert "| kasubbag-katingan |" in run.stdout and "kpu-katingan.github.io/jdih-medsos/posts/2026/" in run.stdout
    assert (tmp_path / "situs" / "index.html").is_file()
    assert not (target / "tests" / "fakegithub").exists()


def test_the_new_repository_passes_its_own_tests(katingan, tmp_path):
    target, _ = katingan
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_kantor.py"],
                         cwd=target, env=env_for(target, tmp_path), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout


def test_readme_is_the_office_own_with_references_that_match(katingan, tmp_path):
    target, output = katingan
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# JDIH Media Sosial KPU Kabupaten Katingan\n\nRepositori konten media sosial "
                             "Jaringan Dokumentasi dan Informasi Hukum (JDIH) Sekretariat KPU Kabupaten Katingan, ")
    assert "\n## Mulai terbit di GitHub\n\n1. Buat repositori kosong di GitHub bernama 'jdih-medsos' milik " \
           "'kpu-katingan'" in readme
    assert ("\n2. Dorong isinya: git remote add origin https://github.com/kpu-katingan/jdih-medsos.git && "
            "git push -u origin main\n") in readme
    assert "| `site.posts_per_page` |" in readme and "### `jdih kantor-baru`" in readme
    run = subprocess.run([sys.executable, "-m", "jdih.cli.reference", "--periksa", "README.md"], cwd=target,
                         env=env_for(target, tmp_path), capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "README.md: blok referensi sesuai dengan kode.\n"


def test_next_steps_are_printed_in_indonesian(katingan):
    target, output = katingan
    lines = output.splitlines()
    assert lines[0].startswith(f"Repositori untuk Sekretariat KPU Kabupaten Katingan dibuat di {target} (")
    assert "Langkah berikutnya:" in lines
    assert ("1. Buat repositori kosong di GitHub bernama 'jdih-medsos' milik 'kpu-katingan' "
            "(https://github.com/new; jangan centang 'Add a README file'). Pilih Public, kecuali akun atau "
            "organisasi memakai paket berbayar (GitHub Pro/Team): pada GitHub Free repositori privat tidak mendapat "
            "ruleset, environment, dan Pages. Baca 'Apa yang menjadi publik' di README.") in lines
    assert (f"2. Dorong isinya: cd {target} && git remote add origin "
            "https://github.com/kpu-katingan/jdih-medsos.git && git push -u origin main") in lines
    secret_line = next(line for line in lines if line.startswith("4. "))
    assert secret_line.startswith("4. Isi secret di Settings → Secrets and variables → Actions → New repository "
                                  "secret: WHATSAPP_URL (alamat gerbang webhook); WHATSAPP_TOKEN (token webhook, "
                                  "bila gerbang Anda memintanya)")
    assert new_office.workflow_secrets(target)
    for secret in new_office.workflow_secrets(target):  # every secret the copied workflows read is named
        assert secret in secret_line or secret in new_office.MADE_BY_SIAPKAN
    assert "JDIH_DEPLOY_KEY" in new_office.workflow_secrets(target) and "JDIH_DEPLOY_KEY" not in secret_line
    assert (f"5. Pasang jdih dan siapkan repositori (label tahap, kunci terbit JDIH_DEPLOY_KEY di environment "
            f"jdih-terbitkan, CODEOWNERS, perlindungan cabang main, Pages): "
            f"cd {target} && make build && GITHUB_TOKEN=<token admin> .venv/bin/jdih siapkan --repo "
            "kpu-katingan/jdih-medsos --dry-run, lalu ulangi tanpa --dry-run.") in lines
    assert ("6. Pastikan Settings → Pages → Build and deployment → Source: GitHub Actions, lalu buka Actions → "
            "Terbitkan → Run workflow agar situs pertama terpasang.") in lines


def test_refuses_a_non_empty_target(tmp_path):
    target = tmp_path / "ada-isinya"
    target.mkdir()
    (target / "catatan.txt").write_text("jangan ditimpa", encoding="utf-8")
    result = invoke(str(target), *KATINGAN)
    assert result.exit_code == 1
    assert result.output == (f"Galat: TUJUAN: folder {target} sudah ada dan tidak kosong — pilih folder baru atau "
                             "kosongkan dulu; isi yang ada tidak akan ditimpa\n")
    assert [p.name for p in target.iterdir()] == ["catatan.txt"]
    assert (target / "catatan.txt").read_text(encoding="utf-8") == "jangan ditimpa"


def test_refuses_a_file_as_target(tmp_path):
    target = tmp_path / "berkas"
    target.write_text("x", encoding="utf-8")
    result = invoke(str(target), *KATINGAN)
    assert result.exit_code == 1
    assert result.output == f"Galat: TUJUAN: {target} sudah ada dan bukan folder — pilih nama folder baru\n"


def test_an_empty_existing_folder_is_accepted(tmp_path):
    target = tmp_path / "kosong"
    target.mkdir()
    result = invoke(str(target), *KATINGAN)
    assert result.exit_code == 0, result.output
    assert (target / "site_config" / "jdih.yml").is_file()


def _replace(args: list[str], option: str, value: str) -> list[str]:
    args = list(args)
    args[args.index(option) + 1] = value
    return args


def test_bad_login_and_bad_url_name_their_options(tmp_path):
    target = tmp_path / "baru"
    args = _replace(_replace(KATINGAN, "--url", "kpu-katingan.github.io"), "--kasubbag", "kasubbag katingan")
    result = invoke(str(target), *args)
    assert result.exit_code == 1
    assert result.output == (
        "Galat: --url: alamat situs tidak sah — tulis lengkap, mis. 'https://kantor.github.io/jdih/'\n"
        "--kasubbag: 'kasubbag katingan' bukan nama akun GitHub yang sah — tulis nama akun tanpa spasi, "
        "mis. 'budi-santoso'\n")
    assert not target.exists()


def test_empty_name_names_its_option(tmp_path):
    result = invoke(str(tmp_path / "baru"), *_replace(KATINGAN, "--nama-singkat", "  "))
    assert result.exit_code == 1
    assert result.output == "Galat: --nama-singkat: tidak boleh kosong — isi nilainya\n"


def test_gateway_needing_a_target_names_tujuan_wa(tmp_path):
    result = invoke(str(tmp_path / "baru"), *_replace(KATINGAN, "--penyedia", "fonnte"))
    assert result.exit_code == 1
    assert result.output == ("Galat: --tujuan-wa: penyedia 'fonnte' memerlukan tujuan — isi --tujuan-wa dengan id "
                             "grup (…@g.us) atau nomor tujuan\n")
    assert not (tmp_path / "baru").exists()


def test_whatsapp_cloud_needs_a_phone_number_id(tmp_path):
    args = _replace(KATINGAN, "--penyedia", "whatsapp_cloud") + ["--tujuan-wa", "6281234567890"]
    result = invoke(str(tmp_path / "baru"), *args)
    assert result.exit_code == 1
    assert result.output == ("Galat: --nomor-id: WhatsApp Cloud API memerlukan phone number ID — berikan --nomor-id "
                             "(lihat Meta for Developers → WhatsApp → API Setup)\n")


def test_unknown_provider_is_refused_by_click_in_indonesian(tmp_path):
    result = invoke(str(tmp_path / "baru"), *_replace(KATINGAN, "--penyedia", "sms"))
    assert result.exit_code == 2
    assert "Nilai tidak sah untuk '--penyedia': 'sms' bukan salah satu dari" in result.output


def test_settings_file_round_trips_every_key(tmp_path):
    """The writer covers the whole schema: the source office's settings, written out and read
    back, are the same settings, with every key present in the text."""
    source = load_settings(ROOT / "site_config" / "jdih.yml")
    text = new_office.render_settings(source.model_dump(mode="python"))
    path = tmp_path / "jdih.yml"
    path.write_text(text, encoding="utf-8")
    assert load_settings(path) == source
    for section in type(source).model_fields:
        assert f"\n{section}:" in "\n" + text
    assert '  office_hours_start: "07:30"\n' in text
    description = type(source.site).model_fields["posts_per_page"].description
    assert f"  # {description}\n  posts_per_page: {source.site.posts_per_page}\n" in text


@pytest.mark.parametrize(("short_name", "tag"), [("KPU Kabupaten Katingan", "KPUKatingan"),
                                                 ("KPU Kota Palangka Raya", "KPUPalangkaRaya"),
                                                 ("Kabupaten", "Kabupaten")])
def test_office_hashtag(short_name, tag):
    assert new_office.office_hashtag(short_name) == tag


@pytest.mark.parametrize(("url", "repository"), [
    ("https://kpu-katingan.github.io/jdih-medsos/", "kpu-katingan/jdih-medsos"),
    ("https://kpu-katingan.github.io/", "kpu-katingan/kpu-katingan.github.io"),
    ("https://jdih.kpu-katingan.go.id/", None),
])
def test_github_repository_from_the_pages_address(url, repository):
    assert new_office.github_repository(url) == repository


SOURCE_LAYOUT = ["mkdocs.yml", "pyproject.toml", "Makefile", "LICENSE", "README.md", ".gitignore", ".ci/run",
                 "site_config/jdih.yml", "site_config/templates/draft.md.j2", "site_config/overrides/main.html",
                 "scripts/jdih/cli.py", "scripts/jdih/__pycache__/cli.cpython-311.pyc",
                 "content/index.md", "content/sop.md", "content/assets/logo.svg", "content/assets/panduan/beranda-360.png",
                 "content/panduan/index.md", "content/posts/2026/uu/index.md", "drafts/konsep.md",
                 "tests/test_x.py", "site/index.html", ".github/CODEOWNERS", ".github/workflows/terbitkan.yml",
                 ".github/ISSUE_TEMPLATE/disposisi.yml", ".github/ISSUE_TEMPLATE/config.yml",
                 ".github/pull_request_template.md"]
COPIED = sorted([".ci/run", ".github/ISSUE_TEMPLATE/disposisi.yml", ".github/pull_request_template.md",
                 ".github/workflows/terbitkan.yml", ".gitignore", "LICENSE", "Makefile", "content/assets/logo.svg",
                 "content/assets/panduan/beranda-360.png",
                 "content/panduan/index.md", "mkdocs.yml", "pyproject.toml", "scripts/jdih/cli.py",
                 "site_config/overrides/main.html", "site_config/templates/draft.md.j2"])


def _layout(root: Path) -> None:
    for rel in SOURCE_LAYOUT:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")


def test_source_files_without_git_are_chosen_by_path(tmp_path):
    _layout(tmp_path)
    assert new_office.source_files(tmp_path) == COPIED


def test_source_files_of_a_checkout_are_the_tracked_ones(tmp_path):
    _layout(tmp_path)
    repo = git.Repo.init(tmp_path)
    tracked = [p for p in SOURCE_LAYOUT if not p.startswith(("site/", "scripts/jdih/__pycache__"))
               and p != "scripts/jdih/cli.py"]
    repo.index.add(tracked)  # cli.py left untracked: work in progress stays behind
    assert new_office.source_files(tmp_path) == [p for p in COPIED if p != "scripts/jdih/cli.py"]


def test_a_folder_that_is_not_the_project_is_refused(tmp_path):
    result = invoke(str(tmp_path / "baru"), *KATINGAN, "--sumber", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (f"Galat: --sumber: {tmp_path} bukan folder proyek JDIH Media Sosial (tidak ada mkdocs.yml "
                             "dan site_config/jdih.yml) — jalankan dari salinan repositori proyek atau berikan "
                             "--sumber\n")


def test_sop_page_is_written_from_the_settings(katingan):
    target, _ = katingan
    sop = (target / "content" / "sop.md").read_text(encoding="utf-8")
    assert "| 2 | Menghimpun bahan dan mengarahkan konsep | Staf Sub Bagian | 1 hari |\n" in sop
    assert "| 6 | Mengunggah dan mengirim tautan ke grup WhatsApp KPU Kabupaten Katingan | Pengelola JDIH | 15 menit |\n" \
        in sop
    assert "Waktu normal: **1 hari 95 menit** (waktu kerja)." in sop
    assert "Sekretariat KPU Kabupaten Katingan" in sop and "Nomor 3 Tahun 2012" not in sop  # not Kapuas's SOP number


def test_a_failure_halfway_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setattr(new_office, "generate_sample_image", broken)
    spec = new_office.OfficeSpec(name="Sekretariat KPU Kabupaten Katingan", short_name="KPU Kabupaten Katingan",
                                 unit="Subbagian Hukum dan SDM", url="https://kpu-katingan.github.io/jdih-medsos/",
                                 kasubbag=["kasubbag-katingan"], staf=["staf-katingan"], pengelola=["pengelola-katingan"])
    with pytest.raises(OSError):
        new_office.create_office(tmp_path / "baru", spec, references=office_references)
    assert not (tmp_path / "baru").exists()
    (tmp_path / "kosong").mkdir()
    with pytest.raises(OSError):
        new_office.create_office(tmp_path / "kosong", spec, references=office_references)
    assert list((tmp_path / "kosong").iterdir()) == []


def test_a_failure_halfway_is_explained_in_indonesian(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(new_office, "generate_sample_image", broken)
    target = tmp_path / "baru"
    result = invoke(str(target), *KATINGAN)
    assert result.exit_code == 1
    assert result.output == (f"Galat: repositori tidak dapat dibuat di {target} ([Errno 28] No space left on device) — "
                             "periksa izin tulis, ruang disk, dan apakah git terpasang; folder itu dibiarkan seperti "
                             "semula\n")
    assert not target.exists()


def test_readme_references_are_the_callers():
    """The office layer only places the references it is given (the cli layer makes them)."""
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    readme = new_office.office_readme(settings, [], {"referensi-pengaturan": "PENGATURAN", "referensi-cli": "CLI"})
    assert ("\n## Referensi pengaturan\n\n<!-- mulai: referensi-pengaturan -->\n\nPENGATURAN\n"
            "<!-- selesai: referensi-pengaturan -->\n\n## Referensi perintah jdih\n\n<!-- mulai: referensi-cli -->"
            "\n\nCLI\n<!-- selesai: referensi-cli -->\n\n## Lisensi\n") in readme
    with pytest.raises(ValueError, match="referensi-cli"):
        new_office.office_readme(settings, [], {"referensi-pengaturan": "PENGATURAN"})


def test_issue_config_without_one_in_the_source_links_the_guides():
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    assert new_office._issue_config(settings, None) == (
        "blank_issues_enabled: true\ncontact_links:\n- name: Panduan SOP JDIH Media Sosial\n"
        f"  url: {settings.site.url}panduan/\n"
        "  about: Panduan per peran (Kasubbag, staf, pengelola JDIH) untuk setiap tahap SOP.\n")


def test_an_unknown_time_zone_in_the_source_is_named():
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    settings = settings.model_copy(update={"sop": settings.sop.model_copy(update={"timezone": "Asia/Palangka"})})
    with pytest.raises(new_office.OfficeError, match="sop.timezone .*'Asia/Palangka'"):
        new_office.office_today(settings)

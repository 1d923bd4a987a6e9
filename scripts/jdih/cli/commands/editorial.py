"""The editorial workflow commands (SOP steps 1–6a): disposisi, mulai, ajukan, status,
peristiwa, siapkan, terbitkan. Thin: each one delegates to its module."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from pathlib import Path

import click

from jdih.cli.commands.common import cli_github, cli_settings, settings_option
from jdih.content.settings import Settings
from jdih.github import actions, deploykey
from jdih.github.client import DEFAULT_API_URL, ApiError, GitHubError, GitHubRepo
from jdih.github.git import GitError, GitRepo
from jdih.office import repo_setup
from jdih.sop import disposisi as disp
from jdih.sop import draft
from jdih.sop import status as board_module
from jdih.sop.publish import Promoter
from jdih.sop.review import LABEL_DISPOSISI, STEP_1, handle_event, load_event, refused_warning


def _root() -> Path:
    with contextlib.suppress(GitError):
        return GitRepo(Path.cwd()).root
    return Path.cwd()


def _settings(path: Path | None, root: Path) -> Settings:
    return cli_settings(path, root)


def _connect(token: str | None, repository: str | None, api_url: str | None, root: Path) -> GitHubRepo:
    if not repository and not os.environ.get("GITHUB_REPOSITORY"):
        with contextlib.suppress(GitError):
            repository = GitRepo(root).remote_repository()
    return cli_github(token, repository, api_url)


def github_options(command):
    """--token/--repo/--api-url on every command that talks to GitHub, plus --pengaturan."""
    options = [
        click.option("--token", envvar="GITHUB_TOKEN", default=None, show_envvar=True,
                     help="Token GitHub (bawaan: variabel lingkungan GITHUB_TOKEN)."),
        click.option("--repo", "repository", envvar="GITHUB_REPOSITORY", default=None, show_envvar=True,
                     help="Repositori 'pemilik/nama' (bawaan: GITHUB_REPOSITORY, atau dari alamat remote origin)."),
        click.option("--api-url", envvar="GITHUB_API_URL", default=None, show_envvar=True,
                     help=f"Alamat API GitHub (bawaan: {DEFAULT_API_URL}; GitHub Enterprise: "
                          "https://host/api/v3)."),
        settings_option,
    ]
    for option in reversed(options):
        command = option(command)

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ApiError as exc:
            message = exc.data.get("message", "") if isinstance(exc.data, dict) else ""
            raise click.ClickException(
                f"GitHub menolak permintaan ({exc.status} {message}) — periksa token (hak akses repositori) "
                "dan nama repositori") from None
        except (GitError, GitHubError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


# -- SOP step 1 -------------------------------------------------------------------------------


@click.command(name="disposisi")
@click.argument("judul")
@click.option("--isi", default="", help="Konten yang diminta (apa yang harus dibuat).")
@click.option("--alasan", default="", help="Alasan atau tujuan konten.")
@click.option("--tenggat", default="", help="Tenggat penyelesaian, mis. 2026-11-30.")
@click.option("--dokumen", default="", help="Dokumen hukum terkait, mis. 'PKPU Nomor 8 Tahun 2019'.")
@click.option("--kategori", default="", help="Kategori konten (dari daftar di pengaturan).")
@github_options
def disposisi(judul, isi, alasan, tenggat, dokumen, kategori, token, repository, api_url, settings_file):
    """SOP tahap 1: membuka issue disposisi (perintah Kasubbag membuat konten) dan
    menuliskan tautan pembuatan draf di dalamnya."""
    root = _root()
    settings = _settings(settings_file, root)
    if kategori and kategori not in settings.categories:
        raise click.ClickException(f"kategori '{kategori}' tidak dikenal — pilih salah satu: "
                                   + ", ".join(settings.categories))
    gh = _connect(token, repository, api_url, root)
    fields = {disp.FIELD_TITLE: judul, disp.FIELD_WHAT: isi, disp.FIELD_WHY: alasan, disp.FIELD_DEADLINE: tenggat,
              disp.FIELD_DOCUMENTS: dokumen, disp.FIELD_CATEGORY: kategori}
    issue = gh.create_issue(disp.TITLE_PREFIX + judul, disp.issue_body(fields), [LABEL_DISPOSISI, STEP_1])
    item = disp.disposisi_from_issue(issue.number, issue.title, issue.body, issue.author)
    content = disp.render_draft(settings, root, title=item.content_title, slug=item.slug,
                                date=disp.office_today(settings), disposisi=issue.number, author="")
    link = disp.new_file_link(gh.repo_web_url, item.slug, content, gh.default_branch_name)
    gh.upsert_comment(issue.number, disp.LINK_MARKER, disp.link_comment(item, link, item.slug, content))
    click.echo(f"Disposisi #{issue.number} dibuat: {issue.html_url}")
    click.echo(f"Langkah berikutnya: jdih mulai \"{judul}\" --disposisi {issue.number}")


# -- SOP step 3 -------------------------------------------------------------------------------


@click.command(name="mulai")
@click.argument("judul")
@click.option("--slug", default=None, help="Bagian alamat konten (huruf kecil, angka, tanda hubung); bawaan: dari judul.")
@click.option("--disposisi", "number", type=int, default=None, help="Nomor issue disposisi yang ditindaklanjuti.")
@click.option("--tanggal", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Tanggal konten TTTT-BB-HH (bawaan: hari ini menurut zona waktu kantor).")
@click.option("--penulis", default=None, help="Akun GitHub penyusun (bawaan: pengelola pertama di pengaturan).")
@click.option("--dari", "start", default="main", show_default=True, help="Cabang asal konsep.")
@settings_option
def mulai(judul, slug, number, tanggal, penulis, start, settings_file):
    """SOP tahap 3: memulai konsep — membuat cabang konsep/<slug> dan folder draf
    drafts/<slug>/ berisi index.md dari templat, lalu meng-commit-nya. Simpan gambarnya di
    folder yang sama."""
    try:
        repo = GitRepo(Path.cwd())
        started = draft.start_draft(repo, _settings(settings_file, repo.root), judul, slug=slug, disposisi=number,
                                    date=tanggal.date() if tanggal else None, author=penulis, start=start)
    except (GitError, draft.DraftError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Cabang {started.branch} dibuat dengan draf {started.path}.")
    click.echo(f"Simpan gambarnya di folder {started.path.rsplit('/', 1)[0]}/ dan tulis namanya di image.src "
               "(mis. gambar.jpg).")
    click.echo(f"Lengkapi draf, periksa dengan 'jdih periksa {started.path}', commit, lalu ajukan dengan 'jdih ajukan'.")


@click.command(name="ajukan")
@click.option("--disposisi", "number", type=int, default=None,
              help="Nomor disposisi (bawaan: kunci 'disposisi' di draf).")
@click.option("--draf", "as_draft", is_flag=True, help="Ajukan sebagai draft pull request (masih tahap 3).")
@click.option("--ke", "base", default="main", show_default=True, help="Cabang tujuan.")
@github_options
def ajukan(number, as_draft, base, token, repository, api_url, settings_file):
    """SOP tahap 3→4: mendorong cabang konsep, membuka pull request yang menindaklanjuti
    disposisinya, dan meminta staf menyunting (review)."""
    repo = GitRepo(Path.cwd())
    settings = _settings(settings_file, repo.root)
    try:
        submission = draft.prepare_submission(repo, base=base, disposisi=number)
        done = draft.submit_draft(repo, _connect(token, repository, api_url, repo.root), settings, submission,
                                  as_draft=as_draft)
    except draft.DraftError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Pull request #{done.pull.number} dibuat: {done.pull.html_url}")
    if as_draft:
        click.echo(f"Label {done.label} dipasang. Klik 'Ready for review' bila konsep siap disunting.")
    elif done.reviewers:
        click.echo(f"Label {done.label} dipasang; ulasan (sunting) diminta dari "
                   + ", ".join(f"@{s}" for s in done.reviewers) + ".")
        for login in done.refused:
            click.echo(refused_warning(login, done.pull.html_url.rsplit("/pull/", 1)[0]))
    else:
        click.echo(f"Label {done.label} dipasang; PERINGATAN: tidak ada staf selain Anda untuk menyunting.")


# -- the board, events, setup, promotion -------------------------------------------------------


@click.command(name="status")
@github_options
def status(token, repository, api_url, settings_file):
    """Papan status: setiap pull request konsep yang terbuka, tahap SOP-nya, siapa yang
    memegangnya, dan waktu yang terpakai dibanding waktu baku (menit kerja); lalu konten yang
    sudah disetujui dan menunggu jadwal tayangnya ("terjadwal", dengan waktunya)."""
    root = _root()
    settings = _settings(settings_file, root)
    gh = _connect(token, repository, api_url, root)
    board_module.show(gh, settings, click.echo, root=root)


@click.command(name="peristiwa")
@click.option("--nama", "event_name", envvar="GITHUB_EVENT_NAME", default=None, show_envvar=True,
              help="Nama peristiwa GitHub (bawaan: GITHUB_EVENT_NAME), mis. pull_request.")
@click.option("--berkas", "event_path", envvar="GITHUB_EVENT_PATH", default=None, show_envvar=True,
              help="Berkas JSON peristiwa (bawaan: GITHUB_EVENT_PATH).")
@github_options
def peristiwa(event_name, event_path, token, repository, api_url, settings_file):
    """Menjaga label tahap SOP dan permintaan ulasan sesuai peristiwa GitHub (dijalankan oleh
    GitHub Actions): disposisi baru, pull request dibuka/siap, ulasan staf dan Kasubbag, digabung."""
    root = _root()
    settings = _settings(settings_file, root)
    try:
        name, payload = load_event(event_name, event_path)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    repository = repository or (payload.get("repository") or {}).get("full_name")
    gh = _connect(token, repository, api_url, root)
    handle_event(name, payload, gh, settings, root, click.echo)


@click.command(name="siapkan")
@click.option("--dry-run", is_flag=True, help="Hanya tampilkan rencana perubahan, tanpa mengubah apa pun.")
@click.option("--cabang", "branch", default="main", show_default=True, help="Cabang utama yang dilindungi.")
@click.option("--lokal", is_flag=True,
              help="Hanya tulis .github/CODEOWNERS di salinan ini dari pengaturan (tanpa menghubungi GitHub).")
@github_options
def siapkan(dry_run, branch, lokal, token, repository, api_url, settings_file):
    """Menyiapkan repositori GitHub untuk SOP: label tahap, kunci terbit (deploy key yang hanya
    dapat dipakai alur kerja penerbitan di cabang utama), CODEOWNERS (Kasubbag pemilik semua
    yang membentuk situs dan alur terbit), perlindungan cabang utama, dan GitHub Pages.
    Jalankan dengan token admin repositori. Aman dijalankan ulang."""
    root = _root()
    settings = _settings(settings_file, root)
    if lokal:
        changed = repo_setup.write_local_codeowners(root, settings)
        click.echo(f"{repo_setup.CODEOWNERS_PATH} {'ditulis' if changed else 'sudah sesuai'}.")
        return
    gh = _connect(token, repository, api_url, root)
    try:
        repo_setup.run(gh, settings, branch=branch, dry_run=dry_run, echo=click.echo)
    except (repo_setup.SetupError, repo_setup.PlanLimitError) as exc:
        raise click.ClickException(str(exc)) from None


@click.command(name="terbitkan")
@click.option("--hasil", "result_file", type=click.Path(path_type=Path), default=None,
              help="Tulis hasil (konten terbit dan draf ditolak) sebagai JSON ke berkas ini.")
@click.option("--cabang", "branch", default="main", show_default=True, help="Cabang tempat konten diterbitkan.")
@click.option("--remote", default="origin", show_default=True, help="Remote git tujuan dorong.")
@click.option("--tanpa-dorong", "no_push", is_flag=True, help="Commit saja, jangan dorong ke remote.")
@github_options
def terbitkan(result_file, branch, remote, no_push, token, repository, api_url, settings_file):
    """Memeriksa persetujuan Kasubbag untuk setiap draf di drafts/ lalu memindahkannya ke
    content/posts/<tahun>/ dengan catatan asal-usul (dijalankan oleh alur kerja penerbitan).
    Sebelum apa pun dipindahkan, setiap draf diperiksa dengan aturan 'jdih periksa'; draf
    yang bermasalah ditolak dan setiap masalahnya ditampilkan beserta barisnya. Hasil didorong
    dengan kunci terbit (variabel JDIH_DEPLOY_KEY, dari environment jdih-terbitkan) bila ada.
    Status keluar 1 bila ada draf yang ditolak, 2 bila GitHub menolak dorongan ke cabang."""
    repo = GitRepo(Path.cwd())
    settings = _settings(settings_file, repo.root)
    gh = _connect(token, repository, api_url, repo.root)
    push_url = push_env = None
    key = os.environ.get(deploykey.SECRET, "").strip()
    if key and not no_push:
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        workdir = Path(os.environ.get("RUNNER_TEMP") or tempfile.mkdtemp(prefix="jdih-")) / "jdih-ssh"
        try:
            push_env = deploykey.push_environment(key, workdir, server)
        except deploykey.DeployKeyError as exc:
            actions.error(f"Penerbitan gagal: {exc}", click.echo)
            raise SystemExit(2) from None
        push_url = deploykey.ssh_url(server, gh.full_name)
    promoter = Promoter(repo, gh, settings, branch=branch, remote=remote, push=not no_push, echo=click.echo,
                        push_url=push_url, push_env=push_env)
    report = promoter.run()
    if result_file:
        report.write_json(result_file)
    if report.error:
        actions.error(f"Penerbitan gagal: {report.error}", click.echo)
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
            out.write(f"promoted={len(report.promoted)}\n")
    click.echo(f"Selesai: {len(report.promoted)} konten terbit, {len(report.refused)} draf ditolak.")
    if report.error:
        raise SystemExit(2)
    if report.refused:
        raise SystemExit(1)


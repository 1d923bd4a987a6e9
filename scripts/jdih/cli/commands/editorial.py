"""The editorial workflow commands (SOP steps 1–6a): disposisi, mulai, ajukan, status,
peristiwa, siapkan, terbitkan. Thin: each one delegates to its module."""

from __future__ import annotations

import contextlib
import functools
import os
import re
from pathlib import Path

import click

from jdih.sop import status as board_module
from jdih.sop import disposisi as disp
from jdih.office import repo_setup
from jdih.github.client import ApiError, GitHubError, GitHubRepo
from jdih.github.git import GitError, GitRepo, PushStatus
from jdih.content.post import read_source
from jdih.content.problems import ProblemsError
from jdih.sop.publish import Promoter
from jdih.content.settings import Settings
from jdih.sop.review import LABEL_DISPOSISI, STEP_1, STEP_3, STEP_4, handle_event, load_event, reviewers_for
from jdih.cli.commands.common import cli_settings

BRANCH_PREFIX = "konsep/"


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
    try:
        return GitHubRepo(token, repository, api_url)
    except GitHubError as exc:
        raise click.ClickException(str(exc)) from None


def github_options(command):
    """--token/--repo/--api-url on every command that talks to GitHub, plus --pengaturan."""
    options = [
        click.option("--token", envvar="GITHUB_TOKEN", default=None, show_envvar=True,
                     help="Token GitHub (bawaan: variabel lingkungan GITHUB_TOKEN)."),
        click.option("--repo", "repository", envvar="GITHUB_REPOSITORY", default=None, show_envvar=True,
                     help="Repositori 'pemilik/nama' (bawaan: GITHUB_REPOSITORY, atau dari alamat remote origin)."),
        click.option("--api-url", envvar="GITHUB_API_URL", default=None, show_envvar=True,
                     help="Alamat API GitHub (bawaan: https://api.github.com; GitHub Enterprise: "
                          "https://host/api/v3)."),
        click.option("--pengaturan", "settings_file", type=click.Path(path_type=Path), default=None,
                     help="Berkas pengaturan kantor (bawaan: site_config/jdih.yml atau JDIH_SETTINGS)."),
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
    content = disp.render_draft(settings, root, title=item.content_title, slug=item.slug, date=disp.today_wib(),
                                disposisi=issue.number, author="")
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
              help="Tanggal konten TTTT-BB-HH (bawaan: hari ini, WIB).")
@click.option("--penulis", default=None, help="Akun GitHub penyusun (bawaan: pengelola pertama di pengaturan).")
@click.option("--dari", "start", default="main", show_default=True, help="Cabang asal konsep.")
@click.option("--pengaturan", "settings_file", type=click.Path(path_type=Path), default=None,
              help="Berkas pengaturan kantor (bawaan: site_config/jdih.yml atau JDIH_SETTINGS).")
def mulai(judul, slug, number, tanggal, penulis, start, settings_file):
    """SOP tahap 3: memulai konsep — membuat cabang konsep/<slug> dan berkas drafts/<slug>.md
    dari templat, lalu meng-commit-nya."""
    try:
        repo = GitRepo(Path.cwd())
    except GitError as exc:
        raise click.ClickException(str(exc)) from None
    settings = _settings(settings_file, repo.root)
    slug = slug or disp.slugify(judul)
    if not slug or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise click.ClickException(f"slug '{slug}' tidak sah — gunakan huruf kecil, angka dan tanda hubung, "
                                   "mis. --slug uu-7-2017-pemilu")
    relative = f"drafts/{slug}.md"
    if (repo.root / relative).exists() or (repo.root / "drafts" / slug).exists():
        raise click.ClickException(f"{relative} sudah ada — pilih slug lain dengan --slug")
    author = (penulis or settings.roles.pengelola[0]).lstrip("@")
    date = tanggal.date() if tanggal else disp.today_wib()
    text = disp.render_draft(settings, repo.root, title=judul, slug=slug, date=date, disposisi=number, author=author)
    branch = BRANCH_PREFIX + slug
    try:
        repo.create_branch(branch, start)
    except GitError as exc:
        raise click.ClickException(str(exc)) from None
    path = repo.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    suffix = f" (disposisi #{number})" if number else ""
    repo.commit([relative], f"Konsep: {judul}{suffix}")
    click.echo(f"Cabang {branch} dibuat dengan draf {relative}.")
    click.echo(f"Lengkapi draf, periksa dengan 'jdih periksa {relative}', commit, lalu ajukan dengan 'jdih ajukan'.")


def _draft_files(repo: GitRepo, base: str) -> list[str]:
    return [name for name in repo.changed_files(base, "drafts/") if name.endswith(".md")]


def _front_matter(path: Path) -> dict:
    try:
        data = read_source(path).front_matter.data
    except ProblemsError:
        return {}
    return data if isinstance(data, dict) else {}


def pull_body(disposisi_number: int | None, drafts: list[str]) -> str:
    lines = []
    if disposisi_number:
        lines.append(f"Menindaklanjuti #{disposisi_number}")
        lines.append("")
    lines.append("## Draf")
    lines += [f"- `{name}`" for name in drafts]
    lines += ["", "## Alur SOP",
              "- [x] Tahap 3: konsep dibuat dan diajukan oleh pengelola JDIH",
              "- [ ] Tahap 4: disunting dan disetujui staf (Review changes → Approve)",
              "- [ ] Tahap 5: disetujui Kasubbag, lalu Merge pull request",
              "- [ ] Tahap 6: terbit otomatis dan tautan dikirim ke grup WhatsApp"]
    return "\n".join(lines) + "\n"


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
    branch = repo.current_branch()
    if not branch or branch == base:
        raise click.ClickException(f"Anda sedang di cabang '{branch or '(tanpa cabang)'}' — pindah ke cabang konsep "
                                   "(mis. git switch konsep/<slug>) atau buat dengan 'jdih mulai'")
    if not repo.is_clean(["drafts"]):
        raise click.ClickException("ada perubahan draf yang belum di-commit — commit dulu (git add drafts && git "
                                   "commit -m \"…\"), lalu jalankan 'jdih ajukan' lagi")
    with contextlib.suppress(GitError):
        repo.fetch("origin", base)
    compare = f"origin/{base}" if repo.has_ref(f"origin/{base}") else base
    drafts = _draft_files(repo, compare)
    if not drafts:
        raise click.ClickException(f"cabang {branch} tidak mengubah draf apa pun di drafts/ — buat draf dengan "
                                   "'jdih mulai'")
    meta = _front_matter(repo.root / drafts[0])
    title = str(meta.get("title") or drafts[0])
    number = number or (meta.get("disposisi") if isinstance(meta.get("disposisi"), int) else None)
    gh = _connect(token, repository, api_url, repo.root)
    outcome = repo.push(branch, set_upstream=True)
    if outcome.status not in (PushStatus.PUSHED, PushStatus.UP_TO_DATE):
        raise click.ClickException(f"cabang {branch} tidak dapat didorong ({outcome.detail}) — tarik perubahan "
                                   f"terbaru (git pull --rebase origin {branch}) lalu coba lagi")
    pull = gh.create_pull(f"Konsep: {title}", pull_body(number, drafts), branch, base, draft=as_draft)
    click.echo(f"Pull request #{pull.number} dibuat: {pull.html_url}")
    if as_draft:
        gh.add_labels(pull.number, [STEP_3])
        click.echo(f"Label {STEP_3} dipasang. Klik 'Ready for review' bila konsep siap disunting.")
        return
    gh.add_labels(pull.number, [STEP_4])
    staf = reviewers_for(settings.roles.staf, pull.author)
    if staf:
        gh.request_reviewers(pull.number, staf)
        click.echo(f"Label {STEP_4} dipasang; ulasan (sunting) diminta dari " + ", ".join(f"@{s}" for s in staf) + ".")
    else:
        click.echo(f"Label {STEP_4} dipasang; PERINGATAN: tidak ada staf selain Anda untuk menyunting.")


# -- the board, events, setup, promotion -------------------------------------------------------


@click.command(name="status")
@github_options
def status(token, repository, api_url, settings_file):
    """Papan status: setiap pull request konsep yang terbuka, tahap SOP-nya, siapa yang
    memegangnya, dan waktu yang terpakai dibanding waktu baku (menit kerja)."""
    root = _root()
    settings = _settings(settings_file, root)
    gh = _connect(token, repository, api_url, root)
    board_module.show(gh, settings, click.echo)


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
    """Menyiapkan repositori GitHub untuk SOP: label tahap, CODEOWNERS (Kasubbag pemilik
    drafts/ dan content/), perlindungan cabang utama, dan GitHub Pages. Aman dijalankan ulang."""
    root = _root()
    settings = _settings(settings_file, root)
    if lokal:
        changed = repo_setup.write_local_codeowners(root, settings)
        click.echo(f"{repo_setup.CODEOWNERS_PATH} {'ditulis' if changed else 'sudah sesuai'}.")
        return
    gh = _connect(token, repository, api_url, root)
    try:
        repo_setup.run(gh, settings, branch=branch, dry_run=dry_run, echo=click.echo)
    except repo_setup.SetupError as exc:
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
    Status keluar 1 bila ada draf yang ditolak."""
    repo = GitRepo(Path.cwd())
    settings = _settings(settings_file, repo.root)
    gh = _connect(token, repository, api_url, repo.root)
    promoter = Promoter(repo, gh, settings, branch=branch, remote=remote, push=not no_push, echo=click.echo)
    report = promoter.run()
    if result_file:
        report.write_json(result_file)
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
            out.write(f"promoted={len(report.promoted)}\n")
    click.echo(f"Selesai: {len(report.promoted)} konten terbit, {len(report.refused)} draf ditolak.")
    if report.refused:
        raise SystemExit(1)


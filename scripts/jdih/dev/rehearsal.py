"""`make demo`: the whole SOP rehearsed on this machine, on a simulated working day.

Nothing here talks to GitHub or WhatsApp. The rehearsal uses the same stand-ins as the
test suite, shipped in `jdih.testing`: a bare git `origin`, the fake GitHub REST server
(driven through PyGithub exactly as GitHub would be), a local WhatsApp webhook receiver,
and the GitHub Actions simulator that runs `.github/workflows/terbitkan.yml` step by step.
It runs in this project's checkout and in every office repository made by `kantor-baru`.

Every step is checked; the rehearsal ends with exit status 0 only if all of them did what
the SOP says.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from click.testing import CliRunner

from jdih.testing import WEBHOOK_EXAMPLES


def _project() -> Path:
    """The repository to rehearse: the current folder when it is one (so `make demo` in any
    checkout rehearses that checkout), else the one this package was installed from."""
    here = Path.cwd()
    if (here / "mkdocs.yml").is_file() and (here / "site_config").is_dir():
        return here
    return Path(__file__).resolve().parents[3]


PROJECT = _project()
DAY = dt.date(2026, 11, 23)  # a Monday with no holiday: the rehearsal's working day (see rehearsal_day)
PROJECT_FILES = ["mkdocs.yml", "pyproject.toml", "content", "site_config", ".github"]
TITLE = "Mengenal PKPU Nomor 8 Tahun 2019 tentang Tata Kerja KPU"
SLUG = "mengenal-pkpu-8-2019-tata-kerja-kpu"
POST_ID = f"posts/{DAY.year}/{SLUG}/"
SETTINGS_FILE = PROJECT / "site_config" / "jdih.yml"


def office_zone() -> dt.tzinfo:
    """The rehearsed office's time zone (`sop.timezone` of its settings)."""
    from jdih.content.clock import zone_of
    from jdih.content.settings import cached_settings

    return zone_of(cached_settings(SETTINGS_FILE))


def rehearsal_day(project: Path, settings) -> dt.date:
    """The simulated Monday: 23 November 2026, or, in a repository whose posts are dated later
    (an office made by `kantor-baru` today), the first working Monday after its newest post —
    the build refuses posts dated after "now", and the rehearsal's "now" is its simulated day."""
    from jdih.content.files import post_files, read_front_matter
    from jdih.reporting.worktime import is_working_day

    newest = DAY
    for path in post_files(project / "content"):
        value = read_front_matter(path)[0].get("date")
        if isinstance(value, str):  # YAML reads "2026-12-02 08:00" (no seconds) as text
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                continue
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, dt.date) and day > newest:
            newest = day
    if newest <= DAY + dt.timedelta(days=1):  # within the build's one-day bound of the default day
        return DAY
    day = newest + dt.timedelta(days=1)
    while day.isoweekday() != 1 or not is_working_day(day, settings.sop):
        day += dt.timedelta(days=1)
    return day


def at(hour: int, minute: int) -> dt.datetime:
    """A time of the simulated day on the office's clock."""
    return dt.datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=office_zone())


class RehearsalError(Exception):
    """A step did not do what the SOP says."""


@dataclass
class Stage:
    """The outside world of the rehearsal: git, the fake GitHub and the WhatsApp receiver."""

    tmp: Path
    origin: Path
    fake: object
    receiver: object
    echo: Callable[[str], None]
    accounts: object = None  # the office's social-media accounts on the stand-ins (SOP step 6a)
    pages_host: object = None  # GitHub Pages' hosting: the deployed site, served on 127.0.0.1
    failures: list[str] = field(default_factory=list)
    events: int = 0

    # -- people and machines ------------------------------------------------------------------
    def git(self, cwd: Path, *args: str, when: dt.datetime | None = None) -> str:
        env = dict(os.environ)
        if when is not None:
            stamp = when.isoformat()
            env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                              text=True).stdout.strip()

    def clone(self, name: str, login: str) -> Path:
        """A person's clone over HTTPS from the fake GitHub, with that person's token: every push
        goes through GitHub's rules (rulesets, protection) as the fake enforces them."""
        path = self.tmp / name
        if not path.exists():
            base = self.fake.html_base.replace("://", f"://{login}:{self.fake.token_of(login)}@", 1)
            self.git(self.tmp, "clone", "-q", f"{base}/{self.fake.full_name}.git", str(path))
            self.git(path, "config", "user.name", login)
            self.git(path, "config", "user.email", f"{login}@kpu-kapuas.example")
        return path

    def github_side(self) -> Path:
        """GitHub's own clone, for what GitHub does itself (the merge commit of "Merge pull
        request"): it writes the bare repository directly, past no rule, as GitHub does."""
        path = self.tmp / "github"
        if not path.exists():
            self.git(self.tmp, "clone", "-q", str(self.origin), str(path))
            self.git(path, "config", "user.name", "GitHub")
            self.git(path, "config", "user.email", "noreply@github.com")
        return path

    def env_for(self, login: str) -> dict[str, str]:
        # Every command lives on the simulated day (end of office hours unless a step says
        # otherwise): the check refuses a post dated after "now".
        return {"GITHUB_TOKEN": self.fake.token_of(login), "GITHUB_REPOSITORY": self.fake.full_name,
                "GITHUB_API_URL": self.fake.base_url, "JDIH_GITHUB_WRITE_PAUSE": "0",
                "JDIH_NOW": at(16, 0).isoformat()}

    def jdih(self, cwd: Path, login: str, *args: str, extra_env: dict[str, str] | None = None) -> str:
        """Run a `jdih` command in `cwd` as `login`, in this process (fast), and return its output."""
        from jdih.cli.main import main

        env = self.env_for(login) | (extra_env or {})
        with _chdir(cwd):
            result = CliRunner().invoke(main, list(args), env=env, prog_name="jdih")
        if result.exit_code != 0:
            raise RehearsalError(f"`jdih {' '.join(args)}` gagal (kode {result.exit_code}):\n{result.output}")
        return result.output

    def event(self, cwd: Path, name: str, action: str, number: int, **kwargs) -> list[str]:
        """Deliver a GitHub event to `jdih peristiwa`, as the SOP-events workflow does."""
        self.events += 1
        path = self.fake.write_event(self.tmp / "peristiwa" / f"{self.events:02d}-{name}.{action}.json",
                                     name, action, number, **kwargs)
        output = self.jdih(cwd, "github-actions[bot]", "peristiwa",
                           extra_env={"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(path)})
        return [line for line in output.splitlines() if line.strip()]

    def review(self, cwd: Path, number: int, when: dt.datetime, login: str, state: str, body: str,
               text: str) -> None:
        """A reviewer acts in the web UI; the SOP-events workflow reacts, and both are shown."""
        self.fake.clock = when
        self.fake.submit_review(number, login, state, body)
        self.act(when, text)
        for line in self.event(cwd, "pull_request_review", "submitted", number):
            self.act(when, f"[alur kerja Peristiwa SOP] {line}")

    # -- reporting --------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        self.echo(text)

    def act(self, when: dt.datetime, text: str) -> None:
        from jdih.content.clock import abbreviation

        self.echo(f"  {when:%H.%M} {abbreviation(when.tzinfo, when)}  {text}")

    def check(self, ok: bool, text: str, detail: str = "") -> None:
        self.echo(f"      {'✓' if ok else '✗'} {text}")
        if not ok:
            self.failures.append(text + (f" ({detail})" if detail else ""))

    def labels(self, number: int) -> list[str]:
        return sorted(self.fake.issue(number).labels)

    def requested(self, number: int) -> list[str]:
        return sorted(self.fake.pull(number).requested_reviewers)


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _test_doubles():
    """The fake GitHub, the receiver and the Actions simulator ship with the package."""
    from jdih.testing.actions_sim import Simulator
    from jdih.testing.fakegithub.server import FakeGitHub
    from jdih.testing.receiver import Receiver

    return FakeGitHub, Receiver, Simulator


def seed_origin(tmp: Path, project: Path) -> Path:
    """A bare origin holding this project as an office would have it."""
    origin = tmp / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    seed = tmp / "seed"
    subprocess.run(["git", "clone", "-q", str(origin), str(seed)], check=True, capture_output=True)
    for name in PROJECT_FILES:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, seed / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, seed / name)
    (seed / "drafts").mkdir(exist_ok=True)
    (seed / "drafts" / ".gitkeep").write_text("")
    (seed / ".gitignore").write_text("site/\n.cache/\n")
    settings = seed / "site_config" / "jdih.yml"
    # the rehearsal's WhatsApp gateway is the local receiver, as a generic webhook
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  provider: .*$", "  provider: webhook", text)
    # step 6a: Instagram, Facebook and Telegram automatic on the stand-ins; X by the operator
    from jdih.testing.fakesocial.office import OfficeAccounts

    posting = yaml.safe_dump({"posting": {**OfficeAccounts.posting("instagram", "facebook", "telegram"),
                                          "x": {"enabled": False}}}, sort_keys=False)
    text = re.sub(r"(?m)^posting:\n(?:(?:  .*)?\n)*", lambda _: posting + "\n", text)
    settings.write_text(text, encoding="utf-8")
    for command in (["add", "-A"], ["-c", "user.name=kpu-kapuas", "-c", "user.email=it@kpu-kapuas.example",
                                    "commit", "-qm", "Repositori JDIH Media Sosial"], ["push", "-q", "origin", "main"]):
        subprocess.run(["git", *command], cwd=seed, check=True, capture_output=True,
                       env=dict(os.environ, GIT_AUTHOR_DATE=at(7, 0).isoformat(),
                                GIT_COMMITTER_DATE=at(7, 0).isoformat()))
    return origin


DRAFT_BODY = """
Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019 mengatur tata kerja KPU, KPU Provinsi, dan
KPU Kabupaten/Kota. Peraturan ini telah beberapa kali diubah, terakhir dengan PKPU Nomor 4
Tahun 2021.

## Mengapa penting?

Tata kerja menentukan siapa mengerjakan apa, termasuk dalam pengelolaan JDIH di kantor
KPU kabupaten/kota.
"""


def fill_draft(template: str, caption: str, with_document: bool) -> str:
    """What the operator types into the draft template."""
    text = (template
            .replace('description: ""', 'description: "PKPU 8/2019 mengatur tata kerja KPU, KPU Provinsi, '
                                        'dan KPU Kabupaten/Kota."')
            .replace("categories:\n  -\n", "categories:\n  - Peraturan\n")
            .replace("tags: []", "tags: [PKPU, TataKerja]")
            .replace('  src: ""\n  alt: ""', f'  src: media/{SLUG}.png\n'
                                            '  alt: "Ilustrasi sampul dokumen PKPU Nomor 8 Tahun 2019"')
            .replace("caption: |\n", f"caption: |\n  {caption}\n", 1))
    if with_document:
        text = text.replace("legal_documents: []", 'legal_documents:\n  - type: Peraturan KPU\n    number: "8"\n'
                                                    "    year: 2019\n    title: Tata Kerja Komisi Pemilihan Umum, "
                                                    "Komisi Pemilihan Umum Provinsi, dan Komisi Pemilihan Umum "
                                                    "Kabupaten/Kota")
    return text.rstrip("\n") + "\n" + DRAFT_BODY


def rehearse(echo: Callable[[str], None] = print, site_dir: Path | None = None,
             cache_dir: Path | None = None, keep: Path | None = None) -> int:
    """Run the rehearsal; returns 0 when every step did what it should."""
    FakeGitHub, Receiver, Simulator = _test_doubles()
    from jdih.content.settings import load_settings
    from jdih.office.samples import generate_sample_image

    site_dir = site_dir or PROJECT / "site"
    cache_dir = cache_dir or PROJECT / ".cache" / "jdih"
    workdir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="jdih-demo-"))
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "peristiwa").mkdir(exist_ok=True)
    origin = seed_origin(workdir, PROJECT)
    fake = FakeGitHub(git_dir=origin)
    receiver = Receiver().start()
    from jdih.testing.fakesocial.office import OfficeAccounts
    from jdih.testing.pageshost import PagesHost

    accounts = OfficeAccounts().start()
    pages_host = PagesHost("/" + urlsplit(load_settings(SETTINGS_FILE).site.url).path.strip("/"))
    settings = load_settings(SETTINGS_FILE)
    global DAY, POST_ID  # the simulated day is fixed once per rehearsal, before any time is made
    DAY = rehearsal_day(PROJECT, settings)
    POST_ID = f"posts/{DAY.year}/{SLUG}/"
    # Every person the settings name is a collaborator, as in a real office: GitHub refuses a
    # review request to anyone else (422), and the SOP requests reviews from all the staff.
    roles = settings.roles
    for logins, permission in ((roles.kasubbag, "admin"), (roles.staf, "write"), (roles.pengelola, "write")):
        for login in logins:
            if "/" not in login:  # "org/team" entries are teams, not accounts
                fake.add_user(login)
                fake.set_permission(login, permission)
    fake.start()
    stage = Stage(workdir, origin, fake, receiver, echo, accounts, pages_host)
    try:
        _rehearse(stage, settings, Simulator, generate_sample_image, site_dir, cache_dir)
    except RehearsalError as exc:
        stage.failures.append(str(exc))
        echo(f"\n✗ Gladi berhenti: {exc}")
    finally:
        fake.stop()
        receiver.stop()
        accounts.stop()
        pages_host.close()
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    echo("")
    if stage.failures:
        echo(f"Gladi SOP GAGAL: {len(stage.failures)} langkah tidak sesuai:")
        for failure in stage.failures:
            echo(f"  - {failure}")
        return 1
    echo("Gladi SOP selesai: semua langkah sesuai.")
    echo(f"Situs hasil gladi ada di {site_dir}. Lihat dengan `make serve`, lalu buka http://127.0.0.1:8000/")
    return 0


def _standard(settings, number: int) -> str:
    step = settings.sop.step(number)
    return f"{step.days} hari kerja" if step.days else f"{step.minutes} menit"


def _header(stage: Stage, settings, number: int, who: str) -> None:
    step = settings.sop.step(number)
    stage.say("")
    stage.say(f"Langkah {number} — {step.name} ({who}; waktu baku {_standard(settings, number)})")


def _rehearse(stage: Stage, settings, Simulator, generate_sample_image, site_dir: Path, cache_dir: Path) -> None:
    fake = stage.fake
    kasubbag, staf, pengelola = settings.roles.kasubbag[0], settings.roles.staf[0], settings.roles.pengelola[0]
    bot = "github-actions[bot]"
    from jdih.content.clock import abbreviation
    from jdih.sop.disposisi import FIELD_TITLE, FIELD_WHAT, issue_body

    stage.say(f"Gladi SOP Pengelolaan Media Sosial JDIH — {settings.office.name}")
    stage.say(f"Hari simulasi: Senin, {DAY:%d-%m-%Y} (jam kantor "
              f"{settings.sop.office_hours_start:%H.%M}–{settings.sop.office_hours_end:%H.%M} "
              f"{abbreviation(settings, at(8, 0))}). "
              "GitHub, git dan WhatsApp diperankan oleh tiruan lokal.")
    ci = stage.clone("ci-peristiwa", bot)

    # 0. The IT officer sets the repository up, once (README, "Mulai terbit di GitHub") ------------
    stage.say("")
    stage.say("Penyiapan repositori (sekali, oleh petugas TI dengan token admin)")
    admin = stage.clone("admin", kasubbag)
    for line in stage.jdih(admin, kasubbag, "siapkan").splitlines():
        if line.startswith("  + ") or line.startswith("Penyiapan"):
            stage.act(at(7, 30), f"jdih siapkan: {line.strip()}")
    stage.check(any(r["name"] == "jdih-persetujuan-kasubbag" for r in fake.repo.rulesets),
                "cabang main dilindungi ruleset persetujuan Kasubbag")
    if fake.repo.pages is not None:  # the hosting stand-in is where this machine reaches the live site
        fake.repo.pages["served_at"] = stage.pages_host.url

    # 1. Disposisi --------------------------------------------------------------------------
    _header(stage, settings, 1, "Kasubbag")
    fake.clock = at(8, 0)
    body = issue_body({FIELD_TITLE: TITLE, FIELD_WHAT: "Ringkasan PKPU 8/2019 dan perubahannya untuk masyarakat."})
    disposisi = fake.open_issue(kasubbag, f"Disposisi: {TITLE}", body, labels=["disposisi", "tahap-1-disposisi"])
    stage.act(at(8, 0), f"{kasubbag} mengisi formulir Disposisi di GitHub → issue #{disposisi}")
    for line in stage.event(ci, "issues", "opened", disposisi):
        stage.act(at(8, 0), f"[alur kerja Peristiwa SOP] {line}")
    comments = [c.body for c in fake.client().get_repo(fake.full_name).get_issue(disposisi).get_comments()]
    stage.check(any("/new/main?filename=drafts/" in c and f"disposisi%3A%20{disposisi}" in c for c in comments),
                "komentar berisi tautan draf yang sudah terisi nomor disposisi")
    stage.check("tahap-1-disposisi" in stage.labels(disposisi), "label tahap-1-disposisi")

    # 2. Gathering material -------------------------------------------------------------------
    _header(stage, settings, 2, "Staf")
    fake.clock = at(9, 30)
    fake.add_comment(disposisi, staf, "Bahan terhimpun: naskah PKPU 8/2019 dan PKPU 4/2021. "
                                      "Arahan: tekankan pembagian tugas.")
    stage.act(at(9, 30), f"{staf} menghimpun bahan dan memberi arahan di issue #{disposisi}")

    # 3. Draft --------------------------------------------------------------------------------
    _header(stage, settings, 3, "Pengelola JDIH")
    operator = stage.clone("pengelola", pengelola)
    fake.clock = at(10, 40)
    os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = at(10, 40).isoformat()
    try:
        output = stage.jdih(operator, pengelola, "mulai", TITLE, "--slug", SLUG, "--disposisi", str(disposisi),
                            "--tanggal", DAY.isoformat(), "--penulis", pengelola)
    finally:
        os.environ.pop("GIT_AUTHOR_DATE", None)
        os.environ.pop("GIT_COMMITTER_DATE", None)
    stage.act(at(10, 40), f"{pengelola}: jdih mulai → {output.splitlines()[0]}")
    draft = operator / "drafts" / SLUG / "index.md"  # `jdih mulai` makes the draft's folder
    template = draft.read_text(encoding="utf-8")
    caption = "Tata kerja KPU diatur PKPU 8/2019 yang telah diubah terakhir dengan PKPU 4/2021. #PKPU"
    draft.write_text(fill_draft(template, caption, with_document=False), encoding="utf-8")
    generate_sample_image(operator / "drafts" / SLUG / "media" / f"{SLUG}.png", "PKPU Nomor 8 Tahun 2019",
                          "Tata Kerja KPU", seed=6)
    check = stage.jdih(operator, pengelola, "periksa", f"drafts/{SLUG}/index.md")
    stage.check(check.strip().startswith("Semua 1 berkas baik"), "draf lolos `jdih periksa`", check)
    stage.git(operator, "add", "-A")
    stage.git(operator, "commit", "-qm", f"Konsep: {TITLE}", when=at(11, 0))
    fake.clock = at(11, 5)
    output = stage.jdih(operator, pengelola, "ajukan")
    number = int(re.search(r"#(\d+)", output.split("ull request", 1)[-1]).group(1))
    stage.act(at(11, 5), f"{pengelola}: jdih ajukan → pull request #{number}")
    for line in stage.event(ci, "pull_request", "opened", number):
        stage.act(at(11, 5), f"[alur kerja Peristiwa SOP] {line}")
    stage.check(stage.labels(number) == ["tahap-4-sunting"], "label tahap-4-sunting", str(stage.labels(number)))
    stage.check(staf in stage.requested(number), "ulasan diminta dari staf")

    def push_fix(when: dt.datetime, message: str, caption: str, with_document: bool) -> None:
        draft.write_text(fill_draft(template, caption, with_document), encoding="utf-8")
        stage.git(operator, "commit", "-qam", message, when=when)
        stage.git(operator, "push", "-q", "origin", f"konsep/{SLUG}")
        fake.push_to_pull(number, stage.git(stage.origin, "rev-parse", f"refs/heads/konsep/{SLUG}"), at=when)
        stage.act(when, f"{pengelola} memperbaiki draf: {message}")
        stage.event(ci, "pull_request", "synchronize", number)

    # 4. Sunting ---------------------------------------------------------------------------------
    _header(stage, settings, 4, "Staf")
    stage.review(ci, number, at(11, 25), staf, "COMMENTED", f"Takarir perlu menyebut {settings.office.short_name}.",
                 f"{staf} menyunting: komentar pada takarir")
    caption = (f"Tata kerja KPU, termasuk {settings.office.short_name}, diatur PKPU 8/2019 yang telah diubah "
               "terakhir dengan PKPU 4/2021. #PKPU")
    push_fix(at(11, 32), f"Sunting: takarir menyebut {settings.office.short_name}", caption, with_document=False)
    stage.review(ci, number, at(11, 40), staf, "APPROVED", "Sudah baik.",
                 f"{staf} menyetujui hasil suntingan (Approve)")
    stage.check(stage.labels(number) == ["tahap-5-persetujuan"], "label tahap-5-persetujuan",
                str(stage.labels(number)))
    stage.check(kasubbag in stage.requested(number), "ulasan diminta dari Kasubbag")

    # 5. Approval: first "Tidak", then "Ya" ------------------------------------------------------
    _header(stage, settings, 5, "Kasubbag")
    stage.review(ci, number, at(11, 48), kasubbag, "CHANGES_REQUESTED", "Tambahkan dokumen hukum yang dirujuk.",
                 f"{kasubbag}: Tidak setuju (Request changes) — kembali ke langkah 4")
    stage.check(stage.labels(number) == ["tahap-4-sunting"], "kembali ke label tahap-4-sunting",
                str(stage.labels(number)))
    bodies = [c.body for c in fake.client().get_repo(fake.full_name).get_issue(number).get_comments()]
    stage.check(any("jdih:penolakan n=1" in b for b in bodies), "penolakan pertama tercatat di pull request")
    push_fix(at(13, 5), "Tambahkan dokumen hukum PKPU 8/2019", caption, with_document=True)
    stage.review(ci, number, at(13, 20), staf, "APPROVED", "Dokumen hukum sudah ada.",
                 f"{staf} menyetujui lagi")
    stage.review(ci, number, at(13, 27), kasubbag, "APPROVED", "Setuju, unggah.",
                 f"{kasubbag}: Setuju (Approve)")
    github = stage.github_side()
    stage.git(github, "fetch", "-q", "origin")
    stage.git(github, "checkout", "-q", "-B", "main", "origin/main")
    stage.git(github, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{number} from konsep/{SLUG}",
              f"origin/konsep/{SLUG}", when=at(13, 28))
    stage.git(github, "push", "-q", "origin", "main")
    merge_sha = stage.git(github, "rev-parse", "HEAD")
    fake.merge_pull(number, kasubbag, merge_commit_sha=merge_sha, at=at(13, 28))
    stage.act(at(13, 28), f"{kasubbag} mengklik Merge pull request")
    for line in stage.event(ci, "pull_request", "closed", number):
        stage.act(at(13, 28), f"[alur kerja Peristiwa SOP] {line}")
    stage.check(stage.labels(number) == ["tahap-6-terbit"], "label tahap-6-terbit", str(stage.labels(number)))

    # 6. Publish: the workflow itself, run by the Actions simulator ------------------------------
    _header(stage, settings, 6, "CI atas nama pengelola JDIH")
    stage.act(at(13, 30), "GitHub Actions menjalankan .github/workflows/terbitkan.yml (disimulasikan)")
    workspaces: dict[str, Path] = {}

    def workspace_for(job: str) -> Path:
        # actions/checkout with persist-credentials: false: an anonymous clone of the public repository
        path = stage.tmp / f"ci-{job}"
        stage.git(stage.tmp, "clone", "-q", f"{fake.html_base}/{fake.full_name}.git", str(path))
        stage.git(path, "checkout", "-q", "-B", "main", merge_sha)
        workspaces[job] = path
        return path

    run_dir = stage.tmp / "run"
    run_dir.mkdir()
    push = json.loads((WEBHOOK_EXAMPLES / "push.event.0.json")
                      .read_text(encoding="utf-8"))
    push.update(ref="refs/heads/main", after=merge_sha, created=False, base_ref=None)
    push["repository"] = push["repository"] | {"full_name": fake.full_name, "name": fake.full_name.split("/")[1],
                                               "default_branch": "main"}
    from jdih.github.deploykey import KNOWN_HOSTS_ENV
    from jdih.testing import fakessh
    from jdih.testing.fakegithub.routes_setup import environment_secrets

    # The runner's `ssh` reaches the fake; the fake is not github.com, so its host key line is
    # given as an Enterprise office would give it (the stand-in does not check it).
    ssh_bin = fakessh.install_as_ssh(stage.tmp / "ssh-bin")
    simulator = Simulator(
        PROJECT / ".github" / "workflows" / "terbitkan.yml", event_name="push", payload=push, tmp=run_dir,
        workspace_for=workspace_for, repository=fake.full_name, api_url=fake.base_url,
        token=fake.workflow_token(), token_for=fake.workflow_token,  # one token per job, its permissions only
        secrets={"WHATSAPP_URL": f"{stage.receiver.url}/kirim", "WHATSAPP_TOKEN": "token-gladi"},
        environment_secrets=lambda name, ref: _with_tokens(environment_secrets(fake.repo, name, ref), name,
                                                           stage.accounts.secrets),
        pages_host=stage.pages_host,
        base_env={**stage.accounts.env, "JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_CACHE_DIR": str(cache_dir),
                  "JDIH_NOW": at(13, 33).isoformat(), "GIT_TERMINAL_PROMPT": "0",
                  "PATH": f"{ssh_bin}:{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                  fakessh.ENV: fake.base_url, KNOWN_HOSTS_ENV: f"{urlsplit(fake.base_url).hostname} ssh-ed25519 AAAA"},
        skip_steps={"pasang": "paket jdih sudah terpasang di .venv"}, sha=merge_sha,
        server_url=fake.html_base, pages_url=settings.site.url)
    fake.clock = at(13, 33)
    run = simulator.run()
    for name, job in run.jobs.items():
        stage.act(at(13, 33), f"job {name}: {job.result}")
    stage.check(run.conclusion == "success", "alur kerja Terbitkan berhasil",
                "\n".join(job.log for job in run.jobs.values())[-4000:])
    built = workspaces.get("bangun", stage.tmp) / "site"
    stage.check((built / POST_ID / "index.html").is_file(), f"halaman konten dibangun: {settings.site.url}{POST_ID}")
    stage.check(len(run.deployments) == 1, "situs dipasang (GitHub Pages, disimulasikan)")
    post = (stage.origin and stage.git(stage.origin, "show", f"main:content/posts/{DAY.year}/{SLUG}/index.md"))
    stage.check("provenance:" in post and f"approver: {kasubbag}" in post and f"pull_request: {number}" in post,
                "draf dipindah ke content/posts/ dengan jejak persetujuan (provenance)")
    pushed = [p for p in fake.pushes if p["ref"] == "refs/heads/main"]
    stage.check(len(pushed) == 1 and pushed[0]["actor_type"] == "DeployKey" and pushed[0]["bypassed"],
                "commit penerbitan didorong ke main yang dilindungi hanya oleh kunci terbit (deploy key)",
                str(pushed))
    stage.check(len(stage.receiver.requests) == 1, "tepat satu kabar WhatsApp terkirim",
                f"{len(stage.receiver.requests)} permintaan")
    if stage.receiver.requests:
        sent = stage.receiver.requests[0].json
        stage.say("")
        stage.say("  Pesan yang diterima grup WhatsApp (gerbang webhook lokal):")
        for line in sent.get("text", "").splitlines():
            stage.say(f"  │ {line}")
    _check_uploads(stage, number)
    issue = fake.client().get_repo(fake.full_name).get_issue(disposisi)
    stage.check(issue.state == "closed", f"disposisi #{disposisi} ditutup dengan tautan konten")
    bodies = [c.body for c in fake.client().get_repo(fake.full_name).get_issue(number).get_comments()]
    stage.check(any(f"{settings.site.url}{POST_ID}" in b and "jdih:terbit" in b for b in bodies),
                f"pull request #{number} mencatat tautan dan waktu terbit")

    if built.is_dir():
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.copytree(built, site_dir)

    # The SOP report and the agenda register ---------------------------------------------------
    stage.say("")
    stage.say(f"Laporan mutu baku SOP (waktu kerja {abbreviation(settings, at(13, 40))} dibanding waktu baku):")
    main_clone = workspaces.get("bangun", stage.tmp)
    report = stage.jdih(main_clone, bot, "laporan", "--format", "tabel",
                        extra_env={"JDIH_NOW": at(13, 40).isoformat()})
    for line in report.splitlines():
        stage.say(f"  {line}")
    stage.check("Mengenal PKPU" in report, "laporan memuat konten gladi")
    stage.git(main_clone, "pull", "-q", "origin", "main")
    register = stage.jdih(main_clone, bot, "agenda", "--format", "markdown", "--github")
    stage.say("")
    stage.say("Buku agenda:")
    for line in register.splitlines():
        stage.say(f"  {line}")
    stage.check(f"/JDIH/{DAY.year}" in register and TITLE in register, "buku agenda memuat konten gladi")

    _rehearse_browser_path(stage, settings, generate_sample_image, ci, cache_dir)


def _with_tokens(secrets: dict[str, str] | None, environment: str, tokens: dict[str, str]) -> dict[str, str] | None:
    """The environment's secrets as the office stored them: the deploy key (`jdih siapkan`) and,
    in jdih-terbitkan, the platforms' tokens (the IT officer, in GitHub's settings page)."""
    if secrets is None or environment != "jdih-terbitkan":
        return secrets
    return {**secrets, **tokens}


def _check_uploads(stage: Stage, number: int) -> None:
    """SOP step 6a on the stand-ins: one post per automatic platform, X's material on the PR."""
    from jdih.social.ledger import parse_comment
    from jdih.testing.fakesocial.office import CHANNEL_ID

    accounts = stage.accounts
    stage.check(len(accounts.graph.media) == 1, "tepat satu unggahan Instagram (kontainer → FINISHED → terbit)",
                str(accounts.graph.media))
    stage.check(len(accounts.graph.posts) == 1, "tepat satu unggahan di Halaman Facebook", str(accounts.graph.posts))
    stage.check(len(accounts.telegram.posts(CHANNEL_ID)) == 1, "tepat satu unggahan di kanal Telegram")
    stage.check(not accounts.x.posts, "X tidak diunggah otomatis (posting.x.enabled false)")
    bodies = [c.body for c in stage.fake.client().get_repo(stage.fake.full_name).get_issue(number).get_comments()]
    found = next((record for body in bodies if (record := parse_comment(body)) is not None), None)
    stage.check(found is not None and [name for name, _ in found.links()] == ["instagram", "facebook", "telegram"],
                "pull request mencatat tautan unggahan Instagram, Facebook dan Telegram")
    stage.check(found is not None and found.platforms.get("x") is not None and found.platforms["x"].state == "manual"
                and "x" in found.material, "bahan unggah X (gambar dan takarir) ada di pull request untuk pengelola")
    if found is not None:
        stage.say("")
        stage.say("  Unggahan media sosial (tahap 6a):")
        for name, link in found.links():
            stage.say(f"  │ {name}: {link}")
        stage.say("  │ x: diunggah pengelola dari bahan di pull request, lalu dikonfirmasi dengan /diunggah x <tautan>")
    sent = stage.receiver.requests[0].json.get("text", "") if stage.receiver.requests else ""
    stage.check(found is not None and all(link in sent for _, link in found.links()) and "Menyusul di X." in sent,
                "kabar WhatsApp memuat tautan unggahan (tahap 6b)", sent)


# -- the browser path: the disposisi link, the upload, the preview the Kasubbag reads ---------------

BROWSER_TITLE = "Rapat Pleno Penetapan Daftar Pemilih"
BROWSER_SLUG = "rapat-pleno-penetapan-daftar-pemilih"


def _rehearse_browser_path(stage: Stage, settings, generate_sample_image, ci: Path, cache_dir: Path) -> None:
    """Steps 1–3 as an office without `jdih` on a computer walks them, in GitHub's web UI: the
    disposisi comment's link makes `drafts/<slug>/index.md` on a new branch, the image is
    uploaded into that folder on the same branch, and the draft check's preview comment — what
    the Kasubbag reads on a phone before approving — and the preview build follow each push."""
    from urllib.parse import parse_qs

    from jdih.sop.disposisi import FIELD_TITLE, FIELD_WHAT, draft_path, issue_body
    from jdih.sop.preview import PREVIEW_MARKER

    fake = stage.fake
    kasubbag, pengelola, bot = settings.roles.kasubbag[0], settings.roles.pengelola[0], "github-actions[bot]"
    path = draft_path(BROWSER_SLUG)
    folder = path.rsplit("/", 1)[0]
    stage.say("")
    stage.say("Jalur peramban (tahap 1–3 lewat GitHub saja, tanpa jdih di komputer)")
    fake.clock = at(14, 0)
    body = issue_body({FIELD_TITLE: BROWSER_TITLE, FIELD_WHAT: "Berita rapat pleno untuk masyarakat."})
    number = fake.open_issue(kasubbag, f"Disposisi: {BROWSER_TITLE}", body, labels=["disposisi", "tahap-1-disposisi"])
    stage.act(at(14, 0), f"{kasubbag} mengisi formulir Disposisi → issue #{number}")
    for line in stage.event(ci, "issues", "opened", number):
        stage.act(at(14, 0), f"[alur kerja Peristiwa SOP] {line}")
    comment = next((c.body for c in fake.client().get_repo(fake.full_name).get_issue(number).get_comments()
                    if "jdih:tautan-konsep" in c.body), "")
    found = re.search(r"\]\((\S+/new/main\?filename=[^)\s]+)\)", comment)
    query = parse_qs(urlsplit(found.group(1)).query) if found else {}
    filename, template = (query.get("filename") or [""])[0], (query.get("value") or [""])[0]
    stage.check(filename == path and f"disposisi: {number}\n" in template,
                f"tautan Buat draf membuka {path}, templat terisi nomor disposisi #{number}", filename)

    # "Commit changes… → Create a new branch … → Propose changes", then "Create pull request"
    web = stage.clone("peramban", pengelola)
    branch = f"{pengelola}-patch-1"
    stage.git(web, "switch", "-q", "-c", branch, "origin/main")
    (web / path).parent.mkdir(parents=True, exist_ok=True)
    (web / path).write_text(
        template.replace('description: ""', 'description: "Rapat pleno terbuka menetapkan daftar pemilih tetap."')
        .replace("categories:\n  -\n", "categories:\n  - Kegiatan\n")
        .replace('  src: ""\n  alt: ""', '  src: gambar.png\n  alt: "Ilustrasi rapat pleno penetapan daftar pemilih"')
        .replace("caption: |\n", "caption: |\n  Rapat pleno terbuka penetapan daftar pemilih. #Pemilu\n", 1)
        + "\nRapat pleno terbuka menetapkan daftar pemilih tetap.\n", encoding="utf-8")
    stage.git(web, "add", path)
    stage.git(web, "commit", "-qm", "Create index.md", when=at(14, 20))
    stage.git(web, "push", "-q", "origin", branch)
    head = stage.git(stage.origin, "rev-parse", f"refs/heads/{branch}")
    fake.clock = at(14, 21)
    pull = fake.open_pull(pengelola, branch, title="Create index.md", body=f"Menindaklanjuti #{number}",
                          head_sha=head)
    stage.act(at(14, 21), f"{pengelola}: tautan Buat draf → Commit changes… → Propose changes → Create pull "
                          f"request #{pull} ({path})")
    for line in stage.event(ci, "pull_request", "opened", pull):
        stage.act(at(14, 21), f"[alur kerja Peristiwa SOP] {line}")

    def draft_check(when: dt.datetime, sha: str) -> str:
        """The draft check workflow on the pull request's head: periksa, the preview build, the comment."""
        checkout = stage.tmp / f"ci-pratinjau-{sha[:7]}"
        stage.git(stage.tmp, "clone", "-q", str(stage.origin), str(checkout))
        stage.git(checkout, "checkout", "-q", sha)
        event = fake.write_event(stage.tmp / "peristiwa" / f"pratinjau-{sha[:7]}.json", "pull_request",
                                 "synchronize", pull)
        env = {"GITHUB_EVENT_PATH": str(event), "GITHUB_SERVER_URL": fake.html_base, "JDIH_NOW": when.isoformat(),
               "JDIH_CACHE_DIR": str(cache_dir)}
        from jdih.cli.main import main

        with _chdir(checkout):
            checked = CliRunner().invoke(main, ["periksa"], env=stage.env_for(bot) | env, prog_name="jdih")
        outcome = "skipped"
        if checked.exit_code == 0:
            stage.jdih(checkout, bot, "pratinjau", "--bangun", "--keluaran", str(checkout / "pratinjau-situs"),
                       extra_env=env)
            outcome = "success"
        stage.act(when, f"[alur kerja Periksa draf] jdih periksa: {checked.output.strip().splitlines()[-1]}")
        stage.jdih(checkout, bot, "pratinjau", "--komentar", "--hasil-bangun", outcome, extra_env=env)
        built = checkout / "pratinjau-situs" / f"posts/{DAY.year}/{BROWSER_SLUG}/index.html"
        if outcome == "success":
            stage.check(built.is_file(), f"situs pratinjau dibangun, dibuka dari berkas: {built.relative_to(stage.tmp)}")
        return next((c.body for c in fake.client().get_repo(fake.full_name).get_issue(pull).get_comments()
                     if c.body.startswith(PREVIEW_MARKER)), "")

    first = draft_check(at(14, 22), head)
    stage.check("Gambar belum ada" in first and f"{folder}/" in first,
                f"komentar Pratinjau draf: gambar belum ada, unggah ke {folder}/")

    # "Add file → Upload files" in the draft's folder, on the same branch
    generate_sample_image(web / folder / "gambar.png", "Rapat Pleno", "Penetapan Daftar Pemilih", seed=9)
    stage.git(web, "add", f"{folder}/gambar.png")
    stage.git(web, "commit", "-qm", "Add files via upload", when=at(14, 30))
    stage.git(web, "push", "-q", "origin", branch)
    head = stage.git(stage.origin, "rev-parse", f"refs/heads/{branch}")
    fake.push_to_pull(pull, head, at=at(14, 30), author=pengelola)
    stage.act(at(14, 30), f"{pengelola}: buka folder {folder}/ di cabang {branch} → Add file → Upload files → "
                          "Commit changes")
    stage.event(ci, "pull_request", "synchronize", pull)
    shown = draft_check(at(14, 31), head)
    image = f"/blob/{head}/{folder}/gambar.png?raw=true"
    stage.check(image in shown and "Gambar belum ada" not in shown and "Tidak ada masalah" in shown,
                "komentar Pratinjau draf menampilkan konten beserta gambarnya dari commit pull request")
    stage.say("")
    stage.say(f"Komentar Pratinjau draf di pull request #{pull}, seperti yang dibaca Kasubbag:")
    for line in shown.split("<details>", 1)[0].splitlines():
        stage.say(f"  │ {line}")
    stage.say("  │ …")
    stage.say(f"Pull request #{pull} menunggu suntingan staf dan persetujuan Kasubbag (langkah 4–5 seperti di atas).")

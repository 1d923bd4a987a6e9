"""`python -m jdih.dev.bench_publish`: from a merged draft to the WhatsApp notice received, locally.

A 1,000-post site (images already in the processing cache, as on CI with actions/cache),
a draft merged on a bare `origin` with the Kasubbag's approval on the fake GitHub, then
timed, as the publish workflow runs them: promotion (`jdih terbitkan`: approval check,
move, commit, push), `mkdocs build --strict`, and the notification through the webhook
provider to a local receiver with the ledger on the pull request (`jdih kabari --github`).

It uses the stand-ins shipped in `jdih.testing` (the fake GitHub and the webhook receiver),
both on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BUDGET_SECONDS = 15.0


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} gagal:\n{completed.stdout}\n{completed.stderr}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--konten", type=int, default=1000, help="Jumlah konten situs (bawaan 1000).")
    args = parser.parse_args(argv)
    from jdih.dev.bench import jdih_project
    from jdih.office.samples import generate_benchmark_images
    from jdih.testing.fakegithub.server import FakeGitHub
    from jdih.testing.receiver import Receiver

    with tempfile.TemporaryDirectory(prefix="jdih-bench-terbit-") as temporary:
        base = Path(temporary)
        images = generate_benchmark_images(base / "gambar", 10)
        project = jdih_project(base, images, args.konten)
        (project / "drafts").mkdir()
        (project / "drafts" / ".gitkeep").write_text("")
        settings = project / "site_config" / "jdih.yml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("max_attempts: 5", "max_attempts: 1"),
                            encoding="utf-8")
        origin = base / "origin.git"
        _git(base, "init", "-q", "--bare", "-b", "main", str(origin))
        _git(project, "init", "-q", "-b", "main")
        _git(project, "config", "user.name", "bench")
        _git(project, "config", "user.email", "bench@example.org")
        (project / ".gitignore").write_text("site/\n.cache/\n")
        _git(project, "add", "-A")
        _git(project, "commit", "-qm", "Awal")
        _git(project, "remote", "add", "origin", str(origin))
        _git(project, "push", "-q", "origin", "main")

        cache = base / "cache"
        env = dict(os.environ, JDIH_CACHE_DIR=str(cache), NO_MKDOCS_2_WARNING="1", JDIH_GITHUB_WRITE_PAUSE="0")
        env.pop("JDIH_SETTINGS", None)
        print(f"Menyiapkan situs {args.konten} konten dan mengisi tembolok gambar (tidak diukur)…", flush=True)
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], project, env)

        fake = FakeGitHub(git_dir=origin)
        receiver = Receiver().start()
        for login in ("kasubbag-kapuas", "staf-hukum-kapuas", "pengelola-jdih-kapuas"):
            fake.add_user(login)
        fake.start()
        try:
            _git(project, "switch", "-q", "-c", "konsep/uji-tolok-ukur")
            draft = project / "drafts" / "uji-tolok-ukur"
            draft.mkdir()
            shutil.copy(images[0], draft / images[0].name)
            (draft / "index.md").write_text(
                f'---\ntitle: "Uji tolok ukur penerbitan"\ndate: 2026-11-25\ndescription: Konten uji.\n'
                f"categories: [Peraturan]\nimage:\n  src: {images[0].name}\n  alt: Gambar ilustrasi konten uji\n"
                "caption: Konten uji tolok ukur. #Pemilu\n---\n\nIsi.\n", encoding="utf-8")
            _git(project, "add", "-A")
            _git(project, "commit", "-qm", "Konsep: uji tolok ukur")
            _git(project, "push", "-q", "origin", "konsep/uji-tolok-ukur")
            head = _git(project, "rev-parse", "HEAD")
            number = fake.open_pull("pengelola-jdih-kapuas", "konsep/uji-tolok-ukur", title="Konsep: uji",
                                    head_sha=head)
            fake.submit_review(number, "kasubbag-kapuas", "APPROVED")
            _git(project, "switch", "-q", "main")
            _git(project, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{number}", "konsep/uji-tolok-ukur")
            _git(project, "push", "-q", "origin", "main")
            fake.merge_pull(number, "kasubbag-kapuas", merge_commit_sha=_git(project, "rev-parse", "HEAD"))
            ci = base / "ci"
            _git(base, "clone", "-q", str(origin), str(ci))
            shutil.copytree(cache, ci / ".cache" / "jdih")  # actions/cache restores the processed images
            run_env = dict(env, JDIH_CACHE_DIR=str(ci / ".cache" / "jdih"), GITHUB_TOKEN="test-token",
                           GITHUB_REPOSITORY=fake.full_name, GITHUB_API_URL=fake.base_url,
                           WHATSAPP_URL=f"{receiver.url}/kirim", WHATSAPP_TOKEN="token-tolok-ukur")
            jdih = [sys.executable, "-m", "jdih.cli.main"]
            moments = [time.perf_counter()]
            _run([*jdih, "terbitkan", "--hasil", str(base / "hasil.json")], ci, run_env)
            _run([*jdih, "daftar-kabar", "--hasil", str(base / "hasil.json"), "--berkas", str(base / "kabar.json")],
                 ci, run_env)
            moments.append(time.perf_counter())
            _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], ci, run_env)
            moments.append(time.perf_counter())
            _run([*jdih, "kabari", "--berkas", str(base / "kabar.json"), "--github"], ci, run_env)
            moments.append(time.perf_counter())
            received = len(receiver.requests)
        finally:
            fake.stop()
            receiver.stop()
        if received != 1 or not (ci / "site" / "posts" / "2026" / "uji-tolok-ukur" / "index.html").is_file():
            raise SystemExit(f"tolok ukur tidak sah: {received} kabar diterima, halaman konten "
                             f"{'ada' if (ci / 'site').is_dir() else 'tidak ada'}")
        promote, build, notify = (moments[i + 1] - moments[i] for i in range(3))
        total = moments[-1] - moments[0]

    def seconds(value: float) -> str:
        return f"{value:.1f}".replace(".", ",") + " s"

    print(f"Situs {args.konten} konten, gambar sudah di tembolok:")
    print(f"  penerbitan (persetujuan, pindah, commit, push): {seconds(promote)}")
    print(f"  mkdocs build --strict:                          {seconds(build)}")
    print(f"  kabar WhatsApp (kirim dan catat):               {seconds(notify)}")
    print(f"Dari draf digabung sampai kabar diterima: {seconds(total)} "
          f"(anggaran {seconds(BUDGET_SECONDS)}: {'terpenuhi' if total <= BUDGET_SECONDS else 'TERLAMPAUI'})")


if __name__ == "__main__":
    main()

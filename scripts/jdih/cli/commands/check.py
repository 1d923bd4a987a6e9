"""`jdih periksa [PATH…]`: check drafts and posts, print every problem, exit 1 when any."""

from __future__ import annotations

from pathlib import Path

import click

from jdih.sop.check import check_targets, collect_targets
from jdih.content.problems import Problem, ProblemsError
from jdih.content.settings import load_settings, settings_path

EXIT_PROBLEMS = 1
EXIT_SETTINGS = 2


def summary(problems: list[Problem], files: int) -> str:
    if problems:
        broken = len({problem.file for problem in problems})
        return f"{len(problems)} masalah ditemukan di {broken} berkas."
    if files == 0:
        return "Tidak ada berkas untuk diperiksa."
    return f"Semua {files} berkas baik."


@click.command(name="periksa")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[JALUR]...")
@click.option("--pengaturan", "settings_file", type=click.Path(path_type=Path), default=None,
              help="Berkas pengaturan kantor (bawaan: site_config/jdih.yml, "
                   "atau variabel lingkungan JDIH_SETTINGS).")
def periksa(paths: tuple[Path, ...], settings_file: Path | None) -> None:
    """Memeriksa draf dan konten terbit, lalu menampilkan setiap masalah beserta cara
    memperbaikinya.

    JALUR boleh berupa berkas .md atau folder; tanpa JALUR, seluruh isi drafts/ dan
    content/posts/ diperiksa. Status keluar 1 bila ada masalah, 2 bila berkas
    pengaturan tidak dapat dipakai.
    """
    root = Path.cwd()
    path = settings_file or settings_path(root)
    try:
        settings = load_settings(path)
    except FileNotFoundError:
        click.echo(Problem(str(path), 1, "", "berkas pengaturan tidak ditemukan",
                           "jalankan perintah dari folder repositori atau sebutkan berkasnya "
                           "dengan --pengaturan"), err=True)
        raise SystemExit(EXIT_SETTINGS) from None
    except (OSError, UnicodeDecodeError):
        click.echo(Problem(str(path), 1, "", "berkas pengaturan tidak dapat dibaca",
                           "pastikan berkas YAML biasa berpengodean UTF-8 dan dapat dibaca"), err=True)
        raise SystemExit(EXIT_SETTINGS) from None
    except ProblemsError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Berkas pengaturan bermasalah ({len(exc.problems)} masalah); "
                   "perbaiki dulu sebelum memeriksa draf.", err=True)
        raise SystemExit(EXIT_SETTINGS) from None
    targets = collect_targets(paths, root)
    problems = check_targets(targets, settings, root)
    for problem in problems:
        click.echo(str(problem))
    click.echo(summary(problems, len(targets)))
    if problems:
        raise SystemExit(EXIT_PROBLEMS)

"""`jdih periksa [PATH…]`: check drafts and posts, print every problem, exit 1 when any."""

from __future__ import annotations

from pathlib import Path

import click

from jdih.cli.commands.common import SettingsError, cli_settings, settings_option
from jdih.content.problems import Problem
from jdih.sop.check import check_targets, collect_targets

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
@settings_option
def periksa(paths: tuple[Path, ...], settings_file: Path | None) -> None:
    """Memeriksa draf dan konten terbit, lalu menampilkan setiap masalah beserta cara
    memperbaikinya.

    JALUR boleh berupa berkas .md atau folder; tanpa JALUR, seluruh isi drafts/ dan
    content/posts/ diperiksa. Status keluar 1 bila ada masalah, 2 bila berkas
    pengaturan tidak dapat dipakai.
    """
    root = Path.cwd()
    try:
        settings = cli_settings(settings_file, root)
    except SettingsError as exc:  # listed like draft problems (file:line), with its own exit status
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        if exc.kind == "invalid":
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

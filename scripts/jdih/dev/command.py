"""`jdih demo`: the whole SOP rehearsed locally (see `jdih.dev.rehearsal`).

The command lives with the rehearsal, not in `jdih.cli.commands`: `jdih.cli.main` loads it
by name, so the run-time packages never import `jdih.dev` (see the contracts in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--situs", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder tujuan situs hasil gladi (bawaan: site/ di repositori).")
@click.option("--simpan-kerja", "keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Simpan folder kerja gladi (git, peristiwa, CI) di sini untuk diperiksa; bawaan: dihapus.")
def demo(site_dir: Path | None, keep: Path | None) -> None:
    """Gladi seluruh SOP di komputer ini, tanpa GitHub dan tanpa internet: disposisi, draf di
    cabang, pull request, sunting staf, penolakan dan persetujuan Kasubbag, penggabungan,
    penerbitan, pembangunan situs, dan kabar WhatsApp — setiap langkah dengan waktu simulasinya
    dibanding waktu baku SOP. Berakhir dengan kode 0 hanya bila semua langkah sesuai."""
    from jdih.dev.rehearsal import RehearsalError, rehearse

    try:
        code = rehearse(echo=click.echo, site_dir=site_dir, keep=keep)
    except RehearsalError as exc:
        raise click.ClickException(str(exc)) from None
    raise SystemExit(code)

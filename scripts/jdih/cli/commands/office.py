"""`jdih kantor-baru`: a ready repository for another office. Thin: the work is in new_office;
this layer adds what only it knows, the settings and command references for the new README."""

from __future__ import annotations

from pathlib import Path

import click
import git

from jdih.cli import reference
from jdih.content.problems import ProblemsError
from jdih.office import new_office

PROVIDERS = ["webhook", "fonnte", "waha", "whatsapp_cloud", "none"]


def office_references() -> dict[str, str]:
    """The README blocks of a new office (marker name → Markdown), generated from this code."""
    return {name: make() for name, make in reference.BLOCKS.items()}


@click.command(name="kantor-baru")
@click.argument("tujuan", type=click.Path(path_type=Path), metavar="TUJUAN")
@click.option("--nama", required=True, metavar="NAMA",
              help="Nama lengkap kantor, mis. \"Sekretariat KPU Kabupaten Katingan\".")
@click.option("--nama-singkat", required=True, metavar="NAMA",
              help="Nama singkat untuk judul situs dan pesan, mis. \"KPU Kabupaten Katingan\".")
@click.option("--unit", default="Subbagian Hukum dan SDM", show_default=True, metavar="NAMA",
              help="Unit pengelola JDIH.")
@click.option("--url", required=True, metavar="ALAMAT",
              help="Alamat publik situs, mis. https://kpu-katingan.github.io/jdih-medsos/.")
@click.option("--kasubbag", multiple=True, required=True, metavar="AKUN",
              help="Akun GitHub Kasubbag (penyetuju); boleh diulang untuk lebih dari satu akun.")
@click.option("--staf", multiple=True, required=True, metavar="AKUN",
              help="Akun GitHub staf sub bagian (penyunting); boleh diulang.")
@click.option("--pengelola", multiple=True, required=True, metavar="AKUN",
              help="Akun GitHub pengelola JDIH (operator); boleh diulang.")
@click.option("--penyedia", type=click.Choice(PROVIDERS), default="none", show_default=True,
              help="Gerbang WhatsApp untuk kabar konten terbit (none: belum dikirim).")
@click.option("--tujuan-wa", default="", metavar="TUJUAN",
              help="Tujuan pesan WhatsApp: id grup (…@g.us) atau nomor; wajib untuk fonnte, waha, whatsapp_cloud.")
@click.option("--nomor-id", default="", metavar="ID",
              help="Phone number ID WhatsApp Cloud API (wajib untuk --penyedia whatsapp_cloud).")
@click.option("--wilayah", default="", metavar="WILAYAH", help="Provinsi / wilayah kantor, mis. \"Kalimantan Tengah\".")
@click.option("--alamat", default="", metavar="ALAMAT", help="Alamat kantor untuk kaki halaman dan cetakan.")
@click.option("--sumber", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder proyek JDIH Media Sosial yang disalin (bawaan: proyek tempat perintah ini terpasang).")
def kantor_baru(tujuan, nama, nama_singkat, unit, url, kasubbag, staf, pengelola, penyedia, tujuan_wa, nomor_id,
                wilayah, alamat, sumber):
    """Membuat repositori siap pakai untuk kantor lain di folder TUJUAN: pengaturan, halaman,
    satu konten sambutan, alur kerja GitHub Actions, CODEOWNERS, dan commit pertama.

    TUJUAN harus belum ada atau masih kosong.
    """
    spec = new_office.OfficeSpec(
        name=nama.strip(), short_name=nama_singkat.strip(), unit=unit.strip(), url=url.strip(),
        kasubbag=list(kasubbag), staf=list(staf), pengelola=list(pengelola), provider=penyedia,
        target=tujuan_wa.strip(), phone_number_id=nomor_id.strip(), region=wilayah.strip(), address=alamat.strip())
    try:
        result = new_office.create_office(tujuan, spec, references=office_references, source=sumber)
    except new_office.OfficeError as exc:
        raise click.ClickException("\n".join(exc.messages)) from None
    except ProblemsError as exc:  # the source project's own settings are broken
        raise click.ClickException(f"pengaturan proyek sumber bermasalah:\n{exc}") from None
    except (OSError, git.GitError) as exc:
        raise click.ClickException(f"repositori tidak dapat dibuat di {tujuan} ({exc}) — periksa izin tulis, ruang "
                                   "disk, dan apakah git terpasang; folder itu dibiarkan seperti semula") from None
    for line in new_office.next_steps(result):
        click.echo(line)

"""The `jdih` command: a thin Click layer; each command lives in `jdih.cli.commands.<area>`.

Commands load lazily so `jdih --help` stays fast and one area's import error cannot break
the others.
"""

from __future__ import annotations

import importlib

import click

from jdih.cli import clilocale

clilocale.install()

# Indonesian command names follow the SOP's vocabulary.
COMMANDS: dict[str, str] = {
    # foundation
    "periksa": "jdih.cli.commands.check:periksa",
    # editorial workflow (SOP steps 1-5)
    "disposisi": "jdih.cli.commands.editorial:disposisi",
    "mulai": "jdih.cli.commands.editorial:mulai",
    "ajukan": "jdih.cli.commands.editorial:ajukan",
    "status": "jdih.cli.commands.editorial:status",
    "peristiwa": "jdih.cli.commands.editorial:peristiwa",
    "siapkan": "jdih.cli.commands.editorial:siapkan",
    "terbitkan": "jdih.cli.commands.editorial:terbitkan",
    # publishing (SOP step 6)
    "unggah": "jdih.cli.commands.social:unggah",
    "kabari": "jdih.cli.commands.notify:kabari",
    "pratinjau": "jdih.cli.commands.publish:pratinjau",
    "catat": "jdih.cli.commands.publish:catat",
    "daftar-kabar": "jdih.cli.commands.publish:daftar_kabar",
    # SOP performance
    "laporan": "jdih.cli.commands.report:laporan",
    "agenda": "jdih.cli.commands.report:agenda",
    # newcomers
    "demo": "jdih.dev.command:demo",
    "kantor-baru": "jdih.cli.commands.office:kantor_baru",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            module_name, attribute = COMMANDS[name].split(":")
            # A registered command that cannot be loaded is a bug: let it fail loudly.
            command = getattr(importlib.import_module(module_name), attribute)
            command.options_metavar = "[PILIHAN]"
            return command
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[PILIHAN]", subcommand_metavar="PERINTAH [ARGUMEN]...")
@click.version_option(package_name="jdih-medsos", message="jdih %(version)s",
                      help="Tampilkan versi lalu keluar.")
def main() -> None:
    """Alat JDIH Media Sosial: menjalankan SOP pengelolaan konten media sosial JDIH
    (disposisi, konsep, sunting, persetujuan, unggah, kabar WhatsApp) di atas git dan GitHub."""


if __name__ == "__main__":
    main()

"""The `jdih` plugin's options, declared the way Material's own plugins declare theirs.

Every input of the build that is not in `mkdocs.yml` or the office settings comes in through
these options; `mkdocs.yml` feeds them from environment variables with `!ENV [VARIABLE, default]`,
so the file stays the same for every office and the variables the workflows, tests and `jdih`
commands set keep working. Relative paths resolve against the folder of `mkdocs.yml`
(MkDocs' `File`/`Dir` options do that), never against the current directory. No module under
`jdih.site` reads the environment or the current directory: the plugin passes these values down.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from jdih.content.settings import ENV_SETTINGS, SETTINGS_FILE

# The environment variables `mkdocs.yml` reads for each option (tests/site/test_config.py
# checks that mkdocs.yml and these names agree).
ENV_OF_OPTION = {
    "settings": ENV_SETTINGS,              # the office settings (also read by the `jdih` commands)
    "cache_dir": "JDIH_CACHE_DIR",         # processed images and QR codes, kept between builds
    "ledger": "JDIH_LEDGER",               # JSON ledger of sent WhatsApp notices (optional)
    "report_data": "JDIH_REPORT_DATA",     # ItemEvents JSON written by `jdih laporan --simpan-data`
    "register_data": "JDIH_REGISTER_DATA",  # PostFacts JSON written by `jdih agenda --github --simpan-data`
}
CACHE_DIR = ".cache/jdih"
REPORT_DATA = ".cache/jdih/laporan.json"  # where the publish workflow saves it (terbitkan.yml)
# Where the publish workflow saves the register's data (terbitkan.yml), in a cache of its own: the
# image cache under CACHE_DIR is saved only when the images change, this one after every run.
REGISTER_DATA = ".cache/jdih-agenda/agenda.json"


class JdihConfig(Config):
    # The office settings file: name, URL, roles, what the site shows.
    settings = c.File(exists=False, default=SETTINGS_FILE.as_posix())
    # Processed images (`images/`) and QR codes (`qr/`).
    cache_dir = c.Dir(exists=False, default=CACHE_DIR)
    # The WhatsApp ledger: the register page shows when each post's notice was sent. A path
    # that does not exist is ignored (a build before the first notice).
    ledger = c.Optional(c.File(exists=False))
    # The SOP report's data (used only when site.show_report is on); missing: the report page
    # says the data is not available for this build.
    report_data = c.File(exists=False, default=REPORT_DATA)
    # The register's data from GitHub (disposisi dates, WhatsApp send times per post); missing:
    # the register says so and shows "—" where only GitHub knows.
    register_data = c.File(exists=False, default=REGISTER_DATA)

"""`jdih` commands, one module per area. Importing any of them makes Click speak Indonesian."""

from jdih.cli import clilocale

clilocale.install()

"""`jdih` commands, one module per area. Importing any of them makes Click speak Indonesian."""

from .. import clilocale

clilocale.install()

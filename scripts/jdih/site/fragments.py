"""`{% jdih_cache key %}…{% endjdih_cache %}`: render a template fragment once per key per build.

Material renders the whole navigation on every page. For posts (never in the nav) it is the
same HTML at the same folder depth, so post pages render it once per depth instead of once
per post. The pattern is the fragment cache from Jinja's extension documentation.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension


class FragmentCache(Extension):
    tags = {"jdih_cache"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(jdih_fragments={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endjdih_cache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    def _cached(self, key, caller):
        store = self.environment.jdih_fragments
        if key not in store:
            store[key] = caller()
        return store[key]


def install(environment) -> None:
    """Add the tag (once) and start every build with an empty cache (`mkdocs serve` rebuilds)."""
    if FragmentCache.identifier not in environment.extensions:
        environment.add_extension(FragmentCache)
    environment.jdih_fragments = {}

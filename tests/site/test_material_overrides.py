"""The overrides that restate a block of Material's templates stay in step with Material.

`site_config/overrides/jdih/post.html` restates Material's `site_nav` block (base.html) to wrap the
navigation in the fragment cache. tests/fixtures/material-site_nav.html is Material's block as it
was when post.html was last ported: when an upgrade of Material changes the block, the first test
fails and post.html has to be ported again (then the copy is refreshed from the new base.html).
"""

from __future__ import annotations

import difflib
import re
import textwrap
from importlib.metadata import version
from pathlib import Path

import material

from tests.conftest import ROOT  # noqa: E402

MATERIAL_BASE = Path(material.__file__).parent / "templates" / "base.html"
COMMITTED_COPY = ROOT / "tests" / "fixtures" / "material-site_nav.html"
POST_TEMPLATE = ROOT / "site_config" / "overrides" / "jdih" / "post.html"

_BLOCK_TAG = re.compile(r"{%-?\s*(?:block\s+(\w+)|(endblock))\b[^%]*?-?%}")
_FRAGMENT_CACHE = re.compile(r"{%-?\s*(?:jdih_cache\b[^%]*|endjdih_cache\s*)-?%}")


def extract_block(template: str, name: str) -> str:
    """`{% block name %}…{% endblock %}` (nested blocks included), dedented, with a final newline."""
    depth, start = 0, None
    for match in _BLOCK_TAG.finditer(template):
        if start is None:
            if match.group(1) == name:
                start, depth = match.start(), 1
            continue
        depth += 1 if match.group(1) else -1
        if depth == 0:
            line_start = template.rfind("\n", 0, start) + 1
            if not template[line_start:start].strip():
                start = line_start  # the first line's indentation, so that dedent sees it
            return textwrap.dedent(template[start:match.end()]) + "\n"
    raise AssertionError(f"no complete {{% block {name} %}} in the template")


def test_material_site_nav_block_is_the_one_post_html_was_ported_from():
    installed = extract_block(MATERIAL_BASE.read_text(encoding="utf-8"), "site_nav")
    committed = COMMITTED_COPY.read_text(encoding="utf-8")
    if installed != committed:
        diff = "".join(difflib.unified_diff(committed.splitlines(keepends=True), installed.splitlines(keepends=True),
                                            str(COMMITTED_COPY.relative_to(ROOT)), str(MATERIAL_BASE)))
        raise AssertionError(
            f"Material changed site_nav: re-port post.html ({POST_TEMPLATE.relative_to(ROOT)}), then copy the new "
            f"block into {COMMITTED_COPY.relative_to(ROOT)} (mkdocs-material {version('mkdocs-material')}).\n{diff}")


def test_post_html_site_nav_is_materials_block_plus_the_fragment_cache():
    """Only the cache tags differ: Material's `hidden` (page.meta.hide) and `toc.integrate`
    handling is kept."""
    ours = extract_block(POST_TEMPLATE.read_text(encoding="utf-8"), "site_nav")
    assert _FRAGMENT_CACHE.search(ours), "post.html no longer caches the navigation"
    without_cache = _FRAGMENT_CACHE.sub(" ", ours)
    assert without_cache.split() == COMMITTED_COPY.read_text(encoding="utf-8").split(), \
        "post.html's site_nav differs from Material's beyond the {% jdih_cache %} tags"


def test_extract_block_counts_nested_blocks():
    template = "a\n  {% block outer %}x{% block inner %}y{% endblock %}z{%- endblock outer -%}\nb"
    assert extract_block(template, "outer") == "{% block outer %}x{% block inner %}y{% endblock %}z{%- endblock outer -%}\n"
    assert extract_block(template, "inner") == "{% block inner %}y{% endblock %}\n"

"""Legal citations in one normal form, so every usual way of writing one finds the same post.

"UU 7/2017", "UU No. 7 Tahun 2017", "Undang-Undang Nomor 7 Tahun 2017" and "uu 7 2017" are all
``uu:7/2017``; "PKPU 8 2019" and "Peraturan KPU Nomor 8 Tahun 2019" are ``pkpu:8/2019``. A
number and year without a kind ("7/2017", "Nomor 7 Tahun 2017") are ``:7/2017``, which is
part of every kind's token (``uu:7/2017`` contains it, ``uu:17/2017`` does not: the ``:``
marks where the number starts).

The search index (`jdih.site.extras.search_entries`) carries the tokens of each post's legal
documents and of the citations in its title and description; the search page
(`site_config/overrides/assets/jdih/cari.js`, `citations()`) turns the visitor's query into the
same tokens before matching. **The two implement the rules below; change both together**
(`tests/site/test_search.py` runs the same queries through both).

Rules, on text lower-cased, accents removed and hyphens read as spaces:

* a kind is one of `KINDS`' names (the longest that fits: "peraturan pemerintah pengganti
  undang undang" is ``perppu``, not ``pp``);
* then optionally "no", "no.", "nomor", "nomer" or "nmr";
* the number (digits, leading zeros dropped), not directly after a digit, "/" or "." (so
  "10/HK.04/08/2022" yields no ``8/2022``);
* then "/", "tahun", "th", "th." or a space, and a year from 1900 to 2099;
* with neither a kind nor "nomor", the number and year must be joined by "/" or "tahun"
  ("7 2017" is no citation: it may be seven of anything in 2017).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# canonical kind → the names it is written as (normalised: lower case, no accents, hyphens as spaces)
KINDS: dict[str, tuple[str, ...]] = {
    "uu": ("undang undang", "uu"),
    "perppu": ("peraturan pemerintah pengganti undang undang", "perppu", "perpu"),
    "pp": ("peraturan pemerintah", "pp"),
    "perpres": ("peraturan presiden", "perpres"),
    "keppres": ("keputusan presiden", "keppres", "kepres"),
    "pkpu": ("peraturan komisi pemilihan umum", "peraturan kpu", "pkpu"),
    "kepkpu": ("keputusan komisi pemilihan umum", "keputusan kpu", "kepkpu"),
    "perbawaslu": ("peraturan badan pengawas pemilihan umum", "peraturan bawaslu", "perbawaslu"),
    "permenkumham": ("peraturan menteri hukum dan hak asasi manusia", "peraturan menteri hukum dan ham",
                     "permenkumham"),
    "permendagri": ("peraturan menteri dalam negeri", "permendagri"),
    "perma": ("peraturan mahkamah agung", "perma"),
    "perda": ("peraturan daerah", "perda"),
    "perbup": ("peraturan bupati", "perbup"),
}
_NAME_OF = {name: kind for kind, names in KINDS.items() for name in names}
_NAMES = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(_NAME_OF, key=len, reverse=True))
CITATION = re.compile(
    r"(?:\b(?P<kind>" + _NAMES + r")\s*)?"
    r"(?:\b(?P<no>nomor|nomer|nmr|no)\b\.?\s*)?"
    r"(?<![\d/.])(?P<number>\d+)\s*(?P<sep>/|\btahun\b|\bth\b\.?|\s)\s*(?P<year>(?:19|20)\d\d)(?!\d)")


def normalise(text: str) -> str:
    """Lower case, accents removed, hyphens as spaces, spaces collapsed (what `CITATION` reads)."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.replace("-", " ").split())


def token(kind: str, number: str | int, year: int | str) -> str:
    return f"{kind}:{int(number)}/{int(year)}"


def _tokens(text: str) -> Iterable[tuple[re.Match[str], str]]:
    for match in CITATION.finditer(text):
        kind = _NAME_OF.get(" ".join(match.group("kind").split())) if match.group("kind") else None
        if kind is None and not match.group("no") and match.group("sep").isspace():
            continue
        yield match, token(kind or "", match.group("number"), match.group("year"))


def citation_tokens(text: str) -> list[str]:
    """The citations written in `text`, each as its token, in order, without repeats."""
    return list(dict.fromkeys(found for _, found in _tokens(normalise(text))))


def kind_of(document_type: str) -> str:
    """The kind of a legal document's `type` ('Undang-Undang' → 'uu'); '' when unknown."""
    return _NAME_OF.get(normalise(document_type), "")


def document_token(document_type: str, number: str, year: int) -> str | None:
    """The token of a post's legal document ('Keputusan KPU', '10/HK.04/08/2022', 2022 →
    'kepkpu:10/2022'); None when its number does not start with digits."""
    digits = re.match(r"\s*(\d+)", number)
    return token(kind_of(document_type), digits.group(1), year) if digits else None


def query_terms(query: str) -> list[str]:
    """A search query as the terms every match must contain: each citation as its token, the
    other words as they are (normalised, two characters or more). What `cari.js` does."""
    text = normalise(query)
    terms, rest, end = [], [], 0
    for match, found in _tokens(text):
        rest.append(text[end:match.start()])
        terms.append(found)
        end = match.end()
    rest.append(text[end:])
    words = [word for word in " ".join(rest).split() if len(word) > 1]
    return list(dict.fromkeys(words + terms))

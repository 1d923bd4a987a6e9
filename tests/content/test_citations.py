"""Legal citations in one normal form: every usual way of writing one gives the same token."""

from __future__ import annotations

import pytest

from jdih.content.citations import citation_tokens, document_token, kind_of, query_terms


@pytest.mark.parametrize("written", [
    "UU 7/2017", "UU No. 7 Tahun 2017", "uu no 7 tahun 2017", "Undang-Undang Nomor 7 Tahun 2017",
    "Undang Undang Nomor 7 Tahun 2017", "UU 7 2017", "UU Nomor 07 Tahun 2017", "UU 7 Th. 2017",
])
def test_every_form_of_a_law_is_one_token(written):
    assert query_terms(written) == ["uu:7/2017"]
    assert citation_tokens(f"Tentang {written} dan lainnya") == ["uu:7/2017"]


@pytest.mark.parametrize(("written", "token"), [
    ("PKPU 8 2019", "pkpu:8/2019"), ("PKPU No. 8 Tahun 2019", "pkpu:8/2019"),
    ("Peraturan KPU Nomor 8 Tahun 2019", "pkpu:8/2019"),
    ("Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019", "pkpu:8/2019"),
    ("Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2022", "perppu:1/2022"),  # not "pp", not "uu"
    ("PP 1/2022", "pp:1/2022"), ("Keputusan KPU 10/2022", "kepkpu:10/2022"), ("Perpres 33/2012", "perpres:33/2012"),
    ("7/2017", ":7/2017"), ("Nomor 7 Tahun 2017", ":7/2017"), ("7 tahun 2017", ":7/2017"),
])
def test_kinds_and_bare_numbers(written, token):
    assert query_terms(written) == [token]


def test_what_is_not_a_citation():
    assert query_terms("7 2017") == ["2017"]  # neither a kind nor "nomor": seven of anything in 2017
    assert query_terms("10/HK.04/08/2022") == ["10/hk.04/08/2022"]  # no '8/2022' inside another number
    assert query_terms("pemilu 2024") == ["pemilu", "2024"]
    assert query_terms("UU 17/2017") == ["uu:17/2017"] and ":7/2017" not in "uu:17/2017"  # the ':' bounds it
    assert query_terms("sosialisasi UU 7/2017 di Kapuas") == ["sosialisasi", "di", "kapuas", "uu:7/2017"]


def test_a_legal_document_of_a_post():
    assert kind_of("Undang-Undang") == "uu" and kind_of("Peraturan KPU") == "pkpu" and kind_of("Surat Edaran") == ""
    assert document_token("Keputusan KPU", "10/HK.04/08/2022", 2022) == "kepkpu:10/2022"
    assert document_token("Peraturan Menteri Hukum dan Hak Asasi Manusia", "8", 2019) == "permenkumham:8/2019"
    assert document_token("Surat Edaran", "5", 2024) == ":5/2024"
    assert document_token("Undang-Undang", "tanpa nomor", 2020) is None

"""The sanitiser keeps ordinary Markdown HTML and removes everything that could run code."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest

from jdih.site.sanitize import clean_html, find_refused_links_and_ids, find_unsafe_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<svg><script>alert(1)</script></svg>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<img src="x"onerror="alert(1)">',
    '<a href="jAvAsCrIpT:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#09;script:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#0000106avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    '<iframe src="https://example.com"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>kirim</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<body onload=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<span class="x" onmouseover="alert(1)">x</span>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "[klik](javascript:alert(1))",
    "[klik](JAVASCRIPT:alert(1))",
    "![foto](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[klik][x]",
]

FORBIDDEN_TAGS = {"script", "iframe", "frame", "object", "embed", "applet", "style", "link", "meta",
                  "base", "form", "svg", "math", "input", "button", "video", "source", "body", "noscript"}
EXECUTABLE_URL = re.compile(r"^(javascript|vbscript|data):")


class Collector(HTMLParser):
    """Tags and attributes of some HTML, values unescaped (as a browser reads them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> Collector:
    collector = Collector()
    collector.feed(markup)
    collector.close()
    return collector


def assert_nothing_executable(markup: str) -> None:
    for tag, attrs in parse(markup).tags:
        assert tag not in FORBIDDEN_TAGS, markup
        for name, value in attrs.items():
            assert not name.startswith("on"), markup
            # As a browser reads a URL: outer C0/space trimmed, tabs and newlines dropped.
            url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()
            assert not (name in ("href", "src", "action", "data", "background", "xlink:href", "srcdoc")
                        and EXECUTABLE_URL.match(url)), markup
            assert name != "style" or "url(" not in value, markup


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "footnotes", "toc", "attr_list", "md_in_html"])


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_html_is_neutralised(payload):
    assert_nothing_executable(clean_html(payload))
    assert_nothing_executable(clean_html(render(payload)))  # as the plugin sees it: rendered first


# `<scr<script>ipt>` is aimed at filters that delete tags once; unfiltered it does not run.
@pytest.mark.parametrize("payload", [p for p in HOSTILE if not p.startswith("<scr<")])
def test_the_assertion_would_catch_each_sample_unsanitised(payload):
    unsanitised = payload if payload.startswith("<") else render(payload)
    with pytest.raises(AssertionError):
        assert_nothing_executable(unsanitised)


@pytest.mark.parametrize("payload", HOSTILE)
def test_the_check_finds_every_hostile_sample(payload):
    assert find_unsafe_html(payload), payload


def test_removed_code_leaves_no_text_behind():
    assert clean_html("<p>a<script>alert(1)</script>b<style>p{}</style>c</p>") == "<p>abc</p>"
    assert clean_html("<p>Halo</p><!-- komentar <script> -->") == "<p>Halo</p>"


def test_ids_of_the_page_itself_cannot_be_taken_over():
    assert clean_html('<h2 id="__search">x</h2><h2 id="dasar-hukum">y</h2>') == (
        '<h2>x</h2><h2 id="dasar-hukum">y</h2>')


def test_links_get_rel_and_keep_allowed_schemes():
    assert clean_html('<a href="https://kpu.go.id/" title="KPU">KPU</a>') == (
        '<a href="https://kpu.go.id/" title="KPU" rel="noopener noreferrer">KPU</a>')
    # The one URL rule (content.urls): https, http, mailto in a link, or a relative path; not tel:.
    assert clean_html('<a href="mailto:jdih@kpu.go.id">surel</a> <a href="tel:+62513">telepon</a>') == (
        '<a href="mailto:jdih@kpu.go.id" rel="noopener noreferrer">surel</a> '
        '<a rel="noopener noreferrer">telepon</a>')
    assert clean_html('<a href="../2025/uu-pemilu/">lama</a>') == (
        '<a href="../2025/uu-pemilu/" rel="noopener noreferrer">lama</a>')
    assert clean_html('<a href="ftp://x/" target="_blank">x</a>') == '<a rel="noopener noreferrer">x</a>'


# Ordinary Markdown output, already in the HTML5 form the sanitiser writes back.
ORDINARY = """<h2 id="dasar-hukum">Dasar <em>hukum</em><a class="headerlink" href="#dasar-hukum" title="Tautan" rel="noopener noreferrer">¶</a></h2>
<p>Teks <strong>tebal</strong>, <b>b</b>, <i>i</i>, <code>kode</code>, <kbd>Ctrl</kbd>, <del>lama</del>, <mark>tanda</mark>, <abbr title="Komisi Pemilihan Umum">KPU</abbr>, H<sub>2</sub>O, x<sup>2</sup><br>baris baru.</p>
<ul>
<li>satu</li>
<li>dua<ol start="3"><li>tiga</li></ol></li>
</ul>
<dl><dt>Istilah</dt><dd>Arti</dd></dl>
<blockquote><p>Kutipan.</p></blockquote>
<table>
<thead><tr><th style="text-align:left">Jenis</th><th colspan="2">Nomor</th></tr></thead>
<tbody><tr><td style="text-align:right">UU</td><td>7</td><td>2017</td></tr></tbody>
</table>
<div class="highlight"><pre><span></span><code class="language-python"><span class="nb">print</span>(1)
</code></pre></div>
<figure><img src="media/foto.jpg" alt="Sampul buku" width="800" height="450" loading="lazy" decoding="async"><figcaption>Keterangan</figcaption></figure>
<hr>
<details class="note" open=""><summary>Rincian</summary><p>Isi.</p></details>
<div class="admonition note"><p class="admonition-title">Catatan</p><p>Isi catatan.</p></div>
<p>Catatan<sup id="fnref:1"><a class="footnote-ref" href="#fn:1" rel="noopener noreferrer">1</a></sup></p>
<div class="footnote"><ol><li id="fn:1"><p>Isi.</p></li></ol></div>"""


def test_ordinary_markdown_html_survives_unchanged():
    assert clean_html(ORDINARY) == ORDINARY


def normalised(markup: str) -> list:
    collector = parse(markup)
    tags = [(tag, {name: re.sub(r"[\s;]", "", value) for name, value in attrs.items() if name != "rel"})
            for tag, attrs in collector.tags]
    return [tags, "".join(collector.text)]


def test_rendered_markdown_keeps_every_tag_attribute_and_word():
    text = """# Judul

## Bagian *satu*

Paragraf dengan **tebal**, *miring*, `kode`, [tautan](https://peraturan.go.id/ "Judul") dan [lokal](../lain/).
Catatan kaki[^1].

- satu
- dua

1. a
2. b

> kutipan

| Jenis | Nomor |
|:----- | ----: |
| UU    | 7     |

![Sampul buku](media/foto.jpg)

---

[^1]: Isi catatan.
"""
    rendered = markdown.markdown(text, extensions=["tables", "footnotes", "toc"],
                                 extension_configs={"toc": {"permalink": True}})
    assert normalised(clean_html(rendered)) == normalised(rendered)


# --- find_unsafe_html -------------------------------------------------------------------

def test_find_unsafe_html_gives_line_offsets_in_order():
    text = "Baris aman.\n<iframe src=x></iframe>\naman\n[a](javascript:x) <img src=x onerror=y>\n"
    assert find_unsafe_html(text) == [
        (1, "tag HTML <iframe> tidak diizinkan karena dapat menjalankan kode atau mengubah halaman"),
        (3, "tautan 'javascript:' tidak diizinkan karena menjalankan kode"),
        (3, "atribut HTML 'onerror=' tidak diizinkan karena menjalankan kode"),
    ]


def test_find_unsafe_html_sees_a_url_split_over_lines_of_a_tag():
    assert find_unsafe_html('teks\n<a title="x"\n   href="java\nscript:alert(1)">x</a>') == [
        (1, "tautan 'javascript:' tidak diizinkan karena menjalankan kode")]


@pytest.mark.parametrize("text", [
    "Data: jumlah pemilih 12.345 orang.",
    "Rapat online = daring; Jadwal: pukul 09.00 WIB.",
    "Tautan [peraturan](https://peraturan.go.id/) dan <abbr title=\"x\">KPU</abbr>.",
    "Bahasa pemrograman Java dan skrip tidak dibahas.",
    "a < b dan c > d",
    "&lt;script&gt; ditulis sebagai teks",
    "",
])
def test_ordinary_text_is_not_flagged(text):
    assert find_unsafe_html(text) == []


def test_entities_in_the_text_are_decoded_once_like_a_browser():
    assert html.unescape("&amp;#106;") == "&#106;"
    assert find_unsafe_html('<a href="&amp;#106;avascript:x">') == []  # the browser sees "&#106;avascript:"


# --- the rules shared with `jdih periksa` (content.urls, content.safety) ----------------------


@pytest.mark.parametrize("markup, kept", [
    ('<a href="//evil.example/x">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="/root/page/">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="file:///etc/passwd">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="https://kpu.go.id/a b">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="#bagian">x</a>', '<a href="#bagian" rel="noopener noreferrer">x</a>'),
    ('<img src="mailto:x@kpu.go.id" alt="a">', '<img alt="a">'),
    ('<img src="media/foto.jpg" alt="a">', '<img src="media/foto.jpg" alt="a">'),
    ('<img src="data:image/png;base64,iVBO" alt="a">', '<img alt="a">'),
])
def test_the_build_applies_the_one_url_rule(markup, kept):
    assert clean_html(markup) == kept


def test_the_build_strips_control_and_bidi_characters():
    assert clean_html("<p>a\x1bb\u202ec\u2066d\x00e\u200ff</p>") == "<p>abcde\u200ff</p>"


def test_attr_list_without_a_space_is_found():
    assert find_unsafe_html("Teks\n{:onclick=alert(1)}") == [
        (1, "atribut HTML 'onclick=' tidak diizinkan karena menjalankan kode")]


def test_refused_links_and_ids_are_found_by_line_with_a_fix():
    text = ("[a](ftp://x.example/) dan [b](https://kpu.go.id/)\n"
            "[ref]: tel:+62513\n"
            "[^1]: catatan kaki biasa\n"
            "Teks\n"
            "{: #__config }\n"
            "## __search\n"
            "## __tebal__ saja\n"
            '<h2\n  id="__drawer">x</h2>\n'
            "[lokal](../lain/#dasar) ![foto](media/foto.jpg) <mailto:jdih@kpu.go.id> [j](javascript:alert(1))\n")
    allowed = "hanya https:// atau http:// atau mailto: atau alamat relatif di dalam situs"
    assert [tuple(found) for found in find_refused_links_and_ids(text)] == [
        (0, f"tautan 'ftp://x.example/' tidak diizinkan: {allowed}",
         "tulis alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'"),
        (1, f"tautan 'tel:+62513' tidak diizinkan: {allowed}",
         "tulis alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'"),
        (4, "id '__config' tidak diizinkan karena dipakai oleh halaman situs sendiri (awalan '__')",
         "ganti dengan nama tanpa awalan '__', mis. 'config'"),
        (5, "judul bagian ini menghasilkan id '__search', yang dipakai oleh halaman situs sendiri (awalan '__')",
         "ubah judul bagian agar tidak diawali '__', atau beri id sendiri, mis. '## Judul {#judul}'"),
        (8, "id '__drawer' tidak diizinkan karena dipakai oleh halaman situs sendiri (awalan '__')",
         "ganti dengan nama tanpa awalan '__', mis. 'drawer'"),
    ]  # `javascript:` is find_unsafe_html's; `## __tebal__ saja` is bold, its id is 'tebal-saja'


def test_check_and_build_share_one_id_rule():
    from jdih.content.safety import is_reserved_id

    for value in ("__config", "__search", "__drawer", "__palette_0"):
        assert is_reserved_id(value)
        assert clean_html(f'<h2 id="{value}">x</h2>') == "<h2>x</h2>"
        assert find_refused_links_and_ids(f'<h2 id="{value}">x</h2>')
    assert not is_reserved_id("dasar-hukum") and not find_refused_links_and_ids('<h2 id="dasar-hukum">x</h2>')


# --- entity-encoded markup, CSS expression(), tag-like text in plain-text fields ------------------

@pytest.mark.parametrize("text", [
    "## Judul &lt;img src=x onerror=alert(1)&gt;",
    '[x](https://e.org "&lt;img src=x onerror=alert(1)&gt;")',
    '![x](https://e.org/g.png "&#60;img src=x onerror=alert(1)&#62;")',
    '<abbr title="&lt;img src=x onerror=alert(1)&gt;">JDIH</abbr>',
])
def test_entity_encoded_event_handlers_are_found(text):
    assert find_unsafe_html(text) == [(0, "atribut HTML 'onerror=' tidak diizinkan karena menjalankan kode")]


@pytest.mark.parametrize("text", [
    '<div style="width: expression(alert(1))">a</div>',
    '<div style="width: expr/**/ession(alert(1))">a</div>',
    '<div style="width: &#101;xpression(alert(1))">a</div>',
    'Teks {: style="width: expression(alert(1))" }',
])
def test_css_expression_in_a_style_is_found(text):
    assert (0, "gaya CSS 'expression(' tidak diizinkan karena menjalankan kode") in find_unsafe_html(text)


def test_strip_markup_keeps_plain_text_and_drops_tags():
    from jdih.content.safety import find_markup, strip_markup

    for text in ("a < b dan c > d", "A &amp; B", "Perbup No. 5/2026", "Kenali #Pemilu2029"):
        assert strip_markup(text) == text and find_markup(text) is None
    assert strip_markup("Uji <img src=x onerror=alert(1)> judul") == "Uji judul"
    assert strip_markup("&lt;script&gt;x&lt;/script&gt; judul") == "x judul"
    assert find_markup("Judul </title>") == "</title>"


# -- one policy: what the build strips, told by the check (find_stripped_html) ------------------

from jdih.site import sanitize  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

# HTML's elements (WHATWG's element index), as a draft might write them. The sanitiser keeps
# ALLOWED_TAGS; DANGEROUS_TAGS are refused by find_unsafe_html in its own words; the document's
# own structure (html, head, body, title) never reaches a body; `plaintext` and `xmp` swallow the
# rest of a page and are obsolete.
HTML_ELEMENTS = ["a", "abbr", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "input", "ins", "kbd", "label", "legend", "li", "main", "map", "mark", "menu", "meter", "nav", "noscript", "ol", "optgroup", "option", "output", "p", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "search", "section", "select", "slot", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "track", "u", "ul", "var", "video", "wbr", "acronym", "big", "center", "font", "marquee", "nobr", "strike", "tt"]
STRIPPED = sorted(set(HTML_ELEMENTS) - sanitize.ALLOWED_TAGS - set(sanitize.DANGEROUS_TAGS))


def tags_in(markup: str) -> set[str]:
    return {tag for tag, _ in parse(markup).tags}


def test_the_body_is_rendered_with_the_sites_own_markdown_extensions():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert tuple(names) == sanitize.BODY_EXTENSIONS


def test_video_button_and_input_are_reported_with_their_line_and_the_build_strips_them():
    body = ("Paragraf pembuka.\n\n"
            '<video src="sosialisasi.mp4" controls></video>\n\n'
            'Daftar di sini: <button type="button">Daftar</button> atau <input type="text" name="nama">.\n')
    assert sanitize.find_stripped_html(body) == [
        sanitize.Refused(2, "tag HTML <video> tidak ditampilkan di situs: saat situs dibangun, tag ini dihapus",
                         "hapus tag ini; untuk video atau suara, unggah ke akun media sosial kantor lalu cantumkan "
                         "tautan https:// ke halamannya; gambar ditulis dengan Markdown: "
                         "![teks alternatif](nama-gambar.jpg)"),
        sanitize.Refused(4, "tag HTML <button> tidak ditampilkan di situs: saat situs dibangun, tag ini dihapus",
                         "hapus tag ini; halaman konten tidak memuat tombol atau isian formulir: cantumkan tautan "
                         "https:// ke halaman formulirnya"),
        sanitize.Refused(4, "tag HTML <input> tidak ditampilkan di situs: saat situs dibangun, tag ini dihapus",
                         "hapus tag ini; halaman konten tidak memuat tombol atau isian formulir: cantumkan tautan "
                         "https:// ke halaman formulirnya"),
    ]
    rendered = markdown.markdown(body, extensions=list(sanitize.BODY_EXTENSIONS))
    assert {"video", "button", "input"} <= tags_in(rendered)
    assert not {"video", "button", "input"} & tags_in(clean_html(rendered))  # what the check said, the build does


@pytest.mark.parametrize("tag", STRIPPED)
def test_every_element_the_build_strips_is_reported_with_its_line(tag):
    body = f"Baris pertama.\n\nBaris ketiga <{tag}>isi</{tag}> selesai.\n"
    whole = " beserta isinya" if tag in sanitize.DROP_WITH_CONTENT else ""
    [found] = sanitize.find_stripped_html(body)
    assert (found.line_offset, found.what) == (
        2, f"tag HTML <{tag}> tidak ditampilkan di situs: saat situs dibangun, tag ini dihapus{whole}")
    rendered = markdown.markdown(body, extensions=list(sanitize.BODY_EXTENSIONS))
    assert tag in tags_in(rendered) and tag not in tags_in(clean_html(rendered))  # the cleaner's own verdict


@pytest.mark.parametrize("tag", sorted(set(HTML_ELEMENTS) & sanitize.ALLOWED_TAGS - {"li", "dd", "dt", "tr", "td",
                                                                                    "th", "tbody", "thead", "tfoot",
                                                                                    "caption", "summary",
                                                                                    "figcaption"}))
def test_every_element_the_build_keeps_is_not_reported(tag):
    body = f"Baris pertama.\n\n<{tag}>isi</{tag}>\n"
    assert sanitize.find_stripped_html(body) == []
    rendered = markdown.markdown(body, extensions=list(sanitize.BODY_EXTENSIONS))
    assert tag in tags_in(clean_html(rendered))


def test_stripped_attributes_are_reported_on_their_line_kept_ones_are_not():
    body = "\n".join([
        '<p style="color: red" data-id="7" title="Judul">Merah</p>',    # 0: style, data-id stripped; title kept
        "",
        "## Dasar hukum {: .penting }",                                 # 2: class on a heading: stripped
        "",
        'Lihat <a href="https://jdih.kpu.go.id/" target="_blank">JDIH</a>.',  # 4: target stripped
        "",
        '<span class="catatan" lang="id">kata</span> dan `<video>` dalam kode.',  # 6: nothing
        "",
        "| Kolom | Angka |",                                          # 8-10: a table's alignment: kept
        "|:------|------:|",
        "| a     | 1     |",
    ])
    assert [(r.line_offset, r.what) for r in sanitize.find_stripped_html(body)] == [
        (0, "atribut 'style' pada <p> tidak ditampilkan di situs: saat situs dibangun, atribut ini dihapus"),
        (0, "atribut 'data-id' pada <p> tidak ditampilkan di situs: saat situs dibangun, atribut ini dihapus"),
        (2, "atribut 'class' pada <h2> tidak ditampilkan di situs: saat situs dibangun, atribut ini dihapus"),
        (4, "atribut 'target' pada <a> tidak ditampilkan di situs: saat situs dibangun, atribut ini dihapus"),
    ]
    [_, data_id, heading, _] = sanitize.find_stripped_html(body)
    assert data_id.fix == "hapus atribut ini (yang dipakai pada <p>: class, lang, title)"
    assert heading.fix == "hapus atribut ini (yang dipakai pada <h2>: lang, title)"
    cleaned = parse(clean_html(markdown.markdown(body, extensions=list(sanitize.BODY_EXTENSIONS)))).tags
    assert ("p", {"title": "Judul"}) in cleaned and ("h2", {"id": "dasar-hukum"}) in cleaned
    assert all("target" not in attrs for tag, attrs in cleaned if tag == "a")


def test_what_runs_code_is_left_to_the_unsafe_check_and_plain_markdown_costs_nothing():
    body = '<script>x()</script>\n<img src="a.png" onerror="x()">\n<p id="__drawer">x</p>\n'
    assert sanitize.find_stripped_html(body) == []  # find_unsafe_html and find_refused_links_and_ids say these
    assert sanitize.find_stripped_html("# Judul\n\nParagraf **tebal** dan [tautan](https://kpu.go.id/).\n") == []

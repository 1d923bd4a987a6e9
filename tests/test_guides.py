"""The Indonesian guides per role (content/panduan/): complete, true to the code, links that work."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
import yaml
from markdown.extensions.toc import slugify

from jdih.cli.main import COMMANDS, main
from jdih.content.settings import load_settings
from jdih.sop.review import LABELS
from tests.sitebuild import build, copy_project

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
GUIDES = CONTENT / "panduan"
NAMES = ["index.md", "kasubbag.md", "staf.md", "pengelola.md", "masalah.md", "akun-media-sosial.md"]

# The SOP steps each role's guide walks through, as "## Tahap N — …" sections.
STEPS = {"kasubbag.md": [1, 5], "staf.md": [2, 4], "pengelola.md": [1, 3, 4, 6]}


def text_of(name: str) -> str:
    return (GUIDES / name).read_text(encoding="utf-8")


def all_guides() -> dict[str, str]:
    return {name: text_of(name) for name in NAMES}


def flat(text: str) -> str:
    """Whitespace collapsed, so a bold label wrapped over two lines is still found."""
    return " ".join(text.split())


def test_every_guide_exists():
    assert sorted(p.name for p in GUIDES.glob("*.md")) == sorted(NAMES)


@pytest.mark.parametrize(("name", "steps"), sorted(STEPS.items()))
def test_each_role_guide_has_a_section_per_sop_step(name, steps):
    headings = re.findall(r"^## Tahap (\d) — ", text_of(name), re.M)
    assert [int(n) for n in headings] == steps


def test_the_overview_lists_all_six_steps_and_links_every_guide():
    text = text_of("index.md")
    steps = re.findall(r"^(\d)\. \*\*[^*]+\*\* — ", text, re.M)
    assert steps == ["1", "2", "3", "4", "5", "6"]
    for name in NAMES[1:]:
        assert f"]({name})" in text


def test_troubleshooting_covers_what_users_meet():
    headings = re.findall(r"^## (.+)$", text_of("masalah.md"), re.M)
    for wanted in ["Pemeriksaan draf gagal", "Konten tidak terbit setelah digabung", "Pesan WhatsApp tidak sampai",
                   "Tombol Merge pull request tidak dapat diklik"]:
        assert wanted in headings


def test_github_buttons_of_the_web_flow_are_named_as_github_shows_them():
    guides = {name: flat(text) for name, text in all_guides().items()}
    everything = "\n".join(guides.values())
    for label in ["Commit changes…", "Create a new branch for this commit and start a pull request",
                  "Propose changes", "Create pull request", "Files changed", "Review changes", "Request changes",
                  "Approve", "Submit review", "Merge pull request", "Confirm merge", "New issue",
                  "Run workflow", "New repository secret", "Update secret", "Secrets and variables"]:
        assert f"**{label}**" in everything, label
    assert "**Request changes**" in guides["kasubbag.md"] and "**Merge pull request**" in guides["kasubbag.md"]
    assert "**Approve**" in guides["staf.md"]
    assert "**Propose changes**" in guides["pengelola.md"]


def test_issue_form_and_its_fields_are_named_as_the_form_names_them():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "disposisi.yml").read_text(encoding="utf-8"))
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    kasubbag = flat(text_of("kasubbag.md"))
    assert f"**{form['name']}**" in kasubbag
    for label in labels:
        assert f"**{label}**" in kasubbag, label


def _workflows() -> tuple[set[str], set[str], set[str]]:
    names, steps, secrets = set(), set(), set()
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        names.add(data["name"])
        for job in data["jobs"].values():
            names.add(job.get("name", ""))
            steps |= {step.get("name", "") for step in job.get("steps", [])}
        secrets |= set(re.findall(r"secrets\.([A-Z0-9_]+)", text))
    return names, steps, secrets


def test_workflows_steps_and_secrets_named_in_the_guides_exist():
    names, steps, secrets = _workflows()
    everything = flat("\n".join(all_guides().values()))
    for workflow in ["Periksa draf", "Peristiwa SOP", "Terbitkan", "Kirim ulang kabar",
                     "Unggah ke media sosial, kabari grup WhatsApp dan catat di pull request"]:
        assert f"**{workflow}**" in everything, workflow
        assert workflow in names, workflow
    for step in ["Kirim kabar WhatsApp", "Periksa persetujuan Kasubbag dan terbitkan draf", "Bangun situs dengan draf",
                 "Tangani peristiwa", "Unggah ke media sosial kantor"]:
        assert f"**{step}**" in everything, step
        assert step in steps, step
    mentioned = set(re.findall(r"`([A-Z][A-Z0-9_]*(?:TOKEN|URL))`", everything)) - {"GITHUB_TOKEN"}
    assert mentioned and mentioned <= secrets, mentioned - secrets


def test_step_labels_named_in_the_guides_exist():
    mentioned = set(re.findall(r"`(tahap-\d-[a-z]+|disposisi)`", "\n".join(all_guides().values())))
    assert len(mentioned) >= 5
    assert mentioned <= set(LABELS)


# -- `jdih` commands shown in the guides ------------------------------------------------------


def code_of(text: str) -> list[str]:
    """Code lines: every line of a fenced block and every inline code span."""
    lines = []
    for block in re.findall(r"^\s*```[a-z]*\n(.*?)^\s*```", text, re.M | re.S):
        lines += block.splitlines()
    without_blocks = re.sub(r"^\s*```[a-z]*\n.*?^\s*```", "", text, flags=re.M | re.S)
    lines += re.findall(r"`([^`\n]+)`", without_blocks)
    return lines


def jdih_invocations(text: str) -> list[tuple[str, list[str]]]:
    """(command name, options) for every `jdih …` in the code of a guide."""
    found = []
    for line in code_of(text):
        line = line.split(" #", 1)[0]
        for part in re.split(r"&&|\|\||;|\|", line):
            try:
                words = shlex.split(part)
            except ValueError:
                words = part.split()
            if "jdih" not in words:
                continue
            words = words[words.index("jdih") + 1:]
            if not words:
                found.append(("", []))
                continue
            name, rest = (words[0], words[1:]) if not words[0].startswith("-") else ("", words)
            found.append((name, [w.split("=", 1)[0] for w in rest if w.startswith("-")]))
    return found


def _options(command: click.Command, ctx: click.Context) -> set[str]:
    opts = set()
    for param in command.get_params(ctx):
        opts |= set(param.opts) | set(param.secondary_opts)
    return opts


def test_the_parser_finds_the_commands_and_options_shown():
    found = jdih_invocations(text_of("pengelola.md"))
    assert ("mulai", ["--disposisi"]) in found
    assert ("siapkan", ["--dry-run"]) in found
    assert ("", ["--help"]) in found
    assert len({name for name, _ in found}) >= 9


def unknown_in(text: str) -> list[str]:
    """Every `jdih` command or option in the text that the real `jdih` does not have."""
    root = click.Context(main, info_name="jdih")
    unknown = []
    for command_name, options in jdih_invocations(text):
        command = main if command_name == "" else (
            main.get_command(root, command_name) if command_name in COMMANDS else None)
        if command is None:
            unknown.append(f"jdih {command_name}")
            continue
        known = _options(command, click.Context(command, parent=root, **command.context_settings))
        unknown += [f"jdih {command_name} {option}".replace("  ", " ") for option in options if option not in known]
    return unknown


def test_unknown_commands_and_options_are_caught():
    text = "Ketik `jdih mulai \"Judul\" --disposisi 3 --tidak-ada` lalu\n```sh\njdih terbang --cepat\njdih --versi\n```\n"
    assert unknown_in(text) == ["jdih terbang", "jdih --versi", "jdih mulai --tidak-ada"]


@pytest.mark.parametrize("name", NAMES)
def test_every_jdih_command_and_option_shown_exists(name):
    assert unknown_in(text_of(name)) == []


# -- links ------------------------------------------------------------------------------------


def anchors_of(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.M | re.S)
    return {slugify(heading.strip(), "-") for heading in re.findall(r"^#{1,6} (.+)$", text, re.M)}


@pytest.mark.parametrize("name", NAMES)
def test_relative_links_and_images_resolve(name):
    path = GUIDES / name
    text = re.sub(r"^\s*```.*?^\s*```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    links = re.findall(r"!?\[[^\]]*\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if re.match(r"^[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        resolved = (path.parent / target).resolve() if target else path
        assert resolved.is_file(), f"{name}: {link} does not exist"
        assert resolved.is_relative_to(CONTENT), f"{name}: {link} leaves content/"
        if anchor:
            assert anchor in anchors_of(resolved), f"{name}: {link}: no heading with that anchor"


def test_guides_are_office_neutral():
    """The guides travel to other offices with `jdih kantor-baru`: no office's own names in them."""
    office = load_settings(ROOT / "site_config" / "jdih.yml").office
    for name, text in all_guides().items():
        for own in {office.name, office.short_name, *office.short_name.split()[-1:]}:
            assert own not in text, f"{name} names {own!r}"


# -- on the site -------------------------------------------------------------------------------


def _site_with_guides(tmp_path: Path, show: bool) -> Path:
    project = copy_project(tmp_path / "proyek", with_content=False)
    for page in ("index.md", "sop.md", "tentang.md"):
        (project / "content" / page).write_text((CONTENT / page).read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(CONTENT / "assets", project / "content" / "assets")
    shutil.copytree(GUIDES, project / "content" / "panduan")
    settings = project / "site_config" / "jdih.yml"
    text = settings.read_text(encoding="utf-8")
    assert "  show_guides: true\n" in text
    settings.write_text(text.replace("  show_guides: true\n", f"  show_guides: {str(show).lower()}\n"),
                        encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    return project / "site"


def test_guides_are_published_under_panduan(tmp_path):
    site = _site_with_guides(tmp_path, show=True)
    for page in ("", "kasubbag/", "staf/", "pengelola/", "masalah/", "akun-media-sosial/"):
        assert (site / "panduan" / page / "index.html").is_file(), page
    assert (site / "panduan" / "gambar" / "alur-sop.svg").is_file()
    html = (site / "panduan" / "kasubbag" / "index.html").read_text(encoding="utf-8")
    assert 'id="tahap-5-menyetujui-atau-menolak"' in html


def test_show_guides_false_leaves_them_out(tmp_path):
    site = _site_with_guides(tmp_path, show=False)
    assert (site / "index.html").is_file()
    assert not (site / "panduan").exists()


# -- facts the guides state -------------------------------------------------------------------


def test_limits_stated_are_the_checked_ones():
    from jdih.content.post import DESCRIPTION_MAX
    from jdih.content.social_text import X_LIMIT

    assert f"paling banyak {DESCRIPTION_MAX} karakter" in text_of("pengelola.md")
    assert f"Ringkasan lebih dari {DESCRIPTION_MAX} karakter" in text_of("masalah.md")
    assert f"melebihi {X_LIMIT} karakter" in text_of("masalah.md")


def test_the_example_problem_is_what_periksa_prints(tmp_path):
    """The troubleshooting page quotes a problem line; a draft that has that problem gives exactly it."""
    from jdih.content.social_text import x_share_length
    from jdih.sop.check import check_paths

    example = re.search(r"^\s*(drafts/\S+:\d+: caption: .+)$", text_of("masalah.md"), re.M).group(1)
    path, line = re.match(r"(drafts/[^:]+):(\d+):", example).groups()
    wanted = int(re.search(r"untuk X: (\d+) karakter", example).group(1))
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    office_tags = settings.share.hashtags
    caption = next(c for c in (f"Tahukah Anda dasar hukum JDIH kami {'a' * n}" for n in range(1, 400))
                   if x_share_length(c, [], office_tags) == wanted)
    front = ["---", 'title: "Contoh"', "date: 2026-11-24", 'description: "Contoh ringkasan."', "categories: [Peraturan]",
             "tags: []", "image:", "  src: media/x.png", '  alt: "Gambar contoh untuk panduan"']
    front += [""] * (int(line) - 1 - len(front))  # blank lines put the caption on the quoted line
    text = "\n".join(front + [f"caption: {caption}", "---", "", "Isi."]) + "\n"
    draft = tmp_path / path
    draft.parent.mkdir(parents=True)
    draft.write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_paths([draft], settings, tmp_path) if p.key == "caption"]
    assert problems == [example]


# -- SOP step 6a: the social-media accounts guide (akun-media-sosial.md) ----------------------

ACCOUNTS = "akun-media-sosial.md"


def _posting_accounts() -> dict[str, type]:
    """platform -> its settings class (content.settings.Posting.<platform>)."""
    from jdih.content.settings import Posting
    from jdih.content.social_text import PLATFORMS

    return {platform: Posting.model_fields[platform].annotation for platform in PLATFORMS}


def _id_settings(account: type) -> list[str]:
    """The fields an office fills in for a platform: its id (page_id, user_id, chat_id)."""
    return [name for name in account.model_fields if name not in ("enabled", "token_env", "url_env", "api_version")]


def test_the_account_guide_names_every_secret_and_setting_it_asks_for():
    """Taken from the settings model: a renamed setting or secret makes the guide wrong, and this fails."""
    text = flat(text_of(ACCOUNTS))
    accounts = _posting_accounts()
    assert sorted(accounts) == ["facebook", "instagram", "telegram", "x"]
    for platform, account in accounts.items():
        secret = account.model_fields["token_env"].default
        assert f"`{secret}`" in text, secret
        assert f"`posting.{platform}.enabled`" in text, platform
        for name in _id_settings(account):
            assert f"`posting.{platform}.{name}`" in text, f"posting.{platform}.{name}"
    for name in ("follow_up_notice", "timeout_seconds", "max_attempts"):
        assert f"`posting.{name}`" in text, name


def _setting_exists(path: list[str]) -> bool:
    """`posting.<path>` is a setting; `<platform>` stands for each platform, and the rest must exist for all."""
    from jdih.content.settings import Posting

    if "<platform>" in path:
        at = path.index("<platform>")
        return all(_setting_exists([*path[:at], platform, *path[at + 1:]]) for platform in _posting_accounts())
    model = Posting
    for part in path:
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return False
        model = fields[part].annotation
    return True


def test_posting_settings_named_in_the_guides_and_readme_exist():
    texts = {**all_guides(), "README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    named = {m for text in texts.values() for m in re.findall(r"`posting\.([a-z_<>]+(?:\.[a-z_]+)*)`", text)}
    assert len(named) >= 10
    assert [n for n in sorted(named) if not _setting_exists(n.split("."))] == []
    assert not _setting_exists(["facebook", "page"]) and not _setting_exists(["<platform>", "chat_id"])


def test_the_settings_example_in_the_account_guide_is_valid():
    from jdih.content.settings import Posting

    blocks = re.findall(r"^```yaml\n(posting:.*?)^```", text_of(ACCOUNTS), re.M | re.S)
    assert len(blocks) == 1
    posting = Posting.model_validate(yaml.safe_load(blocks[0])["posting"])
    assert posting.enabled_platforms() == ["facebook", "telegram"]
    # The guide says an id must be quoted: unquoted, YAML reads a number, which the settings refuse.
    with pytest.raises(ValueError):
        Posting.model_validate(yaml.safe_load(blocks[0].replace('"104123456789012"', "104123456789012"))["posting"])


def test_the_secrets_the_account_guide_names_reach_the_upload_step_in_its_environment():
    from jdih.social.meta import ENVIRONMENT

    secrets = {account.model_fields["token_env"].default for account in _posting_accounts().values()}
    assert f"`{ENVIRONMENT}`" in text_of(ACCOUNTS)
    runs = 0
    for name in ("terbitkan.yml", "kirim-ulang.yml"):
        data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                if step.get("name") == "Unggah ke media sosial kantor":
                    runs += 1
                    assert job.get("environment") == ENVIRONMENT, name
                    passed = {key for key, value in step["env"].items() if f"secrets.{key}" in str(value)}
                    assert secrets <= passed, (name, secrets - passed)
    assert runs == 2


@dataclasses.dataclass
class _Comment:
    body: str
    author: str
    created_at: dt.datetime


def test_the_confirmations_shown_in_the_guides_are_ones_the_system_accepts():
    from jdih.social.confirm import confirmations

    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    operator = settings.roles.pengelola[0]
    shown = [line.strip() for name in ("pengelola.md", "masalah.md", ACCOUNTS) for line in code_of(text_of(name))
             if line.strip().startswith(("/diunggah ", "/unggah-ulang ")) and "<" not in line]
    assert len(shown) >= 4
    when = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    for line in shown:
        found, refused = confirmations([_Comment(line, operator, when)], settings)
        assert refused == [] and len(found) == 1, line
    # The same line from an account outside the roles is refused, so the check above can fail.
    found, refused = confirmations([_Comment(shown[0], "orang-lain-sama-sekali", when)], settings)
    assert found == [] and len(refused) == 1


def _upload_quotes() -> list[str]:
    """Messages the guides quote about uploads: quoted sentences of the account guide that name a
    secret, a token or a setting, and the first column of the troubleshooting table for uploads."""
    quotes = [q for q in re.findall(r'"([^"]+)"', flat(text_of(ACCOUNTS)))
              if any(word in q for word in ("secret", "token", "posting.", "Uji coba"))]
    section = text_of("masalah.md").split("## Unggahan media sosial tertunda", 1)[1].split("\n## ", 1)[0]
    for row in section.splitlines():
        if row.startswith("| ") and not row.startswith(("| ---", "| Pesan memuat")):
            quotes.append(row.split(" | ")[0][2:])
    return quotes


def test_every_upload_message_the_guides_quote_is_one_the_code_prints():
    """As for the README's table (tests/test_readme.py): "…" leaves a part out, a word or part of
    one may stand for what the code fills in (FACEBOOK_PAGE_TOKEN → {where.token_env})."""
    from tests.test_readme import _source_text

    corpus = _source_text()
    quotes = _upload_quotes()
    assert len(quotes) >= 12
    missing = [fragment for quote in quotes for fragment in (part.strip() for part in quote.split("…"))
               if re.search(r"[a-z]{3} [a-z]{3}", fragment)
               and not re.search(_in_word_pattern(fragment.split(" ")), corpus)]
    assert missing == []
    for wrong in ("posting.facebook.enabled bernilai false tetapi posting.facebook.page_id kosong",
                  "token Facebook sudah diperpanjang atau dicabut"):
        assert not re.search(_in_word_pattern(wrong.split(" ")), corpus), wrong


def _in_word_pattern(words: list[str]) -> str:
    """Like tests.test_readme._pattern, stricter and finer: a plain lowercase word must be said as
    written; a name or value (capitals, digits, `_`, `.`, `-`: FACEBOOK_PAGE_TOKEN, Facebook,
    jdih-terbitkan) may be a placeholder, whole or in part (`posting.facebook.page_id` is said by
    `posting.{platform}.{key}`)."""
    hole = "\\{[^}]+\\}"

    def word(text: str) -> str:
        core = text.strip(".,;:!?()\"'")
        if re.fullmatch(r"[a-z]*", core):
            return re.escape(text)
        head, tail = re.match(r"^(\W*)", text).group(1), re.search(r"(\W*)$", text).group(1)
        parts = "".join(f"(?:{re.escape(tok)}|{hole})" if re.match(r"\w", tok) else re.escape(tok)
                        for tok in re.findall(r"\w+|\W+", text))
        return f"(?:{parts}|{re.escape(head)}{hole}{re.escape(tail)})"
    return " ".join(word(w) for w in words)

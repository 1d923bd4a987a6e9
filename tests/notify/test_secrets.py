"""jdih.notify.secrets: redaction and GitHub Actions masking."""

from __future__ import annotations

from jdih.notify.secrets import error_secrets, mask_in_actions, redact, url_secrets


def test_redact_hides_every_form_of_the_secret():
    token = "ab+c/d=ef 12"
    text = f"token {token}; in a URL ?t=ab%2Bc%2Fd%3Def%2012 or ?t=ab%2Bc%2Fd%3Def+12"
    assert redact(text, [token]) == "token ***; in a URL ?t=*** or ?t=***"


def test_redact_ignores_empty_secrets_and_prefers_the_longest():
    assert redact("abc abcdef", ["", None, "abc", "abcdef"]) == "*** ***"


def test_url_secrets_are_password_and_query_values():
    assert url_secrets("https://user:pa55word@gw.test/hook?key=kunci-rahasia&v=1") == ["pa55word", "kunci-rahasia"]
    assert url_secrets(None) == []


def test_error_secrets_hide_the_whole_secret_url_and_its_path():
    found = error_secrets("tok-1234", "https://gw.test/hooks/T0/B0/XyZsecret")
    assert redact("Max retries exceeded with url: /hooks/T0/B0/XyZsecret (Caused by …)", found) == \
        "Max retries exceeded with url: *** (Caused by …)"
    assert redact("POST https://gw.test/hooks/T0/B0/XyZsecret failed", found) == "POST *** failed"


def test_mask_only_in_github_actions_once_per_secret():
    printed: list[str] = []
    mask_in_actions(["tok-1234", "tok-1234", "", None, "kunci"], {"GITHUB_ACTIONS": "true"}, printed.append)
    assert printed == ["::add-mask::tok-1234", "::add-mask::kunci"]
    printed.clear()
    mask_in_actions(["tok-1234"], {}, printed.append)
    assert printed == []

"""The office's accounts as providers: each enabled platform's provider, built from its settings,
its secret and its base URL (the environment variable `url_env` names, else the real API)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from jdih.content.settings import Settings
from jdih.content.social_text import PLATFORM_NAMES
from jdih.social.base import Http, Provider
from jdih.social.service import ProviderSetupError

# platform -> "module:Class"; each module has DEFAULT_BASE, the real API's address.
PROVIDERS = {
    "facebook": "jdih.social.facebook:FacebookPage",
    "instagram": "jdih.social.instagram:InstagramProfessional",
    "telegram": "jdih.social.telegram:TelegramChannel",
    "x": "jdih.social.x:XAccount",
}


def provider_class(platform: str) -> type:
    module_name, name = PROVIDERS[platform].split(":")
    return getattr(importlib.import_module(module_name), name)


def secrets_of(settings: Settings, env: Mapping[str, str]) -> list[str]:
    """Every credential the posting settings name, for masking and redaction."""
    found = []
    for platform in PLATFORM_NAMES:
        account = settings.posting.account(platform)
        value = (env.get(account.token_env) or "").strip()
        if value:
            found.append(value)
            # X's secret is four "name: value" lines: each value is a secret of its own.
            found += [line.split(":", 1)[1].strip() for line in value.splitlines()
                      if ":" in line and len(line.split(":", 1)[1].strip()) >= 4]
    return found


def build_providers(settings: Settings, env: Mapping[str, str], http: Http) -> dict[str, Provider | ProviderSetupError]:
    built: dict[str, Provider | ProviderSetupError] = {}
    for platform in settings.posting.enabled_platforms():
        account = settings.posting.account(platform)
        token = (env.get(account.token_env) or "").strip()
        if not token:
            built[platform] = ProviderSetupError(
                f"secret {account.token_env} kosong, padahal posting.{platform}.enabled bernilai true — simpan "
                f"tokennya di secret {account.token_env} pada lingkungan jdih-terbitkan (Settings → Environments), "
                f"atau jadikan posting.{platform}.enabled false agar {PLATFORM_NAMES[platform]} diunggah pengelola")
            continue
        cls = provider_class(platform)
        base = (env.get(account.url_env) or "").strip() or importlib.import_module(cls.__module__).DEFAULT_BASE
        if not base.startswith(("https://", "http://")):
            built[platform] = ProviderSetupError(f"{account.url_env} harus diawali https:// — kosongkan variabel itu "
                                                 "agar alamat API resmi yang dipakai")
            continue
        built[platform] = cls(account, token, base.rstrip("/"), http)
    return built

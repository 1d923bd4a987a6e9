"""The office's four accounts on the stand-ins at once, for the rehearsal and the workflow tests:
a Facebook Page and an Instagram professional account (`graph.FakeGraph`), a Telegram channel
with the bot as its administrator (`telegram.FakeTelegram`), and an X account (`x.FakeX`).

`secrets` are what the office stores in the environment `jdih-terbitkan`; `env` points each
provider at its stand-in (the `url_env` variables of the settings, unset on GitHub); `posting`
is the settings' `posting` section that switches the chosen platforms on.
"""

from __future__ import annotations

from typing import Any

from jdih.testing.fakesocial.graph import FakeGraph
from jdih.testing.fakesocial.telegram import FakeTelegram
from jdih.testing.fakesocial.x import FakeX

PAGE_ID = "104857600000001"
IG_USER_ID = "17841400000000099"
CHANNEL_ID = -1001234567890
CHANNEL = "jdihkpukapuas"
PAGE_TOKEN = "EAAGgladiPageToken0001"
IG_TOKEN = "EAAGgladiInstagramToken0001"
BOT_TOKEN = "7000000001:AAgladiBotToken0001"
X_KEYS = {"api_key": "gladiApiKey0001", "api_key_secret": "gladiApiSecret0001",
          "access_token": "1500000000000000001-gladiAccess0001", "access_token_secret": "gladiAccessSecret0001"}


class OfficeAccounts:
    def __init__(self, *, polls_to_finish: int = 2):
        self.graph = FakeGraph(polls_to_finish=polls_to_finish)
        self.telegram = FakeTelegram()
        self.x = FakeX()
        self.graph.add_page(PAGE_ID, PAGE_TOKEN, name="page-token")
        self.graph.add_ig_user(IG_USER_ID, IG_TOKEN, name="ig-token")
        bot = self.telegram.add_bot(BOT_TOKEN)
        self.telegram.add_channel(CHANNEL_ID, "JDIH KPU Kabupaten Kapuas", username=CHANNEL,
                                  admins={bot.name: True})
        self.x.add_app(X_KEYS["api_key"], X_KEYS["api_key_secret"])
        self.x.add_user(X_KEYS["access_token"], X_KEYS["access_token_secret"], X_KEYS["api_key"])

    def start(self) -> OfficeAccounts:
        for server in (self.graph, self.telegram, self.x):
            server.start()
        return self

    def stop(self) -> None:
        for server in (self.graph, self.telegram, self.x):
            server.stop()

    def __enter__(self) -> OfficeAccounts:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def secrets(self) -> dict[str, str]:
        return {"FACEBOOK_PAGE_TOKEN": PAGE_TOKEN, "INSTAGRAM_TOKEN": IG_TOKEN, "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
                "X_CREDENTIALS": "\n".join(f"{name}: {value}" for name, value in X_KEYS.items())}

    @property
    def env(self) -> dict[str, str]:
        return {"FACEBOOK_GRAPH_URL": self.graph.url, "INSTAGRAM_GRAPH_URL": self.graph.url,
                "TELEGRAM_API_URL": self.telegram.url, "X_API_URL": self.x.url}

    @staticmethod
    def posting(*platforms: str) -> dict[str, Any]:
        ids = {"facebook": {"page_id": PAGE_ID}, "instagram": {"user_id": IG_USER_ID},
               "telegram": {"chat_id": f"@{CHANNEL}"}, "x": {}}
        return {name: {"enabled": True, **ids[name]} for name in platforms}

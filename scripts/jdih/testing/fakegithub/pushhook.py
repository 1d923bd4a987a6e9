"""The fake's proc-receive hook: every ref update of a push over HTTP or SSH asks the fake.

Why proc-receive and not pre-receive: a failing pre-receive hook makes git show "(pre-receive
hook declined)" for every ref, while GitHub shows "(push declined due to repository rule
violations)" or "(protected branch hook declined)". A proc-receive hook answers each ref with
"ok" or "ng <reason>", and its stderr reaches the pusher as "remote: " lines, so the refusal
reads exactly as GitHub's. Accepted refs are answered "ok" + "option fall-through", so
receive-pack itself updates them (githooks(5), "proc-receive").

The hook is not installed in the bare repository: receive-pack gets it only for pushes that
come through the fake (``core.hooksPath`` and ``receive.procReceiveRefs`` are passed as
GIT_CONFIG_* variables, see gitserver.py), so a test's own file-path pushes to the bare
repository (the "web UI" of the scenario helpers) are unaffected.

Standard library only: it runs once per push, outside the test process. The environment
carries ``JDIH_FAKE_URL`` (the fake) and ``JDIH_FAKE_PUSH`` (the push's session, which the fake
maps to the pusher's identity).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request


def _read(stream) -> bytes | None:  # type: ignore[no-untyped-def]
    size = stream.read(4)
    if not size:
        return None
    length = int(size, 16)
    return b"" if length == 0 else stream.read(length - 4)


def _write(stream, text: str | None) -> None:  # type: ignore[no-untyped-def]
    if text is None:
        stream.write(b"0000")
    else:
        data = text.encode() + b"\n"
        stream.write(b"%04x" % (len(data) + 4) + data)
    stream.flush()


def main() -> int:
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while _read(inp):  # version negotiation ("version=1\0<features>"), up to the flush
        pass
    _write(out, "version=1")
    _write(out, None)
    updates = []
    while line := _read(inp):
        old, new, ref = line.decode().strip().split(" ", 2)
        updates.append({"old": old, "new": new, "ref": ref})
    # No push options follow: they come only when the hook asks for the feature, and it does not.
    session, url = os.environ.get("JDIH_FAKE_PUSH", ""), os.environ.get("JDIH_FAKE_URL", "")
    try:
        payload = json.dumps({"session": session, "updates": updates}).encode()
        request = urllib.request.Request(f"{url}/_fake/push", data=payload, headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
        with opener.open(request, timeout=60) as response:
            answer = json.loads(response.read())
    except Exception as error:  # noqa: BLE001 - the push must fail, not hang
        answer = {"stderr": f"error: the fake GitHub did not answer ({error})\n",
                  "results": [{"ref": u["ref"], "ok": False, "reason": "fake GitHub unreachable"} for u in updates]}
    sys.stderr.write(answer.get("stderr", ""))
    sys.stderr.flush()
    for result in answer["results"]:
        if result["ok"]:
            _write(out, f"ok {result['ref']}")
            _write(out, "option fall-through")
        else:
            _write(out, f"ng {result['ref']} {result['reason']}")
    _write(out, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A headless Chromium driven over its DevTools pipe: open a page, wait until it says it is ready, print it.

Chromium started with `--remote-debugging-pipe` reads DevTools protocol commands on file
descriptor 3 and writes replies and events on 4, each a JSON message ended by a NUL byte.
That is all printing needs (no WebSocket, no port, no Node process), and unlike
`--print-to-pdf`, which prints when the page merely looks idle, it can wait for the page's
own signal that it is laid out.
"""
from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import time

from confdeck.errors import ConfdeckError

POLL_SECONDS = 0.05


class DevToolsError(Exception):
    """Chromium answered a command with an error, stopped, or did not answer in time."""


class ChromiumPipe:
    def __init__(self, executable: str, flags: list[str], profile: str, timeout: float):
        self.timeout = timeout
        self._next_id = 0
        self._buffer = b""
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def on_fds_3_and_4():  # in the child, before exec: where --remote-debugging-pipe looks
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        try:
            self.process = subprocess.Popen(
                [executable, "--headless", *flags, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                 "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(3, 4), preexec_fn=on_fds_3_and_4)
        except OSError as exc:
            raise ConfdeckError(f"Chromium did not start: {executable}: {exc.strerror or exc}") from None
        finally:
            os.close(commands_read)
            os.close(replies_write)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (DevToolsError, OSError):
            pass
        for fd in (self._commands, self._replies):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its reply (events that arrive meanwhile are not needed)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            written = os.write(self._commands, data)
            data = data[written:]
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DevToolsError("Chromium did not answer in time")
            ready, _, _ = select.select([self._replies], [], [], left)
            if ready:
                chunk = os.read(self._replies, 1 << 20)
                if not chunk:
                    raise DevToolsError("Chromium stopped")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def print_page(self, url: str, ready: str, parts: list[str] | None = None) -> list[bytes]:
        """Open url in a new tab, wait until the JavaScript expression `ready` is true there, print it.

        With parts (JavaScript run before each print, e.g. showing only some pages), one PDF per part.
        """
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.send("Page.navigate", {"url": url}, session)
            check = f"location.href === {json.dumps(url)} && !!({ready})"
            deadline = time.monotonic() + self.timeout
            while not self._evaluate(check, session, quiet=True):
                if time.monotonic() > deadline:
                    raise DevToolsError(f"the page was not ready to print within {self.timeout:.0f} s")
                time.sleep(POLL_SECONDS)
            printed = []
            for part in parts or [None]:
                if part is not None:
                    self._evaluate(part, session)
                # No tagged (accessibility structure) PDF: it costs time on every page and the
                # slides' reading order is their drawing order anyway.
                result = self.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                                       "displayHeaderFooter": False, "generateTaggedPDF": False},
                                   session)
                printed.append(base64.b64decode(result["data"]))
            return printed
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def _evaluate(self, expression: str, session: str, quiet: bool = False):
        """The expression's value in the page; quiet: an exception (a page still loading) counts as no."""
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
        if "exceptionDetails" in reply:
            if quiet:
                return None
            details = reply["exceptionDetails"]
            message = details.get("exception", {}).get("description") or details.get("text", "")
            raise DevToolsError(f"the page's script failed: {message}")
        return reply.get("result", {}).get("value")

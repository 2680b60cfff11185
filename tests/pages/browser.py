"""A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
file descriptors 3 (commands in) and 4 (answers and events out), one JSON message per NUL.

Only what the page tests need: open a page at a given window size, wait for it to load, run
a script that measures it, and collect every console error and uncaught exception.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)

TIMEOUT_SECONDS = 60.0


class BrowserError(Exception):
    """Chromium stopped, timed out or answered a command with an error."""


@dataclass
class Browser:
    """One Chromium process; `close` ends it (the tests use it as a context manager)."""

    process: subprocess.Popen[bytes]
    commands: Any
    answers: Any
    profile: tempfile.TemporaryDirectory[str]
    next_id: int = 0
    buffer: bytes = b""
    events: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls) -> Browser:
        if CHROMIUM is None:
            raise BrowserError("chromium is not installed")
        profile = tempfile.TemporaryDirectory(prefix="slac-chromium-", ignore_cleanup_errors=True)
        to_browser_read, to_browser_write = os.pipe()
        from_browser_read, from_browser_write = os.pipe()

        # Python's own descriptors are close-on-exec, so only 3 and 4 reach chromium.
        def wire() -> None:  # runs in the child: its fds 3 and 4 become the pipe's ends
            commands_in = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD_CLOEXEC, 10)
            answers_out = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(commands_in, 3)
            os.dup2(answers_out, 4)

        process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            start_new_session=True,  # its helper processes share its group, ended with it
            close_fds=False,  # closing happens after `wire`, and would close 3 and 4 again
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        return cls(process, os.fdopen(to_browser_write, "wb"), os.fdopen(from_browser_read, "rb"), profile)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.commands.close()
        except OSError:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # chromium and the helpers it started
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.answers.close()
        self.profile.cleanup()

    # ---------------------------------------------------------------- protocol

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send a command and wait for its answer; events that arrive meanwhile are kept."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self.commands.write(json.dumps(message).encode() + b"\0")
        self.commands.flush()
        while True:
            answer = self.receive()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise BrowserError("no answer from chromium")
            chunk = os.read(self.answers.fileno(), 1 << 16)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        for index, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(index)
        while True:
            event = self.receive()
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    # ---------------------------------------------------------------- pages

    def measure(self, url: str, width: int, height: int, script: str) -> tuple[Any, list[str]]:
        """Open `url` in a new tab of `width` × `height` CSS pixels (a phone when narrow), wait
        for it to load, and return what `script` (an expression) evaluates to, with every console
        error and uncaught exception the page produced."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            session=session,
        )
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        result = self.send(
            "Runtime.evaluate", {"expression": script, "returnByValue": True, "awaitPromise": True}, session=session
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"the measuring script failed: {result['exceptionDetails']}")
        errors = [_error_text(event) for event in self.events if event.get("sessionId") == session and _is_error(event)]
        self.send("Target.closeTarget", {"targetId": target})
        self.events = [event for event in self.events if event.get("sessionId") != session]
        return result["result"].get("value"), [error for error in errors if error]


def _is_error(event: dict[str, Any]) -> bool:
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.exceptionThrown":
        return True
    if method == "Runtime.consoleAPICalled":
        return params.get("type") in ("error", "assert")
    if method == "Log.entryAdded":
        return params.get("entry", {}).get("level") == "error"
    return False


def _error_text(event: dict[str, Any]) -> str:
    params = event.get("params", {})
    if "entry" in params:
        return str(params["entry"].get("text"))
    if "exceptionDetails" in params:
        return str(params["exceptionDetails"].get("text"))
    return " ".join(str(arg.get("value")) for arg in params.get("args", []))

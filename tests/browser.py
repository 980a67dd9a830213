"""A minimal headless-Chromium driver over the DevTools protocol, for the browser tests.

It opens pages from disk and records what a reader's browser would do with
them: every request, console errors, uncaught exceptions and dialogs (an
``alert`` from injected script), and it takes a screenshot.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websocket

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
         "--remote-debugging-port=0", "--remote-allow-origins=*")


SCRIPT = re.compile(r"<script|\son[a-z]+\s*=", re.IGNORECASE)
"""A script element or an event-handler attribute (``onload=``, ``onerror=``): what can run code after load."""


def _may_run_script(page: Path) -> bool:
    """Whether the page's source holds anything that can run code once loaded; without any, nothing can."""
    return bool(SCRIPT.search(page.read_text(encoding="utf-8", errors="replace")))


def find_chromium() -> str | None:
    """Return the Chromium executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageVisit:
    """What happened while one page loaded."""

    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    screenshot: Path | None = None


class Browser:
    """Headless Chromium with one tab, driven over its DevTools websocket."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.profile = profile
        self.process = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._port()
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=1000, deviceScaleFactor=1, mobile=False)

    def _port(self) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with code {self.process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port within 30 s")

    def call(self, method: str, events: list[dict] | None = None, **params: object) -> dict:
        """Send one command and return its result; events that arrive meanwhile go to ``events``."""
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if events is not None and "method" in message:
                events.append(message)

    def _receive(self, events: list[dict]) -> None:
        """Take one message; a dialog (alert, confirm) is accepted at once so the page goes on loading."""
        message = json.loads(self.socket.recv())
        events.append(message)
        if message.get("method") == "Page.javascriptDialogOpening":
            self.next_id += 1
            self.socket.send(json.dumps({"id": self.next_id, "method": "Page.handleJavaScriptDialog",
                                         "params": {"accept": True}}))

    def _load(self, path: Path) -> list[dict]:
        """Open a file and wait until it has loaded; return the events that came meanwhile."""
        events: list[dict] = []
        self.call("Page.navigate", events, url=path.resolve().as_uri())
        deadline = time.monotonic() + 60
        while not any(e.get("method") == "Page.loadEventFired" for e in events):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{path.name} did not finish loading within 60 s")
            self._receive(events)
        return events

    def visit(self, path: Path, screenshot: Path) -> PageVisit:
        """Load a file, wait for it to finish, and report what it did."""
        visit = PageVisit(path.resolve().as_uri())
        events = self._load(path)
        if _may_run_script(path):
            time.sleep(0.3)  # let scripts that run after load (a timer, an event handler) report themselves
        self.call("Runtime.evaluate", events, expression="1")
        for event in events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                visit.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                visit.errors.append(" ".join(str(arg.get("value", arg.get("description"))) for arg in params["args"]))
            elif method == "Runtime.exceptionThrown":
                visit.errors.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                visit.errors.append(params["entry"]["text"])
            elif method == "Page.javascriptDialogOpening":
                visit.dialogs.append(params.get("message", ""))
        shot = self.call("Page.captureScreenshot", format="png")
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        visit.screenshot = screenshot
        return visit

    def print_pdf(self, path: Path, pdf: Path) -> None:
        """Print a file to ``pdf`` as Chromium's print does: the page size its CSS asks for, no header or footer."""
        self._load(path)
        printed = self.call("Page.printToPDF", preferCSSPageSize=True, displayHeaderFooter=False, printBackground=False)
        pdf.write_bytes(base64.b64decode(printed["data"]))

    def resize(self, width: int, height: int) -> None:
        """Set the window: a phone's (``mobile``, touch) below 600 px wide, a laptop's above."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 600)

    def evaluate(self, expression: str) -> object:
        """Return the value of a JavaScript expression in the open page (JSON values only)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def close(self) -> None:
        """Stop Chromium."""
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def open_browser() -> Browser:
    """Start headless Chromium with a fresh, empty profile."""
    executable = find_chromium()
    if executable is None:
        raise RuntimeError("chromium is not installed")
    return Browser(executable, Path(tempfile.mkdtemp(prefix="kinerja-chromium-")))

"""Headless Debian chromium driven over the DevTools protocol (a pipe, no port), with
networking off: what a reader sees when opening a report page offline."""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync",
         # every request that is not loopback goes to a closed port: nothing leaves the machine
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
TIMEOUT_S = 60

# Marks of every chart (a Vega-Embed <svg>, once the page's charts are drawn), the first
# chart text written in Chinese, the visible text, the longest list and the page's height.
CHART_MARKS = """(async () => {
  await window.chartsDrawn;
  const charts = [...document.querySelectorAll('.vega-chart svg')];
  const chinese = [...document.querySelectorAll('svg text')].find(t => /[\\u4e00-\\u9fff]/.test(t.textContent));
  if (chinese) chinese.setAttribute('data-cjk-probe', '');
  return JSON.stringify({
    marks: charts.map(svg => svg.querySelectorAll('path, rect, text, line').length),
    charts: document.querySelectorAll('.vega-chart').length,
    text: document.body.innerText,
    longest_list: Math.max(0, ...[...document.querySelectorAll('ul, ol')].map(l => l.children.length)),
    height: document.documentElement.scrollHeight,
  });
})()"""
WIDTH_PX = 1400


@dataclass
class PageVisit:
    url: str
    chart_marks: list[int]
    n_charts: int  # chart elements on the page, drawn or not
    text: str  # what a reader sees (innerText)
    longest_list: int  # items of the longest <ul>/<ol>
    height_px: int  # page height at WIDTH_PX wide
    errors: list[str] = field(default_factory=list)
    chinese_fonts: list[str] = field(default_factory=list)  # fonts chromium drew the Chinese text with


class Chromium:
    def __init__(self):
        if not os.access(CHROMIUM, os.X_OK):
            raise FileNotFoundError(f"{CHROMIUM} is missing: `make test` installs it (Debian package chromium)")
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        # chromium reads commands on fd 3 and answers on fd 4 (--remote-debugging-pipe)
        to_browser, self._commands = (_high(fd) for fd in os.pipe())
        self._answers, from_browser = (_high(fd) for fd in os.pipe())

        def pipes_as_3_and_4():
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=pipes_as_3_and_4, pass_fds=(3, 4))
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def close(self):
        try:
            self.send("Browser.close")
        except (OSError, TimeoutError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._answers)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def wait_for(self, method: str, session: str) -> dict:
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self.events.append(self._read())

    def _read(self) -> dict:
        deadline = time.monotonic() + TIMEOUT_S
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise OSError("chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def visit(self, url: str, screenshot: Path | None = None) -> PageVisit:
        """Open `url` in a new tab with the network emulated offline; what rendered and
        every console error, uncaught exception, log error and failed request; the whole
        page as a PNG to `screenshot`, when given."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
            self.send(f"{domain}.enable", session=session)
        self.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1,
                                                       "uploadThroughput": -1}, session=session)
        self.send("Emulation.setDeviceMetricsOverride", {"width": WIDTH_PX, "height": 1000, "deviceScaleFactor": 1,
                                                         "mobile": False}, session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        seen = json.loads(self.send("Runtime.evaluate", {"expression": CHART_MARKS, "returnByValue": True,
                                                         "awaitPromise": True}, session=session)["result"]["value"])
        visit = PageVisit(url, seen["marks"], seen["charts"], seen["text"], seen["longest_list"], seen["height"],
                          chinese_fonts=self._probe_fonts(session))
        if screenshot:
            shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                             session=session)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        visit.errors = [_error(e) for e in self.events if e.get("sessionId") == session and _error(e)]
        self.send("Target.closeTarget", {"targetId": target})
        return visit

    def _probe_fonts(self, session: str) -> list[str]:
        root = self.send("DOM.getDocument", {"depth": -1}, session=session)["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": "[data-cjk-probe]"},
                         session=session)["nodeId"]
        if not node:
            return []
        fonts = self.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)["fonts"]
        return [f["familyName"] for f in fonts if f["glyphCount"]]


def _high(fd: int) -> int:
    """The same pipe end on a descriptor above 4, so that moving the other end to 3 or 4
    in the child cannot overwrite it."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


def _error(event: dict) -> str | None:
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        return "console: " + " ".join(str(a.get("value", a.get("description"))) for a in params.get("args", []))
    if method == "Runtime.exceptionThrown":
        return "exception: " + params["exceptionDetails"].get("text", "")
    if method == "Log.entryAdded" and params["entry"]["level"] == "error":
        return f"log: {params['entry']['text']} {params['entry'].get('url', '')}"
    if method == "Network.loadingFailed":
        return f"request failed: {params.get('errorText')}"
    return None

"""Serving built sites and opening them in Debian's Chromium, for the browser tests.

Playwright drives the machine's own Chromium: its own browser download needs the internet.
"""

from __future__ import annotations

from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium calls Google's services at start, which this
# machine's closed network refuses; --no-sandbox because tests may run as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves built sites as a static host would: a missing page gets the 404 page of the site it is in."""

    protocol_version = "HTTP/1.1"  # keep connections open between requests, as real hosts do

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the tests report what matters; a line per request would bury it

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        root = Path(self.directory)
        folders = [root / part for part in _prefixes(urlsplit(self.path).path)]
        not_found = next((folder / "404.html" for folder in reversed(folders) if (folder / "404.html").is_file()), None)
        if code != HTTPStatus.NOT_FOUND or not_found is None:
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _prefixes(path: str) -> list[str]:
    """'/kent/no-such-page/' -> ['', 'kent', 'kent/no-such-page']: the folders a request is in, outermost first."""
    parts = [part for part in path.split("/") if part and part not in (".", "..")]
    return ["/".join(parts[:count]) for count in range(len(parts) + 1)]


def new_page(browser: Browser) -> tuple[BrowserContext, Page]:
    """A page in a context of its own, where any request to another host fails at once."""
    # Reduced motion: Material then skips its transitions, so what is measured is the
    # page at rest, never halfway through a slide.
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    # Nothing may leave the machine: a request elsewhere fails at once (and is recorded, below).
    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", lambda route: route.abort())
    return context, context.new_page()

"""Screenshots of a built publisher site for the README, at phone and at desktop width.

    python docs/screenshots.py SITE_DIR OUT_DIR      (`make pictures` runs it on Kent's site)

Writes OUT_DIR/<slug>-site-phone.png (375 CSS px wide) and OUT_DIR/<slug>-site-desktop.png
(1280 px) of the leaflet's first page, served on 127.0.0.1 and shown in Debian's Chromium,
as tests/test_browser.py does.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import ViewportSize, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# As in tests/test_browser.py: no calls to Google's services, which a closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE = "sen-support/"
WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 800},
}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def take(site_dir: Path, out_dir: Path) -> list[Path]:
    """Screenshot `site_dir` (one publisher's built site) into `out_dir`; return the files."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name, viewport in WIDTHS.items():
                # Reduced motion: the page at rest, not halfway through one of Material's transitions.
                context = browser.new_context(viewport=viewport, reduced_motion="reduce")
                page = context.new_page()
                page.goto(base + PAGE, wait_until="load")
                path = out_dir / f"{site_dir.name}-site-{name}.png"
                page.screenshot(path=str(path))
                written.append(path)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    for path in take(Path(argv[0]), Path(argv[1])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

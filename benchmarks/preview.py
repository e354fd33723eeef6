"""How long the preview takes to show an edit: `mkdocs serve`, as an editor runs it.

Run: .venv/bin/python benchmarks/preview.py [--edits 10]

Copies the repository's content, templates, publishers and mkdocs.yml into a temporary
folder, starts `mkdocs serve` there for one publisher, waits until its site and PDFs
are ready, then edits a shared block the publisher uses, again and again. For each edit
it times what an editor waits for: from saving the file until the page answers with the
new text (MkDocs' own wait for more changes, 0.1 s, included). It also prints the time
MkDocs reports for each rebuild, and the same for a mistake (the problem page) and its fix.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.5
PUBLISHER = "durham"
"""A publisher that uses the shared block edited here as it is."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return str(answer.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, wanted: str, limit: float = 60.0) -> float:
    """Seconds until the page at `url` holds `wanted` (polled every 10 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if wanted in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.01)
    raise SystemExit(f"the preview never showed {wanted!r} at {url}")


def save(path: Path, text: str) -> None:
    """Save as an editor's program does: the whole file at once."""
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between saves")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="sen-leaflets-preview-"))
    server = None
    try:
        for part in ("content", "templates", "authorities"):
            shutil.copytree(REPO / part, root / part)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        port = free_port()
        log = root / "serve.log"
        env = {**os.environ, "SEN_PUBLISHER": PUBLISHER}
        with log.open("w") as handle:
            server = subprocess.Popen(
                [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=root,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}/"
        first = wait_for(base, "<html", limit=120)
        page = base + "sen-support/what-is-sen-support/"
        wait_for(base + "downloads/sen-support-large-print.pdf", "%PDF", limit=120)  # PDFs made, the preview idle
        block = root / "content" / "blocks" / "what-sen-support-is.md"
        original = block.read_text(encoding="utf-8")
        marker = "Every child"
        if marker not in original:
            raise SystemExit(f"{block} no longer says {marker!r}: choose another sentence for this benchmark")

        waits = []
        for edit in range(args.edits):
            wanted = f"Each child number {edit}"
            time.sleep(args.pause)  # between an editor's saves
            save(block, original.replace(marker, wanted, 1))
            waits.append(wait_for(page, wanted))

        time.sleep(0.5)
        save(block, original.replace(marker, "{{ no_such_fact }} " + marker, 1))
        mistake = wait_for(base, "no_such_fact")
        time.sleep(0.5)
        save(block, original)
        fixed = wait_for(page, marker)

        built = [float(s) for s in re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text())]
        cpu = Path("/proc/cpuinfo").read_text().split("model name")[1].split("\n")[0].strip(" :\t")
        print(f"preview of {PUBLISHER}, {os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}")
        print(f"  first page served after start                      {first:>8.2f} s")
        print(f"  edit of a shared block to page showing it, median  {statistics.median(waits):>8.2f} s")
        print(f"  the same, slowest of {len(waits):<3}                          {max(waits):>8.2f} s")
        print(f"  a mistake to the page listing it                   {mistake:>8.2f} s")
        print(f"  the fix to the page again                          {fixed:>8.2f} s")
        if built[1:]:
            print(f"  MkDocs' own rebuild time, median                   {statistics.median(built[1:]):>8.2f} s")
        met = statistics.median(waits) < TARGET_SECONDS
        print(f"  target: reload after a block edit under {TARGET_SECONDS} s (median)    {'met' if met else 'MISSED'}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`mkdocs serve` previews one publisher and rebuilds when a block or its YAML changes."""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = _fetch(url)
        if text in page:
            return page
        time.sleep(0.25)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds}s")


@pytest.fixture
def preview(tiny_project: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "SEN_PUBLISHER": "demo"}
    with (tiny_project.parent / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tiny_project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            helpers = _children(server.pid)
            server.terminate()
            server.wait(timeout=10)
    # The process making PDFs in the background ends with the preview, however the preview ended.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in helpers):
        time.sleep(0.1)
    assert not [pid for pid in helpers if Path(f"/proc/{pid}").exists()], "a process of the preview outlived it"


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_serve_shows_the_chosen_publisher_and_reloads_on_edits(tiny_project: Path, preview: str) -> None:
    home = _wait_for(preview, "Demo IASS")
    # The published address (content/publishing.yml) is for the built site; the preview links to itself.
    assert "leaflets.demo-iass.org.uk" not in home and f'rel="canonical" href="{preview}"' in home
    page = preview + "sen-support/"
    _wait_for(page, "Schools in our area can also ask the inclusion team for advice.")

    block = tiny_project / "authorities" / "demo" / "blocks" / "demo-local-note.md"
    block.write_text(block.read_text().replace("inclusion team", "specialist teaching service"))
    _wait_for(page, "Schools in our area can also ask the specialist teaching service for advice.")

    shared = tiny_project / "content" / "blocks" / "intro.md"
    shared.write_text(shared.read_text().replace("schools to make.", "schools and colleges to make."))
    _wait_for(page, "schools and colleges to make.")

    yaml_file = tiny_project / "authorities" / "demo.yml"
    yaml_file.write_text(yaml_file.read_text().replace("name: Demo IASS", "name: Renamed IASS"))
    _wait_for(preview, "Renamed IASS")

    leaflet = tiny_project / "content" / "leaflets" / "sen-support.yml"
    leaflet.write_text(leaflet.read_text().replace("title: What is SEN support?", "title: What SEN support means"))
    _wait_for(preview + "sen-support/what-is-sen-support/", "What SEN support means")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def test_a_mistake_shows_a_page_of_problems_at_once_and_the_site_comes_back_when_fixed(
    tiny_project: Path, preview: str
) -> None:
    _wait_for(preview, "Demo IASS")
    yaml_file = tiny_project / "authorities" / "demo.yml"
    good = yaml_file.read_text()
    yaml_file.write_text(good.replace("name: Demo IASS", "nmae: Demo IASS"))
    page = _wait_for(preview, "This site has mistakes to fix", seconds=2)
    assert "authorities/demo.yml:1:1: error: unknown key 'nmae'; did you mean 'name'?" in page
    terminal = (tiny_project.parent / "serve.log").read_text()
    assert "sen-leaflets cannot make the site until this is fixed: authorities/demo.yml:1:1: error:" in terminal
    yaml_file.write_text(good)
    home = _wait_for(preview, "Demo IASS")
    assert "This site has mistakes to fix" not in home
    downloads = re.findall(r'href="(downloads/[^"]+)"', home)
    assert sorted(downloads) == [
        "downloads/sen-support-booklet.pdf",
        "downloads/sen-support-large-print.pdf",
        "downloads/sen-support.brf",
        "downloads/sen-support.docx",
        "downloads/sen-support.epub",
        "downloads/sen-support.pdf",
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(_status(preview + path) != 200 for path in downloads):
        time.sleep(0.25)
    starts = {".pdf": b"%PDF-", ".epub": b"PK\x03\x04", ".docx": b"PK\x03\x04"}
    for path in downloads:
        assert _status(preview + path) == 200, f"{path} is not served"
        with urllib.request.urlopen(preview + path, timeout=5) as response:
            data = response.read()
        if path.endswith(".brf"):
            assert data.isascii() and b"\x0c" in data, path  # braille ASCII, pages ended by a form feed
        else:
            assert data.startswith(starts[Path(path).suffix]), path


def _page_or_error_page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return str(error.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for_page_or_error_page(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while text not in (page := _page_or_error_page(url)):
        assert time.monotonic() < deadline, f"{text!r} did not appear at {url} within {seconds}s: {page[:300]!r}"
        time.sleep(0.1)
    return page


def test_a_mistake_in_the_site_settings_lists_it_at_every_address_and_the_site_comes_back(
    tiny_project: Path, preview: str
) -> None:
    """MkDocs reads mkdocs.yml before any plugin: a mistake there kept every request waiting, without an answer."""
    _wait_for(preview, "Demo IASS")
    settings = tiny_project / "mkdocs.yml"
    good = settings.read_text()
    settings.write_text(good.replace("use_directory_urls: true", "use_directory_urls: yes please"))
    for address in ("", "what-is-sen-support/", "no/such/page/"):
        page = _wait_for_page_or_error_page(preview + address, "This site has mistakes to fix", seconds=2)
        assert "mkdocs.yml:7:21: error: 'use_directory_urls' must be true or false" in html.unescape(page), address
    settings.write_text(good)
    home = _wait_for(preview, "Demo IASS")
    assert "This site has mistakes to fix" not in home

    # A tag MkDocs' own reader would run: the file is read safely first, and MkDocs never reads it.
    ran = tiny_project.parent / "ran"
    settings.write_text(good + f'site_description: !!python/object/apply:os.system ["touch {ran}"]\n')
    page = _wait_for_page_or_error_page(preview, "This site has mistakes to fix", seconds=2)
    assert "this YAML tag (!...) is not allowed" in html.unescape(page)
    time.sleep(1)
    assert not ran.exists(), "MkDocs ran the tag"
    settings.write_text(good)
    _wait_for(preview, "Demo IASS")


def test_a_content_mistake_is_listed_at_every_address_not_only_the_home_page(tiny_project: Path, preview: str) -> None:
    _wait_for(preview, "Demo IASS")
    yaml_file = tiny_project / "authorities" / "demo.yml"
    good = yaml_file.read_text()
    yaml_file.write_text(good.replace("name: Demo IASS", "nmae: Demo IASS"))
    _wait_for(preview, "This site has mistakes to fix", seconds=2)
    assert _status(preview + "no/such/page/") == 404
    page = _wait_for_page_or_error_page(preview + "no/such/page/", "This site has mistakes to fix", seconds=2)
    assert "authorities/demo.yml:1:1: error: unknown key 'nmae'" in html.unescape(page)


def test_the_pages_describe_the_downloads_once_they_are_made_without_waiting_for_an_edit(preview: str) -> None:
    """The first build says the editions are being made; when the background has made them, the pages say what
    each file is, by themselves (no edit, no reload by hand: the preview builds the pages again)."""
    first = _wait_for(preview, "Demo IASS")
    assert "PDF, being made" in first  # nothing is made before the first build: the background makes it
    deadline = time.monotonic() + 120
    page = first
    while time.monotonic() < deadline:
        page = _fetch(preview)
        if "being made" not in page:
            break
        time.sleep(0.25)
    assert "being made" not in page, "the pages still say the downloads are being made"
    for kind in ("PDF", "EPUB", "DOCX", "BRF"):
        assert re.search(rf"{kind}[^<]*, \d+ KB", page), f"no size is given for the {kind} download"


def _fetch_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bytes(response.read())
    except OSError:
        return b""


def _serves(url: str, picture: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _fetch_bytes(url) != picture.read_bytes():
        time.sleep(0.25)
    return _fetch_bytes(url) == picture.read_bytes()


def _downloads_made(preview: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "being made" in _fetch(preview):
        time.sleep(0.25)
    time.sleep(1)  # the rebuild that announces them


def test_saving_a_logo_kept_outside_the_watched_folders_rebuilds_the_preview(tiny_project: Path, preview: str) -> None:
    """A logo may be any PNG in the repository (a `logos/` folder, say): saving a new one shows it, and so does
    saving one the YAML named before it, or its folder, was there, or saving one in its folder deleted and made
    again. A file saved beside mkdocs.yml (the preview's own log, say) rebuilds nothing."""
    from PIL import Image

    logo = tiny_project / "logos" / "demo.png"
    _wait_for(preview, "Demo IASS")
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "branding:\n  logo:\n    path: logos/demo.png\n    alt: Demo IASS logo\n")
    _wait_for(preview, "there is no logo file at 'logos/demo.png'")
    logo.parent.mkdir()
    Image.new("RGB", (120, 40), "#1d4f91").save(logo)
    _wait_for(preview, 'alt="Demo IASS logo"', seconds=5)
    served = preview + "assets/images/logo.png"
    assert _serves(served, logo, 30)
    _downloads_made(preview)  # then nothing else rebuilds the pages: only the saved logo can
    Image.new("RGB", (120, 40), "#5a2d82").save(logo)
    assert _serves(served, logo, 5), "the preview still serves the logo it had before"
    shutil.rmtree(logo.parent)
    logo.parent.mkdir()
    Image.new("RGB", (120, 40), "#0b6e4f").save(logo)
    assert _serves(served, logo, 5), "the preview lost sight of the logo once its folder was made again"

    _downloads_made(preview)  # those of the new logo
    log = tiny_project.parent / "serve.log"
    built = log.read_text().count("Documentation built")
    (tiny_project / "notes.txt").write_text("not an input")
    time.sleep(2)
    assert log.read_text().count("Documentation built") == built, "a file beside mkdocs.yml rebuilt the site"


def test_the_pdfs_a_preview_writes_are_those_of_the_newest_text(tiny_project: Path, tmp_path: Path) -> None:
    """An edit while a PDF of the older text is being made: that PDF never lands in the rebuilt site."""
    from generator.build.preview import prepare_preview, stop_background_work
    from generator.inputs.project import Project

    project = Project(tiny_project)
    shared = tiny_project / "content" / "blocks" / "intro.md"
    original = shared.read_text()
    older = prepare_preview(project, "demo")
    shared.write_text(original.replace("schools to make.", "schools to make, edited again."))
    newer = prepare_preview(project, "demo")
    # Both PDFs, the EPUB, the Word document and the braille file are made in the background.
    assert [job.editions for job in older.pending] == [job.editions for job in newer.pending]
    assert [edition.name for job in newer.pending for edition in job.editions] == [
        "standard",
        "large-print",
        "booklet",  # made from the large print's pages, so with it
        "epub",
        "docx",
        "brf",
    ]
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    try:
        older.write_downloads(site_dir)
        first = site_dir / "downloads" / "sen-support.pdf"
        _wait_until(first.exists, seconds=120)  # the older second PDF is now being made
        shutil.rmtree(site_dir)  # the rebuild after the edit, as MkDocs makes it: afresh
        site_dir.mkdir()
        newer.write_downloads(site_dir)
        _wait_until(lambda: any(site_dir.rglob("*.pdf")), seconds=120)
        landed = sorted(site_dir.rglob("*.pdf"))[0]
        text = subprocess.run(["pdftotext", str(landed), "-"], capture_output=True, text=True, check=True).stdout
        assert "edited again" in " ".join(text.split()), f"{landed.name} holds the text before the edit"
    finally:
        stop_background_work()


def _wait_until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.01)


def test_a_mistake_in_a_block_two_leaflets_use_is_listed_once(tiny_project: Path) -> None:
    """As `check` lists it: the preview's page said one typo three times."""
    from generator.build.preview import prepare_preview
    from generator.inputs.project import Project

    own = tiny_project / "authorities" / "demo" / "leaflets"
    own.mkdir()
    (own / "local-guide.yml").write_text(
        "title: Local guide\nsummary: Our own guide.\nsections:\n  - id: guide\n    title: Guide\n    blocks: [intro]\n"
    )
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "  local-guide:\n")
    intro = tiny_project / "content" / "blocks" / "intro.md"
    intro.write_text(intro.read_text().replace("schools to make.", "schools to make {{ publisher.nmae }}."))
    preview = prepare_preview(Project(tiny_project), "demo")
    assert len(preview.mistakes) == 1, preview.mistakes
    assert "content/blocks/intro.md:4:1: error: unknown variable: publisher.nmae is not" in preview.mistakes[0]
    page = preview.site.pages[0].html
    assert page.count("publisher.nmae") == 1


def _files(root: Path) -> list[tuple[Path, bytes]]:
    """Every file under `root`, with its contents: what a refused build must leave as it was."""
    return sorted((path.relative_to(root), path.read_bytes()) for path in root.rglob("*") if path.is_file())


def _mkdocs_build(root: Path, *args: str, command: str = "build") -> subprocess.CompletedProcess[str]:
    """Plain `mkdocs build` (or a `serve` that stops at once), as an editor would run it, of the demo publisher."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", command, *args],
        cwd=root,
        env={**os.environ, "SEN_PUBLISHER": "demo"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_mkdocs_build_refuses_a_site_dir_it_would_empty_and_touches_nothing(tiny_project: Path) -> None:
    """`mkdocs build` empties site_dir before writing: pointed at content/, it would have deleted the blocks."""
    config = tiny_project / "mkdocs.yml"
    text = config.read_text()
    assert "site_dir: .cache/mkdocs-site" in text

    def refused(site_dir: str, *args: str, because: str) -> None:
        """`mkdocs build` with mkdocs.yml naming `site_dir` stops, saying `because`, and changes no file."""
        config.write_text(text.replace("site_dir: .cache/mkdocs-site", f"site_dir: {site_dir}", 1))
        before = _files(tiny_project)
        built = _mkdocs_build(tiny_project, *args)
        assert built.returncode != 0
        assert because in built.stderr, built.stderr
        assert _files(tiny_project) == before

    refused("content", because="mkdocs.yml: 'site_dir' must be a folder inside .cache/")
    # Chosen on the command line, a folder is the editor's own choice, refused as `build --out` refuses one.
    refused(
        ".cache/mkdocs-site",
        "-d",
        "authorities",
        because="authorities' is inside authorities/, which holds the project's own files",
    )
    # A committed link named .cache, leading to the project itself: site_dir .cache/content is content/.
    (tiny_project / ".cache").symlink_to(".")
    refused(".cache/content", because="'site_dir' must be a folder inside .cache/ (not a link)")
    (tiny_project / ".cache").unlink()

    # The allowed folder is built as before: the refusal is not of every build.
    config.write_text(text)
    built = _mkdocs_build(tiny_project)
    assert built.returncode == 0, built.stderr
    assert (tiny_project / ".cache" / "mkdocs-site" / "index.html").is_file()


@pytest.mark.parametrize(
    ("written", "instead", "mkdocs_says"),
    [
        ("custom_dir: templates/site/overrides", "custom_dir:", "TypeError"),
        ("      publisher: !ENV", "    publisher: !ENV", "Invalid Plugins configuration"),
    ],
)
def test_two_site_settings_mistakes_stop_plain_mkdocs_in_its_own_words_and_check_names_them(
    tiny_project: Path, written: str, instead: str, mkdocs_says: str
) -> None:
    """As the README says: MkDocs checks its settings before any plugin runs, so for these two plain `mkdocs build`
    stops in its own words, having changed nothing, and `check` names the line."""
    settings = tiny_project / "mkdocs.yml"
    assert written in settings.read_text()
    settings.write_text(settings.read_text().replace(written, instead, 1))
    before = _files(tiny_project)
    built = _mkdocs_build(tiny_project)
    assert built.returncode != 0 and mkdocs_says in built.stderr, built.stderr
    assert _files(tiny_project) == before
    checked = run_cli(tiny_project, "check")
    assert checked.exit_code == 1 and "mkdocs.yml:" in checked.output and "error:" in checked.output, checked.output


@pytest.mark.parametrize("command", ["build", "serve"])
def test_plain_mkdocs_stops_before_running_a_hook_that_mkdocs_yml_names(tiny_project: Path, command: str) -> None:
    """MkDocs runs a `hooks:` Python file while it reads its settings, and sen-leaflets refused it only afterwards,
    so a web team's (or anyone's) hook had already run under plain `mkdocs build` and `mkdocs serve`."""
    ran = tiny_project / "hook-ran"
    (tiny_project / "authorities" / "demo" / "blocks" / "notes.py").write_text(
        f"open({str(ran)!r}, 'w').write('ran')\n", encoding="utf-8"
    )
    settings = tiny_project / "mkdocs.yml"
    settings.write_text("hooks: [authorities/demo/blocks/notes.py]\n" + settings.read_text())
    args = ("--dev-addr", f"127.0.0.1:{_free_port()}") if command == "serve" else ()
    stopped = _mkdocs_build(tiny_project, *args, command=command)
    assert stopped.returncode != 0
    assert "mkdocs.yml:1:1: error: 'hooks' is not a setting sen-leaflets allows in mkdocs.yml" in stopped.stderr
    assert not ran.exists(), "the hook ran"


def test_a_mistake_in_the_site_settings_at_start_stops_the_preview_and_names_the_setting(tiny_project: Path) -> None:
    settings = tiny_project / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("use_directory_urls: true", "use_directory_urls: yes please"))
    started = _mkdocs_build(tiny_project, "--dev-addr", f"127.0.0.1:{_free_port()}", command="serve")
    assert started.returncode != 0
    assert "use_directory_urls" in started.stderr
    checked = subprocess.run(
        [str(Path(sys.executable).parent / "sen-leaflets"), "check"],
        cwd=tiny_project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "mkdocs.yml:7:21: error: 'use_directory_urls' must be true or false" in checked.stdout


def test_a_preview_asked_to_open_to_the_network_stops_before_serving_anything(tiny_project: Path) -> None:
    """`dev_addr: 0.0.0.0:...` in mkdocs.yml (which check refuses) made the preview answer the whole network."""
    settings = tiny_project / "mkdocs.yml"
    port = _free_port()
    settings.write_text(
        settings.read_text().replace("use_directory_urls: true", f"use_directory_urls: true\ndev_addr: 0.0.0.0:{port}")
    )
    started = _mkdocs_build(tiny_project, command="serve")
    assert started.returncode != 0
    assert f"the preview's address (0.0.0.0:{port}) must be on this computer only" in started.stderr, started.stderr


def test_a_shared_mistake_is_listed_with_the_previewed_publishers_own(tiny_project: Path) -> None:
    """As `check` lists them: fixing the shared mistake does not reveal a second page of mistakes."""
    from generator.build.preview import prepare_preview
    from generator.inputs.project import Project

    leaflets = tiny_project / "content" / "leaflets"
    shutil.copy(leaflets / "sen-support.yml", leaflets / "Sen-Support2.yml")
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "dates_review_typo: 2026-01\n")
    mistakes = prepare_preview(Project(tiny_project), "demo").mistakes
    assert [line.split(": error: ")[0] for line in mistakes] == [
        "authorities/demo.yml:17:1",
        "content/leaflets/Sen-Support2.yml:1:1",
    ], mistakes

"""The site: the plugin builds a tiny project; `sen-leaflets build` builds every publisher."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import run_cli


def _build(root: Path, *args: str) -> tuple[int, str]:
    result = run_cli(root, "build", *args, catch_exceptions=False)
    return result.exit_code, result.output


def _article(html: str) -> str:
    match = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert match, "no <article> in page"
    return match.group(1)


def _mkdocs_build(project: Path, site_dir: Path) -> None:
    """Plain `mkdocs build --strict` of the demo publisher, as an editor would run it."""
    env = {"SEN_PUBLISHER": "demo", "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_mkdocs_build_with_the_plugin(tiny_project: Path) -> None:
    """Plain `mkdocs build`, as an editor would run it, goes through the plugin."""
    _mkdocs_build(tiny_project, tiny_project / "out")
    page = (tiny_project / "out" / "sen-support" / "index.html").read_text()
    assert "<title>SEN support in mainstream schools - Demo IASS</title>" in page
    assert (
        '<p class="citation">SEND Code of Practice, <a href="https://www.gov.uk/government/publications/'
        'send-code-of-practice-0-to-25">paragraph 6.1</a></p>' in page
    )


def test_plain_mkdocs_build_names_a_site_setting_sen_leaflets_refuses_without_a_traceback(tiny_project: Path) -> None:
    """custom_dir: templates/pdf made `mkdocs build` stop with a traceback (Material's templates not found)."""
    settings = tiny_project / "mkdocs.yml"
    settings.write_text(
        settings.read_text().replace("custom_dir: templates/site/overrides", "custom_dir: templates/pdf")
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tiny_project / "out")],
        cwd=tiny_project,
        env={"SEN_PUBLISHER": "demo", "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "mkdocs.yml:11:3: error: 'theme.custom_dir' must be templates/site/overrides" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_site_template_edited_between_builds_in_one_process_is_used(tiny_project: Path) -> None:
    """A process keeps the theme's templates from one site to the next (the preview, a build's worker): an edited
    template in templates/site/overrides is still read again, as in a new process."""
    main = tiny_project / "templates" / "site" / "overrides" / "main.html"
    code, output = _build(tiny_project)
    assert code == 0, output
    assert "edited-footer-marker" not in (tiny_project / "site" / "demo" / "index.html").read_text()
    text = main.read_text()
    main.write_text(text.replace("{% block footer %}", "{% block footer %}<p>edited-footer-marker</p>", 1))
    code, output = _build(tiny_project)
    assert code == 0, output
    assert "edited-footer-marker" in (tiny_project / "site" / "demo" / "index.html").read_text()
    # Saved again within the same tick of a coarse clock (a network drive): the file's time does not change.
    before = main.stat()
    main.write_text(text.replace("{% block footer %}", "{% block footer %}<p>second-edit-marker</p>", 1))
    os.utime(main, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, output = _build(tiny_project)
    assert code == 0, output
    assert "second-edit-marker" in (tiny_project / "site" / "demo" / "index.html").read_text()


def test_build_writes_every_publisher_and_an_index(tiny_project: Path) -> None:
    code, output = _build(tiny_project)
    assert code == 0, output
    site = tiny_project / "site"
    home = (site / "demo" / "index.html").read_text()
    assert "Demo IASS" in _article(home)
    assert 'href="sen-support/"' in _article(home)
    pages = sorted(p.relative_to(site / "demo").as_posix() for p in (site / "demo").rglob("index.html"))
    assert pages == [
        "accessibility/index.html",
        "index.html",
        "sen-support/index.html",
        "sen-support/what-is-sen-support/index.html",
    ]
    index = (site / "index.html").read_text()
    assert '<a href="demo/">Demo IASS</a>' in index
    assert '<html lang="en-GB">' in index
    home = (site / "demo" / "index.html").read_text()
    assert "Initialising search" in home and "Initializing" not in home, "the theme's words in British spelling"


def test_the_index_tells_apart_two_publishers_of_one_name_by_their_folders(tiny_project: Path) -> None:
    """Links with the same words to different sites would leave a reader guessing (`check` warns about the name)."""
    demo = tiny_project / "authorities" / "demo.yml"
    (tiny_project / "authorities" / "copy.yml").write_text(
        demo.read_text()
        .replace("name: Demo IASS", "name: demo  iass")
        .replace("      intro: [demo-local-note]\n", "")
        .replace("    add_after:\n", "")
    )
    code, output = _build(tiny_project)
    assert code == 0, output
    links = re.findall(r"<li><a [^>]*>([^<]*)</a></li>", (tiny_project / "site" / "index.html").read_text())
    assert links == ["demo  iass (copy)", "Demo IASS (demo)"]


def test_every_page_footer_has_helpline_email_and_local_offer(tiny_project: Path) -> None:
    _build(tiny_project)
    for page in (tiny_project / "site" / "demo").rglob("index.html"):
        html = page.read_text()
        footer = html[html.index('class="sen-contact"') :]
        assert '<a href="tel:+443000413000">03000 41 3000</a>' in footer, page  # as the service writes it
        assert '<a href="mailto:help@example.org.uk">help@example.org.uk</a>' in footer, page
        assert '<a href="https://www.kent.gov.uk/local-offer">Local Offer</a>' in footer, page
        assert "SEND Code of Practice</a> (January 2015 edition)" in footer, page
        assert "Published October 2025." in footer, page


def test_branding_colour_reaches_the_site(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "branding:\n  colour: '#7a1f5c'\n")
    _build(tiny_project)
    css = (tiny_project / "site" / "demo" / "assets" / "stylesheets" / "branding.css").read_text()
    assert "--md-primary-fg-color: #7a1f5c;" in css
    assert "assets/stylesheets/branding.css" in (tiny_project / "site" / "demo" / "index.html").read_text()


def test_values_from_yaml_are_escaped_in_theme_templates(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text().replace("name: Demo IASS", "name: Demo & <script>alert(1)</script>"))
    code, output = _build(tiny_project)
    assert code == 1
    assert "'Demo & <script>alert(1)</script>' has < or > in it" in output
    demo.write_text(
        demo.read_text()
        .replace("name: Demo & <script>alert(1)</script>", "name: Demo & Co")
        .replace("email: help@example.org.uk", "email: help@example.org.uk\n  address: ['<script>alert(1)</script>']")
        .replace("name: Kent County Council", "name: '<script>alert(2)</script>'")
    )
    code, output = _build(tiny_project)
    assert code == 0, output
    for page in (tiny_project / "site" / "demo").rglob("*.html"):
        assert "<script>alert(1)</script>" not in page.read_text(), page
        assert "<script>alert(2)</script>" not in page.read_text(), page
    home = (tiny_project / "site" / "demo" / "index.html").read_text()
    assert "<title>Demo &amp; Co</title>" in home
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in home
    assert "Demo &amp; Co" in (tiny_project / "site" / "index.html").read_text()


def test_a_bad_publisher_does_not_stop_the_others_or_lose_its_old_site(tiny_project: Path) -> None:
    shutil.copy(tiny_project / "authorities" / "demo.yml", tiny_project / "authorities" / "other.yml")
    shutil.copytree(tiny_project / "authorities" / "demo", tiny_project / "authorities" / "other")
    code, output = _build(tiny_project)
    assert code == 0, output
    old_home = (tiny_project / "site" / "demo" / "index.html").read_text()
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text().replace("name: Demo IASS", "nme: Demo IASS"))
    (tiny_project / "authorities" / "other.yml").write_text(
        (tiny_project / "authorities" / "other.yml").read_text().replace("Demo IASS", "Other IASS")
    )
    code, output = _build(tiny_project)
    assert code == 1
    assert "FAILED demo" in output
    assert "authorities/demo.yml:1:1: error: unknown key 'nme'; did you mean 'name'?" in output
    assert "1 built, 1 failed: demo" in output
    assert (tiny_project / "site" / "demo" / "index.html").read_text() == old_home
    assert "Other IASS" in (tiny_project / "site" / "other" / "index.html").read_text()
    assert not [p for p in (tiny_project / "site").iterdir() if p.name.startswith(".") and p.is_dir()], (
        "no half-built folders left"
    )


def test_build_only_named_publishers_and_reject_unknown_ones(tiny_project: Path) -> None:
    code, output = _build(tiny_project, "--publisher", "nobody")
    assert code == 1
    assert "unknown publisher 'nobody': the publishers are demo" in output
    code, output = _build(tiny_project, "--publisher", "DEMO")
    assert code != 0 and "unknown publisher 'DEMO': did you mean 'demo'? (the publishers are demo)" in output, output
    # A file that cannot be a publisher (a file manager's copy) is neither offered nor listed as one.
    demo = tiny_project / "authorities" / "demo.yml"
    (tiny_project / "authorities" / "demo2.yaml").write_text(demo.read_text())
    (tiny_project / "authorities" / "demo copy.yml").write_text(demo.read_text())
    code, output = _build(tiny_project, "--publisher", "demo3")
    assert code != 0 and "unknown publisher 'demo3': did you mean 'demo'? (the publishers are demo)" in output, output
    (tiny_project / "authorities" / "demo2.yaml").unlink()
    (tiny_project / "authorities" / "demo copy.yml").unlink()
    code, output = _build(tiny_project, "--authority", "demo", "--out", "elsewhere")
    assert code == 0, output
    assert (tiny_project / "elsewhere" / "demo" / "index.html").is_file()


def test_list_names_every_publisher(tiny_project: Path) -> None:
    assert run_cli(tiny_project, "list").output == "demo\n"


def test_list_says_which_publisher_files_clash_or_lead_out_as_check_does(tiny_project: Path, tmp_path: Path) -> None:
    """demo.yml beside demo.yaml, or a publisher file linking out of the project: build and check fail it, so list
    says so too, rather than listing it as a publisher to build."""
    authorities = tiny_project / "authorities"
    (authorities / "demo.yaml").write_text((authorities / "demo.yml").read_text())
    outside = tmp_path / "elsewhere.yml"
    outside.write_text((authorities / "demo.yml").read_text())
    (authorities / "other.yml").symlink_to(outside)
    listed = run_cli(tiny_project, "list").output.splitlines()
    checked = run_cli(tiny_project, "check").output
    for slug, line in zip(["demo", "other"], listed, strict=True):
        assert line.startswith(f"{slug} (cannot be built: "), line
        reason = line.removeprefix(f"{slug} (cannot be built: ").removesuffix(")")
        assert f"authorities/{slug}.yml:1:1: error: {reason}" in checked, (reason, checked)


def test_list_says_which_files_meant_as_publishers_cannot_be_built_as_check_does(tiny_project: Path) -> None:
    """'kent copy.yml' (a file manager's copy) was listed as a publisher 'kent copy', which check then refused."""
    demo = tiny_project / "authorities" / "demo.yml"
    (tiny_project / "authorities" / "demo copy.yml").write_text(demo.read_text())
    (tiny_project / "authorities" / "other.yml.txt").write_text(demo.read_text())
    (tiny_project / "authorities" / "folder.yml").mkdir()  # a folder, or a file that is not text, named like one
    (tiny_project / "authorities" / "latin.yml").write_bytes(demo.read_bytes().replace(b"Demo", b"D\xe9mo"))
    (tiny_project / "authorities" / "two\nlines.yml").write_text(demo.read_text())
    (tiny_project / "authorities" / "broken.yml").write_text("name: [unclosed\n")
    listed = run_cli(tiny_project, "list").output.splitlines()
    checked = run_cli(tiny_project, "check").output
    # As the README says, list judges names and forms, not what a file says: check finds that mistake.
    assert listed[:2] == ["broken", "demo"], listed
    assert "authorities/broken.yml:1:7: error: " in checked
    assert len(listed) == 7, listed  # a line break in a name is shown as its code, not as a second publisher
    assert listed[6].startswith("two<U+000A>lines (cannot be built: "), listed
    for slug, line in zip(["demo copy", "folder", "latin", "other"], listed[2:6], strict=True):
        assert line.startswith(f"{slug} (cannot be built: "), line
        reason = line.removeprefix(f"{slug} (cannot be built: ").removesuffix(")")
        assert f"error: {reason}" in checked


def test_logo_is_shown_with_its_alt_text(tiny_project: Path) -> None:
    logo = tiny_project / "authorities" / "demo" / "logo.png"
    Image.new("RGB", (120, 40), "#1d4f91").save(logo)
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "branding:\n  logo:\n    path: authorities/demo/logo.png\n    alt: Demo IASS\n")
    code, output = _build(tiny_project)
    assert code == 0, output
    assert '<img src="assets/images/logo.png" alt="Demo IASS">' in (tiny_project / "site/demo/index.html").read_text()
    assert (tiny_project / "site/demo/assets/images/logo.png").read_bytes() == logo.read_bytes()


def test_the_logo_is_in_the_header_on_every_page_and_is_the_sites_icon(tiny_project: Path) -> None:
    logo = tiny_project / "authorities" / "demo" / "logo.png"
    Image.new("RGB", (120, 40), "#1d4f91").save(logo)
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "branding:\n  logo:\n    path: authorities/demo/logo.png\n    alt: Demo IASS\n")
    code, output = _build(tiny_project)
    assert code == 0, output
    site = tiny_project / "site" / "demo"
    for page, up in (
        (site / "index.html", ""),
        (site / "sen-support" / "what-is-sen-support" / "index.html", "../../"),
    ):
        html = page.read_text()
        header = html[html.index('class="md-header__button md-logo"') :]
        assert header[: header.index("</a>")].count(f'<img src="{up}assets/images/logo.png"') == 1, page
        assert f'<link rel="icon" href="{up}assets/images/logo.png">' in html, page
    assert "favicon.png" not in (site / "index.html").read_text(), "never Material's icon"


def test_without_a_logo_the_icon_is_a_square_of_the_brand_colour(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "branding:\n  colour: '#5a2d82'\n")
    code, output = _build(tiny_project)
    assert code == 0, output
    site = tiny_project / "site" / "demo"
    assert '<link rel="icon" href="assets/images/favicon.svg">' in (site / "index.html").read_text()
    assert 'fill="#5a2d82"' in (site / "assets" / "images" / "favicon.svg").read_text()


def test_the_footer_has_the_copyright_and_licence_lines_and_no_generator_line(tiny_project: Path) -> None:
    code, output = _build(tiny_project)
    assert code == 0, output
    html = (tiny_project / "site" / "demo" / "index.html").read_text()
    assert "Made with" not in html and "squidfunk" not in html
    assert "© Demo IASS 2025. Quotations from the SEND Code of Practice: " in html
    assert (
        '<a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">'
        "Crown copyright, Open Government Licence v3.0</a>." in html
    )
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text().replace("name: Demo IASS\n", "name: Demo IASS\ncopyright: '© <b>Demo</b> & Co'\n", 1)
    )
    code, output = _build(tiny_project)
    assert code == 0, output
    html = (tiny_project / "site" / "demo" / "index.html").read_text()
    assert "© &lt;b&gt;Demo&lt;/b&gt; &amp; Co. Quotations from the SEND Code of Practice" in html


def test_logo_outside_the_repository_is_refused(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "branding:\n  logo:\n    path: ../../etc/logo.png\n    alt: Demo\n")
    code, output = _build(tiny_project)
    assert code == 1
    assert (
        "authorities/demo.yml:19:11: error: the logo must be a file inside the repository, "
        "for example authorities/<slug>/logo.png" in output
    )


def test_one_contact_view_footer_and_home_page_agree_and_honour_a_replacement_panel(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(
        demo.read_text()
        .replace("  email: help@example.org.uk\n", "  email: help@example.org.uk\n  email_label: Write to us\n")
        .replace("    number: 03000 41 3000\n", "    number: 03000 41 3000\n  textphone:\n    number: 01622 605 000\n")
        .replace("    add_after:\n", "    replace: {contact-panel: demo-contact}\n    add_after:\n")
    )
    (tiny_project / "authorities" / "demo" / "blocks" / "demo-contact.md").write_text(
        "---\ntitle: Our contact details\n---\nCome and see us: {{ email_link(publisher.contact.email) }}\n"
    )
    code, output = _build(tiny_project)
    assert code == 0, output
    site = tiny_project / "site" / "demo"
    for page in site.rglob("index.html"):
        footer = page.read_text()[page.read_text().index('class="sen-contact"') :]
        assert '<li>Textphone: <a href="tel:+441622605000">01622 605 000</a></li>' in footer, page
        assert '<li>Write to us: <a href="mailto:help@example.org.uk">help@example.org.uk</a></li>' in footer, page
    home = _article((site / "index.html").read_text())
    assert "Come and see us:" in home, "the home page shows the publisher's own panel"
    assert "Helpline:" not in home, "not the shared one it replaces"


def test_theme_files_are_shared_between_sites_yet_each_site_has_them_whole(tiny_project: Path) -> None:
    """`build` links the theme's files to one copy; each site still holds every file plain MkDocs would write."""
    authorities = tiny_project / "authorities"
    (authorities / "other.yml").write_text((authorities / "demo.yml").read_text())
    shutil.copytree(authorities / "demo", authorities / "other")
    plain = tiny_project / "plain"
    _mkdocs_build(tiny_project, plain)
    code, output = _build(tiny_project)
    assert code == 0, output
    built = tiny_project / "site" / "demo"
    expected = {p.relative_to(plain) for p in (plain / "assets").rglob("*") if p.is_file()}
    found = {p.relative_to(built) for p in (built / "assets").rglob("*") if p.is_file()}
    assert expected and found == expected
    for name in expected:
        assert (built / name).read_bytes() == (plain / name).read_bytes(), name
    assert not (tiny_project / "site" / ".sen-leaflets-work" / "theme").exists()
    # Shared: Material's files in one site are the very files of the other (links to one copy); ours are not.
    other = tiny_project / "site" / "other"
    shared = {name for name in expected if (built / name).samefile(other / name)}
    import material

    theme = {name for name in expected if (Path(material.__file__).parent / "templates" / name).is_file()}
    assert len(theme) > 20 and shared == theme, expected - shared


def test_a_theme_file_two_workers_copy_at_once_is_one_file_in_every_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers each found no shared copy and made one: the second replaced the first, so the first worker's
    sites held a file of their own (seen in a fresh clone, where two sites built at once were not linked)."""
    from generator.outputs.site import plugin

    source, shared = tmp_path / "bundle.js", tmp_path / "work" / "theme" / "bundle.js"
    source.write_text("//")
    first_site, second_site = tmp_path / "first" / "bundle.js", tmp_path / "second" / "bundle.js"
    copy = shutil.copyfile

    def copy_while_the_other_worker_finishes(src: Path, dst: str) -> None:
        copy(src, dst)
        if not shared.exists():  # the other worker makes its copy and links its site while this one copies
            monkeypatch.setattr(shutil, "copyfile", copy)
            plugin._link_shared(source, shared, first_site)

    monkeypatch.setattr(shutil, "copyfile", copy_while_the_other_worker_finishes)
    plugin._link_shared(source, shared, second_site)
    assert first_site.samefile(second_site) and first_site.samefile(shared)
    assert sorted(path.name for path in shared.parent.iterdir()) == ["bundle.js"], "a temporary copy was left"


def test_a_theme_file_whose_copy_fails_is_never_put_in_place_half_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy cut short (a full disk) stops the site with its error, and leaves no shared file for the next site."""
    from generator.outputs.site import plugin

    source, shared = tmp_path / "bundle.js", tmp_path / "work" / "theme" / "bundle.js"
    source.write_text("// the whole script")

    def disk_full(src: Path, dst: str) -> None:
        Path(dst).write_text("// the wh")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    with pytest.raises(OSError, match="No space left"):
        plugin._link_shared(source, shared, tmp_path / "site" / "bundle.js")
    assert list(shared.parent.iterdir()) == []


def test_a_file_that_leads_into_the_theme_counts_as_the_themes(tmp_path: Path) -> None:
    """Files are told apart by where MkDocs found them, and, for any other, by where it really is."""
    from mkdocs.structure.files import File

    from generator.outputs.site.plugin import _from_theme

    theme, docs = tmp_path / "theme", tmp_path / "docs"
    (theme / "assets").mkdir(parents=True)
    (docs / "assets").mkdir(parents=True)
    (theme / "assets" / "bundle.js").write_text("//")
    (docs / "assets" / "ours.css").write_text("p {}")
    (docs / "assets" / "linked.js").symlink_to(theme / "assets" / "bundle.js")
    dirs, resolved = [str(theme) + "/"], [theme.resolve()]

    def from_theme(folder: Path, name: str) -> bool:
        return _from_theme(File(name, str(folder), str(tmp_path / "site"), True), dirs, resolved)

    assert from_theme(theme, "assets/bundle.js")
    assert not from_theme(docs, "assets/ours.css")
    assert from_theme(docs, "assets/linked.js")
    assert not from_theme(tmp_path, "theme-not/x.js"), "a folder whose name starts with the theme's is not the theme"


def test_a_site_laid_out_by_the_check_then_offered_its_pdfs_is_the_site_laid_out_with_them() -> None:
    """`build` reuses the check's layout and adds the downloads: the result is what one layout with them makes."""
    import datetime as dt

    from generator.build.check import check_project
    from generator.inputs.load import load_library
    from generator.inputs.project import Project
    from generator.outputs.downloads import LARGE_PRINT, STANDARD_PRINT, Download
    from generator.outputs.site.pages import lay_out_site, offer_downloads

    project = Project(Path(__file__).resolve().parent.parent)
    library = load_library(project)
    result = check_project(project, ["kent", "essex"], dt.date(2026, 1, 1))
    for check in result.publishers:
        assert check.ok and check.inputs is not None and check.site is not None
        downloads = [
            Download(leaflet.id, leaflet.title, edition, f"PDF, {n} KB, 7 pages")
            for n, (leaflet, edition) in enumerate(
                (each, e) for each in check.leaflets for e in (STANDARD_PRINT, LARGE_PRINT)
            )
        ]
        offered = offer_downloads(project, library, check.inputs, check.leaflets, check.site, downloads)
        assert offered == lay_out_site(project, library, check.inputs, check.leaflets, downloads)
        assert offered != check.site


def test_an_announcement_bar_says_so_while_the_code_is_under_review(tiny_project: Path) -> None:
    code_file = tiny_project / "content" / "code-of-practice.yml"
    text = code_file.read_text()
    assert "under_review:" in text  # the repository's Code data: the 2026 White Paper's proposals
    code_file.write_text(
        text.replace(
            "under_review:\n",
            "under_review:\n  url: https://www.gov.uk/example\n  link_text: What is <proposed> & when\n",
            1,
        )
    )
    code, output = _build(tiny_project)
    assert code == 0, output
    for page in ("index.html", "sen-support/index.html", "accessibility/index.html", "404.html"):
        html = (tiny_project / "site" / "demo" / page).read_text()
        banner = html[html.index('<aside class="md-banner">') :]
        banner = banner[: banner.index("</aside>")]
        assert "2026 Schools White Paper proposes changes to SEN support" in banner, page
        assert '<a href="https://www.gov.uk/example">What is &lt;proposed&gt; &amp; when</a>' in banner, page
    code_file.write_text(text[: text.index("under_review:")] + text[text.index("# Paragraphs") :])
    code, output = _build(tiny_project)
    assert code == 0, output
    assert "md-banner" not in (tiny_project / "site" / "demo" / "index.html").read_text()


def test_every_page_says_when_it_was_last_updated_from_the_yaml_dates(tiny_project: Path) -> None:
    demo = tiny_project / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "accessibility:\n  prepared: 2025-11-03\n  reviewed: 2026-01-20\n")
    (tiny_project / "content" / "glossary.yml").write_text(
        "terms:\n  - abbreviation: SEN\n    meaning: special educational needs\n"
    )
    code, output = _build(tiny_project)
    assert code == 0, output
    site = tiny_project / "site" / "demo"
    pages = [page for page in site.rglob("*.html") if page.name != "404.html"]
    assert site / "glossary" / "index.html" in pages
    for page in pages:
        assert '<p class="sen-updated">Last updated: ' in page.read_text(), page
    assert '<p class="sen-updated">Last updated: October 2025</p>' in (site / "sen-support" / "index.html").read_text()
    assert '<p class="sen-updated">Last updated: 20 January 2026</p>' in (site / "accessibility/index.html").read_text()
    sitemap = (site / "sitemap.xml").read_text()
    assert (
        "<loc>https://leaflets.demo-iass.org.uk/demo/accessibility/</loc>\n         <lastmod>2026-01-20</lastmod>"
        in sitemap
    )
    assert sitemap.count("<lastmod>2025-10-01</lastmod>") == sitemap.count("<loc>") - 1
    first = {p: p.read_bytes() for p in sorted(site.rglob("*.html"))}
    assert _build(tiny_project, "--force")[0] == 0
    assert {p: p.read_bytes() for p in sorted(site.rglob("*.html"))} == first, "the same YAML, the same pages"


def test_search_highlights_and_suggests_and_long_pages_have_back_to_top(tiny_project: Path) -> None:
    code, output = _build(tiny_project)
    assert code == 0, output
    html = (tiny_project / "site" / "demo" / "sen-support" / "index.html").read_text()
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert {"search.highlight", "search.suggest", "navigation.top"} <= set(config["features"])
    assert 'class="md-search__suggest"' in html
    assert 'class="md-top md-icon" data-md-component="top"' in html


def test_mkdocs_lists_the_installed_themes_once_for_every_site(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each site's settings (each publisher's, each preview rebuild's) are loaded without MkDocs reading every
    installed package's entry points again to find its themes."""
    import mkdocs.utils

    from generator.inputs.project import Project
    from generator.outputs.site.mkdocs_site import load_site_configuration

    load_site_configuration(Project(tiny_project))
    listed: list[dict[str, str]] = []
    real = mkdocs.utils.entry_points
    monkeypatch.setattr(mkdocs.utils, "entry_points", lambda **kw: listed.append(kw) or real(**kw))
    for _ in range(3):
        assert load_site_configuration(Project(tiny_project)).theme.name == "material"
    assert listed == []

"""Incremental, parallel and sharded builds: which publishers are rebuilt after each kind of change.

Nothing here is timed: the tests prove what is (and is not) rendered, and that
output is the same bytes however it was reached.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.pipeline import build_publishers, shard
from generator.cli import main
from generator.inputs.load import list_slugs
from generator.inputs.project import Project
from generator.problems import ContentError, Problem


@pytest.fixture
def two_publishers(tiny_project: Path) -> Path:
    """demo, and 'other', which leaves out the shared block 'specialist-help' and has a local block."""
    authorities = tiny_project / "authorities"
    other = (authorities / "demo.yml").read_text().replace("Demo IASS", "Other IASS")
    other = other.replace("    add_after:\n      intro: [demo-local-note]\n", "    leave_out: [specialist-help]\n")
    other = other.replace("sen-support:\n", "sen-support:\n    add_after: {intro: [other-note]}\n")
    (authorities / "other.yml").write_text(other)
    (authorities / "other" / "blocks").mkdir(parents=True)
    (authorities / "other" / "blocks" / "other-note.md").write_text("---\ntitle: Note\n---\nOur own note.\n")
    return tiny_project


def _rebuilt(root: Path, out: str = "site", **options: object) -> list[str]:
    results = build_publishers(Project(root), ["demo", "other"], root / out, formats=frozenset(), **options)  # type: ignore[arg-type]
    assert all(r.ok for r in results), [r.problems or r.error for r in results]
    return [r.slug for r in results if not r.skipped]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_nothing_changed_means_nothing_rendered(two_publishers: Path) -> None:
    assert _rebuilt(two_publishers) == ["demo", "other"]
    page = two_publishers / "site" / "demo" / "index.html"
    stamp = page.stat().st_mtime_ns
    assert _rebuilt(two_publishers) == []
    assert page.stat().st_mtime_ns == stamp


def test_a_rebuild_with_nothing_to_do_leaves_mkdocs_settings_unloaded_and_a_broken_one_still_fails(
    two_publishers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading mkdocs.yml with MkDocs was a quarter of a rebuild with nothing to do: it is loaded only when a site is
    made, and mkdocs.yml is an input of every site, so a broken one still stops the build."""
    import generator.outputs.site.mkdocs_site as mkdocs_site

    _rebuilt(two_publishers)
    loaded = []
    load = mkdocs_site.load_site_configuration
    monkeypatch.setattr(mkdocs_site, "load_site_configuration", lambda *a, **k: loaded.append(1) or load(*a, **k))
    assert _rebuilt(two_publishers) == [] and loaded == []
    _edit(two_publishers / "mkdocs.yml", "use_directory_urls: true", "use_directory_urls: 3")
    with pytest.raises(ContentError) as refused:
        _rebuilt(two_publishers)
    assert any("use_directory_urls" in problem.message for problem in refused.value.problems)


def test_a_publishers_yaml_rebuilds_only_that_publisher(two_publishers: Path) -> None:
    _rebuilt(two_publishers)
    _edit(two_publishers / "authorities" / "other.yml", "Other IASS", "Other Service")
    assert _rebuilt(two_publishers) == ["other"]


def test_a_local_block_rebuilds_only_its_publisher(two_publishers: Path) -> None:
    _rebuilt(two_publishers)
    _edit(two_publishers / "authorities" / "demo" / "blocks" / "demo-local-note.md", "inclusion team", "SEN team")
    assert _rebuilt(two_publishers) == ["demo"]


def test_the_glossary_rebuilds_everyone(two_publishers: Path) -> None:
    """Every site shows the glossary's page and tooltips."""
    glossary = two_publishers / "content" / "glossary.yml"
    glossary.write_text("terms:\n  - abbreviation: SENCO\n    meaning: special educational needs co-ordinator\n")
    _rebuilt(two_publishers)
    _edit(glossary, "co-ordinator", "coordinator")
    assert _rebuilt(two_publishers) == ["demo", "other"]


def test_a_shared_block_rebuilds_everyone_who_uses_it_and_no_one_else(two_publishers: Path) -> None:
    _rebuilt(two_publishers)
    _edit(two_publishers / "content" / "blocks" / "specialist-help.md", "specialists", "specialist services")
    assert _rebuilt(two_publishers) == ["demo"]  # 'other' leaves it out
    _edit(two_publishers / "content" / "blocks" / "intro.md", "schools to make", "schools and colleges to make")
    assert _rebuilt(two_publishers) == ["demo", "other"]


def test_a_shared_block_taken_in_by_include_rebuilds_who_includes_it(two_publishers: Path) -> None:
    """'other' leaves 'specialist-help' out but takes it in with {% include %}, through a shared block in between."""
    blocks = two_publishers / "content" / "blocks"
    (blocks / "between.md").write_text('---\ntitle: Between\n---\n{% include "specialist-help" %}\n')
    note = two_publishers / "authorities" / "other" / "blocks" / "other-note.md"
    _edit(note, "Our own note.", '{% include "between" %}')
    _rebuilt(two_publishers)
    _edit(blocks / "specialist-help.md", "specialists", "specialist services")
    assert _rebuilt(two_publishers) == ["demo", "other"]
    assert "specialist services" in (two_publishers / "site" / "other" / "sen-support" / "index.html").read_text()


def test_a_logo_elsewhere_in_the_repository_rebuilds_its_publisher(two_publishers: Path) -> None:
    from PIL import Image

    logo = two_publishers / "logos" / "other.png"
    logo.parent.mkdir()
    Image.new("RGB", (120, 40), "#1d4f91").save(logo)
    other = two_publishers / "authorities" / "other.yml"
    other.write_text(other.read_text() + "branding:\n  logo:\n    path: logos/other.png\n    alt: Other IASS\n")
    _rebuilt(two_publishers)
    Image.new("RGB", (120, 40), "#5a2d82").save(logo)
    assert _rebuilt(two_publishers) == ["other"]
    assert (two_publishers / "site" / "other" / "assets" / "images" / "logo.png").read_bytes() == logo.read_bytes()


def test_a_new_shared_block_named_like_a_local_block_is_found_by_the_next_build(two_publishers: Path) -> None:
    """The publisher's site was current, but the clash is an error: the build must say so, as `check` does."""
    _rebuilt(two_publishers)
    note = two_publishers / "authorities" / "other" / "blocks" / "other-note.md"
    shutil.copy(note, two_publishers / "content" / "blocks" / "other-note.md")
    results = build_publishers(Project(two_publishers), ["demo", "other"], two_publishers / "site", formats=frozenset())
    assert [(r.slug, r.ok, r.skipped) for r in results] == [("demo", True, True), ("other", False, False)]
    assert "same name as a shared block" in results[1].problems[0].message


def test_templates_and_the_leaflet_rebuild_everyone(two_publishers: Path) -> None:
    _rebuilt(two_publishers)
    _edit(two_publishers / "templates" / "site" / "home.md", "## Leaflets", "## Our leaflets")
    assert _rebuilt(two_publishers) == ["demo", "other"]
    _edit(two_publishers / "content" / "leaflets" / "sen-support.yml", "What is SEN support?", "What SEN support is")
    assert _rebuilt(two_publishers) == ["demo", "other"]


def test_force_and_a_missing_output_rebuild(two_publishers: Path) -> None:
    _rebuilt(two_publishers)
    assert _rebuilt(two_publishers, force=True) == ["demo", "other"]
    (two_publishers / "site" / "other" / "sen-support" / "index.html").unlink()
    assert _rebuilt(two_publishers) == ["other"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuilt_output_is_byte_identical_to_a_fresh_build(two_publishers: Path) -> None:
    project = Project(two_publishers)
    build_publishers(project, ["demo", "other"], two_publishers / "incremental")
    _edit(two_publishers / "authorities" / "demo" / "blocks" / "demo-local-note.md", "inclusion team", "SEN team")
    rebuilt = build_publishers(project, ["demo", "other"], two_publishers / "incremental")
    assert [r.slug for r in rebuilt if not r.skipped] == ["demo"]
    build_publishers(project, ["demo", "other"], two_publishers / "fresh", jobs=2)
    incremental, fresh = _tree(two_publishers / "incremental"), _tree(two_publishers / "fresh")
    assert incremental.keys() == fresh.keys()
    assert [name for name in fresh if incremental[name] != fresh[name]] == []
    assert any(name.endswith("downloads/sen-support-large-print.pdf") for name in fresh)


def test_shards_split_the_publishers_without_overlap() -> None:
    slugs = ["a", "b", "c", "d", "e"]
    parts = [shard(slugs, k, 3) for k in (1, 2, 3)]
    assert parts == [["a", "d"], ["b", "e"], ["c"]]
    assert sorted(slug for part in parts for slug in part) == slugs


def test_cli_shard_and_jobs(two_publishers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(two_publishers)
    result = CliRunner().invoke(main, ["build", "--no-pdf", "--shard", "2/2", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["built  other -> site/other/", "1 built, 0 failed"]
    assert not (two_publishers / "site" / "demo").exists()
    result = CliRunner().invoke(main, ["build", "--no-pdf", "--jobs", "2"])
    assert result.stdout.splitlines() == [
        "unchanged other -> site/other/",  # publishers with nothing to do are reported first
        "built  demo -> site/demo/",
        "1 built, 1 unchanged, 0 failed",
    ]
    result = CliRunner().invoke(main, ["build", "--shard", "3/2"])
    assert result.exit_code == 2
    assert "write it as K/N with 1 <= K <= N" in result.output
    shutil.rmtree(two_publishers / "site")


def test_the_sitemap_is_dated_by_publication_not_by_the_day_of_the_build(two_publishers: Path) -> None:
    demo = two_publishers / "authorities" / "demo.yml"
    demo.write_text(demo.read_text() + "site_url: https://leaflets.example.org.uk/demo/\n")
    _rebuilt(two_publishers)
    sitemap = (two_publishers / "site" / "demo" / "sitemap.xml").read_text()
    assert "<loc>https://leaflets.example.org.uk/demo/sen-support/</loc>" in sitemap
    assert sitemap.count("<lastmod>2025-10-01</lastmod>") == sitemap.count("<loc>")  # demo is published 2025-10


def test_the_drift_page_after_rebuilds_is_the_one_a_fresh_build_writes(two_publishers: Path) -> None:
    """The drift page reuses what the manifest keeps, yet follows every change, even to a block no page shows."""
    blocks = two_publishers / "authorities" / "other" / "blocks"
    (blocks / "other-forms.md").write_text("---\ntitle: Forms\n---\nSupport takes several forms here.\n")
    _edit(
        two_publishers / "authorities" / "other.yml",
        "sen-support:\n",
        "sen-support:\n    replace: {support-forms: other-forms}\n",
    )
    _rebuilt(two_publishers)

    def fresh() -> str:
        shutil.rmtree(two_publishers / "fresh", ignore_errors=True)
        _rebuilt(two_publishers, out="fresh")
        return (two_publishers / "fresh-reports" / "drift.html").read_text()

    def kept() -> str:
        return (two_publishers / "site-reports" / "drift.html").read_text()

    # 'support-forms' is replaced by 'other' and shown by 'demo': its change rebuilds demo alone,
    # yet other's comparison with it, on the drift page, changes too.
    shared = two_publishers / "content" / "blocks" / "support-forms.md"
    _edit(shared, "forms", "shapes")
    assert _rebuilt(two_publishers) == ["demo"]
    assert "shapes" in kept() and kept() == fresh()
    _edit(blocks / "other-forms.md", "several", "many")
    assert _rebuilt(two_publishers) == ["other"]
    assert "many" in kept() and kept() == fresh()
    _edit(two_publishers / "authorities" / "demo.yml", "Demo IASS", "Demo Service")
    assert _rebuilt(two_publishers) == ["demo"]
    assert "Demo Service" in kept() and kept() == fresh()


def test_a_publisher_whose_file_is_gone_has_its_site_removed_unless_it_holds_others_files(
    two_publishers: Path,
) -> None:
    """A service that left (or was renamed) is not left published, nor listed: its site was sen-leaflets' own."""
    _rebuilt(two_publishers)
    site = two_publishers / "site"
    (two_publishers / "authorities" / "other.yml").unlink()
    (site / "other" / "notes.txt").write_text("the web team's own file\n")
    results = build_publishers(Project(two_publishers), ["demo"], site, formats=frozenset())
    [kept] = [r for r in results if r.slug == "other"]
    assert not kept.ok and "holds files sen-leaflets did not make (notes.txt)" in kept.error
    assert (site / "other" / "notes.txt").is_file(), "nothing it did not make is deleted"
    (site / "other" / "notes.txt").unlink()
    results = build_publishers(Project(two_publishers), ["demo"], site, formats=frozenset())
    assert [(r.slug, r.ok, r.removed) for r in results if r.slug == "other"] == [("other", True, True)]
    assert not (site / "other").exists()
    assert 'href="other/' not in (site / "index.html").read_text(), "nor listed"
    assert [r.slug for r in build_publishers(Project(two_publishers), ["demo"], site, formats=frozenset())] == ["demo"]


@pytest.mark.parametrize("name", ["other.yml.txt", "other.YML", "other.yaml", "other.yml "])
def test_a_publisher_file_saved_under_another_ending_fails_that_publisher_and_its_site_stays(
    two_publishers: Path, name: str
) -> None:
    """Notepad saves other.yml as other.yml.txt: a mistake to report at the file, not a service that left;
    and, as any one publisher's mistake, it stops no other publisher."""
    _rebuilt(two_publishers)
    authorities = two_publishers / "authorities"
    (authorities / "other.yml").rename(authorities / name)
    error = _only_other_fails(two_publishers)
    assert error.path.name == name and "rename" in error.message and "other.yml" in error.message, error
    # `check` names it too, at the file, as a problem of that publisher.
    from generator.build.check import check_project

    checked = check_project(Project(two_publishers)).problems
    assert [p.path.name for p in checked if p.severity == "error"] == [name]


@pytest.mark.parametrize("name", ["Other.yml", "OTHER.yml"])
def test_a_publisher_file_renamed_in_capitals_fails_that_publisher_and_its_site_stays(
    two_publishers: Path, name: str
) -> None:
    """other.yml renamed Other.yml (as Windows or a Mac may leave a renamed file): its name is refused, and the
    site made for other is kept, as for other.yaml, never removed as if the service had left."""
    _rebuilt(two_publishers)
    authorities = two_publishers / "authorities"
    (authorities / "other.yml").rename(authorities / name)
    site = two_publishers / "site"
    slugs = list_slugs(Project(two_publishers))
    results = {r.slug: r for r in build_publishers(Project(two_publishers), slugs, site, formats=frozenset())}
    assert not results[name.removesuffix(".yml")].ok
    assert "other" not in results, "not removed"
    assert (site / "other" / "index.html").is_file()


@pytest.mark.parametrize("name", ["Other.yml", "OTHER.yml"])
def test_a_publisher_file_renamed_in_capitals_is_said_to_keep_the_folder_really_kept(
    two_publishers: Path, name: str
) -> None:
    """The build keeps site/other/ for Other.yml: its FAILED line names that folder, not site/Other/, which is not
    there. A file whose meant name is another publisher's ('demo .yml' beside demo.yml) names no folder: the site in
    site/demo/ is demo.yml's, and is built from it."""
    from tests.conftest import run_cli

    _rebuilt(two_publishers)
    authorities = two_publishers / "authorities"
    (authorities / "other.yml").rename(authorities / name)
    (authorities / "demo .yml").write_text((authorities / "demo.yml").read_text())
    result = run_cli(two_publishers, "build", "--formats", "none", "--jobs", "1")
    assert result.exit_code == 1
    slug = name.removesuffix(".yml")
    assert f"FAILED {slug}: nothing in site/other/ was changed (a site made before stays)\n" in result.output
    assert "FAILED demo \n  authorities/demo .yml:1:1: error: 'demo .yml' is not a usable" in result.output
    assert "site/demo/ was changed" not in result.output
    assert (two_publishers / "site" / "other" / "index.html").is_file()


def test_a_publisher_file_named_with_terminal_escapes_is_shown_by_their_codes(two_publishers: Path) -> None:
    """A build names a failed publisher by its file's name, in its FAILED line and its summary: an escape code in
    that name must not act on the terminal (README, Safety), as it does not in the file's own message."""
    from tests.conftest import run_cli

    authorities = two_publishers / "authorities"
    (authorities / "other\x1b[2J\x07.yml").write_text((authorities / "other.yml").read_text())
    result = run_cli(two_publishers, "build", "--formats", "none", "--jobs", "1")
    assert result.exit_code == 1
    shown = "other<U+001B>[2J<U+0007>"
    said = f"FAILED {shown}: nothing in site/other-2j/ was changed (a site made before stays)\n"
    assert f"{said}  authorities/{shown}.yml:1:1: error: " in result.output
    assert result.output.endswith(f"2 built, 1 failed: {shown}\n")
    assert "\x1b" not in result.output and "\x07" not in result.output


@pytest.mark.parametrize("mistake", ["a twin with another ending", "a twin in capitals", "a link out of the project"])
def test_a_publisher_file_that_clashes_or_leads_outside_fails_only_that_publisher(
    two_publishers: Path, tmp_path: Path, mistake: str
) -> None:
    """kent.yml beside kent.yaml (or Kent.yml), or a publisher file that is a link to a file outside the repository:
    that publisher's mistake, which stops its build only, as the README says of every publisher's error."""
    _rebuilt(two_publishers)
    authorities = two_publishers / "authorities"
    other = authorities / "other.yml"
    if mistake == "a twin with another ending":
        (authorities / "other.yaml").write_text(other.read_text())
    elif mistake == "a twin in capitals":
        (authorities / "Other.yml").write_text(other.read_text())
    else:
        outside = tmp_path / "elsewhere.yml"
        outside.write_text(other.read_text())
        other.unlink()
        other.symlink_to(outside)
    error = _only_other_fails(two_publishers)
    assert error.path == other and ("has the same name" in error.message or "outside the repository" in error.message)


def test_a_publisher_file_linking_to_another_in_the_repository_is_a_second_publisher(two_publishers: Path) -> None:
    """As the README says: authorities/other2.yml, a link to other.yml, is a second publisher, other2, made from the
    same facts and changes into a site of its own, with its own folder's local blocks (shared through a link too)."""
    from tests.conftest import run_cli

    authorities = two_publishers / "authorities"
    (authorities / "other2.yml").symlink_to("other.yml")
    project = Project(two_publishers)
    assert list_slugs(project) == ["demo", "other", "other2"]
    assert run_cli(two_publishers, "list").output == "demo\nother\nother2\n"
    # other's changes add its own block, other-note: a block of other's folder, not of other2's.
    checked = run_cli(two_publishers, "check", "-p", "other2").output
    assert "authorities/other2.yml:15:25: error: unknown block 'other-note': there is no content/blocks/" in checked
    assert "it is other's own block (authorities/other/blocks/other-note.md)" in checked
    (authorities / "other2").symlink_to("other")
    assert run_cli(two_publishers, "check", "-p", "other2").exit_code == 0
    site = two_publishers / "site"
    results = build_publishers(project, list_slugs(project), site, formats=frozenset())
    assert all(r.ok for r in results), [r.problems or r.error for r in results]

    def said(slug: str) -> str:
        return "".join(page.read_text() for page in sorted((site / slug).rglob("*.html")))

    assert "Other IASS" in said("other2") and "Our own note." in said("other2")
    assert said("other2").replace("other2", "other") == said("other"), "the same site, at its own address"
    index = (site / "index.html").read_text()
    assert 'href="other/"' in index and 'href="other2/"' in index
    # One file, so one change reaches both.
    other = authorities / "other.yml"
    other.write_text(other.read_text().replace("Other IASS", "Other IASS, renamed"))
    rebuilt = build_publishers(project, list_slugs(project), site, formats=frozenset())
    assert sorted(r.slug for r in rebuilt if not r.skipped) == ["other", "other2"]
    assert "Other IASS, renamed" in (site / "other2" / "index.html").read_text()


def _only_other_fails(two_publishers: Path) -> Problem:
    """Change demo, build both: demo is built, other fails with one error (returned), and its site stays."""
    site = two_publishers / "site"
    demo = two_publishers / "authorities" / "demo.yml"
    demo.write_text(demo.read_text().replace("Demo IASS", "Demo IASS, renamed"))
    results = {
        r.slug: r for r in build_publishers(Project(two_publishers), ["demo", "other"], site, formats=frozenset())
    }
    assert results["demo"].ok and "Demo IASS, renamed" in (site / "demo" / "index.html").read_text()
    failed = results["other"]
    assert not failed.ok and not failed.removed
    [error] = [problem for problem in failed.problems if problem.severity == "error"]
    assert (site / "other" / "index.html").is_file(), "its site is not removed"
    return error

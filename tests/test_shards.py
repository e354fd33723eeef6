"""Building in shards on several machines, then `sen-leaflets index`: the same site as one build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_incremental import two_publishers  # noqa: F401  (a fixture: demo and other)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(root: Path, *args: str) -> None:
    result = run_cli(root, "build", "--jobs", "1", *args)
    assert result.exit_code == 0, result.output


def test_shards_put_together_then_indexed_are_one_full_build_byte_for_byte(two_publishers: Path) -> None:  # noqa: F811
    root = two_publishers
    _build(root, "--out", "full")
    # Each CI job builds its shard on a machine of its own: here, a folder of its own.
    _build(root, "--shard", "1/2", "--out", "shard-1")
    _build(root, "--shard", "2/2", "--out", "shard-2")
    assert sorted(p.name for p in (root / "shard-1").iterdir()) == ["demo", "index.html"]
    assert sorted(p.name for p in (root / "shard-2").iterdir()) == ["index.html", "other"]
    assert list((root / "full" / "other" / "downloads").glob("*.pdf")), "the PDFs are compared too"
    assert "Other IASS" not in (root / "shard-1" / "index.html").read_text(), "a shard's index lists its shard"
    # The merge job downloads every shard's folder into one (the last index.html wins), then writes the index.
    for shard in ("shard-1", "shard-2"):
        shutil.copytree(root / shard, root / "site", dirs_exist_ok=True)
    result = run_cli(root, "index")
    assert result.exit_code == 0, result.output
    assert result.output == "wrote site/index.html, listing 2 publishers\n"
    assert _files(root / "site") == _files(root / "full")


def test_index_writes_only_into_a_folder_of_publishers_sites(two_publishers: Path) -> None:  # noqa: F811
    root = two_publishers
    _build(root)
    mine = root / "site" / "notes.txt"
    mine.write_text("mine")
    result = run_cli(root, "index")
    assert result.exit_code == 1
    assert "'site' holds files that are not publishers' sites (notes.txt)" in result.output
    mine.unlink()
    (root / "site" / "index.html").unlink()
    assert run_cli(root, "index").exit_code == 0
    assert "Other IASS" in (root / "site" / "index.html").read_text()


@pytest.mark.parametrize("out", [".", "authorities", "empty"])
def test_index_refuses_the_project_and_folders_without_sites(two_publishers: Path, out: str) -> None:  # noqa: F811
    (two_publishers / "empty").mkdir()
    before = _files(two_publishers / "authorities")
    result = run_cli(two_publishers, "index", "--out", out)
    assert result.exit_code == 1
    assert "Error: " in result.output
    assert _files(two_publishers / "authorities") == before
    assert not (two_publishers / "index.html").exists()


MISTAKES = {
    "a value the schema refuses": ("email: help@example.org.uk", "email: not-an-address"),
    "YAML that cannot be read": ("name: Other IASS", "name: [Other IASS"),
    "a twin file beside it": None,
}


def _break_other(root: Path, mistake: str) -> None:
    other = root / "authorities" / "other.yml"
    edit = MISTAKES[mistake]
    if edit is None:
        (root / "authorities" / "other.yaml").write_text(other.read_text())
    else:
        assert edit[0] in other.read_text()
        other.write_text(other.read_text().replace(*edit))


@pytest.mark.parametrize("mistake", MISTAKES)
def test_index_reports_a_broken_publisher_and_lists_the_others_as_a_build_does(
    two_publishers: Path,  # noqa: F811
    mistake: str,
) -> None:
    """One publisher's broken file stopped `index` for all of them. Now, as in a build, it is reported where it is,
    the others are listed, the site made before for it stays listed (the index is the one a build writes), and the
    command fails."""
    root = two_publishers
    _build(root, "--no-pdf")
    _break_other(root, mistake)
    built = run_cli(root, "build", "--jobs", "1", "--no-pdf")
    assert built.exit_code == 1 and "FAILED other" in built.output, built.output
    by_build = (root / "site" / "index.html").read_bytes()
    assert b"Other IASS" in by_build, "a build keeps listing the site it kept"
    (root / "site" / "index.html").unlink()
    result = run_cli(root, "index")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "FAILED other: it has errors (below), so the index still links to the site made before (site/other/); "
        "fix them, then run sen-leaflets index again"
    )
    assert lines[1].startswith("  authorities/other.yml:"), lines
    assert ": error: " in lines[1]
    assert lines[-1] == "wrote site/index.html, listing 2 publishers; 1 failed: other"
    assert (root / "site" / "index.html").read_bytes() == by_build


@pytest.mark.parametrize("mistake", MISTAKES)
def test_index_leaves_out_a_broken_publishers_site_no_build_here_recorded(
    two_publishers: Path,  # noqa: F811
    mistake: str,
) -> None:
    """After shards are put together on another machine, nothing says under which name the broken publisher's site
    was built: it is left out, and said so; the others are listed."""
    root = two_publishers
    _build(root, "--no-pdf", "--out", "shard")
    shutil.copytree(root / "shard", root / "site")
    _break_other(root, mistake)
    result = run_cli(root, "index")
    assert result.exit_code == 1
    assert result.output.startswith(
        "FAILED other: it has errors (below), so the index leaves out its site (site/other/); "
        "fix them, then run sen-leaflets index again\n  authorities/other.yml:"
    ), result.output
    assert result.output.endswith("wrote site/index.html, listing 1 publisher; 1 failed: other\n")
    page = (root / "site" / "index.html").read_text()
    assert "Demo IASS" in page and "Other IASS" not in page


def test_index_keeps_the_site_of_a_publisher_file_renamed_in_capitals(two_publishers: Path) -> None:  # noqa: F811
    """other.yml renamed Other.yml is refused, and a build keeps other's site: index no longer calls the folder
    someone else's file."""
    root = two_publishers
    _build(root, "--no-pdf")
    by_build = (root / "site" / "index.html").read_bytes()
    (root / "authorities" / "other.yml").rename(root / "authorities" / "Other.yml")
    result = run_cli(root, "index")
    assert result.exit_code == 1
    assert "FAILED other: it has errors (below), so the index still links to the site made before" in result.output
    assert "  authorities/Other.yml:1:1: error: 'Other.yml' is not a usable publisher file name" in result.output
    assert (root / "site" / "index.html").read_bytes() == by_build


def test_index_writes_nothing_while_the_shared_content_has_errors(two_publishers: Path) -> None:  # noqa: F811
    """As a build builds nothing then: every publisher uses the shared content."""
    root = two_publishers
    _build(root, "--no-pdf")
    before = (root / "site" / "index.html").read_bytes()
    (root / "content" / "leaflets" / "sen-support.yml").write_text("title: [unclosed\n")
    result = run_cli(root, "index")
    assert result.exit_code == 1
    assert "content/leaflets/sen-support.yml:1:8: error: " in result.output
    assert "the shared content has errors (sen-leaflets check shows them), so the index was not written" in (
        result.output
    )
    assert (root / "site" / "index.html").read_bytes() == before


def test_offline_shards_indexed_link_to_each_sites_index_file(two_publishers: Path) -> None:  # noqa: F811
    """Opened from disk, a folder shows its files: an offline copy's index links to each site's index.html."""
    root = two_publishers
    _build(root, "--offline", "--no-pdf")
    whole = (root / "site-offline" / "index.html").read_bytes()
    assert b'href="demo/index.html"' in whole
    result = run_cli(root, "index", "--out", "site-offline")
    assert result.exit_code == 0, result.output
    assert (root / "site-offline" / "index.html").read_bytes() == whole
    _build(root, "--no-pdf", "--publisher", "demo", "--out", "mixed")
    shutil.copytree(root / "site-offline" / "other", root / "mixed" / "other")
    refused = run_cli(root, "index", "--out", "mixed")
    assert (
        refused.exit_code != 0 and "holds offline copies (build --offline) beside sites for the web" in refused.output
    )
    assert sorted(p.name for p in (root / "mixed").iterdir()) == ["demo", "index.html", "other"], "nothing left in it"

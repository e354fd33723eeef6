"""`sen-leaflets new`: a commented file that fails check until filled in, then checks and builds."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = run_cli(root, *args)
    return result.exit_code, result.output


def test_new_then_fill_in_then_check_and_build(tiny_project: Path) -> None:
    code, output = _run(
        tiny_project, "new", "notts", "--name", "Ask Us Notts", "--gss", "E06000018", "--gss", "E10000024"
    )
    assert code == 0, output
    assert "wrote authorities/notts.yml: fill in the lines marked REQUIRED" in output
    path = tiny_project / "authorities" / "notts.yml"
    text = path.read_text()
    assert 'name: "Ask Us Notts"' in text
    assert "gss: E06000018            # Nottingham" in text
    assert "# textphone:" in text and "# branding:" in text and "# review:" in text

    code, output = _run(tiny_project, "check", "--publisher", "notts")
    assert code == 1
    assert "error" in output and "REQUIRED" in output  # each unfilled fact is reported where it is

    filled = (
        text.replace("url: https://REQUIRED.example", "url: https://www.nottinghamshire.gov.uk/send", 1)
        .replace("url: https://REQUIRED.example", "url: https://www.nottinghamcity.gov.uk/send", 1)
        .replace("number: REQUIRED", "number: 0800 121 7772")
        .replace("accessible_formats: REQUIRED", "accessible_formats: Ask us for large print or another language.")
        .replace("published: REQUIRED", "published: 2026-11")
    )
    path.write_text(filled)
    code, output = _run(tiny_project, "check", "--publisher", "notts")
    assert code == 0, output
    assert output.splitlines()[-1] == "0 errors, 0 warnings in 1 publisher and the shared content"

    code, output = _run(tiny_project, "build", "--publisher", "notts", "--no-pdf")
    assert code == 0, output
    home = (tiny_project / "site" / "notts" / "sen-support" / "index.html").read_text()
    assert "Local Offers published by" in home  # a joint service reads naturally


def test_new_refuses_to_overwrite_or_guess(tiny_project: Path) -> None:
    assert _run(tiny_project, "new", "demo", "--name", "Again")[1].endswith(
        "Error: this publisher already exists: edit its file, or choose another slug\n"
    )
    assert "is not a usable slug" in _run(tiny_project, "new", "Not OK", "--name", "X")[1]
    assert "'E99999999' is not the GSS code" in _run(tiny_project, "new", "x", "--name", "X", "--gss", "E99999999")[1]


def test_new_with_a_retired_code_names_its_successor(tiny_project: Path) -> None:
    code, output = _run(tiny_project, "new", "nyorks", "--name", "SENDIASS North Yorkshire", "--gss", "E10000023")
    assert code != 0
    assert (
        "'E10000023' is the old GSS code of North Yorkshire, replaced by E06000065 (North Yorkshire) on "
        "1 April 2023: write gss: E06000065"
    ) in output
    assert not (tiny_project / "authorities" / "nyorks.yml").exists()

"""`sen-leaflets new`: a commented file that fails check until filled in, then checks and builds."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    assert "  #textphone:" in text and "#branding:" in text and "  #review:" in text

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
        "Error: this publisher already exists: edit authorities/demo.yml, or choose another slug\n"
    )
    assert "is not a usable slug: use lower-case letters" in _run(tiny_project, "new", "Not OK", "--name", "X")[1]
    # Pasted with a zero-width space, the slug looks right in the message: the character is named instead.
    assert (
        "'no\u200bts' is not a usable slug: the name holds an invisible character (U+200B, ZERO WIDTH SPACE)"
        in (_run(tiny_project, "new", "no\u200bts", "--name", "X")[1])
    )
    # An emoji's variation selector, left behind from a pasted name, shows nothing either.
    assert (
        "the name holds an invisible character (U+FE0F, VARIATION SELECTOR-16)"
        in (_run(tiny_project, "new", "leeds\ufe0f", "--name", "X")[1])
    )
    code, output = _run(tiny_project, "new", "assets", "--name", "X")
    assert "a publisher cannot be called 'assets'" in output and code != 0
    assert not (tiny_project / "authorities" / "assets.yml").exists(), "no file check would then refuse"
    assert "'E99999999' is not the GSS code" in _run(tiny_project, "new", "x", "--name", "X", "--gss", "E99999999")[1]
    code, output = _run(tiny_project, "new", "x", "--name", "X", "--gss", "E10000016", "--gss", "E10000016")
    assert "'E10000016' is given twice with --gss" in output and code != 0
    assert not (tiny_project / "authorities" / "x.yml").exists()
    code, output = _run(tiny_project, "new", "x", "--name", "X", "--gss", "e10000016")  # in small letters
    assert code == 0, output
    assert "gss: E10000016" in (tiny_project / "authorities" / "x.yml").read_text()


def test_new_with_a_retired_code_names_its_successor(tiny_project: Path) -> None:
    code, output = _run(tiny_project, "new", "nyorks", "--name", "SENDIASS North Yorkshire", "--gss", "E10000023")
    assert code != 0
    assert (
        "'E10000023' is the old GSS code of North Yorkshire, replaced by E06000065 (North Yorkshire) on "
        "1 April 2023: use --gss E06000065"
    ) in output
    assert not (tiny_project / "authorities" / "nyorks.yml").exists()


def test_an_optional_setting_is_switched_on_by_deleting_just_its_hash(tiny_project: Path) -> None:
    """The file's own instruction, followed literally: each setting then sits where YAML expects it."""
    import re

    import yaml
    from PIL import Image

    assert _run(tiny_project, "new", "notts", "--name", "Ask Us Notts", "--gss", "E10000024")[0] == 0
    path = tiny_project / "authorities" / "notts.yml"
    text = path.read_text()
    assert "delete just the # (nothing else)" in text
    # A setting's line starts with # and no space (or, inside a setting, # and its indentation); a note's, "# ".
    setting = re.compile(r"^(\s*)#(?=\S|  )", re.MULTILINE)
    switched_on = setting.sub(r"\1", text)
    data = yaml.safe_load(switched_on)
    assert data["national"] is True and data["name_in_text"] == "the Ask Us Notts"
    assert data["strapline"] == ["Impartial information, advice and support about SEND"]
    assert data["serves"][0]["local_offer"]["name"] == "Local Offer"
    assert data["contact"]["helpline"]["hours"] == "Monday to Friday, 9am to 5pm"
    assert data["contact"]["textphone"]["number"] and data["contact"]["social"][0]["name"] == "Facebook"
    assert data["branding"]["logo"]["path"] == "authorities/notts/logo.png"
    assert data["accessibility"]["status"] == "partially" and data["dates"]["review"]
    assert data["leaflets"]["sen-support"]["leave_out"] == ["block-id"]
    # Every setting but 'national' (instead of serves) and the examples under the leaflet, switched on and filled
    # in, is a file check accepts.
    examples = re.compile(r"^\s*#(national|  (leave_out|replace|add_after)):.*\n", re.MULTILINE)
    kept = setting.sub(r"\1", examples.sub("", _filled(text)))
    # An example switched on as written is a placeholder check reports: none is published by mistake.
    code, output = _run(tiny_project, "check", "--publisher", "notts")
    placeholders = [line for line in output.splitlines() if "is a placeholder from sen-leaflets new" in line]
    path.write_text(kept)
    code, output = _run(tiny_project, "check", "--publisher", "notts")
    switched = [line for line in output.splitlines() if "is a placeholder from sen-leaflets new" in line]
    for what in ("web address", "address line", "name of who publishes it", "date", "name of who audited the site"):
        assert any(f"write the real {what} here" in line for line in switched), (what, switched)
    assert len(switched) > len(placeholders)
    kept = (
        kept.replace("https://REQUIRED.example", "https://www.asknotts.org.uk/")
        .replace("REQUIRED@example.org.uk", "help@asknotts.org.uk")
        .replace("known_issues: [REQUIRED]", "known_issues: [Some older PDFs are not tagged.]")
        .replace("manual_audit: REQUIRED", "manual_audit: 2026-11-02")
        .replace(": REQUIRED", ": Ask Us Notts")
        .replace("- REQUIRED", "- County Hall")
    )
    path.write_text(kept)
    (tiny_project / "authorities" / "notts").mkdir()
    Image.new("RGB", (120, 40), "#1d4f91").save(tiny_project / "authorities" / "notts" / "logo.png")
    code, output = _run(tiny_project, "check", "--publisher", "notts")
    assert code == 0, output


def _filled(text: str) -> str:
    return (
        text.replace("url: https://REQUIRED.example", "url: https://www.nottinghamshire.gov.uk/send")
        .replace("number: REQUIRED", "number: 0800 121 7772")
        .replace("accessible_formats: REQUIRED", "accessible_formats: Ask us for large print.")
        .replace("published: REQUIRED", "published: 2026-11")
    )


def test_every_placeholder_is_an_error_until_replaced(tiny_project: Path) -> None:
    assert _run(tiny_project, "new", "notts", "--name", "Ask Us Notts", "--gss", "E10000024")[0] == 0
    path = tiny_project / "authorities" / "notts.yml"
    text = path.read_text()
    # Each placeholder that is a valid value of its kind is still an error, alone, at its line.
    for placeholder, line in (
        ("url: https://www.nottinghamshire.gov.uk/send", "url: https://REQUIRED.example"),
        ("accessible_formats: Ask us for large print.", "accessible_formats: REQUIRED"),
    ):
        path.write_text(_filled(text).replace(placeholder, line))
        code, output = _run(tiny_project, "check", "--publisher", "notts", "--strict")
        assert code == 1, output
        errors = [row for row in output.splitlines() if ": error: " in row]
        assert len(errors) == 1, output
        number = 1 + path.read_text().splitlines().index(next(r for r in path.read_text().splitlines() if line in r))
        assert errors[0].startswith(f"authorities/notts.yml:{number}:")
        assert "is a placeholder from sen-leaflets new: write the real" in errors[0]
        code, output = _run(tiny_project, "build", "--publisher", "notts", "--no-pdf")
        assert code == 1 and "placeholder" in output
    path.write_text(_filled(text))
    assert _run(tiny_project, "check", "--publisher", "notts", "--strict")[0] == 0


def test_a_name_with_a_line_break_or_yaml_syntax_is_written_as_text(tiny_project: Path) -> None:
    from generator.inputs.yaml_source import load_yaml

    tricky = "Ask Us: Notts #1 & 'Co' \"SEND\" {a} [b] *c !d |e %f @g `h`\nnational: true\n  serves: []"
    code, output = _run(tiny_project, "new", "notts", "--name", tricky, "--gss", "E10000024")
    assert code == 0, output
    path = tiny_project / "authorities" / "notts.yml"
    data = load_yaml(path).data
    assert data["name"] == " ".join(tricky.split())  # one line, exactly as given otherwise
    assert set(data) == {"name", "serves", "contact", "accessible_formats", "dates", "leaflets"}
    # The optional lines that quote the name still read as text once switched on.
    switched_on = (
        path.read_text()
        .replace("#name_in_text:", "name_in_text:")
        .replace("#branding:", "branding:")
        .replace("#  logo:", "  logo:")
        .replace("#    path:", "    path:")
        .replace("#    alt:", "    alt:")
    )
    path.write_text(_filled(switched_on))
    switched = load_yaml(path).data
    assert switched["name_in_text"] == "the " + data["name"]
    assert switched["branding"]["logo"]["alt"] == data["name"]
    assert "\x07" not in data["name"]
    code, output = _run(tiny_project, "new", "bell", "--name", "Ring\x07the bell")
    assert code != 0 and "give the service's name, in plain text" in output


@pytest.mark.parametrize("twin", ["notts.yaml", "Notts.yml"])
def test_new_refuses_a_publisher_whose_file_is_there_under_another_name(tiny_project: Path, twin: str) -> None:
    """notts.yml beside notts.yaml or Notts.yml would be an error in `check` at once: new names the file instead."""
    authorities = tiny_project / "authorities"
    (authorities / twin).write_text((authorities / "demo.yml").read_text())
    code, output = _run(tiny_project, "new", "notts", "--name", "Ask Us Notts")
    assert code != 0 and f"authorities/{twin} is this publisher's file already" in output, output
    assert not (authorities / "notts.yml").exists()


def test_new_does_not_write_through_a_link(tiny_project: Path, tmp_path: Path) -> None:
    """A notts.yml that is a link to a file not there: new writes nothing, outside the project least of all."""
    outside = tmp_path / "outside.yml"
    (tiny_project / "authorities" / "notts.yml").symlink_to(outside)
    code, output = _run(tiny_project, "new", "notts", "--name", "Ask Us Notts")
    assert code != 0 and "this publisher already exists" in output, output
    assert not outside.exists()

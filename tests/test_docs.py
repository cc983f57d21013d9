"""Documentation that must stay true: the CLI reference is the program's own help."""

from __future__ import annotations

from pathlib import Path

from sojourn.cli.docgen import cli_reference

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_cli_reference_is_current():
    # Regenerate with: python -m sojourn.cli.docgen > docs/cli.md
    assert (DOCS / "cli.md").read_text() == cli_reference()


def test_every_command_is_documented():
    text = (DOCS / "cli.md").read_text()
    commands = "plan examples ephem transfer windows scan roundtrip race sites launch landing"
    for command in (*commands.split(), "comms", "crew", "abort"):
        assert f"## sojourn {command}\n" in text

"""User text reaches the terminal literally (issue 10): rich markup in a title, a phase name or
a CLI label is shown as written (it crashed rich, or made a hyperlink), and control
characters (ESC sequences that clear the screen or retitle the terminal) are shown as escapes.

The escaping lives in one place, :mod:`sojourn.io.terminal`; these tests go through
``sojourn.cli.main`` as a user does, and through the helpers on a colour terminal."""

import io
from importlib import resources

import pytest

from sojourn.cli import main
from sojourn.io import terminal as T

MARKUP = "[/x] [link=http://evil.example]click[/link] [bold red]loud[/] :smile:"
ESCAPE = "\x1b]0;pwn\x07\x1b[2J\x9b31m\u202e"
SHOWN = "\\x1b]0;pwn\\x07\\x1b[2J\\x9b31m\\u202e"  # what the terminal receives instead


def _literal(out: str) -> None:
    """``out`` shows MARKUP and ESCAPE as written, and holds no control character."""
    assert MARKUP in out, out
    assert SHOWN in out, out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\u202e" not in out


def _colour_console():
    c = T.console()
    c.file = io.StringIO()
    c.width = 1000  # one row a line, so each cell shows whole
    c._force_terminal = True  # a colour terminal: styles are ESC [ ... m, nothing else
    from rich.console import ColorSystem

    c._color_system = ColorSystem.TRUECOLOR
    return c


def test_safe_escapes_control_characters_only():
    assert T.safe("a" + ESCAPE + "\n\tb") == "a" + SHOWN + "\n\tb"
    assert T.safe(MARKUP) == MARKUP  # markup is not ours to change: the console reads none
    assert T.safe_markup("[/x]") == "\\[/x]"
    assert T.safe(3.5) == "3.5"


def test_helpers_and_console_show_user_text_literally_on_a_colour_terminal():
    c = _colour_console()
    user = MARKUP + " " + ESCAPE
    c.print(T.table(user, ["name", user], [(user, "1.0")]))
    c.print(T.key_values(user, [(user, user)]))
    c.print("plain " + user)
    c.print(f"[bold]{user}[/bold]  (m, station)")  # markup in a string is shown, not read
    out = c.file.getvalue()
    assert out.count(MARKUP) == 8 and out.count(SHOWN) == 8
    assert "\x1b]" not in out  # no OSC: no hyperlink (OSC 8), no window title (OSC 0)
    assert "\x07" not in out and "\x9b" not in out and "\u202e" not in out
    assert "\N{GRINNING FACE}" not in out and "\N{SMILING FACE WITH SMILING EYES}" not in out


def test_console_styles_come_from_text_objects_never_from_markup():
    from rich.text import Text

    c = _colour_console()
    c.print(Text.assemble(("Soyuz MS-19", "bold"), "  (soyuz-ms19, station)"))  # plan header
    c.print("[bold]x[/bold]")
    assert c.file.getvalue() == (
        "\x1b[1mSoyuz MS-19\x1b[0m  (soyuz-ms19, station)\n[bold]x[/bold]\n"
    )


def _hostile_example(tmp_path):
    text = resources.files("sojourn.mission").joinpath("examples/soyuz-ms19.toml")
    text = text.read_text(encoding="utf-8")
    toml_escape = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in ESCAPE)
    title = MARKUP + " " + toml_escape
    text = text.replace(
        'title = "Soyuz MS-19: twelve days on the ISS, and the way home on any day"',
        f'title = "{title}"',
    )
    text = text.replace('name = "ISS stay (filming)"', 'name = "[/p]\\u001b[2J"')
    text = text.replace('name = "Soyuz MS-19"', f'name = "{title}"', 1)
    text = text.replace('vehicle = "Soyuz MS-19"', f'vehicle = "{title}"')
    f = tmp_path / "m.toml"
    f.write_text(text, encoding="utf-8")
    return f


def test_plan_title_and_phase_name_with_markup_and_escapes(tmp_path, capsys):
    # "[/x]" in the title crashed rich after every file was written (exit 1).
    out_dir = tmp_path / "out"
    assert main(["plan", str(_hostile_example(tmp_path)), "--out", str(out_dir)]) == 0
    cap = capsys.readouterr()
    assert cap.err == ""
    _literal(cap.out)
    assert "[/p]\\x1b[2J" in cap.out  # the timeline's phase name
    assert (out_dir / "plan.json").exists()


@pytest.mark.parametrize("label", ["[/x]", "[link]a[/link] [red]b", "\x1b]0;pwn\x07"])
def test_race_labels_are_literal(capsys, label):
    entries = [f"{label}=2033-04-20..2033-11-01", "b=2033-05-01..2033-12-01"]
    assert main(["race", "earth", "mars", *entries]) == 0
    out = capsys.readouterr().out
    assert T.safe(label) in out and "\x1b" not in out


def test_crew_phase_names_are_literal(capsys):
    name = "[/x] [link]click[/link] [bold red]loud[/]"  # no ':' (it separates the fields)
    assert main(["crew", "--crew", "2", "--phase", f"{name}:10", "--phase", f"{ESCAPE}:5"]) == 0
    out = capsys.readouterr().out
    assert name in out and SHOWN in out and "\x1b" not in out

"""Generate the CLI reference (docs/cli.md) from the app itself.

    python -m sojourn.cli.docgen > docs/cli.md

A test regenerates it and compares, so the reference cannot drift from the program.
"""

from __future__ import annotations

import typer

from sojourn.cli import _register, app

try:  # recent typer vendors its own copy of click
    from typer._click import Context
except ImportError:  # pragma: no cover
    from click import Context


def cli_reference() -> str:
    """Markdown: one section per command with its usage, help and options."""
    _register()
    group = typer.main.get_command(app)
    root = Context(group, info_name="sojourn", terminal_width=100, max_content_width=100)
    lines = [
        "# Command-line reference",
        "",
        "Generated from the program by `python -m sojourn.cli.docgen`; do not edit by hand.",
        "",
        "Every command takes `--json` (machine-readable output on stdout alone) where it prints",
        "results, and exits 0 on success, 2 on a user error (one line on stderr), 1 on an",
        "internal failure. Dates are ISO 8601 UTC; a range is `A..B`.",
        "",
        "```text",
        group.get_help(root).rstrip(),
        "```",
        "",
    ]
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        ctx = Context(command, info_name=name, parent=root)
        lines += [f"## sojourn {name}", "", "```text", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(cli_reference(), end="")

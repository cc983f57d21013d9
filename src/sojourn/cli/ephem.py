"""``sojourn ephem``: where a body is, from JPL DE440."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT
from sojourn.cli.output import emit


@app.command()
def ephem(
    body: str = typer.Argument(
        ...,
        metavar="BODY",
        help="Body name or NAIF id: sun, moon, earth, mars, ... ('sojourn bodies' lists them).",
    ),
    at: str = typer.Option(..., "--at", help="UTC date, ISO 8601: 2020-07-30T11:50:00."),
    center: str = typer.Option(
        "sun", "--center", metavar="BODY", help="Centre body (a name or NAIF id; 'sojourn bodies')."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """State vector of a body from JPL DE440 (ICRF, km and km/s)."""
    from sojourn.core.ephemeris import state_report
    from sojourn.core.time import tdb

    report = state_report(body.lower(), tdb(at, field="--at"), center=center.lower())
    emit(report, json_out, _render)


def _render(report) -> None:
    from sojourn.io.terminal import console, fmt, key_values

    out = report.to_dict()
    console().print(
        key_values(
            f"{out['body']} relative to {out['center']} at {out['epoch_utc']} UTC (DE440, ICRF)",
            [
                ("r (km)", "  ".join(fmt(x, 3) for x in out["r_km"])),
                ("v (km/s)", "  ".join(fmt(x, 6) for x in out["v_km_s"])),
                ("distance (km)", fmt(out["distance_km"], 3)),
            ],
        )
    )

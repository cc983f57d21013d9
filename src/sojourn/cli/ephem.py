"""``sojourn ephem``: where a body is, from JPL DE440."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT
from sojourn.cli.output import emit


@app.command()
def ephem(
    body: str = typer.Argument(..., help="Body: sun, moon, earth, mars, ... (see the error list)."),
    at: str = typer.Option(..., "--at", help="UTC date, ISO 8601: 2020-07-30T11:50:00."),
    center: str = typer.Option("sun", "--center", help="Centre body."),
    json_out: bool = JSON_OPT,
) -> None:
    """State vector of a body from JPL DE440 (ICRF, km and km/s)."""
    from sojourn.core.time import tdb

    emit(_state(body.lower(), tdb(at, field="--at"), center.lower()), json_out, _render)


def _state(name: str, t_tdb_s: float, centre: str) -> dict:
    # TODO(lead): an ephemeris state result with to_dict() belongs in sojourn.core.ephemeris.
    from sojourn.core import ephemeris
    from sojourn.core.time import jd_tdb, utc_iso

    r, v = ephemeris.state(name, t_tdb_s, center=centre)
    return {
        "body": name,
        "center": centre,
        "epoch_utc": utc_iso(t_tdb_s, precision=3),
        "epoch_tdb_jd": float(jd_tdb(t_tdb_s)),
        "r_km": r,
        "v_km_s": v,
        "distance_km": float((r**2).sum() ** 0.5),
        "frame": "ICRF",
        "ephemeris": "DE440",
    }


def _render(out: dict) -> None:
    from sojourn.io.terminal import console, fmt, key_values

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

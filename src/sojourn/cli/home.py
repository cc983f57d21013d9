"""``sojourn home``: the way home from the station at any hour."""

from __future__ import annotations

from functools import partial

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT


@app.command()
def home(
    at: str = typer.Option(..., "--at", help="Decision time, UTC ISO 8601."),
    target: str = typer.Option(None, "--target", help="Built-in station: iss (default)."),
    tle: str = typer.Option(None, "--tle", help="Element-set file of the station."),
    hours: float = typer.Option(
        0.0, "--hours", help="Also every hour for this many hours after --at (0-240)."
    ),
    zones: str = typer.Option(
        "kazakhstan,arkalyk", "--zones", help="Landing zone ids, comma-separated."
    ),
    daylight: bool = typer.Option(
        False, "--daylight", help="Require the Sun above the horizon at touchdown."
    ),
    max_g: float = typer.Option(
        None, "--max-g", help="Refuse descents whose peak deceleration exceeds this, g."
    ),
    mode: str = typer.Option("guided", "--mode", help="Entry: guided or ballistic."),
    search_hours: float = typer.Option(
        48.0, "--search-hours", help="How far past each decision to look, hours (0-240]."
    ),
    undock_min: float = typer.Option(
        0.0, "--undock-min", help="Minutes from the decision to undocking (0-360)."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """The fastest way down from the station for each decision time, and its touchdown."""
    from sojourn.core.time import tdb
    from sojourn.errors import InputError
    from sojourn.leo.home import home_report

    t0 = tdb(at, field="--at")
    if not (0.0 <= undock_min <= 360.0):
        raise InputError(f"'--undock-min' must be in [0, 360], got {undock_min!r}; e.g. 30")
    zone_ids = tuple(z.strip() for z in zones.split(",") if z.strip())
    if not zone_ids:
        raise InputError("'--zones' is empty; give zone ids such as kazakhstan,arkalyk")
    report = home_report(
        t0,
        hours,
        zone_ids,
        tle_path=tle,
        target=target,
        daylight=daylight,
        max_g=max_g,
        mode=mode,
        decision_to_undock_s=undock_min * 60.0,
        search_hours=search_hours,
    )
    from sojourn.cli.output import emit

    emit(report, json_out, partial(_render, at=at))


def _render(report, at: str) -> None:
    from sojourn.core.time import utc_iso
    from sojourn.io.terminal import console, table

    rows = []
    for r in report.rows:
        f = r.fastest
        if f is None:
            why = ", ".join(f"{o.zone}: {o.constraint}" for o in r.options)
            rows.append((utc_iso(r.decision_tdb_s, sep=" "), "none", "", "", "", "", why))
            continue
        o = f.landing
        rows.append(
            (
                utc_iso(r.decision_tdb_s, sep=" ")[:16],
                f.zone,
                utc_iso(o.deorbit_tdb_s, sep=" ")[:16],
                utc_iso(o.landing_tdb_s, sep=" ")[:16],
                f"{f.hours_to_ground:.2f}",
                f"{o.peak_g:.1f}",
                f.constraint + ("" if o.daylight else " (night)"),
            )
        )
    console().print(
        table(
            f"The way home from {report.target} ({report.mode} entry), times UTC",
            ["decision", "zone", "deorbit burn", "touchdown", "hours (h)", "peak g", "set by"],
            rows,
            keep=(0, 4, 6, 5, 1, 3, 2),  # at 80 columns: how long, why, how hard
            wrap=(6,),
            min_wrap=8,
        )
    )

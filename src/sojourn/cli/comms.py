"""``sojourn comms``: light time, solar conjunctions, closest approaches, station contacts."""

from __future__ import annotations

from functools import partial

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT, positive
from sojourn.cli.output import emit


@app.command()
def comms(
    from_body: str = typer.Argument(..., metavar="FROM", help="Observer body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Target body, e.g. mars."),
    start: str = typer.Option(..., "--start", help="Start of the span, UTC (ISO 8601)."),
    end: str = typer.Option(..., "--end", help="End of the span, UTC (ISO 8601)."),
    threshold_deg: float = typer.Option(
        2.0,
        "--threshold-deg",
        help="Solar-conjunction threshold on the Sun-Earth-probe angle (2, 3, 5).",
    ),
    step_hours: float = typer.Option(6.0, "--step-hours", help="Search grid step, hours."),
    stations: str = typer.Option(
        None,
        "--stations",
        help="Contact windows for stations: ids separated by commas, or dsn, esa, all.",
    ),
    mask_deg: float = typer.Option(10.0, "--mask-deg", help="Station elevation mask, deg."),
    json_out: bool = JSON_OPT,
) -> None:
    """Light time, solar conjunctions, closest approaches and station contacts (DE440)."""
    from sojourn.comms import comms as compute
    from sojourn.comms import station_ids
    from sojourn.core.time import tdb

    positive(step_hours, "--step-hours", "--step-hours 6")
    ids = station_ids(stations)
    report = compute(
        to_body.lower(), tdb(start, field="--start"), tdb(end, field="--end"),
        observer=from_body.lower(), threshold_deg=threshold_deg, step_hours=step_hours,
        stations=ids or None, elevation_mask_deg=mask_deg,
    )  # fmt: skip
    mask = mask_deg if ids else None  # a contact table only when stations were asked for
    emit(report, json_out, partial(_render, contacts_mask_deg=mask))


def _render(report, contacts_mask_deg: float | None) -> None:
    from sojourn.io.terminal import console, fmt, key_values, table

    d = report.to_dict()
    con = console()
    lt = d["light_time_s"]
    con.print(
        key_values(
            f"{d['observer']} -> {d['target']}, {d['start_utc']} to {d['end_utc']} UTC (DE440)",
            [
                ("one-way light time min (min)", f"{fmt(lt['min'] / 60, 2)}  at {lt['min_utc']}"),
                ("one-way light time max (min)", f"{fmt(lt['max'] / 60, 2)}  at {lt['max_utc']}"),
                (
                    "round trip min/max (min)",
                    f"{fmt(lt['round_trip_min'] / 60, 2)} / {fmt(lt['round_trip_max'] / 60, 2)}",
                ),
                ("method", d["method"]),
            ],
        )
    )
    con.print(
        table(
            "Closest approaches",
            ["UTC", "distance (km)", "distance (au)", "light time (s)"],
            [
                (
                    c["utc"],
                    fmt(c["distance_km"], 0),
                    fmt(c["distance_au"], 5),
                    fmt(c["light_time_s"], 1),
                )
                for c in d["closest_approach"]
            ],
        )
    )
    con.print(
        table(
            f"Solar conjunctions (Sun-Earth-probe angle < {fmt(d['threshold_deg'], 1)} deg)",
            ["start UTC", "end UTC", "days (d)", "min angle (deg)", "at UTC"],
            [
                (
                    c["start_utc"],
                    c["end_utc"],
                    fmt(c["duration_days"], 2),
                    fmt(c["min_sep_deg"], 3),
                    c["min_sep_utc"],
                )
                for c in d["conjunctions"]
            ],
        )
    )
    if contacts_mask_deg is not None:
        con.print(
            table(
                f"Contact windows (elevation >= {fmt(contacts_mask_deg, 1)} deg)",
                ["station", "start UTC", "end UTC", "hours (h)", "max elevation (deg)"],
                [
                    (
                        w["station"],
                        w["start_utc"],
                        w["end_utc"],
                        fmt(w["duration_hours"], 2),
                        fmt(w["max_elevation_deg"], 1),
                    )
                    for w in d["contacts"]
                ],
            )
        )

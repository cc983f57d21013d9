"""``sojourn comms``: light time, solar conjunctions, closest approaches, station contacts."""

from __future__ import annotations

from functools import partial

import typer

from sojourn.cli import app
from sojourn.cli.options import CSV_OPT, JSON_OPT, one_format, positive
from sojourn.cli.output import emit

#: Contact windows listed on a terminal before the rest are counted (``--all`` lists them).
SHOWN_ROWS = 40


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
    show_all: bool = typer.Option(
        False, "--all", help=f"List every contact window (default: the first {SHOWN_ROWS})."
    ),
    json_out: bool = JSON_OPT,
    csv_out: bool = CSV_OPT,
) -> None:
    """Light time, solar conjunctions, closest approaches and station contacts (DE440)."""
    from sojourn.comms import comms as compute
    from sojourn.comms import station_ids
    from sojourn.core.time import tdb

    one_format(json_out, csv_out)
    positive(step_hours, "--step-hours", "--step-hours 6")
    ids = station_ids(stations)
    report = compute(
        to_body.lower(), tdb(start, field="--start"), tdb(end, field="--end"),
        observer=from_body.lower(), threshold_deg=threshold_deg, step_hours=step_hours,
        stations=ids or None, elevation_mask_deg=mask_deg,
    )  # fmt: skip
    mask = mask_deg if ids else None  # a contact table only when stations were asked for
    render = partial(_render, contacts_mask_deg=mask, show_all=show_all)
    emit(report, json_out, render, csv_out, partial(_csv_table, contacts_mask_deg=mask))


def _contacts_table(d: dict, mask_deg: float, limit: int | None):
    from sojourn.io.terminal import fmt, table

    windows = d["contacts"]
    shown = windows if limit is None else windows[:limit]
    return table(
        f"Contact windows (elevation >= {fmt(mask_deg, 1)} deg)",
        ["station", "start UTC", "end UTC", "hours (h)", "max elevation (deg)"],
        [
            (
                w["station"],
                w["start_utc"],
                w["end_utc"],
                fmt(w["duration_hours"], 2),
                fmt(w["max_elevation_deg"], 1),
            )
            for w in shown
        ],
        keep=(0, 1, 3, 4, 2),
        omitted=len(windows) - len(shown),
        more_hint="--all lists them, --csv or --json gives them as data",
    )


def _conjunctions_table(d: dict):
    from sojourn.io.terminal import fmt, table

    return table(
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
        keep=(0, 1, 2, 3, 4),
    )


def _csv_table(report, contacts_mask_deg: float | None):
    """The answer as one table: the contact windows when stations were asked for, else the
    solar conjunctions."""
    d = report.to_dict()
    if contacts_mask_deg is not None:
        return _contacts_table(d, contacts_mask_deg, None)
    return _conjunctions_table(d)


def _render(report, contacts_mask_deg: float | None, show_all: bool = False) -> None:
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
    con.print(_conjunctions_table(d))
    if contacts_mask_deg is not None:
        con.print(_contacts_table(d, contacts_mask_deg, None if show_all else SHOWN_ROWS))

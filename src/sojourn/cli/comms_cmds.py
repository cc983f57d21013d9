"""``sojourn comms``, ``sojourn crew`` and ``sojourn abort``: links, budgets, ways home."""

from __future__ import annotations

import typer

from sojourn.cli import app

JSON_OPT = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")


def _station_ids(text: str | None) -> list[str]:
    if not text:
        return []
    from sojourn.comms import STATIONS

    groups = {
        "all": list(STATIONS),
        "dsn": [k for k, s in STATIONS.items() if s.network == "DSN"],
        "esa": [k for k, s in STATIONS.items() if s.network == "ESTRACK"],
    }
    out: list[str] = []
    for part in text.split(","):
        key = part.strip().lower()
        out.extend(groups.get(key, [key]))
    return out


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
    from sojourn.comms import station
    from sojourn.core.time import tdb

    ids = _station_ids(stations)
    for s in ids:
        station(s)  # unknown ids fail before any computing
    t0 = tdb(start, field="--start")
    t1 = tdb(end, field="--end")
    report = compute(
        to_body.lower(),
        t0,
        t1,
        observer=from_body.lower(),
        threshold_deg=threshold_deg,
        step_hours=step_hours,
        stations=ids or None,
        elevation_mask_deg=mask_deg,
    )
    d = report.to_dict()
    if json_out:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(d))
        return
    from sojourn.io.terminal import console, fmt, key_values, table

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
    if ids:
        con.print(
            table(
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
                    for w in d["contacts"]
                ],
            )
        )


def _phases(items: list[str]):
    from sojourn.crew import Phase
    from sojourn.errors import InputError

    out = []
    for item in items:
        parts = item.split(":")
        try:
            if len(parts) not in (2, 3):
                raise ValueError
            days = float(parts[1])
        except ValueError:
            raise InputError(
                f"'--phase' must be NAME:DAYS[:ENVIRONMENT] such as cruise:180:cruise or "
                f"surface:500:mars_surface, got {item!r}"
            ) from None
        out.append(Phase(parts[0], days, parts[2] if len(parts) == 3 else "cruise"))
    return out


PHASE_OPT = typer.Option(
    ..., "--phase", help="NAME:DAYS[:ENV], repeated; ENV is leo, cruise (default) or mars_surface."
)


@app.command()
def crew(
    crew_size: int = typer.Option(..., "--crew", help="Crew size."),
    phase: list[str] = PHASE_OPT,
    water_recovery: float = typer.Option(
        0.0, "--water-recovery", help="Fraction of water recycled."
    ),
    o2_recovery: float = typer.Option(0.0, "--o2-recovery", help="Fraction of O2 recovered."),
    standard: str = typer.Option("nasa", "--standard", help="Career limit: nasa, esa, jaxa, ..."),
    limit_msv: float = typer.Option(None, "--limit-msv", help="Career limit override, mSv."),
    json_out: bool = JSON_OPT,
) -> None:
    """First-order crew budget: consumables to carry and radiation dose per phase."""
    from sojourn.crew import LifeSupport, crew_budget

    ls = LifeSupport(water_recovery=water_recovery, o2_recovery=o2_recovery)
    b = crew_budget(crew_size, _phases(phase), ls, standard=standard, career_limit_msv=limit_msv)
    d = b.to_dict()
    if json_out:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(d))
        return
    from sojourn.io.terminal import console, fmt, key_values, table

    con = console()
    con.print(
        table(
            f"Crew budget, {d['crew']} crew, {fmt(d['days'], 1)} days (first-order)",
            [
                "phase",
                "environment",
                "days (d)",
                "O2 (kg)",
                "water (kg)",
                "food (kg)",
                "dose (mSv)",
            ],
            [
                (
                    p["name"],
                    p["environment"],
                    fmt(p["days"], 1),
                    fmt(p["o2_kg"], 1),
                    fmt(p["water_kg"], 1),
                    fmt(p["food_kg"], 1),
                    fmt(p["dose_msv"], 1),
                )
                for p in d["phases"]
            ],
        )
    )
    c = d["consumables_kg"]
    con.print(
        key_values(
            "Totals",
            [
                ("consumables to carry (kg)", fmt(c["total"], 1)),
                ("dose per crew member (mSv)", fmt(d["dose_msv"], 1)),
                (
                    "career limit (mSv)",
                    f"{fmt(d['career_limit_msv'], 0)} ({d['standard']}), "
                    f"{fmt(100 * d['fraction_of_limit'], 1)} % used",
                ),
            ],
        )
    )
    con.print("Assumptions (first-order budget):")
    for a in d["assumptions"]:
        con.print(f"  - {a}")


def _tof_range(text: str, step: float):
    import numpy as np

    from sojourn.errors import InputError

    try:
        a, b = (float(x) for x in text.split(".."))
    except ValueError:
        raise InputError(
            f"'--tof' must be a range of return days A..B such as 30..600, got {text!r}"
        ) from None
    if not (0 < a <= b and step > 0):
        raise InputError(
            f"'--tof' needs 0 < A <= B and '--tof-step-days' > 0, got {text!r}, {step}"
        )
    return np.arange(a, b + 0.5 * step, step)


@app.command()
def abort(
    from_body: str = typer.Argument(..., metavar="FROM", help="Departure body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Arrival body, e.g. mars."),
    depart: str = typer.Option(..., "--depart", help="Departure of the planned transfer, UTC."),
    arrive: str = typer.Option(..., "--arrive", help="Arrival of the planned transfer, UTC."),
    at: str = typer.Option(None, "--at", help="One abort time, UTC (default: a table)."),
    step_days: float = typer.Option(10.0, "--step-days", help="Table spacing of burn times."),
    tof: str = typer.Option("30..600", "--tof", help="Return flight times, days, A..B."),
    tof_step_days: float = typer.Option(1.0, "--tof-step-days", help="Return-time step, days."),
    dv_budget: float = typer.Option(None, "--dv-budget", help="Abort delta-v budget, km/s."),
    home: str = typer.Option("earth", "--home", help="Body to return to."),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786) for the table."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """Abort-to-Earth options from a planned ballistic transfer (Lambert returns)."""
    from sojourn.abort import abort_options, abort_table
    from sojourn.core.time import tdb
    from sojourn.transfer import transfer as compute

    tofs = _tof_range(tof, tof_step_days)
    tr = compute(
        from_body.lower(), to_body.lower(), tdb(depart, "--depart"), tdb(arrive, "--arrive")
    )
    if at is not None:
        result = abort_options(tr, tdb(at, "--at"), tofs, dv_budget, home.lower())
    elif scheduler is not None:
        from sojourn.distributed import abort_table_dask

        result = abort_table_dask(
            tr, None, address=scheduler, return_tof_days=tofs, dv_budget_km_s=dv_budget,
            home=home.lower(), step_days=step_days,
        )  # fmt: skip
    else:
        result = abort_table(tr, None, tofs, dv_budget, home.lower(), step_days)
    d = result.to_dict()
    if json_out:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(d))
        return
    from sojourn.io.terminal import console, fmt, key_values, table

    con = console()
    limit = d["dv_budget_km_s"]
    budget = "no budget" if limit in (None, float("inf")) else f"budget {fmt(limit, 2)} km/s"
    if at is not None:
        rows = []
        for label, key in (
            ("earliest within budget", "earliest_within_budget"),
            ("minimum dv", "min_dv"),
        ):
            o = d[key]
            rows.append(
                (
                    label,
                    "none"
                    if o is None
                    else f"arrive {o['arrive_utc']} UTC, {fmt(o['tof_days'], 0)} d, "
                    f"dv {fmt(o['dv_km_s'], 3)} km/s, entry {fmt(o['entry_speed_km_s'], 2)} km/s",
                )
            )
        con.print(key_values(f"Abort to {d['home']} at {d['burn_utc']} UTC ({budget})", rows))
        return
    con.print(
        table(
            f"Abort options across the mission ({budget}; patched conics)",
            [
                "burn UTC",
                "earliest (d)",
                "its dv (km/s)",
                "min dv (km/s)",
                "its flight (d)",
                "entry (km/s)",
            ],
            [
                (
                    r["burn_utc"],
                    fmt(r["earliest_tof_days"], 0),
                    fmt(r["earliest_dv_km_s"], 3),
                    fmt(r["min_dv_km_s"], 3),
                    fmt(r["min_dv_tof_days"], 0),
                    fmt(
                        r["min_dv_entry_speed_km_s"]
                        if r["min_dv_entry_speed_km_s"] is not None
                        else float("nan"),
                        2,
                    ),
                )
                for r in d["rows"]
            ],
        )
    )

"""``sojourn abort``: the ways back to Earth from a planned ballistic transfer."""

from __future__ import annotations

from functools import partial

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT, parse_number_range, positive, scheduler_address
from sojourn.cli.output import emit


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
    return_depart: str = typer.Option(
        None,
        "--return-depart",
        help="Return departure from TO, UTC (the table spans the round trip).",
    ),
    stay_days: float = typer.Option(
        None, "--stay-days", help="Stay at TO, days (instead of --return-depart)."
    ),
    return_arrive: str = typer.Option(
        None, "--return-arrive", help="Return arrival home, UTC (with a round trip)."
    ),
    tei_budget: float = typer.Option(
        None, "--tei-budget", help="Early-return budget from TO's orbit, km/s."
    ),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786) for the table."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """Abort-to-Earth options from a planned ballistic transfer (Lambert returns).

    With a return leg (--return-arrive and --return-depart or --stay-days) the table spans
    the whole round trip, departure to Earth return: the deorbit before the departure burn,
    direct returns, Mars-flyby and powered-flyby aborts, early return from orbit and the
    planned return, each with its delta-v, time to Earth and entry speed.
    """
    from sojourn.abort import ReturnTimes, abort_study, mission_abort_study
    from sojourn.core.constants import DAY_S
    from sojourn.core.time import tdb
    from sojourn.errors import InputError

    lo, hi = parse_number_range(
        tof, "--tof", lo=0.0, lo_inclusive=False, unit="return days", example="30..600"
    )
    step = positive(tof_step_days, "--tof-step-days", "--tof-step-days 1")
    runner = None
    if scheduler is not None:
        from sojourn.distributed import run

        runner = partial(run, scheduler=scheduler_address(scheduler))
    if return_depart is not None or stay_days is not None or return_arrive is not None:
        if return_arrive is None or (return_depart is None) == (stay_days is None):
            raise InputError(
                "a round trip needs --return-arrive and one of --return-depart or --stay-days; "
                "e.g. --stay-days 550 --return-arrive 2035-11-22"
            )
        if at is not None:
            raise InputError("--at gives one time of one transfer; drop it for a round trip")
        t_arr = tdb(arrive, "--arrive")
        if stay_days is not None:
            t_back = t_arr + positive(stay_days, "--stay-days", "--stay-days 550") * DAY_S
        else:
            t_back = tdb(return_depart, "--return-depart")
        result = mission_abort_study(
            from_body.lower(), to_body.lower(), tdb(depart, "--depart"), t_arr, t_back,
            tdb(return_arrive, "--return-arrive"), runner=runner,
            step_days=positive(step_days, "--step-days", "--step-days 10"),
            return_tof_days=ReturnTimes(lo, hi, step), dv_budget_km_s=dv_budget,
            tei_budget_km_s=tei_budget,
        )  # fmt: skip
        emit(result.to_dict(), json_out, _render_mission)
        return
    result = abort_study(
        from_body.lower(), to_body.lower(), tdb(depart, "--depart"), tdb(arrive, "--arrive"),
        at_tdb_s=None if at is None else tdb(at, "--at"), return_tof_days=ReturnTimes(lo, hi, step),
        dv_budget_km_s=dv_budget, home=home.lower(), step_days=step_days, runner=runner,
    )  # fmt: skip
    emit(result.to_dict(), json_out, partial(_render, one_time=at is not None))


def _render(d: dict, one_time: bool) -> None:
    from sojourn.io.terminal import console, fmt, key_values, table

    con = console()
    limit = d["dv_budget_km_s"]
    budget = "no budget" if limit in (None, float("inf")) else f"budget {fmt(limit, 2)} km/s"
    if one_time:
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


def _render_mission(d: dict) -> None:
    from sojourn.io.terminal import console, fmt, table

    limit = d["dv_budget_km_s"]
    budget = "no budget" if limit in (None, float("inf")) else f"budget {fmt(limit, 2)} km/s"
    console().print(
        table(
            f"Aborts across the mission, {d['home']} -> {d['target']} -> {d['home']} "
            f"({budget}; patched conics)",
            [
                "abort UTC",
                "phase",
                "option",
                "burn UTC",
                "dv (km/s)",
                "to Earth (d)",
                "entry (km/s)",
                "in budget",
            ],
            [
                (
                    r["abort_utc"][:10],
                    r["phase"],
                    r["option"],
                    r["burn_utc"][:16],
                    fmt(r["dv_km_s"], 3),
                    fmt(r.get("days_to_earth", r.get("days_to_home")), 1),
                    fmt(r["entry_speed_km_s"], 2),
                    "yes" if r["within_budget"] else "no",
                )
                for r in d["rows"]
            ],
        )  # fmt: skip
    )

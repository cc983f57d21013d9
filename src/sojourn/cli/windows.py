"""``sojourn windows`` (porkchop grid and its optimum) and ``sojourn scan`` (synodic scan)."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import (
    CSV_OPT,
    JSON_OPT,
    SCHEDULER_OPT,
    one_format,
    parse_date_range,
    parse_number_range,
    positive,
    scheduler_address,
)
from sojourn.cli.output import emit


@app.command()
def windows(
    from_body: str = typer.Argument(..., metavar="FROM", help="Departure body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Arrival body, e.g. mars."),
    depart: str = typer.Option(..., "--depart", help="Departure range A..B (UTC dates)."),
    arrive: str = typer.Option(..., "--arrive", help="Arrival range A..B (UTC dates)."),
    step_days: float = typer.Option(1.0, "--step-days", help="Grid step in days."),
    minimize: str = typer.Option(
        "c3", "--minimize", help="Criterion: c3, vinf_arrive or dv_total."
    ),
    plot: str | None = typer.Option(None, "--plot", help="Write the porkchop: FILE.html/.png"),
    scheduler: str | None = SCHEDULER_OPT,
    revs: int = typer.Option(0, "--revs", help="Complete revolutions about the Sun."),
    c3_max: float | None = typer.Option(
        None, "--c3-max", help="Launch-energy limit, km2/s2: report the launch period."
    ),
    plot_filled: bool = typer.Option(
        False, "--plot-filled", help="Porkchop with filled C3 contours and a colour bar."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """Porkchop grid between two date ranges, its best transfer and the refined optimum."""
    from sojourn.errors import InputError
    from sojourn.io.terminal import progress_bar
    from sojourn.transfer import check_revs
    from sojourn.windows import CRITERIA
    from sojourn.windows.study import porkchop_study

    revs = check_revs(revs, "--revs")

    if minimize not in CRITERIA:
        raise InputError(f"'--minimize' must be one of {', '.join(CRITERIA)}, got {minimize!r}")
    positive(step_days, "--step-days", "--step-days 1")
    if c3_max is not None and not c3_max > 0:
        raise InputError(f"'--c3-max' must be > 0 km2/s2, got {c3_max}")
    if plot is not None and not plot.lower().endswith((".html", ".png")):
        raise InputError(f"'--plot' must name a .html or .png file, got {plot!r}")
    if plot is not None:  # before the grid is computed, not after
        from sojourn.io.atomic import check_file_target

        check_file_target(plot, "--plot")
    d0, d1 = parse_date_range(depart, "--depart")
    a0, a1 = parse_date_range(arrive, "--arrive")
    if a1 <= d0:
        raise InputError(
            f"'--arrive' ({arrive}) ends before '--depart' ({depart}) starts; "
            "give arrival dates after the departures"
        )
    runner = _runner(scheduler)
    with progress_bar(not json_out, "porkchop") as progress:
        study = porkchop_study(
            from_body.lower(), to_body.lower(), (d0, d1), (a0, a1), step_days,
            criterion=minimize, revs=revs, c3_max_km2_s2=c3_max, runner=runner,
            progress=progress,
        )  # fmt: skip
    out = study.to_dict()
    if plot is not None:
        from sojourn.io.plots import write_porkchop

        try:
            write_porkchop(
                study.grid, plot, c3_max_km2_s2=c3_max, criterion=minimize, best=study.best,
                filled=plot_filled,
            )  # fmt: skip
        except OSError as e:  # a full or read-only disk at write time; nothing is left behind
            raise InputError(
                f"'--plot' {plot!r} cannot be written ({e.strerror or e}); nothing was written; "
                "free some space or give a path on another disk"
            ) from None
        out["plot"] = plot
    emit(out, json_out, _render_windows)


def _runner(scheduler: str | None):
    """The chunked-job runner for ``--scheduler``: None (here) or Dask at that address."""
    if scheduler is None:
        return None
    from functools import partial

    from sojourn.distributed import run

    return partial(run, scheduler=scheduler_address(scheduler))


def _render_windows(out: dict) -> None:
    from sojourn.io.terminal import console, fmt, key_values

    head = (
        f"{out['from']} -> {out['to']}: {out['n_depart']} x {out['n_arrive']} grid, "
        f"{out['n_converged']:,} of {out['n_points']:,} converged in "
        f"{out['elapsed_s'] * 1e3:.1f} ms (DE440, {out['revs']} rev)"
    )
    rows = []
    for label, key in (("refined optimum", "best"), ("best grid cell", "best_grid")):
        t = out.get(key)
        if t is None:
            rows.append((label, "no transfer converged"))
            continue
        rows.append(
            (
                label,
                f"{t['depart_utc'][:16]} -> {t['arrive_utc'][:16]} UTC, "
                f"{fmt(t['tof_days'], 1)} d, C3 {fmt(t['c3_km2_s2'], 3)} km2/s2, "
                f"vinf arrive {fmt(t['vinf_arrive_km_s'], 3)} km/s, "
                f"dv total {fmt(t['dv_total_km_s'], 3)} km/s",
            )
        )
    best = out.get("best")
    if best is not None:
        rows.append(
            (
                "asymptote (best)",
                f"DLA {fmt(best['dla_deg'], 2)} deg, RLA {fmt(best['rla_deg'], 2)} deg",
            )
        )
    if "launch_period" in out:
        lp = out["launch_period"]
        rows.append(
            (
                "launch period",
                "none under the C3 limit"
                if lp is None
                else f"{lp['first_depart_utc'][:10]} .. {lp['last_depart_utc'][:10]} "
                f"({fmt(lp['n_days'], 0)} days, C3 <= {lp['c3_max_km2_s2']})",
            )
        )
    if "plot" in out:
        rows.append(("plot", out["plot"]))
    console().print(key_values(head + f", minimizing {out['criterion']}", rows))


@app.command()
def scan(
    from_body: str = typer.Argument("earth", metavar="FROM", help="Departure body."),
    to_body: str = typer.Argument("mars", metavar="TO", help="Arrival body."),
    start: str = typer.Option("2025-01-01", "--start", help="First departure date (UTC)."),
    end: str = typer.Option("2050-01-01", "--end", help="Last departure date (UTC)."),
    tof: str = typer.Option("90..450", "--tof-days", help="Flight-time range, days: MIN..MAX."),
    step_days: float = typer.Option(1.0, "--step-days", help="Date and flight-time step, days."),
    scheduler: str | None = SCHEDULER_OPT,
    json_out: bool = JSON_OPT,
    csv_out: bool = CSV_OPT,
) -> None:
    """Every transfer opportunity in a span: least C3 per synodic period."""
    from sojourn.core.time import tdb
    from sojourn.errors import InputError
    from sojourn.io.terminal import progress_bar
    from sojourn.windows.study import scan_study

    one_format(json_out, csv_out)
    positive(step_days, "--step-days", "--step-days 1")
    tof_days = parse_number_range(tof, "--tof-days", lo=0.0, lo_inclusive=False)
    t0 = float(tdb(start, field="--start"))
    t1 = float(tdb(end, field="--end"))
    if t1 < t0:
        raise InputError(f"'--end' ({end}) is before '--start' ({start}); swap them")
    with progress_bar(not json_out, "scan") as progress:
        study = scan_study(
            from_body, to_body, t0, t1, tof_days=tof_days, step_days=step_days,
            runner=_runner(scheduler), progress=progress,
        )  # fmt: skip
    emit(study.to_dict(), json_out, _render_scan, csv_out, _scan_table)


def _render_scan(out: dict) -> None:
    from sojourn.io.terminal import console

    console().print(_scan_table(out))


def _scan_table(out: dict):
    from sojourn.io.terminal import fmt, table

    return (
        table(
            f"{out['from']} -> {out['to']} opportunities (least C3 per synodic period, "
            f"{out['n_points']:,} transfers in {out['elapsed_s']:.2f} s)",
            ["depart (UTC)", "arrive (UTC)", "flight (d)", "C3 (km2/s2)", "vinf arrive (km/s)"],
            [
                (
                    o["depart_utc"][:10],
                    o["arrive_utc"][:10],
                    fmt(o["tof_days"], 0),
                    fmt(o["c3_km2_s2"], 3),
                    fmt(o["vinf_arrive_km_s"], 3),
                )
                for o in out["opportunities"]
            ],
        )
    )

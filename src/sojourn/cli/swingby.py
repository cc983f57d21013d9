"""``sojourn swingby``: one-way transfers through a swing-by (Earth-Venus-Mars and the like)."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import CSV_OPT, JSON_OPT, one_format, parse_date_range
from sojourn.cli.output import emit


@app.command()
def swingby(
    from_body: str = typer.Argument(..., metavar="FROM", help="Departure body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Arrival body, e.g. mars."),
    depart: str = typer.Option(..., "--depart", help="Departure range, UTC: A..B."),
    via: str = typer.Option("venus", "--via", help="The swing-by body (one), e.g. venus."),
    step_days: float = typer.Option(5.0, "--step-days", help="Coarse grid step, days."),
    objective: str = typer.Option(
        "dv",
        "--objective",
        help="dv (injection + flyby + capture), c3 (injection + flyby; arrival free) or "
        "arrival (arrival v-inf + flyby; bound the departure with --c3-max).",
    ),
    c3_max: float = typer.Option(
        None, "--c3-max", help="Largest departure C3, km2/s2 (none if omitted)."
    ),
    parking_alt_km: float = typer.Option(
        None, "--parking-alt-km", help="Departure parking orbit altitude, km (default 200)."
    ),
    no_capture: bool = typer.Option(
        False, "--no-capture", help="No capture at arrival (flyby or direct entry)."
    ),
    json_out: bool = JSON_OPT,
    csv_out: bool = CSV_OPT,
) -> None:
    """Best one-way transfer through a powered swing-by, per launch opportunity.

    Delta-v: injection from a 200 km circular parking orbit + the flyby's periapsis impulse
    (no lower than the body's minimum altitude) + capture into 250 km x 1 sol; the best
    direct transfer of the same opportunity is shown beside it.
    """
    import time

    from sojourn.mga import swingby_transfers

    one_format(json_out, csv_out)
    window = parse_date_range(depart, "--depart")
    started = time.perf_counter()
    result = swingby_transfers(
        from_body.lower(), to_body.lower(), window, (via.lower(),), step_days=step_days,
        objective=objective.lower(), max_c3_km2_s2=c3_max, parking_alt_km=parking_alt_km,
        capture=not no_capture,
    )  # fmt: skip
    out = result.to_dict()
    out["elapsed_s"] = time.perf_counter() - started
    emit(out, json_out, _render_swingby, csv_out, _swingby_table)


def _swingby_table(d: dict):
    from sojourn.io.terminal import fmt, table

    rows = []
    for o in d["opportunities"]:
        star = "*" if o["depart_utc"] == d["best"]["depart_utc"] else ""
        f = o["flybys"][0]
        rows.append(
            (
                star + o["depart_utc"][:10],
                fmt(o["c3_km2_s2"], 2),
                fmt(o["dla_deg"], 1),
                f["body"] + " " + f["utc"][:10],
                fmt(f["altitude_km"], 0),
                fmt(f["dv_km_s"], 3),
                o["arrive_utc"][:10],
                fmt(o["vinf_arrive_km_s"], 3),
                fmt(o["total_days"], 0),
                fmt(o["dv_total_km_s"], 3),
                "-" if o["direct_dv_km_s"] is None else fmt(o["direct_dv_km_s"], 3),
            )
        )
    b = d["best"]
    return table(
        f"{b['from']}-{'-'.join(b['via'])}-{b['to']} swing-by transfers, best per opportunity "
        f"by {b['objective']} (* overall best; {d['elapsed_s']:.2f} s)",
        [
            "depart",
            "C3 (km2/s2)",
            "DLA (deg)",
            "flyby",
            "flyby alt (km)",
            "flyby dv (km/s)",
            "arrive",
            "v-inf arrive (km/s)",
            "total (d)",
            "dv total (km/s)",
            "direct dv (km/s)",
        ],
        rows,
        keep=(0, 9, 10, 1, 3, 6, 5, 8, 4, 7, 2),  # at 80 columns: dates, the cost, direct's
    )


def _render_swingby(d: dict) -> None:
    from sojourn.io.terminal import console, fmt, key_values

    c = console()
    c.print(_swingby_table(d))
    b = d["best"]
    c.print(
        key_values(
            "best (UTC; delta-v impulsive at periapsis, patched conics, DE440)",
            [
                ("depart", b["depart_utc"] + " UTC"),
                ("C3 / DLA", f"{fmt(b['c3_km2_s2'], 2)} km2/s2 / {fmt(b['dla_deg'], 1)} deg"),
            ]
            + [
                (
                    f"{f['body']} flyby",
                    f"{f['utc']} UTC, {fmt(f['altitude_km'], 0)} km, "
                    f"dv {fmt(f['dv_km_s'] * 1000.0, 1)} m/s",
                )
                for f in b["flybys"]
            ]
            + [
                ("arrive", b["arrive_utc"] + " UTC"),
                ("v-inf arrive (km/s)", fmt(b["vinf_arrive_km_s"], 3)),
                ("total (days)", fmt(b["total_days"], 1)),
                (
                    "dv depart / flyby / capture (km/s)",
                    f"{fmt(b['dv_depart_km_s'], 3)} / {fmt(b['dv_flyby_km_s'], 3)} / "
                    f"{fmt(b['dv_capture_km_s'], 3)}",
                ),
                ("dv total (km/s)", fmt(b["dv_total_km_s"], 3)),
                (
                    "direct, same opportunity (km/s)",
                    "none" if b["direct_dv_km_s"] is None else fmt(b["direct_dv_km_s"], 3),
                ),
            ],  # fmt: skip
        )
    )

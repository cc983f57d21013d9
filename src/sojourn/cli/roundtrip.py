"""``sojourn roundtrip`` (Earth-Mars-Earth round trips) and ``sojourn race`` (who arrives first)."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import (
    CSV_OPT,
    JSON_OPT,
    one_format,
    parse_date_range,
    parse_number_range,
)
from sojourn.cli.output import emit


@app.command()
def roundtrip(
    from_body: str = typer.Argument(..., metavar="FROM", help="Home body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Target body, e.g. mars."),
    depart: str = typer.Option(..., "--depart", help="Home departure range, UTC: A..B."),
    mission_class: str = typer.Option(
        "conjunction",
        "--class",
        help="conjunction (long stay), opposition (short stay) or free-return (Mars flyby, "
        "no burn at Mars, no stay).",
    ),
    stay_days: str = typer.Option(
        None, "--stay-days", help="Stay at the target, days A..B (class default if omitted)."
    ),
    max_total_days: float = typer.Option(
        None, "--max-total-days", help="Longest whole trip, days (opposition default 650)."
    ),
    step_days: float = typer.Option(5.0, "--step-days", help="Coarse grid step, days."),
    parking_alt_km: float = typer.Option(
        None, "--parking-alt-km", help="Earth parking orbit altitude, km (default 200, as plan)."
    ),
    via: str = typer.Option(
        None,
        "--via",
        help="Swing-bys: venus (a Venus flyby out or back), none, or auto (the cheaper of "
        "direct and Venus). Default: auto for opposition, none otherwise.",
    ),
    max_entry_km_s: str = typer.Option(
        None,
        "--max-entry-km-s",
        help="Highest Earth entry speed at 125 km, km/s (default 14, Striepe et al. 1993); "
        "'none' or 0 lifts the limit.",
    ),
    json_out: bool = JSON_OPT,
    csv_out: bool = CSV_OPT,
) -> None:
    """Cheapest round trip (total delta-v) per launch opportunity in the departure range.

    Delta-v: LEO 200 km injection + capture into 250 km x 1 sol + departure from that orbit
    + any powered-flyby impulse; home arrival is a direct entry (entry speed at 125 km
    reported, and limited).
    """
    import time

    from sojourn.core.defaults import MAX_ENTRY_SPEED_KM_S
    from sojourn.io.terminal import progress_bar
    from sojourn.roundtrip import roundtrip as compute

    one_format(json_out, csv_out)
    window = parse_date_range(depart, "--depart")
    entry_limit = MAX_ENTRY_SPEED_KM_S if max_entry_km_s is None else max_entry_km_s
    stay = None
    if stay_days is not None:
        stay = parse_number_range(stay_days, "--stay-days", example="450..600")
    started = time.perf_counter()
    with progress_bar(not json_out, "searching launch opportunities") as tick:
        result = compute(
            from_body.lower(), to_body.lower(), window,
            mission_class=mission_class.lower(), stay_days=stay,
            max_total_days=max_total_days, step_days=step_days, progress=tick,
            **({} if parking_alt_km is None else {"parking_alt_km": parking_alt_km}),
            via=via, max_entry_km_s=_entry_option(entry_limit),
        )  # fmt: skip
    out = result.to_dict()
    out["elapsed_s"] = time.perf_counter() - started
    emit(out, json_out, _render_roundtrip, csv_out, _roundtrip_table)


def _entry_option(text):
    """``--max-entry-km-s``: a number, or 'none' (InputError naming the option otherwise)."""
    from sojourn.errors import InputError

    if not isinstance(text, str) or text.strip().lower() == "none":
        return text
    try:
        return float(text)
    except ValueError:
        raise InputError(
            f"--max-entry-km-s must be a speed in km/s or 'none', got {text!r}; e.g. 14"
        ) from None


def _roundtrip_table(d: dict):
    from sojourn.io.terminal import fmt, table

    rows = []
    for o in d["opportunities"]:
        star = "*" if o["depart_utc"] == d["best"]["depart_utc"] else ""
        rows.append(
            (
                star + o["outbound"]["depart_utc"][:10],
                o["arrive_target_utc"][:10],
                o["depart_target_utc"][:10],
                o["return"]["arrive_utc"][:10],
                fmt(o["outbound_days"], 0),
                fmt(o["stay_days"], 0),
                fmt(o["return_days"], 0),
                fmt(o["total_days"], 0),
                fmt(o["outbound"]["c3_km2_s2"], 2),
                fmt(o["dv_total_km_s"], 3),
                fmt(o["entry_speed_km_s"], 2),
                ", ".join(f"{f['body']} {f['utc'][:10]}" for f in o["flybys"]) or "-",
            )
        )
    frm, to = d["from"], d["to"]
    return table(
        f"{frm}-{to}-{frm} {d['class']}-class round trips, best per opportunity "
        f"(* overall best; {d['elapsed_s']:.2f} s)",
        [
            "leave " + frm,
            "arrive " + to,
            "leave " + to,
            "arrive " + frm,
            "out (d)",
            "stay (d)",
            "back (d)",
            "total (d)",
            "C3 (km2/s2)",
            "dv total (km/s)",
            "entry (km/s)",
            "flybys",
        ],
        rows,
        keep=(0, 9, 8, 10, 11, 7, 1, 2, 3, 5, 4, 6),  # at 80 columns: dates out, the cost, entry
    )


def _render_roundtrip(d: dict) -> None:
    from sojourn.io.terminal import console, fmt, key_values

    c = console()
    c.print(_roundtrip_table(d))
    b = d["best"]
    c.print(
        key_values(
            "best (UTC; delta-v impulsive at periapsis, patched conics, DE440)",
            [
                ("depart", b["outbound"]["depart_utc"] + " UTC"),
                ("return", b["return"]["arrive_utc"] + " UTC"),
                ("stay / total (days)", f"{fmt(b['stay_days'], 1)} / {fmt(b['total_days'], 1)}"),
                ("dv depart LEO (km/s)", fmt(b["dv_depart_km_s"], 3)),
                ("dv capture (km/s)", fmt(b["dv_capture_km_s"], 3)),
                ("dv return (km/s)", fmt(b["dv_return_km_s"], 3)),
                ("dv total (km/s)", fmt(b["dv_total_km_s"], 3)),
                (
                    "entry v-inf / speed (km/s)",
                    f"{fmt(b['entry_vinf_km_s'], 3)} / {fmt(b['entry_speed_km_s'], 3)}",
                ),
                (
                    "entry limit (km/s)",
                    "none" if b["max_entry_km_s"] is None else fmt(b["max_entry_km_s"], 2),
                ),
            ]
            + [
                (
                    f"{f['body']} flyby (UTC)",
                    f"{f['utc']} UTC, {fmt(f['altitude_km'], 0)} km, "
                    f"dv {fmt(f['dv_km_s'] * 1000.0, 1)} m/s",
                )
                for f in b["flybys"]
            ],
        )
    )


@app.command()
def race(
    from_body: str = typer.Argument(..., metavar="FROM", help="Departure body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Arrival body, e.g. mars."),
    entries: list[str] = typer.Argument(  # noqa: B008 (typer reads defaults)
        ...,
        metavar="LABEL=DEPART[..ARRIVE]...",
        help="Contenders: label=departure..arrival (UTC), or label=departure with --c3-max.",
    ),
    c3_max: float = typer.Option(
        None,
        "--c3-max",
        help="C3 limit (km2/s2): entries without arrival fly the fastest under it.",
    ),
    max_c3: float = typer.Option(None, "--max-c3", hidden=True),  # the old spelling, kept
    json_out: bool = JSON_OPT,
) -> None:
    """The race: rank departures by arrival date (who gets there first)."""
    from sojourn.errors import InputError
    from sojourn.roundtrip import race as compute

    if max_c3 is not None:
        if c3_max is not None:
            raise InputError("give '--c3-max' once ('--max-c3' is its old spelling)")
        c3_max = max_c3
    max_c3 = c3_max
    frm, to = from_body.lower(), to_body.lower()
    ranked = compute([_race_entry(e) for e in entries], frm, to, c3_max_km2_s2=max_c3)
    emit({"from": frm, "to": to, "race": ranked}, json_out, _render_race)


def _race_entry(text: str) -> tuple:
    """``(label, depart_tdb_s, arrive_tdb_s)`` of ``LABEL=A..B``, ``(label, depart_tdb_s)`` of
    ``LABEL=A``."""
    from sojourn.core.time import tdb
    from sojourn.errors import InputError

    label, sep, dates = text.partition("=")
    label = label.strip()
    if not sep or not label or not dates.strip():
        raise InputError(
            f"race entry must be LABEL=DEPART..ARRIVE or LABEL=DEPART, got {text!r}; "
            "e.g. alpha=2033-04-10..2033-11-01"
        )
    if ".." in dates:
        return (label, *parse_date_range(dates, label))
    return label, tdb(dates, f"{label} depart")


def _render_race(d: dict) -> None:
    from sojourn.core.time import utc_iso
    from sojourn.io.terminal import console, fmt, table

    console().print(
        table(
            f"{d['from']} -> {d['to']}: first arrival wins",
            [
                "rank",
                "label",
                "depart",
                "arrive",
                "flight (d)",
                "behind (d)",
                "C3 (km2/s2)",
                "v-inf arrive (km/s)",
            ],
            [
                (
                    str(e.rank),
                    e.label,
                    utc_iso(e.transfer.depart_tdb_s, sep=" ")[:16],
                    utc_iso(e.transfer.arrive_tdb_s, sep=" ")[:16],
                    fmt(e.transfer.tof_days, 2),
                    fmt(e.behind_days, 2),
                    fmt(e.transfer.c3_km2_s2, 2),
                    fmt(e.transfer.vinf_arrive_km_s, 3),
                )
                for e in d["race"]
            ],
            keep=(0, 1, 3, 5, 2, 4, 6, 7),
            wrap=(1,),
            min_wrap=12,
        )
    )

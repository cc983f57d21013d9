"""``sojourn ephem`` and ``sojourn transfer``: the core queries."""

from __future__ import annotations

import typer

from sojourn.cli import app

JSON_OPT = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")


@app.command()
def ephem(
    body: str = typer.Argument(..., help="Body: sun, moon, earth, mars, ... (see the error list)."),
    at: str = typer.Option(..., "--at", help="UTC date, ISO 8601: 2020-07-30T11:50:00."),
    center: str = typer.Option("sun", "--center", help="Centre body."),
    json_out: bool = JSON_OPT,
) -> None:
    """State vector of a body from JPL DE440 (ICRF, km and km/s)."""
    from sojourn.core import ephemeris
    from sojourn.core.time import tdb, utc_iso

    t = tdb(at, field="--at")
    name, centre = body.lower(), center.lower()
    r, v = ephemeris.state(name, t, center=centre)
    out = {
        "body": name,
        "center": centre,
        "epoch_utc": utc_iso(t, precision=3),
        "epoch_tdb_jd": 2451545.0 + t / 86400.0,
        "r_km": r,
        "v_km_s": v,
        "distance_km": float((r**2).sum() ** 0.5),
        "frame": "ICRF",
        "ephemeris": "DE440",
    }
    if json_out:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(out))
        return
    from sojourn.io.terminal import console, fmt, key_values

    console().print(
        key_values(
            f"{name} relative to {centre} at {out['epoch_utc']} UTC (DE440, ICRF)",
            [
                ("r (km)", "  ".join(fmt(x, 3) for x in r)),
                ("v (km/s)", "  ".join(fmt(x, 6) for x in v)),
                ("distance (km)", fmt(out["distance_km"], 3)),
            ],
        )
    )


@app.command()
def transfer(
    from_body: str = typer.Argument(..., metavar="FROM", help="Departure body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Arrival body, e.g. mars."),
    depart: str = typer.Option(..., "--depart", help="Departure, UTC (ISO 8601)."),
    arrive: str = typer.Option(..., "--arrive", help="Arrival, UTC (ISO 8601)."),
    revs: int = typer.Option(0, "--revs", help="Complete revolutions about the Sun."),
    json_out: bool = JSON_OPT,
) -> None:
    """Ballistic transfer between two bodies: C3, v-infinity, DLA/RLA, flight time."""
    from sojourn.core.time import tdb
    from sojourn.transfer import transfer as compute

    t1 = tdb(depart, field="--depart")
    t2 = tdb(arrive, field="--arrive")
    result = compute(from_body.lower(), to_body.lower(), t1, t2, revs=revs)
    if json_out:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(result))
        return
    from sojourn.io.terminal import console, fmt, key_values

    d = result.to_dict()
    console().print(
        key_values(
            f"{d['from']} -> {d['to']} (ballistic, {d['revs']} rev, DE440)",
            [
                ("depart", d["depart_utc"] + " UTC"),
                ("arrive", d["arrive_utc"] + " UTC"),
                ("flight time (days)", fmt(d["tof_days"], 2)),
                ("C3 (km2/s2)", fmt(d["c3_km2_s2"], 3)),
                ("v-inf depart (km/s)", fmt(d["vinf_depart_km_s"], 3)),
                ("v-inf arrive (km/s)", fmt(d["vinf_arrive_km_s"], 3)),
                ("DLA (deg)", fmt(d["dla_deg"], 2)),
                ("RLA (deg)", fmt(d["rla_deg"], 2)),
            ],
        )
    )

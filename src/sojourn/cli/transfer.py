"""``sojourn transfer``: one ballistic transfer between two bodies."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT
from sojourn.cli.output import emit


@app.command()
def transfer(
    from_body: str = typer.Argument(..., metavar="FROM", help="Departure body, e.g. earth."),
    to_body: str = typer.Argument(..., metavar="TO", help="Arrival body, e.g. mars."),
    depart: str = typer.Option(..., "--depart", help="Departure, UTC (ISO 8601)."),
    arrive: str = typer.Option(..., "--arrive", help="Arrival, UTC (ISO 8601)."),
    revs: int = typer.Option(0, "--revs", help="Complete revolutions about the Sun."),
    parking_alt_km: float = typer.Option(
        None,
        "--parking-alt-km",
        help="Circular parking orbit altitude, km (default 200 for an Earth or Mars departure).",
    ),
    parking_inclination_deg: float = typer.Option(
        None,
        "--parking-inclination-deg",
        help="Parking orbit inclination to the equator, deg (default: one holding the "
        "asymptote, or the lowest the --site reaches that does).",
    ),
    site: str = typer.Option(
        None, "--site", help="Launch site id (see 'sojourn sites'); bounds the inclination."
    ),
    coast_days: float = typer.Option(
        0.0, "--coast-days", help="Days from launch to departure (J2 node regression)."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """Ballistic transfer between two bodies: C3, v-infinity, DLA/RLA, flight time, and the
    departure from a parking orbit (plane change included) for Earth and Mars departures."""
    from sojourn.core.defaults import PARKING_ALT_KM
    from sojourn.core.time import tdb
    from sojourn.errors import InputError
    from sojourn.transfer import check_revs
    from sojourn.transfer import transfer as compute

    revs = check_revs(revs, "--revs")
    t1 = tdb(depart, field="--depart")
    t2 = tdb(arrive, field="--arrive")
    src = from_body.lower()
    given = parking_alt_km is not None or parking_inclination_deg is not None or site is not None
    if not given and src in ("earth", "mars"):
        parking_alt_km = PARKING_ALT_KM
    try:
        result = compute(
            src,
            to_body.lower(),
            t1,
            t2,
            revs=revs,
            parking_alt_km=parking_alt_km,
            parking_inclination_deg=parking_inclination_deg,
            site=site,
            coast_days=coast_days,
        )
    except InputError as e:
        text = str(e)
        for name in ("parking_alt_km", "parking_inclination_deg", "coast_days", "site"):
            text = text.replace(f"'{name}'", "--" + name.replace("_", "-"))
        if text == str(e):
            raise
        raise InputError(text) from None
    emit(result, json_out, _render)


def _render(result) -> None:
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
                *_departure_rows(d.get("departure")),
            ],
        )
    )


def _departure_rows(dep) -> list:
    from sojourn.io.terminal import fmt

    if dep is None:
        return []
    where = f", {dep['site']}" if dep["site"] else ""
    return [
        (
            "parking orbit",
            f"{fmt(dep['parking_alt_km'], 0)} km, {fmt(dep['parking_inclination_deg'], 1)} deg"
            + where,
        ),
        ("departure method", dep["method"]),
        ("departure dv (km/s)", fmt(dep["dv_km_s"], 3)),
        ("in-plane dv (km/s)", fmt(dep["in_plane_dv_km_s"], 3)),
        ("plane change (deg)", fmt(dep["plane_change_deg"], 1)),
    ]

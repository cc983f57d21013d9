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
    json_out: bool = JSON_OPT,
) -> None:
    """Ballistic transfer between two bodies: C3, v-infinity, DLA/RLA, flight time."""
    from sojourn.core.time import tdb
    from sojourn.transfer import check_revs
    from sojourn.transfer import transfer as compute

    revs = check_revs(revs, "--revs")
    t1 = tdb(depart, field="--depart")
    t2 = tdb(arrive, field="--arrive")
    emit(compute(from_body.lower(), to_body.lower(), t1, t2, revs=revs), json_out, _render)


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
            ],
        )
    )

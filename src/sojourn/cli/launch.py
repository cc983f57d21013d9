"""``sojourn sites``, ``sojourn launch`` and ``sojourn landing``: to the station and back."""

from __future__ import annotations

from functools import partial

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT
from sojourn.cli.output import emit


def _target(tle_file, target, t_tdb_s):
    """The element set of ``--tle FILE`` or ``--target NAME`` (default iss) nearest the date."""
    # TODO(lead): this choice belongs in sojourn.leo.tle (e.g. tle.target(file, name, t)).
    from sojourn.errors import InputError
    from sojourn.leo.tle import builtin_tles, read_tle, tle_for_date

    if tle_file and target:
        raise InputError("give either '--tle FILE' or '--target NAME', not both")
    if tle_file:
        # Same age limit as the built-in sets and the mission planner: an element set months
        # or years from its epoch puts the station thousands of km from where it is.
        return tle_for_date(read_tle(tle_file), t_tdb_s, source=f"{tle_file}'s")
    return tle_for_date(builtin_tles(target or "iss"), t_tdb_s)


@app.command()
def sites(json_out: bool = JSON_OPT) -> None:
    """Launch sites and their ids."""
    from sojourn.leo.sites import SITES

    emit({"sites": list(SITES.values())}, json_out, _render_sites)


def _render_sites(d: dict) -> None:
    from sojourn.io.terminal import console, table

    rows = [
        (
            s.id,
            s.name,
            f"{s.lat_deg:.4f}",
            f"{s.lon_deg:.4f}",
            ", ".join(f"{lo:g}..{hi:g}" for lo, hi in s.azimuth_ranges_deg),
        )
        for s in d["sites"]
    ]
    console().print(
        table(
            "Launch sites (WGS 84)",
            ["id", "name", "lat (deg)", "lon (deg)", "azimuths (deg)"],
            rows,
        )
    )


@app.command()
def launch(
    site: str = typer.Option(..., "--site", help="Launch site id (see 'sojourn sites')."),
    tle: str = typer.Option(
        None, "--tle", help="TLE file of the target (two- or three-line sets)."
    ),
    target: str = typer.Option(None, "--target", help="Built-in target: iss (default)."),
    date: str = typer.Option(..., "--date", help="UTC start of the search, ISO 8601."),
    days: float = typer.Option(1.0, "--days", help="Days to search (<= 30)."),
    plane_change_deg: float = typer.Option(
        0.1, "--plane-change-deg", help="Plane-change capability, deg."
    ),
    ascent_s: float = typer.Option(
        None, "--ascent-s", help="Lift-off to insertion, s (default per vehicle)."
    ),
    insertion_alt_km: float = typer.Option(
        None, "--insertion-alt-km", help="Insertion altitude, km."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """Launch windows into a target's plane, with rendezvous options and docking times."""
    from sojourn.core.time import tdb
    from sojourn.leo.sites import site as get_site

    s = get_site(site)
    t0 = tdb(date, field="--date")
    target_tle = _target(tle, target, t0)
    out = _launch(s, target_tle, t0, days, plane_change_deg, ascent_s, insertion_alt_km)
    emit(out, json_out, partial(_render_launch, days=days, date=date))


def _launch(s, target_tle, t0, days, plane_change_deg, ascent_s, insertion_alt_km) -> dict:
    # TODO(lead): the ascent choice (per vehicle, overridden) and the rendezvous options added
    # to each window belong in one sojourn.leo.launch function returning a result object.
    from dataclasses import replace

    from sojourn.leo.launch import ASCENTS, launch_windows
    from sojourn.leo.rendezvous import rendezvous_options

    ascent = ASCENTS.get(s.vehicle, ASCENTS["generic"])
    if ascent_s is not None:
        ascent = replace(ascent, ascent_s=ascent_s)
    if insertion_alt_km is not None:
        ascent = replace(ascent, insertion_alt_km=insertion_alt_km)
    wins = launch_windows(
        s, target_tle, t0, days=days, ascent=ascent, plane_change_deg=plane_change_deg
    )
    for w in wins:
        w.rendezvous.extend(rendezvous_options(w, target_tle))
    return {
        "site": s.id,
        "target": target_tle.name,
        "tle_epoch_utc": target_tle.epoch_utc,
        "ascent": {
            "ascent_s": ascent.ascent_s,
            "insertion_alt_km": ascent.insertion_alt_km,
            "downrange_deg": ascent.downrange_deg,
            "lead_fraction": ascent.lead_fraction,
        },
        "windows": [w.to_dict() for w in wins],
    }


def _render_launch(out: dict, days: float, date: str) -> None:
    from sojourn.io.terminal import console, table

    rows = []
    for w in out["windows"]:
        rv = (
            "; ".join(
                f"{r['profile']} {r['docking_utc'].replace('T', ' ')}" for r in w["rendezvous"]
            )
            or "none"
        )
        rows.append(
            (
                w["launch_utc"].replace("T", " "),
                w["node"],
                f"{w['azimuth_deg']:.2f}",
                f"{w['plane_error_deg']:.3f}",
                rv,
            )
        )
    c = console()
    c.print(
        table(
            f"Launch windows {out['site']} -> {out['target']} "
            f"(TLE epoch {out['tle_epoch_utc']} UTC), times UTC",
            ["lift-off", "node", "azimuth (deg)", "plane error (deg)", "docking"],
            rows,
        )
    )
    if not rows:
        c.print(
            f"No launch window from {out['site']} in {days:g} day(s) from {date}; "
            "search longer with --days (up to 30)."
        )


@app.command()
def landing(
    tle: str = typer.Option(None, "--tle", help="TLE file of the station."),
    target: str = typer.Option(None, "--target", help="Built-in station: iss (default)."),
    after: str = typer.Option(..., "--after", help="Earliest undocking, UTC ISO 8601."),
    zone: str = typer.Option("kazakhstan", "--zone", help="Landing zone id."),
    hours: float = typer.Option(48.0, "--hours", help="Hours to search."),
    json_out: bool = JSON_OPT,
) -> None:
    """Next deorbit opportunities to a landing zone, and the time until the crew is down."""
    from sojourn.core.time import tdb
    from sojourn.leo.landing import landing_opportunities

    t0 = tdb(after, field="--after")
    station = _target(tle, target, t0)
    ops = landing_opportunities(station, t0, zone_id=zone, hours=hours)
    out = {
        "target": station.name,
        "tle_epoch_utc": station.epoch_utc,
        "zone": zone.lower(),
        "opportunities": [o.to_dict() for o in ops],
    }
    why_none = (
        f"No landing opportunity to {zone.lower()} within {hours:g} h of {after}: "
        f"the ground track of {station.name} (inclination {station.inclination_deg:.2f} "
        "deg) does not pass over the zone in that time; try another --zone or more --hours."
    )
    emit(out, json_out, partial(_render_landing, zone=zone, why_none=why_none))


def _render_landing(out: dict, zone: str, why_none: str) -> None:
    from sojourn.io.terminal import console, table

    c = console()
    if not out["opportunities"]:
        c.print(why_none)
        return
    rows = [
        (
            o["deorbit_utc"].replace("T", " "),
            o["landing_utc"].replace("T", " "),
            f"{o['lat_deg']:.2f}",
            f"{o['lon_deg']:.2f}",
            f"{o['miss_km']:.0f}",
            f"{o['hours_from_request']:.2f}",
        )
        for o in out["opportunities"]
    ]
    c.print(
        table(
            f"Landing opportunities to {zone} from {out['target']}, times UTC",
            [
                "deorbit burn",
                "landing",
                "lat (deg)",
                "lon (deg)",
                "miss (km)",
                "after undocking (h)",
            ],
            rows,
        )
    )

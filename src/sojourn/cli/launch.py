"""``sojourn sites``, ``sojourn launch`` and ``sojourn landing``: to the station and back."""

from __future__ import annotations

from functools import partial

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT, within
from sojourn.cli.output import emit


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
    max_tle_age_days: float = typer.Option(
        7.0,
        "--max-tle-age-days",
        help="Element-set age (days) beyond which rendezvous answers are flagged.",
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """Launch windows into a target's plane, with rendezvous options and docking times."""
    from sojourn.core.time import tdb
    from sojourn.leo.launch import launch_report
    from sojourn.leo.quality import check_max_age_days
    from sojourn.leo.sites import site as get_site

    within(days, "--days", 30.0, "--days 1")
    s = get_site(site)
    report = launch_report(
        s, tdb(date, field="--date"), days, tle_path=tle, target=target,
        plane_change_deg=plane_change_deg, ascent_s=ascent_s, insertion_alt_km=insertion_alt_km,
        max_tle_age_days=check_max_age_days(max_tle_age_days, "--max-tle-age-days"),
    )  # fmt: skip
    emit(report, json_out, partial(_render_launch, days=days, date=date))


def _render_launch(report, days: float, date: str) -> None:
    from sojourn.core.time import utc_iso
    from sojourn.io.terminal import console, table

    rows = []
    for w in report.windows:
        rv = (
            "; ".join(
                f"{r.profile}: {utc_iso(r.docking_tdb_s, sep=' ')[:16]} ({r.dv_m_s:.0f} m/s)"
                for r in w.rendezvous
            )
            or "none"
        )
        rows.append(
            (
                utc_iso(w.launch_tdb_s, sep=" "),
                w.node,
                f"{round(w.azimuth_deg, 3):.2f}",
                f"{round(w.plane_error_deg, 4):.3f}",
                rv,
            )
        )
    site, target = report.site.id, report.tle.name
    c = console()
    c.print(
        table(
            f"Launch windows {site} -> {target} (TLE epoch {report.tle.epoch_utc} UTC), times UTC",
            ["lift-off", "node", "azimuth (deg)", "plane error (deg)", "docking"],
            rows,
            keep=(0, 4, 2, 1, 3),
            wrap=(4,),
            min_wrap=28,
        )
    )
    if not rows:
        c.print(
            f"No launch window from {site} in {days:g} day(s) from {date}; "
            "search longer with --days (up to 30)."
        )
    q = report.windows[0].quality if report.windows else None
    if q is not None:
        c.print(
            f"Element set age at insertion {q.age_days:+.1f} days: phase along the orbit "
            f"uncertain by about {q.phase_uncertainty_deg:.1f} deg."
        )
        if not q.allowed:
            c.print(f"Rendezvous profiles are not reliable: {q.reason}.")


@app.command()
def landing(
    tle: str = typer.Option(None, "--tle", help="TLE file of the station."),
    target: str = typer.Option(None, "--target", help="Built-in station: iss (default)."),
    after: str = typer.Option(..., "--after", help="Earliest undocking, UTC ISO 8601."),
    zone: str = typer.Option("kazakhstan", "--zone", help="Landing zone id."),
    hours: float = typer.Option(48.0, "--hours", help="Hours to search."),
    mode: str = typer.Option("guided", "--mode", help="Entry: guided or ballistic."),
    daylight: bool = typer.Option(
        False, "--daylight", help="Only touchdowns with the Sun above the horizon."
    ),
    max_g: float = typer.Option(
        None, "--max-g", help="Only descents whose peak deceleration stays under this, g."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """Next deorbit opportunities to a landing zone, and the time until the crew is down."""
    from sojourn.core.time import tdb
    from sojourn.leo.landing import landing_report

    within(hours, "--hours", 240.0, "--hours 48")
    t0 = tdb(after, field="--after")
    report = landing_report(
        t0,
        zone_id=zone,
        hours=hours,
        tle_path=tle,
        target=target,
        mode=mode,
        daylight=daylight,
        max_g=max_g,
    )
    emit(report, json_out, partial(_render_landing, after=after, zone=zone))


def _render_landing(report, after: str, zone: str) -> None:
    from sojourn.core.time import utc_iso
    from sojourn.io.terminal import console, table

    c = console()
    st = report.tle
    if not report.opportunities:
        c.print(
            f"No landing opportunity to {report.zone} within {report.hours:g} h of {after}: "
            f"the ground track of {st.name} (inclination {st.inclination_deg:.2f} "
            "deg) does not pass over the zone in that time; try another --zone or more --hours."
        )
        return
    rows = [
        (
            utc_iso(o.deorbit_tdb_s, sep=" "),
            utc_iso(o.landing_tdb_s, sep=" "),
            f"{round(o.lat_deg, 3):.2f}",
            f"{round(o.lon_deg, 3):.2f}",
            f"{round(o.miss_km, 1):.0f}",
            f"{round(o.hours_from_request, 3):.2f}",
            f"{o.peak_g:.1f}",
            "day" if o.daylight else "night",
        )
        for o in report.opportunities
    ]
    c.print(
        table(
            f"Landing opportunities to {zone} from {st.name}, times UTC",
            [
                "deorbit burn",
                "landing",
                "lat (deg)",
                "lon (deg)",
                "miss (km)",
                "after undocking (h)",
                "peak g",
                "touchdown",
            ],
            rows,
        )
    )

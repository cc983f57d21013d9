"""The plan as one self-contained, interactive HTML page (plotly; works offline).

The page embeds plotly.js once, in the head, and draws each figure into its own ``<div>``;
it loads nothing from the network (no CDN, no web fonts). It shows what the plan has and
skips what it lacks:

========================  ========================================================
section id                drawn from
========================  ========================================================
``summary``               the header: title, dates (UTC), key figures
``timeline``              ``plan.phases`` (a Gantt chart, coloured by environment)
``trajectory``            ``plan.trajectories``: a Sun-centred 3D view (AU, with
                          ``plan.planet_orbits``) and an Earth-centred one (km, Earth
                          sphere), each only when some segment belongs there
``porkchop``              ``plan.porkchop`` (:func:`sojourn.io.plots.porkchop_figure`)
                          and its ``chosen`` transfer
``comms``                 ``plan.comms.series``: one-way light time and
                          Sun-Earth-probe angle, blackouts shaded
``crew``                  ``plan.crew``: dose per phase against the career limit,
                          consumables per phase
``aborts``                ``plan.aborts``: earliest return and delta-v by burn date;
                          for station missions, hours to ground
``findings``              ``plan.findings``, a table coloured by severity (always shown)
``details``               every section of ``plan.to_dict()`` as JSON (collapsed)
========================  ========================================================

The header's key figures are ``plan.key_figures()`` (the ones the terminal prints too).
Everything the plan supplies as text is escaped (:func:`html.escape`); figures carry their
text inside plotly's JSON. No physics here: the page draws what the Plan carries (the planet
orbits and re-centred arcs are sampled by the planner, :mod:`sojourn.mission.views`).
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

import numpy as np

from sojourn.core.constants import AU_KM, RADIUS_KM
from sojourn.core.time import utc_iso
from sojourn.io.atomic import write_text
from sojourn.io.plots_dose import dose_rate_fig
from sojourn.io.terminal import duration
from sojourn.io.utc import utc_list

__all__ = ["report_html", "write_report", "SECTION_IDS"]

_DOSE_NOTE = (
    "GCR model sojourn-gcr-2 (first order), driven by the solar modulation potential phi; phi "
    "after mid-2026 comes from NOAA's F10.7 forecast (band: past cycles' spread)."
)

#: Ids of the page's sections, in order (a section missing from the plan is left out).
SECTION_IDS = (
    "summary",
    "findings",
    "timeline",
    "trajectory",
    "map",
    "porkchop",
    "comms",
    "crew",
    "dose",
    "aborts",
    "details",
)

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_ENV_COLORS = {
    "ground": "#8c8c8c",
    "leo": "#1f77b4",
    "cruise": "#ff7f0e",
    "mars_orbit": "#d62728",
    "mars_surface": "#8c564b",
}
_SEG_COLORS = ("#e6550d", "#3182bd", "#31a354", "#756bb1", "#de2d26", "#636363")
_PLANET_COLORS = {"earth": "#2b8cbe", "mars": "#cb181d"}
#: Plotly's own options: no logo link and no "send data to cloud" / "edit in Chart Studio"
#: button (the page never talks to the network). plotly.js 3 (plotly.py 6+) removed the
#: ``showLink``/``sendData`` options with the link button itself, and plotly.py warns about
#: them, so they are not passed; ``showSendToCloud`` and the removed buttons cover older
#: plotly.js too.
_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio"],
    "responsive": True,
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#0b2545;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px 0;font-size:26px}
header .sub{opacity:.85;font-size:14px}
.kf{display:flex;flex-wrap:wrap;gap:12px;margin-top:14px}
.kf div{background:rgba(255,255,255,.12);border-radius:6px;padding:8px 12px;min-width:130px}
.kf dt{font-size:12px;opacity:.8}.kf dd{margin:2px 0 0 0;font-size:17px;font-weight:600}
main{padding:8px 32px 40px 32px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:18px 0;padding:12px 18px}
section h2{font-size:19px;margin:6px 0 10px 0}
.note{color:#57606a;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6}
tr.sev-error td{background:#ffebe9}tr.sev-warning td{background:#fff8c5}
tr.sev-info td{background:#ddf4ff}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;
color:#fff}
.badge.error{background:#cf222e}.badge.warning{background:#bf8700}.badge.info{background:#0969da}
pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:12px}
.views{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:12px}
@media (max-width:900px){.views{grid-template-columns:minmax(0,1fr)}}
"""


# --- small helpers ---------------------------------------------------------------------------
def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _minute(t_tdb_s: float) -> str:
    """``YYYY-MM-DD HH:MM`` UTC."""
    return utc_iso(float(t_tdb_s), sep=" ")[:16]


def _arr(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _fig_html(fig, div_id: str) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=_CONFIG)


def _layout(fig, title: str, height: int = 460) -> None:
    fig.update_layout(
        title=dict(text=title, x=0.01),
        template="plotly_white",
        height=height,
        margin=dict(t=60, l=70, r=30, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=1.0, xanchor="right"),
    )


# --- key figures (plan.key_figures(), shared with the terminal) ------------------------------
def _key_figures(plan) -> list[tuple[str, str]]:
    k = plan.key_figures()
    out = [
        ("Start (UTC)", _minute(k.start_tdb_s)),
        ("End (UTC)", _minute(k.end_tdb_s)),
        ("Duration", f"{k.duration_days:.1f} days"),
        ("Phases", str(k.n_phases)),
    ]
    # Station missions: the three times a reader looks for first.
    for label, t in (
        ("Lift-off (UTC)", k.launch_tdb_s),
        ("Docking (UTC)", k.docking_tdb_s),
        ("Landing (UTC)", k.landing_tdb_s),
    ):
        if t is not None:
            out.append((label, _minute(t)))
    if _finite(k.depart_c3_km2_s2):
        out.append(("Departure C3", f"{k.depart_c3_km2_s2:.2f} km\u00b2/s\u00b2"))
    if _finite(k.dv_total_km_s):
        dv = f"{k.dv_total_km_s:.2f} km/s in plane"
        if _finite(k.dv_with_geometry_km_s):
            dv += f", {k.dv_with_geometry_km_s:.2f} with the orbits' geometry"
        out.append(("Delta-v total", dv))
    if k.dose_msv is not None:
        text = f"{k.dose_msv:.0f} mSv this mission"  # as the terminal prints it
        if _finite(k.career_limit_msv) and k.career_limit_msv > 0:
            text += f" ({100.0 * k.dose_msv / k.career_limit_msv:.0f}% of limit)"
        out.append(("Dose per crew member", text))
        members = getattr(plan.crew, "members", ()) if plan.crew is not None else ()
        if members:  # the member nearest their own agency's limit, prior dose included

            def limit(mb) -> float:
                own = mb.limit_msv if _finite(mb.limit_msv) and mb.limit_msv else None
                return own if own is not None else k.career_limit_msv

            def share(mb) -> float:
                lim = limit(mb)
                return mb.career_dose_msv / lim if _finite(lim) and lim > 0 else 0.0

            top = max(members, key=share)
            career = f"{top.career_dose_msv:.0f} mSv ({top.name})"
            if share(top) > 0:
                career += f", {100.0 * share(top):.0f}% of their {limit(top):g} mSv limit"
            out.append(("Highest career dose", career))
        out.append(("Consumables", f"{k.consumables_kg:,.0f} kg"))
    if _finite(k.light_time_max_s):
        out.append(("Max one-way light time", f"{k.light_time_max_s / 60.0:.1f} min"))
        out.append(("Blackouts", f"{len(k.blackouts_tdb_s)} ({k.blackout_days:.0f} days)"))
    if k.abort_coverage is not None:
        out.append(("Abort coverage", f"{100.0 * k.abort_coverage:.0f}% of burn dates"))
    counts = {"error": k.n_errors, "warning": k.n_warnings, "info": k.n_infos}
    out.append(("Findings", ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"))
    return out


# --- figures ---------------------------------------------------------------------------------
def _timeline_fig(plan):
    import plotly.graph_objects as go

    fig = go.Figure()
    labels = [f"{i + 1}. {p.name}" for i, p in enumerate(plan.phases)]
    by_env: dict[str, list[int]] = {}
    for i, p in enumerate(plan.phases):
        by_env.setdefault(p.environment, []).append(i)
    for env, idx in by_env.items():
        ph = [plan.phases[i] for i in idx]
        starts = utc_list([p.start_tdb_s for p in ph], sep=" ")
        ends = utc_list([p.end_tdb_s for p in ph], sep=" ")
        fig.add_trace(
            go.Bar(
                name=env,
                orientation="h",
                y=[labels[i] for i in idx],
                base=starts,
                # Date axes take bar lengths in milliseconds.
                x=[max(p.end_tdb_s - p.start_tdb_s, 0.0) * 1000.0 for p in ph],
                marker_color=_ENV_COLORS.get(env, "#17becf"),
                customdata=[
                    [s, e, p.days, p.kind] for s, e, p in zip(starts, ends, ph, strict=True)
                ],
                hovertemplate=(
                    "%{y}<br>%{customdata[3]}<br>%{customdata[0]} to %{customdata[1]} UTC"
                    "<br>%{customdata[2]:.1f} days<extra>%{fullData.name}</extra>"
                ),
            )
        )
    # Phases too short to see as bars (a 9-minute ascent in a two-year plan) get a marker.
    span = max(plan.end_tdb_s - plan.start_tdb_s, 1.0)
    short = [i for i, p in enumerate(plan.phases) if p.end_tdb_s - p.start_tdb_s < 0.01 * span]
    if short:
        ph = [plan.phases[i] for i in short]
        fig.add_trace(
            go.Scatter(
                x=utc_list([p.start_tdb_s for p in ph], sep=" "),
                y=[labels[i] for i in short],
                mode="markers",
                name="short phase",
                marker=dict(
                    symbol="diamond",
                    size=11,
                    color=[_ENV_COLORS.get(p.environment, "#17becf") for p in ph],
                    line=dict(width=1, color="#333"),
                ),
                customdata=[[p.kind, duration(p.days)] for p in ph],
                hovertemplate="%{y}<br>%{customdata[0]}<br>%{x} UTC, %{customdata[1]}"
                "<extra></extra>",
            )
        )
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(type="date", title="Date (UTC)")
    _layout(fig, "Mission timeline", height=max(260, 70 + 34 * len(labels)))
    fig.update_layout(barmode="overlay", bargap=0.25)
    return fig


def _sphere(radius: float, n: int = 36):
    u = np.linspace(0.0, 2.0 * np.pi, n)
    v = np.linspace(0.0, np.pi, n // 2)
    x = radius * np.outer(np.cos(u), np.sin(v))
    y = radius * np.outer(np.sin(u), np.sin(v))
    z = radius * np.outer(np.ones_like(u), np.cos(v))
    return x, y, z


def _scene(unit: str) -> dict:
    return dict(
        aspectmode="data",
        xaxis_title=f"x ({unit})",
        yaxis_title=f"y ({unit})",
        zaxis_title=f"z ({unit})",
    )


def _segment_trace(name, t_tdb_s, r, index, width, unit, number_format):
    """A trajectory arc as a 3D line with UTC and position on hover."""
    import plotly.graph_objects as go

    f = number_format
    return go.Scatter3d(
        x=r[:, 0],
        y=r[:, 1],
        z=r[:, 2],
        mode="lines",
        name=name,
        line=dict(color=_SEG_COLORS[index % len(_SEG_COLORS)], width=width),
        text=utc_list(t_tdb_s, sep=" "),
        hovertemplate=f"%{{text}} UTC<br>(%{{x:{f}}}, %{{y:{f}}}, %{{z:{f}}}) {unit}"
        "<extra>%{fullData.name}</extra>",
    )


def _helio_traces(plan, frame: str) -> list:
    """The Sun-centred view's traces in ``frame`` (``"ecl"`` or ``"eq"``), AU."""
    import plotly.graph_objects as go

    traces = [
        go.Scatter3d(
            x=[0.0],
            y=[0.0],
            z=[0.0],
            mode="markers",
            name="Sun",
            marker=dict(size=7, color="#f2b705"),
            hovertemplate="Sun<extra></extra>",
        )
    ]
    for orbit in plan.planet_orbits:
        body = orbit.body
        r = orbit.r_km if frame == "eq" else orbit.r_ecl_km
        if r is None:
            continue
        r = np.asarray(r, dtype=np.float64) / AU_KM
        color = _PLANET_COLORS.get(body, "#636363")
        traces.append(
            go.Scatter3d(
                x=r[:, 0],
                y=r[:, 1],
                z=r[:, 2],
                mode="lines",
                name=f"{body.capitalize()} orbit",
                line=dict(color=color, width=2, dash="dot"),
                hoverinfo="skip",
            )
        )
        marks = getattr(orbit, "marks", ())
        if marks:  # the planet where the arcs leave and arrive (not at the plan's start/end)
            rm = np.stack([m.r_km if frame == "eq" else m.r_ecl_km for m in marks]) / AU_KM
            labels = [m.label for m in marks]
            dates = [_minute(m.t_tdb_s) for m in marks]
            traces.append(
                go.Scatter3d(
                    x=rm[:, 0],
                    y=rm[:, 1],
                    z=rm[:, 2],
                    mode="markers+text",
                    name=f"{body.capitalize()} at departure/arrival",
                    text=[f"{body.capitalize()} ({lab})" for lab in labels],
                    textfont=dict(size=10, color=color),
                    marker=dict(color=color, size=5),
                    customdata=dates,
                    showlegend=False,
                    hovertemplate="%{text}<br>%{customdata} UTC<extra></extra>",
                )
            )
    segs = [s for s in plan.trajectories if s.center.lower() != "earth"]
    for i, seg in enumerate(segs):
        t = np.asarray(seg.t_tdb_s, dtype=np.float64).reshape(-1)
        r = seg.positions_about("sun") if frame == "eq" else getattr(seg, "r_sun_ecl_km", None)
        if r is None:
            continue  # not re-centred by the planner (outside DE440)
        r = np.asarray(r, dtype=np.float64).reshape(-1, 3)
        traces.append(_segment_trace(seg.name, t, r / AU_KM, i, 5, "AU", ".3f"))
    return traces


def _helio_fig(plan):
    """Sun-centred view: ecliptic of J2000 by default, the ICRF equator one click away."""
    segs = [s for s in plan.trajectories if s.center.lower() != "earth"]
    if not segs and plan.kind != "interplanetary":
        return None
    import plotly.graph_objects as go

    ecl = _helio_traces(plan, "ecl")
    eq = _helio_traces(plan, "eq")
    fig = go.Figure()
    for tr in ecl:
        fig.add_trace(tr)
    for tr in eq:
        tr.visible = False
        fig.add_trace(tr)
    n, m = len(ecl), len(eq)
    title_ecl = "Sun-centred view (ecliptic of J2000, AU)"
    title_eq = "Sun-centred view (ICRF equatorial, AU)"
    _layout(fig, title_ecl, height=620)
    fig.update_layout(
        scene=dict(_scene("AU"), camera=dict(eye=dict(x=0.0, y=-1.3, z=1.9))),
        legend=dict(orientation="h", yanchor="top", y=0.0, x=0.0, xanchor="left"),
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                x=1.0,
                xanchor="right",
                y=1.08,
                yanchor="bottom",
                showactive=True,
                buttons=[
                    dict(
                        label="Ecliptic",
                        method="update",
                        args=[{"visible": [True] * n + [False] * m}, {"title.text": title_ecl}],
                    ),
                    dict(
                        label="Equatorial",
                        method="update",
                        args=[{"visible": [False] * n + [True] * m}, {"title.text": title_eq}],
                    ),
                ],
            )
        ],
    )
    return fig


def _geo_fig(plan):
    import plotly.graph_objects as go

    segs = [s for s in plan.trajectories if s.center.lower() == "earth"]
    if not segs:
        return None
    fig = go.Figure()
    x, y, z = _sphere(RADIUS_KM["earth"])
    fig.add_trace(
        go.Surface(
            x=x,
            y=y,
            z=z,
            name="Earth",
            showscale=False,
            opacity=0.75,
            colorscale=[[0, "#2b6cb0"], [1, "#63b3ed"]],
            surfacecolor=z,
            hoverinfo="skip",
            showlegend=True,
        )
    )
    for i, seg in enumerate(segs):
        t = np.asarray(seg.t_tdb_s, dtype=np.float64).reshape(-1)
        r = np.asarray(seg.r_km, dtype=np.float64).reshape(-1, 3)
        fig.add_trace(_segment_trace(seg.name, t, r, i, 4, "km", ".0f"))
    _layout(fig, "Earth-centred view (GCRS, km)", height=620)
    fig.update_layout(
        scene=dict(_scene("km"), camera=dict(eye=dict(x=1.4, y=1.4, z=0.9))),
        legend=dict(orientation="h", yanchor="top", y=0.0, x=0.0, xanchor="left"),
    )
    return fig


_MARK_STYLE = {
    "site": ("triangle-up", "#1b1f24", "launch site"),
    "insertion": ("circle", "#0969da", "insertion"),
    "docking": ("square", "#8250df", "docking"),
    "deorbit": ("x", "#cf222e", "deorbit burn"),
    "entry": ("diamond", "#bf8700", "entry interface"),
    "landing": ("star", "#cf222e", "landing"),
}


def _wrap_gaps(lon, lat) -> tuple[list, list]:
    """Lists for a line trace with ``None`` where the longitude wraps (drawing only)."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    xs: list = []
    ys: list = []
    cut = np.flatnonzero(np.abs(np.diff(lon)) > 180.0) + 1
    for a, b in zip(np.r_[0, cut], np.r_[cut, lon.size], strict=True):
        xs += [*lon[a:b].tolist(), None]
        ys += [*lat[a:b].tolist(), None]
    return xs, ys


def _map_fig(plan):
    """The station mission's world map: coastlines (Natural Earth 1:110m, shipped), ground
    tracks, the dated points and the landing zones, in plate carree (lon, lat in degrees)."""
    gm = getattr(plan, "ground_map", None)
    if gm is None or not (gm.tracks or gm.marks):
        return None
    import plotly.graph_objects as go

    from sojourn.io.coastlines import coastline_polyline

    fig = go.Figure()
    cx, cy = coastline_polyline()
    fig.add_trace(
        go.Scatter(
            x=cx,
            y=cy,
            mode="lines",
            name="coastline",
            line=dict(color="#57606a", width=1),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for z in gm.zones:
        x, y = _wrap_gaps(z.outline_lon_deg, z.outline_lat_deg)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                fill="toself",
                name=f"zone: {z.id}" + (" (used)" if z.used else ""),
                line=dict(color="#2ea043" if z.used else "#9a6700", width=1.5),
                fillcolor="rgba(46,160,67,0.15)" if z.used else "rgba(154,103,0,0.08)",
                hovertemplate=f"{_esc(z.name)}<br>{z.radius_km:.0f} km<extra></extra>",
            )
        )
    for k, tr in enumerate(gm.tracks):
        x, y = _wrap_gaps(tr.lon_deg, tr.lat_deg)
        times = utc_list(np.asarray(tr.t_tdb_s, dtype=np.float64), sep=" ")
        text: list = []
        lon = np.asarray(tr.lon_deg, dtype=np.float64)
        cut = np.flatnonzero(np.abs(np.diff(lon)) > 180.0) + 1
        for a, b in zip(np.r_[0, cut], np.r_[cut, lon.size], strict=True):
            text += [*times[a:b], None]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=f"ground track: {tr.name}",
                line=dict(color=_SEG_COLORS[k % len(_SEG_COLORS)], width=2),
                text=text,
                hovertemplate="%{text} UTC<br>%{y:.2f}\u00b0, %{x:.2f}\u00b0<extra>%{fullData.name}"
                "</extra>",
            )
        )
    for mk in gm.marks:
        if mk.outline_lat_deg.size:
            x, y = _wrap_gaps(mk.outline_lon_deg, mk.outline_lat_deg)
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    name=f"{mk.label} dispersion ({mk.dispersion_km:.0f} km)",
                    line=dict(color="#cf222e", width=1.5, dash="dot"),
                    hoverinfo="skip",
                )
            )
        symbol, color, _ = _MARK_STYLE.get(mk.kind, ("circle", "#1b1f24", mk.kind))
        when = "" if mk.t_tdb_s is None else f"<br>{_minute(mk.t_tdb_s)} UTC"
        fig.add_trace(
            go.Scatter(
                x=[mk.lon_deg],
                y=[mk.lat_deg],
                # Labels on the map for the three a reader looks for; the rest in the legend.
                mode="markers+text" if mk.kind in ("site", "landing", "deorbit") else "markers",
                name=mk.label,
                text=[mk.label],
                textposition="top center",
                textfont=dict(size=11, color=color),
                marker=dict(symbol=symbol, size=12, color=color, line=dict(width=1, color="#fff")),
                hovertemplate=f"{_esc(mk.label)}{when}<br>{mk.lat_deg:.2f}\u00b0, "
                f"{mk.lon_deg:.2f}\u00b0<extra></extra>",
            )
        )
    _layout(fig, "Ground tracks, sites and landing zones (WGS 84)", height=620)
    fig.update_xaxes(
        range=[-180, 180],
        dtick=30,
        title_text="longitude (deg)",
        showgrid=True,
        zeroline=False,
        constrain="domain",
    )
    fig.update_yaxes(
        range=[-90, 90],
        dtick=30,
        title_text="latitude (deg)",
        scaleanchor="x",
        scaleratio=1.0,
        showgrid=True,
        zeroline=False,
        constrain="domain",
    )
    fig.update_layout(
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0.0, xanchor="left"),
        plot_bgcolor="#eaf2fb",
    )
    return fig


def _porkchop_fig(plan):
    pc = plan.porkchop
    if pc is None:
        return None
    import plotly.graph_objects as go

    from sojourn.io.plots import porkchop_figure

    fig = porkchop_figure(pc.grid, best_cell=pc.best_cell)
    best = pc.chosen
    if best is not None and _finite(best.depart_tdb_s):
        d, a = utc_list([best.depart_tdb_s, best.arrive_tdb_s], sep=" ")
        c3 = best.c3_km2_s2
        fig.add_trace(
            go.Scatter(
                x=[d],
                y=[a],
                mode="markers",
                name="chosen",
                marker=dict(symbol="circle-open", size=18, color="#2ea043", line=dict(width=3)),
                hovertemplate=(
                    f"chosen<br>depart {d[:16]} UTC<br>arrive {a[:16]} UTC"
                    + (f"<br>C3 {float(c3):.2f} km2/s2" if _finite(c3) else "")
                    + "<extra></extra>"
                ),
            )
        )
    fig.update_layout(height=640)
    return fig


def _comms_fig(plan):
    if plan.comms is None:
        return None
    cs = plan.comms.series
    t = _arr(cs.t_tdb_s)
    if t.size == 0:
        return None
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    dates = utc_list(t, sep=" ")
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=("One-way light time", "Sun-Earth-probe angle"),
    )
    lt = _arr(cs.light_time_s)
    if lt.size:
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=lt / 60.0,
                mode="lines",
                name="light time (min)",
                line=dict(color="#0969da"),
                hovertemplate="%{x} UTC<br>%{y:.2f} min<extra></extra>",
            ),
            row=1,
            col=1,
        )
    sep = _arr(cs.sep_deg)
    if sep.size:
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=sep,
                mode="lines",
                name="SEP angle (deg)",
                line=dict(color="#bf8700"),
                hovertemplate="%{x} UTC<br>%{y:.2f} deg<extra></extra>",
            ),
            row=2,
            col=1,
        )
    thr = cs.threshold_deg
    if _finite(thr):
        fig.add_hline(
            y=float(thr),
            line=dict(color="#cf222e", dash="dash"),
            row=2,
            col=1,
            annotation_text=f"blackout threshold {float(thr):g} deg",
        )
    for k, (a, b) in enumerate(np.asarray(cs.blackouts_tdb_s, dtype=np.float64).reshape(-1, 2)):
        da, db = utc_list([a, b], sep=" ")
        fig.add_vrect(
            x0=da,
            x1=db,
            fillcolor="rgba(207,34,46,0.18)",
            line_width=0,
            row="all",
            col=1,
            annotation_text="blackout" if k == 0 else None,
            annotation_position="top left",
        )
    fig.update_yaxes(title_text="minutes", row=1, col=1)
    fig.update_yaxes(title_text="degrees", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(type="date", title_text="Date (UTC)", row=2, col=1)
    _layout(fig, "Communications: light time and solar conjunction", height=620)
    return fig


def _crew_fig(plan):
    if plan.crew is None or not plan.crew.budget.phases:
        return None
    series = plan.crew.series
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    names = [f"{i + 1}. {n}" for i, n in enumerate(series.phase)]
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.1,
        subplot_titles=("Dose per crew member", "Consumables to carry (whole crew)"),
    )
    dose = series.dose_msv
    cum = series.cumulative_dose_msv
    fig.add_trace(
        go.Bar(x=names, y=dose, name="dose per phase (mSv)", marker_color="#8250df"), row=1, col=1
    )
    fig.add_trace(
        go.Scatter(
            x=names,
            y=cum,
            name="cumulative dose (mSv)",
            mode="lines+markers",
            line=dict(color="#4b2a9a"),
        ),
        row=1,
        col=1,
    )
    limit = plan.crew.budget.career_limit_msv
    top = float(np.nanmax(np.concatenate([_arr(cum), _arr(dose), [0.0]])))
    if _finite(limit) and top >= 0.2 * float(limit):
        fig.add_hline(
            y=float(limit),
            line=dict(color="#cf222e", dash="dash"),
            row=1,
            col=1,
            annotation_text=f"career limit {float(limit):g} mSv",
        )
    elif _finite(limit):  # a short flight: the axis follows the dose, the limit is stated
        share = 100.0 * top / float(limit)
        fig.add_annotation(
            text=f"career limit {float(limit):g} mSv (off scale; this mission {share:.1f}% of it)",
            xref="x domain",
            yref="y domain",
            x=0.02,
            y=0.98,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font=dict(color="#cf222e", size=12),
            row=1,
            col=1,
        )
        fig.update_yaxes(range=[0.0, 1.15 * top if top > 0 else 1.0], row=1, col=1)
    parts = [
        ("o2_kg", "O2", "#54aeff"),
        ("water_kg", "water", "#0969da"),
        ("food_kg", "food", "#bf8700"),
    ]
    for key, label, color in parts:
        fig.add_trace(
            go.Bar(x=names, y=getattr(series, key), name=f"{label} (kg)", marker_color=color),
            row=1,
            col=2,
        )
    cap = plan.crew.capacity_kg
    if _finite(cap):
        fig.add_hline(
            y=float(cap),
            line=dict(color="#cf222e", dash="dash"),
            row=1,
            col=2,
            annotation_text=f"capacity {float(cap):,.0f} kg",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="mSv", row=1, col=1)
    fig.update_yaxes(title_text="kg", row=1, col=2)
    _layout(fig, "Crew: radiation dose and consumables per phase", height=500)
    # Two subplot titles sit just above the plots: the legend goes above them, not on them.
    fig.update_layout(margin=dict(t=120), legend=dict(y=1.1, yanchor="bottom", traceorder="normal"))
    return fig


def _aborts_note(plan) -> str:
    """How the abort chart is sampled (so no one reads the markers as a curve)."""
    ab = plan.aborts
    step = getattr(ab, "step_days", None)
    every = (
        ("every day" if step == 1 else f"every {step:g} days")
        if _finite(step)
        else "at the plan's request dates"
    )
    if ab.kind == "leo":
        return (
            f"One marker per request date ({every}): the time to the next landing if the "
            "crew left then; times between markers are not computed."
        )
    return f"Burn dates sampled {every}; gaps are dates with no return within the budget."


def _aborts_fig(plan):
    if plan.aborts is None:
        return None
    tab = plan.aborts.table
    t = _arr(tab.t_tdb_s)
    if t.size == 0:
        return None
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    dates = utc_list(t, sep=" ")
    if plan.aborts.kind == "leo":
        fig = go.Figure()
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=_arr(tab.hours_to_ground),
                mode="markers",  # samples, one per request date: no line invents the gaps
                marker=dict(size=8, color="#0969da"),
                name="hours to ground",
                hovertemplate="%{x} UTC<br>%{y:.1f} h<extra></extra>",
            )
        )
        fig.update_yaxes(title_text="hours to landing", rangemode="tozero")
        fig.update_xaxes(type="date", title_text="Request date (UTC)")
        zone = tab.zone
        _layout(
            fig,
            "Emergency return: time to the next landing" + (f" ({_esc(zone)})" if zone else ""),
            height=420,
        )
        return fig
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=("Earliest return within the delta-v budget", "Abort delta-v"),
    )
    fig.add_trace(
        go.Scatter(
            x=dates,
            y=_arr(tab.earliest_tof_days),
            mode="markers",  # flight times come in steps: no line joins the samples
            name="earliest return (days)",
            marker=dict(size=6),
            connectgaps=False,
            hovertemplate="%{x} UTC<br>%{y:.0f} days<extra></extra>",
        ),
        row=1,
        col=1,
    )
    for y, label, color in (
        (tab.min_dv_km_s, "min delta-v (km/s)", "#0969da"),
        (tab.earliest_dv_km_s, "delta-v of earliest (km/s)", "#bf8700"),
    ):
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=_arr(y),
                mode="lines",
                name=label,
                line=dict(color=color),
                connectgaps=False,
                hovertemplate="%{x} UTC<br>%{y:.2f} km/s<extra></extra>",
            ),
            row=2,
            col=1,
        )
    budget = tab.dv_budget_km_s
    if _finite(budget):
        fig.add_hline(
            y=float(budget),
            line=dict(color="#cf222e", dash="dash"),
            row=2,
            col=1,
            annotation_text=f"budget {float(budget):g} km/s",
        )
    fig.update_yaxes(title_text="days", row=1, col=1)
    fig.update_yaxes(title_text="km/s", row=2, col=1)
    fig.update_xaxes(type="date", title_text="Burn date (UTC)", row=2, col=1)
    _layout(fig, "Abort options over the mission", height=620)
    return fig


# --- page ------------------------------------------------------------------------------------
def _findings_html(plan) -> str:
    if not plan.findings:
        return '<p class="note" id="no-findings">No findings.</p>'
    rows = sorted(plan.findings, key=lambda f: _SEVERITY_RANK.get(f.severity, 3))
    body = "".join(
        f'<tr class="sev-{_esc(f.severity)}"><td><span class="badge {_esc(f.severity)}">'
        f"{_esc(f.severity)}</span></td><td><code>{_esc(f.code)}</code></td>"
        f"<td>{_esc(f.phase or '')}</td><td>{_esc(f.message)}</td></tr>"
        for f in rows
    )
    return (
        '<table id="findings-table"><thead><tr><th>Severity</th><th>Code</th><th>Phase</th>'
        f"<th>Message</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _details_html(plan) -> str:
    from sojourn.io.jsonout import dumps

    parts = []
    for name, value in plan.section_dicts().items():
        try:
            text = dumps(value)
        except (TypeError, ValueError) as exc:  # a section that cannot be shown as JSON
            text = f"(not shown: {type(exc).__name__}: {exc})"
        parts.append(f"<details><summary>{_esc(name)}</summary><pre>{_esc(text)}</pre></details>")
    if plan.assumptions:
        parts.append(
            "<details><summary>assumptions</summary>"
            f"<pre>{_esc(json.dumps(plan.assumptions, indent=2, default=str))}</pre></details>"
        )
    return "".join(parts)


def _section(sid: str, title: str, body: str, note: str = "") -> str:
    note_html = f'<p class="note">{_esc(note)}</p>' if note else ""
    return f'<section id="{sid}"><h2>{_esc(title)}</h2>{note_html}{body}</section>'


def report_html(plan) -> str:
    """The plan as one self-contained HTML page (plotly.js embedded once, no network).

    Parameters
    ----------
    plan : sojourn.mission.model.Plan

    Returns
    -------
    str
        The page. Sections carry the ids of :data:`SECTION_IDS`; the ones the plan has no
        data for are left out (``summary`` and ``findings`` are always there). Figures are
        ``<div>`` elements with ids ``fig-timeline``, ``fig-helio``, ``fig-geo``,
        ``fig-porkchop``, ``fig-comms``, ``fig-crew``, ``fig-aborts``.
    """
    from plotly.offline import get_plotlyjs

    title = plan.title or plan.mission
    kf = "".join(f"<div><dt>{_esc(k)}</dt><dd>{_esc(v)}</dd></div>" for k, v in _key_figures(plan))
    header = (
        f'<header id="summary"><h1>{_esc(title)}</h1><div class="sub">'
        f"Mission <code>{_esc(plan.mission)}</code> \u00b7 {_esc(plan.kind)} \u00b7 "
        f"{_esc(_minute(plan.start_tdb_s))} to {_esc(_minute(plan.end_tdb_s))} UTC"
        f'</div><dl class="kf">{kf}</dl></header>'
    )
    # Top-down: the header's key figures, then the findings, then the charts.
    sections = [_section("findings", "Findings", _findings_html(plan))]
    if plan.phases:
        sections.append(
            _section("timeline", "Timeline", _fig_html(_timeline_fig(plan), "fig-timeline"))
        )
    views = []
    for fig, div_id in ((_helio_fig(plan), "fig-helio"), (_geo_fig(plan), "fig-geo")):
        if fig is not None:
            views.append(f"<div>{_fig_html(fig, div_id)}</div>")
    if views:
        sections.append(
            _section(
                # A grid (not flex) so each view has its final width before plotly draws it.
                "trajectory",
                "Trajectory",
                f'<div class="views" style="--n:{len(views)}">{"".join(views)}</div>',
                "Sampled states of the plan's arcs (patched conics about the Sun; SGP4 about "
                "the Earth). "
                + (
                    "Planet orbits from DE440, the planets marked at each leg's departure and "
                    "arrival; the Sun-centred view is in the ecliptic of J2000 (buttons: "
                    "equatorial). "
                    if any("fig-helio" in v for v in views)
                    else ""
                )
                + "Drag to rotate.",
            )
        )
    # One row per chart section: (id, page heading, figure function, note or note function).
    for sid, heading, fn, note in (
        (
            "map",
            "Ground tracks and landing zones",
            _map_fig,
            "Sub-satellite points of the plan's Earth-centred arcs (WGS 84) on Natural Earth "
            "1:110m coastlines (public domain, shipped); zones drawn as circles of their "
            "accepted radius.",
        ),
        (
            "porkchop",
            "Porkchop of the chosen opportunity",
            _porkchop_fig,
            "C3 contours (red), arrival v-infinity (blue, dotted), flight time (grey, dashed), "
            "departure declination DLA (purple, dash-dot); star: the grid's least C3, circle: "
            "the transfer the plan flies.",
        ),
        (
            "comms",
            "Communications",
            _comms_fig,
            "Blackouts (shaded) are spans where the Sun-Earth-probe angle is under the threshold.",
        ),
        (
            "crew",
            "Crew dose and consumables",
            _crew_fig,
            "First-order budget: linear in crew and days, no margins.",
        ),
        ("dose", "Dose rate and the solar cycle", dose_rate_fig, _DOSE_NOTE),
        ("aborts", "Abort options", _aborts_fig, _aborts_note),
    ):
        fig = fn(plan)
        if fig is not None:
            text = note(plan) if callable(note) else note
            sections.append(_section(sid, heading, _fig_html(fig, f"fig-{sid}"), text))
    details = _details_html(plan)
    if details:
        sections.append(_section("details", "Details (JSON)", details))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)} \u2014 Sojourn plan</title><style>{_CSS}</style>"
        '<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: "local"};</script>'
        f'<script type="text/javascript">{get_plotlyjs()}</script>'
        f"</head><body>{header}<main>{''.join(sections)}</main>"
        '<footer class="note" style="padding:0 32px 24px 32px">Generated by Sojourn. Times in '
        "UTC; trajectories and ephemerides from DE440 and SGP4.</footer></body></html>\n"
    )


def write_report(plan, path) -> None:
    """Write :func:`report_html` of ``plan`` to ``path`` (``.html``), atomically."""
    write_text(path, report_html(plan))

"""Porkchop plots from a :class:`sojourn.windows.PorkchopGrid`: compute, then draw.

The figure reads only the grid's numbers (no physics here): contours of C3 and of arrival
v-infinity, dashed flight-time lines labelled in days, dates on both axes (UTC), a hover
layer giving both dates, C3, v-infinity and flight time for every cell, the launch period
under a C3 limit shaded and annotated, and the best cell (``grid.best_cell(criterion)``, an
argmin over the grid's arrays, or the cell the caller gives) marked.

Files: ``.html`` is self-contained (plotly.js embedded, no CDN); ``.png`` is rendered by
kaleido with a local Chromium, or by matplotlib when kaleido cannot start a browser. Every
file is written to a temporary name in the target directory and moved into place with
``os.replace``, so a failure never leaves a partial file.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from sojourn.errors import InputError
from sojourn.io.atomic import atomic_path
from sojourn.io.utc import utc_list

__all__ = ["contour_levels", "porkchop_figure", "write_porkchop"]

_NICE = (1.0, 2.0, 2.5, 5.0)


def _nice_step(span: float, n: int) -> float:
    raw = max(span, 1e-12) / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in _NICE:
        if m * mag >= raw:
            return m * mag
    return 10.0 * mag


def contour_levels(
    values: np.ndarray, lo_cap: float | None = None, hi_cap: float | None = None, n: int = 12
) -> tuple[float, float, float]:
    """``(start, end, size)`` of about ``n`` nice contour levels over the finite values.

    ``hi_cap`` limits the top (porkchops are read near their minimum); ``lo_cap`` the bottom.
    """
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return 0.0, 1.0, 1.0
    lo = float(v.min()) if lo_cap is None else max(float(v.min()), lo_cap)
    hi = float(v.max()) if hi_cap is None else min(float(v.max()), hi_cap)
    step = _nice_step(hi - lo, n)
    start = math.floor(lo / step) * step + step  # first line just above the minimum
    end = max(start, math.floor(hi / step) * step)
    return start, end, step


def _best_cell(grid, criterion: str, best_cell) -> tuple[int, int] | None:
    """The cell to mark: ``best_cell`` if given, else the grid's least ``criterion``."""
    if best_cell is not None:
        return int(best_cell[0]), int(best_cell[1])
    try:
        return grid.best_cell(criterion)
    except InputError:
        return None


def _line_contours(x, y, z, name, levels, color, width, dash, label_size):
    """Labelled contour lines of one quantity in one colour (no fill, no colour bar)."""
    import plotly.graph_objects as go

    start, end, size = levels
    return go.Contour(
        x=x,
        y=y,
        z=z,
        name=name,
        showscale=False,
        hoverinfo="skip",
        contours=dict(
            coloring="lines",
            showlabels=True,
            start=start,
            end=end,
            size=size,
            labelfont=dict(size=label_size, color=color),
        ),
        line=dict(width=width, dash=dash),
        colorscale=[[0, color], [1, color]],
        showlegend=True,
    )


def porkchop_figure(
    grid,
    c3_max_km2_s2: float | None = None,
    criterion: str = "c3",
    title: str | None = None,
    best_cell: tuple[int, int] | None = None,
):
    """Plotly figure of a porkchop grid.

    Parameters
    ----------
    grid : sojourn.windows.PorkchopGrid
        The computed grid (arrays (M, N), row = departure, column = arrival).
    c3_max_km2_s2 : float, optional
        Launch-energy limit, km^2/s^2: the region under it is shaded, its contour drawn bold
        and the launch period (first to last departure with some arrival under it) written
        on the plot.
    criterion : str
        Which best cell to mark (``grid.best_cell(criterion)``), e.g. ``"c3"`` or
        ``"dv_total"``.
    title : str, optional
        Figure title (default names the bodies and the grid).
    best_cell : (int, int), optional
        ``(i, j)`` of the cell to mark instead (row = departure, column = arrival).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces, in order: hover layer (``name="cells"``), launch-period shading (if a limit
        is given), ``"C3 (km2/s2)"``, ``"v-inf arrive (km/s)"``, ``"flight time (days)"``,
        ``"C3 limit"`` (if given), ``"best"``.
    """
    import plotly.graph_objects as go

    x = utc_list(grid.depart_tdb_s)
    y = utc_list(grid.arrive_tdb_s)
    c3 = np.asarray(grid.c3_km2_s2, dtype=np.float64).T  # (N, M): rows = arrival = y
    vinf = np.asarray(grid.vinf_arrive_km_s, dtype=np.float64).T
    tof = np.asarray(grid.tof_days, dtype=np.float64).T
    finite_c3 = c3[np.isfinite(c3)]
    c3_min = float(finite_c3.min()) if finite_c3.size else 0.0
    c3_cap = c3_min * 3.0 + 10.0
    if c3_max_km2_s2 is not None:
        c3_cap = max(c3_cap, 2.0 * float(c3_max_km2_s2))
    c3_plot = np.where(c3 <= c3_cap, c3, np.nan)  # keep the far-off cells from crowding lines

    fig = go.Figure()
    custom = np.stack([c3, vinf, tof], axis=-1)
    fig.add_trace(
        go.Heatmap(
            x=x,
            y=y,
            z=c3_plot,
            customdata=custom,
            name="cells",
            showscale=False,
            opacity=0.0,
            colorscale="Greys",
            hovertemplate=(
                "depart %{x|%Y-%m-%d %H:%M} UTC<br>arrive %{y|%Y-%m-%d %H:%M} UTC<br>"
                "C3 %{customdata[0]:.2f} km2/s2<br>v-inf arrive %{customdata[1]:.2f} km/s<br>"
                "flight time %{customdata[2]:.1f} days<extra></extra>"
            ),
        )
    )
    annotations = []
    if c3_max_km2_s2 is not None:
        limit = float(c3_max_km2_s2)
        with np.errstate(invalid="ignore"):
            inside = np.where(c3 <= limit, 1.0, np.nan)
        fig.add_trace(
            go.Heatmap(
                x=x,
                y=y,
                z=inside,
                name="launch period",
                showscale=False,
                hoverinfo="skip",
                colorscale=[[0.0, "rgba(46,160,67,0.28)"], [1.0, "rgba(46,160,67,0.28)"]],
                zmin=0.0,
                zmax=1.0,
            )
        )
        period = grid.launch_period(limit)  # a look-up in the grid's arrays, no ephemeris
        if period is not None:
            first, last = utc_list([period[0], period[1]])
            text = (
                f"Launch period (C3 \u2264 {limit:g} km\u00b2/s\u00b2): "
                f"{first[:10]} to {last[:10]} UTC, {period[2]:.0f} days"
            )
        else:
            text = f"No departure with C3 \u2264 {limit:g} km\u00b2/s\u00b2 in this grid"
        annotations.append(
            dict(
                text=text,
                xref="paper",
                yref="paper",
                x=0.0,
                y=1.0,
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=14, color="rgb(20,110,40)"),
            )
        )

    v_plot = np.where(np.isfinite(c3_plot), vinf, np.nan)
    c3_levels = contour_levels(c3_plot, hi_cap=c3_cap)
    for z, name, levels, rgb, width, dash, label_size in (
        (c3_plot, "C3 (km2/s2)", c3_levels, "200,40,40", 1.4, None, 11),
        (v_plot, "v-inf arrive (km/s)", contour_levels(v_plot, n=8), "30,80,200", 1.2, "dot", 11),
        (tof, "flight time (days)", contour_levels(tof, lo_cap=0.0, n=8), "110,110,110", 1.0,
         "dash", 10),
    ):  # fmt: skip
        fig.add_trace(_line_contours(x, y, z, name, levels, f"rgb({rgb})", width, dash, label_size))
    if c3_max_km2_s2 is not None:
        fig.add_trace(
            go.Contour(
                x=x,
                y=y,
                z=c3,
                name="C3 limit",
                showscale=False,
                hoverinfo="skip",
                contours=dict(
                    coloring="lines",
                    showlabels=True,
                    start=limit,
                    end=limit,
                    size=1.0,
                    labelfont=dict(size=12, color="rgb(20,110,40)"),
                ),
                line=dict(width=3.0),
                colorscale=[[0, "rgb(20,110,40)"], [1, "rgb(20,110,40)"]],
                showlegend=True,
            )
        )
    cell = _best_cell(grid, criterion, best_cell)
    if cell is not None:
        i, j = cell
        bx, by = x[i], y[j]
        b_c3 = float(grid.c3_km2_s2[i, j])
        b_vinf = float(grid.vinf_arrive_km_s[i, j])
        b_tof = float(grid.tof_days[i, j])
        fig.add_trace(
            go.Scatter(
                x=[bx],
                y=[by],
                mode="markers+text",
                name="best",
                marker=dict(
                    symbol="star", size=16, color="black", line=dict(width=1, color="white")
                ),
                text=[f"best {criterion}"],
                textposition="top right",
                hovertemplate=(
                    f"best {criterion}<br>depart {bx[:16]} UTC<br>arrive {by[:16]} UTC<br>"
                    f"C3 {b_c3:.2f} km2/s2<br>v-inf arrive {b_vinf:.2f} "
                    f"km/s<br>flight time {b_tof:.1f} days<extra></extra>"
                ),
            )
        )
    name = f"{grid.depart_body.capitalize()} \u2192 {grid.arrive_body.capitalize()}"
    fig.update_layout(
        title=dict(text=title or f"{name} porkchop (ballistic, {grid.revs} rev, DE440)", y=0.98),
        xaxis=dict(title="Departure date (UTC)", type="date", tickformat="%Y-%m-%d"),
        yaxis=dict(title="Arrival date (UTC)", type="date", tickformat="%Y-%m-%d"),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0.0),
        annotations=annotations,
        template="plotly_white",
        margin=dict(t=90, l=90, r=30, b=110),
        hovermode="closest",
    )
    return fig


# --- Files -----------------------------------------------------------------------------------
def _atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` then move the result onto ``path``; clean up on failure."""
    with atomic_path(path) as tmp:
        write(str(tmp))


def _png_kaleido(fig, tmp: str) -> None:
    import plotly.io as pio

    data = pio.to_image(fig, format="png", width=1200, height=900, scale=1)
    with open(tmp, "wb") as f:
        f.write(data)


def _png_matplotlib(grid, tmp: str, c3_max_km2_s2, criterion) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from sojourn.core.time import to_datetime64

    xd = to_datetime64(grid.depart_tdb_s)
    yd = to_datetime64(grid.arrive_tdb_s)
    X, Y = np.meshgrid(xd, yd)
    c3 = np.asarray(grid.c3_km2_s2, dtype=np.float64).T
    fig, ax = plt.subplots(figsize=(12, 9), dpi=100)
    try:
        start, end, size = contour_levels(c3, hi_cap=float(np.nanmin(c3)) * 4 + 20)
        cs = ax.contour(X, Y, c3, levels=np.arange(start, end + size / 2, size), colors="C3")
        ax.clabel(cs, fontsize=8)
        tof = np.asarray(grid.tof_days, dtype=np.float64).T
        ts, te, tz = contour_levels(tof, lo_cap=0.0, n=8)
        ct = ax.contour(
            X, Y, tof, levels=np.arange(ts, te + tz / 2, tz), colors="grey", linestyles="dashed"
        )
        ax.clabel(ct, fmt="%g d", fontsize=8)
        if c3_max_km2_s2 is not None:
            ax.contourf(X, Y, c3, levels=[-np.inf, float(c3_max_km2_s2)], colors=["#2ea04348"])
        i, j = grid.best_cell(criterion)
        ax.plot(
            to_datetime64(grid.depart_tdb_s[i]), to_datetime64(grid.arrive_tdb_s[j]), "k*", ms=14
        )
        ax.set_xlabel("Departure date (UTC)")
        ax.set_ylabel("Arrival date (UTC)")
        ax.set_title(f"{grid.depart_body} -> {grid.arrive_body} porkchop (C3 km2/s2)")
        fig.autofmt_xdate()
        fig.savefig(tmp, format="png")
    finally:
        plt.close(fig)


def write_porkchop(
    grid, path, c3_max_km2_s2: float | None = None, criterion: str = "c3", title: str | None = None
) -> Path:
    """Write a porkchop plot to ``path`` (``.html`` or ``.png``), atomically.

    ``.html`` embeds plotly.js (works offline). ``.png`` uses kaleido with a local Chromium;
    if kaleido cannot start a browser, matplotlib draws the same contours.

    Raises
    ------
    InputError
        An unsupported suffix, or a PNG requested with neither a working kaleido nor
        matplotlib installed (the message names the fix).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise InputError(f"'plot' must end in .html or .png, got {str(path)!r}; e.g. porkchop.html")
    fig = porkchop_figure(grid, c3_max_km2_s2=c3_max_km2_s2, criterion=criterion, title=title)
    if suffix in (".html", ".htm"):
        _atomic_write(path, lambda tmp: fig.write_html(tmp, include_plotlyjs=True, full_html=True))
        return path
    errors = []
    try:
        _atomic_write(path, lambda tmp: _png_kaleido(fig, tmp))
        return path
    except Exception as exc:  # kaleido missing, or no browser it can start offline
        errors.append(f"kaleido: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
    try:
        _atomic_write(path, lambda tmp: _png_matplotlib(grid, tmp, c3_max_km2_s2, criterion))
        return path
    except ImportError as exc:
        errors.append(f"matplotlib: {exc}")
    raise InputError(
        f"cannot render {str(path)!r} as PNG ({'; '.join(errors)}); install kaleido and a "
        "Chromium (apt-get install chromium; pip install kaleido) or matplotlib, or write "
        ".html instead"
    )

"""Porkchop plots from a :class:`sojourn.windows.PorkchopGrid`: compute, then draw.

The figure reads only the grid's numbers (no physics here): contours of C3 (lines, or filled
with a colour bar), of arrival v-infinity and of the departure asymptote's declination (DLA),
dashed flight-time lines labelled in days, dates on both axes (UTC), a hover
layer giving both dates, C3, v-infinity and flight time for every cell, the launch period
under a C3 limit shaded and annotated, and the best cell (``grid.best_cell(criterion)``, an
argmin over the grid's arrays, or the cell the caller gives) marked.

Files: ``.html`` is self-contained (plotly.js embedded, no CDN); ``.png`` is rendered by
kaleido with a local Chromium, or by matplotlib when kaleido cannot start a browser: both
draw the same layers, computed once (``_porkchop_view``). Isolated failed cells (NaN) are
filled from their neighbours for drawing only, so they do not cut the contour lines. Every
file is written to a temporary name in the target directory and moved into place with
``os.replace``, so a failure never leaves a partial file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Layer:
    """One family of labelled contour lines, as both backends draw it."""

    name: str
    z: np.ndarray  # (N arrivals, M departures): rows are y
    levels: tuple[float, float, float]
    rgb: str  # "r,g,b", 0-255
    width: float
    dash: str | None  # plotly dash name; matplotlib maps it (_MPL_DASH)
    label_size: int
    fmt: str  # label format, e.g. "%g"


@dataclass(frozen=True)
class _Porkchop:
    """What a porkchop plot shows, computed once from the grid for either backend."""

    layers: tuple[_Layer, ...]
    c3: np.ndarray  # (N, M), the grid's C3 (NaN where no transfer converged)
    c3_gapless: np.ndarray  # C3 with isolated failed cells filled from their neighbours
    limit: float | None
    period_text: str | None
    mark: tuple[int | None, int | None, float, float, str, dict] | None
    title: str


_MPL_DASH = {None: "solid", "dot": "dotted", "dash": "dashed", "dashdot": "dashdot"}


def _fill_gaps(z: np.ndarray, passes: int = 3) -> np.ndarray:
    """``z`` with isolated NaN cells (failed Lambert cells) replaced by the mean of their
    finite 4-neighbours, a few passes: a drawing aid so one failed cell does not cut every
    contour line through it. Large NaN regions stay NaN (no line is invented there)."""
    out = np.array(z, dtype=np.float64, copy=True)
    for _ in range(passes):
        bad = ~np.isfinite(out)
        if not bad.any():
            break
        pad = np.pad(out, 1, constant_values=np.nan)
        nb = np.stack([pad[:-2, 1:-1], pad[2:, 1:-1], pad[1:-1, :-2], pad[1:-1, 2:]])
        n = np.isfinite(nb).sum(axis=0)
        with np.errstate(invalid="ignore"):
            mean = np.nansum(np.where(np.isfinite(nb), nb, 0.0), axis=0) / np.maximum(n, 1)
        fill = bad & (n >= 2)  # at least two finite neighbours: an isolated hole
        out[fill] = mean[fill]
    return out


def _porkchop_view(grid, c3_max_km2_s2, criterion, title, best_cell, best) -> _Porkchop:
    """The layers, limit, launch period and marked optimum of a porkchop (both backends)."""
    c3 = np.asarray(grid.c3_km2_s2, dtype=np.float64).T  # (N, M): rows = arrival = y
    vinf = np.asarray(grid.vinf_arrive_km_s, dtype=np.float64).T
    tof = np.asarray(grid.tof_days, dtype=np.float64).T
    dla = getattr(grid, "dla_deg", None)
    finite_c3 = c3[np.isfinite(c3)]
    c3_min = float(finite_c3.min()) if finite_c3.size else 0.0
    c3_cap = c3_min * 3.0 + 10.0
    if c3_max_km2_s2 is not None:
        c3_cap = max(c3_cap, 2.0 * float(c3_max_km2_s2))
    c3_plot = np.where(c3 <= c3_cap, c3, np.nan)  # keep the far-off cells from crowding lines
    c3_levels = contour_levels(c3_plot, hi_cap=c3_cap)
    # Lines are drawn from the gap-filled C3 clipped just above the top level (a plateau
    # with no line on it), so NaN cells and the far-off region do not break the contours.
    c3_gapless = _fill_gaps(c3)
    near = np.isfinite(c3_gapless) & (c3_gapless <= c3_cap)
    top = c3_levels[1] + c3_levels[2]
    c3_fill = np.where(np.isfinite(c3_gapless), np.minimum(c3_gapless, top), np.nan)
    v_plot = np.where(near, _fill_gaps(vinf), np.nan)
    layers = [
        _Layer("C3 (km2/s2)", c3_fill, c3_levels, "200,40,40", 1.4, None, 11, "%g"),
        _Layer("v-inf arrive (km/s)", v_plot, contour_levels(v_plot, n=8), "30,80,200", 1.2,
               "dot", 11, "%g"),
        _Layer("flight time (days)", tof, contour_levels(tof, lo_cap=0.0, n=8), "110,110,110",
               1.0, "dash", 10, "%g d"),
    ]  # fmt: skip
    if dla is not None:
        d_plot = np.where(near, _fill_gaps(np.asarray(dla, dtype=np.float64).T), np.nan)
        layers.append(
            _Layer("DLA (deg)", d_plot, contour_levels(d_plot, n=8), "130,60,170", 1.0,
                   "dashdot", 10, "%g\u00b0")
        )  # fmt: skip
    limit = None if c3_max_km2_s2 is None else float(c3_max_km2_s2)
    period_text = None
    if limit is not None:
        period = grid.launch_period(limit)  # a look-up in the grid's arrays, no ephemeris
        if period is not None:
            first, last = utc_list([period[0], period[1]])
            period_text = (
                f"Launch period (C3 \u2264 {limit:g} km\u00b2/s\u00b2): "
                f"{first[:10]} to {last[:10]} UTC, {period[2]:.0f} days"
            )
        else:
            period_text = f"No departure with C3 \u2264 {limit:g} km\u00b2/s\u00b2 in this grid"
    mark = None
    if best is not None and math.isfinite(float(getattr(best, "depart_tdb_s", math.nan))):
        values = {
            "C3": (float(best.c3_km2_s2), "km2/s2", 2),
            "v-inf arrive": (float(best.vinf_arrive_km_s), "km/s", 2),
            "flight time": (float(best.tof_days), "days", 1),
        }
        mark = (None, None, float(best.depart_tdb_s), float(best.arrive_tdb_s),
                f"optimum ({criterion})", values)  # fmt: skip
    else:
        cell = _best_cell(grid, criterion, best_cell)
        if cell is not None:
            i, j = cell
            values = {
                "C3": (float(grid.c3_km2_s2[i, j]), "km2/s2", 2),
                "v-inf arrive": (float(grid.vinf_arrive_km_s[i, j]), "km/s", 2),
                "flight time": (float(grid.tof_days[i, j]), "days", 1),
            }
            mark = (i, j, float(grid.depart_tdb_s[i]), float(grid.arrive_tdb_s[j]),
                    f"best {criterion}", values)  # fmt: skip
    name = f"{grid.depart_body.capitalize()} \u2192 {grid.arrive_body.capitalize()}"
    return _Porkchop(
        layers=tuple(layers),
        c3=c3,
        c3_gapless=c3_gapless,
        limit=limit,
        period_text=period_text,
        mark=mark,
        title=title or f"{name} porkchop (ballistic, {grid.revs} rev, DE440)",
    )


def porkchop_figure(
    grid,
    c3_max_km2_s2: float | None = None,
    criterion: str = "c3",
    title: str | None = None,
    best_cell: tuple[int, int] | None = None,
    *,
    best=None,
    filled: bool = False,
):
    """Plotly figure of a porkchop grid (NASA Mission Design Handbook style).

    Parameters
    ----------
    grid : sojourn.windows.PorkchopGrid
        The computed grid (arrays (M, N), row = departure, column = arrival).
    c3_max_km2_s2 : float, optional
        Launch-energy limit, km^2/s^2: the region under it is shaded, its contour drawn bold
        and the launch period (first to last departure with some arrival under it) written
        on the plot.
    criterion : str
        The criterion the marked optimum minimises (``grid.best_cell(criterion)`` when no
        ``best`` is given), e.g. ``"c3"`` or ``"dv_total"``.
    title : str, optional
        Figure title (default names the bodies and the grid).
    best_cell : (int, int), optional
        ``(i, j)`` of the cell to mark instead (row = departure, column = arrival).
    best : sojourn.transfer.Transfer, optional
        The optimum to mark at its own dates (e.g. the refined optimum the terminal reports
        for ``criterion``); overrides ``best_cell``.
    filled : bool
        C3 as filled contours with a colour bar (the lines and labels stay).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces, in order: hover layer (``name="cells"``), launch-period shading (if a limit
        is given), ``"C3 (km2/s2)"``, ``"v-inf arrive (km/s)"``, ``"flight time (days)"``,
        ``"DLA (deg)"`` (if the grid has it), ``"C3 limit"`` (if given), ``"best"``.
    """
    import plotly.graph_objects as go

    view = _porkchop_view(grid, c3_max_km2_s2, criterion, title, best_cell, best)
    x = utc_list(grid.depart_tdb_s)
    y = utc_list(grid.arrive_tdb_s)
    c3 = view.c3
    vinf = np.asarray(grid.vinf_arrive_km_s, dtype=np.float64).T
    tof = np.asarray(grid.tof_days, dtype=np.float64).T
    dla = np.asarray(getattr(grid, "dla_deg", np.full(grid.c3_km2_s2.shape, np.nan))).T

    fig = go.Figure()
    custom = np.stack([c3, vinf, tof, dla], axis=-1)
    fig.add_trace(
        go.Heatmap(
            x=x,
            y=y,
            z=np.where(np.isfinite(view.layers[0].z), c3, np.nan),
            customdata=custom,
            name="cells",
            showscale=False,
            opacity=0.0,
            colorscale="Greys",
            hovertemplate=(
                "depart %{x|%Y-%m-%d %H:%M} UTC<br>arrive %{y|%Y-%m-%d %H:%M} UTC<br>"
                "C3 %{customdata[0]:.2f} km2/s2<br>v-inf arrive %{customdata[1]:.2f} km/s<br>"
                "flight time %{customdata[2]:.1f} days<br>DLA %{customdata[3]:.1f} deg"
                "<extra></extra>"
            ),
        )
    )
    annotations = []
    limit = view.limit
    if limit is not None:
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
        annotations.append(
            dict(
                text=view.period_text,
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
    for k, layer in enumerate(view.layers):
        trace = _line_contours(
            x, y, layer.z, layer.name, layer.levels, f"rgb({layer.rgb})", layer.width,
            layer.dash, layer.label_size,
        )  # fmt: skip
        if k == 0 and filled:
            start, end, size = layer.levels
            trace.update(
                contours=dict(coloring="fill", showlines=True),
                colorscale="Viridis",
                reversescale=False,
                showscale=True,
                opacity=0.85,
                line=dict(color="rgba(60,60,60,0.8)"),
                colorbar=dict(title=dict(text="C3 (km\u00b2/s\u00b2)"), len=0.8),
                zmin=start - size,
                zmax=end + size,
            )
        fig.add_trace(trace)
    if limit is not None:
        fig.add_trace(
            go.Contour(
                x=x,
                y=y,
                z=view.c3_gapless,
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
    if view.mark is not None:
        _i, _j, td, ta, label, values = view.mark
        bx, by = utc_list([td, ta])
        hover = "<br>".join(
            f"{k} {v:.{nd}f} {unit}" for k, (v, unit, nd) in values.items() if math.isfinite(v)
        )
        fig.add_trace(
            go.Scatter(
                x=[bx],
                y=[by],
                mode="markers+text",
                name="best",
                marker=dict(
                    symbol="star", size=16, color="black", line=dict(width=1, color="white")
                ),
                text=[label],
                textposition="top right",
                hovertemplate=(
                    f"{label}<br>depart {bx[:16]} UTC<br>arrive {by[:16]} UTC<br>"
                    f"{hover}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        title=dict(text=view.title, y=0.98),
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


def _png_matplotlib(grid, tmp: str, c3_max_km2_s2, criterion, best=None, filled=False) -> None:
    """The same layers as :func:`porkchop_figure` (C3, v-infinity, flight time, DLA, the
    limit, the launch period, the optimum), drawn by matplotlib when kaleido cannot run."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from sojourn.core.time import to_datetime64

    view = _porkchop_view(grid, c3_max_km2_s2, criterion, None, None, best)
    xd = to_datetime64(grid.depart_tdb_s)
    yd = to_datetime64(grid.arrive_tdb_s)
    X, Y = np.meshgrid(xd, yd)
    fig, ax = plt.subplots(figsize=(12, 9), dpi=100)
    handles = []
    try:
        for k, layer in enumerate(view.layers):
            start, end, size = layer.levels
            levels = np.arange(start, end + size / 2, size)
            color = tuple(int(c) / 255.0 for c in layer.rgb.split(","))
            z = np.ma.masked_invalid(layer.z)
            if k == 0 and filled:
                cf = ax.contourf(X, Y, z, levels=np.concatenate([[start - size], levels,
                                 [end + size]]), cmap="viridis", alpha=0.85)  # fmt: skip
                fig.colorbar(cf, ax=ax, shrink=0.8, label="C3 (km\u00b2/s\u00b2)")
                color = (0.24, 0.24, 0.24)
            if levels.size:
                cs = ax.contour(X, Y, z, levels=levels, colors=[color], linewidths=layer.width,
                                linestyles=_MPL_DASH[layer.dash])  # fmt: skip
                ax.clabel(cs, fmt=layer.fmt, fontsize=layer.label_size - 2)
            handles.append(Line2D([], [], color=color, lw=layer.width,
                                  ls=_MPL_DASH[layer.dash], label=layer.name))  # fmt: skip
        if view.limit is not None:
            gapless = np.ma.masked_invalid(view.c3_gapless)
            lo = min(float(np.nanmin(view.c3_gapless)), view.limit) - 1.0
            ax.contourf(X, Y, gapless, levels=[lo, view.limit], colors=["#2ea04348"])
            cs = ax.contour(X, Y, np.ma.masked_invalid(view.c3_gapless), levels=[view.limit],
                            colors=["#146e28"], linewidths=3.0)  # fmt: skip
            ax.clabel(cs, fmt="%g", fontsize=10)
            handles.append(Patch(color="#2ea04348", label="launch period"))
            handles.append(Line2D([], [], color="#146e28", lw=3.0, label="C3 limit"))
            ax.text(0.0, 1.01, view.period_text, transform=ax.transAxes, color="#146e28",
                    fontsize=12, ha="left", va="bottom")  # fmt: skip
        if view.mark is not None:
            _i, _j, td, ta, label, _values = view.mark
            ax.plot(to_datetime64(td), to_datetime64(ta), "k*", ms=16, mec="white")
            ax.annotate(label, (to_datetime64(td), to_datetime64(ta)), xytext=(8, 8),
                        textcoords="offset points")  # fmt: skip
            handles.append(Line2D([], [], color="k", marker="*", ls="", ms=12, label="best"))
        ax.set_xlabel("Departure date (UTC)")
        ax.set_ylabel("Arrival date (UTC)")
        ax.set_title(view.title.replace("\u2192", "->"), pad=24)
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4,
                  frameon=False)  # fmt: skip
        fig.autofmt_xdate()
        fig.tight_layout()
        fig.savefig(tmp, format="png")
    finally:
        plt.close(fig)


def write_porkchop(
    grid,
    path,
    c3_max_km2_s2: float | None = None,
    criterion: str = "c3",
    title: str | None = None,
    *,
    best=None,
    filled: bool = False,
) -> Path:
    """Write a porkchop plot to ``path`` (``.html`` or ``.png``), atomically.

    ``.html`` embeds plotly.js (works offline). ``.png`` uses kaleido with a local Chromium;
    if kaleido cannot start a browser, matplotlib draws the same layers (C3, v-infinity,
    flight time and DLA contours, the limit and launch period, the optimum). ``best`` and
    ``filled`` as in :func:`porkchop_figure`.

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
    fig = porkchop_figure(
        grid, c3_max_km2_s2=c3_max_km2_s2, criterion=criterion, title=title, best=best,
        filled=filled,
    )  # fmt: skip
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
        _atomic_write(
            path, lambda tmp: _png_matplotlib(grid, tmp, c3_max_km2_s2, criterion, best, filled)
        )
        return path
    except ImportError as exc:
        errors.append(f"matplotlib: {exc}")
    raise InputError(
        f"cannot render {str(path)!r} as PNG ({'; '.join(errors)}); install kaleido and a "
        "Chromium (apt-get install chromium; pip install kaleido) or matplotlib, or write "
        ".html instead"
    )

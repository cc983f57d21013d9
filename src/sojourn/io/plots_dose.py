"""The crew's dose rate through the mission with the solar cycle behind it (plotly).

Reads ``plan.crew.dose_series`` (:class:`sojourn.mission.model.DoseSeries`, computed by the
planner); computes nothing.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dose_rate_fig"]


def dose_rate_fig(plan):
    """A plotly figure of the daily GCR dose rate and the solar modulation potential, or None."""
    crew = getattr(plan, "crew", None)
    s = getattr(crew, "dose_series", None) if crew is not None else None
    if s is None or np.size(s.t_tdb_s) == 0:
        return None
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from sojourn.core.time import to_datetime64

    x = to_datetime64(np.asarray(s.t_tdb_s))
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(x=x, y=s.phi_high, name="phi, forecast band",
                   line=dict(width=0), showlegend=False, hoverinfo="skip"),
        secondary_y=True,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=x, y=s.phi_low, name="phi band (forecast)",
                   line=dict(width=0), fill="tonexty", fillcolor="rgba(191,135,0,0.18)"),
        secondary_y=True,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=x, y=s.phi_mv, line=dict(color="#bf8700", dash="dot"),
                   name="solar modulation phi (MV; higher = fewer cosmic rays)"),
        secondary_y=True,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=x, y=s.rate_msv_per_day, name="GCR effective dose rate (mSv/day)",
                   mode="lines", line=dict(color="#8250df", width=2),
                   text=list(s.environment), hovertemplate="%{y:.3f} mSv/day, %{text}"),
        secondary_y=False,
    )  # fmt: skip
    fig.update_yaxes(title_text="mSv/day", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(title_text="phi (MV)", rangemode="tozero", secondary_y=True)
    fig.update_xaxes(type="date", title_text="Date (UTC)")
    fig.update_layout(
        title="Dose rate through the mission, with the solar cycle behind it",
        height=460,
        template="plotly_white",
        legend=dict(orientation="h", y=-0.25),
    )
    return fig

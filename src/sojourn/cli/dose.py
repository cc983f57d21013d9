"""``sojourn dose``: dated, shielded GCR dose of a stay in one environment."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT
from sojourn.cli.output import emit


@app.command()
def dose(
    environment: str = typer.Option(..., "--environment", help="cruise, mars_surface or leo."),
    start: str = typer.Option(..., "--start", help="First day, UTC (ISO 8601)."),
    days: float = typer.Option(..., "--days", help="Length of the stay, days."),
    shielding_g_cm2: float = typer.Option(
        None,
        "--shielding-g-cm2",
        help="Aluminium areal density, g/cm2 (cruise 5-30, default 10; Mars: habitat, default 0).",
    ),
    material: str = typer.Option(
        "aluminium", "--material", help="aluminium (GCR) or polyethylene (SPE only)."
    ),
    alt_km: float = typer.Option(
        None, "--alt-km", help="LEO circular-orbit altitude, km (150-2000; default the ISS's, 419)."
    ),
    inclination_deg: float = typer.Option(
        None, "--inclination-deg", help="LEO inclination, deg (0-180; default the ISS's, 51.64)."
    ),
    spe_shelter_g_cm2: float = typer.Option(
        None, "--spe-shelter-g-cm2", help="Also the August 1972 event behind this storm shelter."
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """GCR dose equivalent and effective dose over a dated stay, through the solar cycle."""
    from sojourn.errors import InputError
    from sojourn.radiation import dose as compute

    if environment != "leo" and (alt_km is not None or inclination_deg is not None):
        raise InputError(
            "'--alt-km' and '--inclination-deg' apply to --environment leo only, got "
            f"--environment {environment}; drop them or use --environment leo"
        )
    r = compute(
        environment, start, days, shielding_g_cm2, material, alt_km, inclination_deg
    ).to_dict()
    if spe_shelter_g_cm2 is not None:
        from sojourn.radiation.spe import design_event_dose

        r["spe"] = [design_event_dose(spe_shelter_g_cm2, material).to_dict()]
    emit(r, json_out, _render)


def _render(d: dict) -> None:
    from sojourn.io.terminal import console, fmt, key_values

    con = console()
    lo, hi = d["band_msv"]
    index = fmt(d["f107_index"], 1) + (" (forecast)" if d["forecast"] else "")
    rows = [
        ("dose equivalent (mSv)", fmt(d["dose_equivalent_msv"], 1)),
        ("effective dose (mSv)", fmt(d["effective_dose_msv"], 1)),
        ("mean rate (mSv/day)", fmt(d["rate_msv_per_day"], 3)),
        ("solar-cycle band (mSv)", f"{fmt(lo, 1)} - {fmt(hi, 1)}"),
        ("F10.7 index (sfu, lagged)", index),
        ("solar modulation phi (MV)", fmt(d["phi_mv"], 0) + f" ({d['phi_source']})"),
        ("shielding (g/cm2)", "ISS as measured" if d["shielding_g_cm2"] is None
         else fmt(d["shielding_g_cm2"], 1) + f" {d['material']}"),
    ]  # fmt: skip
    for s in d.get("spe", []):
        rows.append(
            (f"{s['event']} behind {fmt(s['shielding_g_cm2'], 1)} g/cm2 (BFO, mSv)",
             fmt(s["bfo_dose_equivalent_msv"], 0))
        )  # fmt: skip
    con.print(
        key_values(f"GCR dose, {d['environment']}, {d['days']:g} days from {d['start_utc']}", rows)
    )
    con.print(f"Model: {d['model']}")
    con.print(f"Quality factors: {d['quality_factor_system']}")
    for n in d["notes"]:
        con.print(f"  - {n}")

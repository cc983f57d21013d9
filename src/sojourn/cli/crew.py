"""``sojourn crew``: consumables to carry and radiation dose per phase (first-order)."""

from __future__ import annotations

import typer

from sojourn.cli import app
from sojourn.cli.options import JSON_OPT
from sojourn.cli.output import emit

PHASE_OPT = typer.Option(
    ..., "--phase", help="NAME:DAYS[:ENV], repeated; ENV is leo, cruise (default) or mars_surface."
)

MEMBER_OPT = typer.Option(
    None,
    "--member",
    help="NAME:AGENCY[:PRIOR_MSV[:AGE:SEX]], repeated: each against their own limit (AGE at "
    "first flight and SEX, female or male, pick JAXA's cell).",
)


@app.command()
def crew(
    crew_size: int = typer.Option(..., "--crew", help="Crew size."),
    phase: list[str] = PHASE_OPT,
    water_recovery: float = typer.Option(
        None, "--water-recovery", help="Fraction of water recycled (default 0; not with --eclss)."
    ),
    o2_recovery: float = typer.Option(
        None, "--o2-recovery", help="Fraction of O2 recovered (default 0; not with --eclss)."
    ),
    eclss: str = typer.Option(
        None,
        "--eclss",
        help="Life-support preset: open-loop, iss or mars-transit (mass balance from the NASA "
        "BVAD REV2; replaces --water-recovery/--o2-recovery).",
    ),
    evas: int = typer.Option(
        0, "--evas", help="EVAs over the whole budget (with --eclss): suit O2, sublimator water."
    ),
    cabin_leak_kg_day: float = typer.Option(
        None, "--leak-kg-day", help="Cabin air lost per day, kg (with --eclss; preset's)."
    ),
    spares_kg_day: float = typer.Option(
        None, "--spares-kg-day", help="ECLSS spares per day, kg, whole vehicle (with --eclss)."
    ),
    standard: str = typer.Option("nasa", "--standard", help="Career limit: nasa, esa, jaxa, ..."),
    limit_msv: float = typer.Option(None, "--limit-msv", help="Career limit override, mSv."),
    start: str = typer.Option(
        None, "--start", help="First day, UTC: dated dose through the solar cycle (GCR model)."
    ),
    shielding_g_cm2: float = typer.Option(
        None,
        "--shielding-g-cm2",
        help="Aluminium around the crew, g/cm2 (5-30; default 10; needs --start).",
    ),
    member: list[str] = MEMBER_OPT,
    spe_shelter_g_cm2: float = typer.Option(
        None, "--spe-shelter-g-cm2",
        help="Storm shelter, g/cm2 (0.5-100; needs --start): the design solar particle events "
        "behind it, with the probability of meeting them.",
    ),
    json_out: bool = JSON_OPT,
) -> None:
    """First-order crew budget: consumables to carry and radiation dose per phase."""
    from sojourn.crew import LifeSupport, crew_budget

    phases = _phases(phase)
    _check_dated_options(start, shielding_g_cm2, spe_shelter_g_cm2)
    _check_closure(eclss, water_recovery, o2_recovery)
    members = _members(member or [])
    if members and len(members) != crew_size:
        from sojourn.errors import InputError

        raise InputError(
            f"'--member' given {len(members)} times but --crew is {crew_size}: give one "
            "--member per crew member, or none"
        )
    eclss = _eclss(eclss, evas, cabin_leak_kg_day, spares_kg_day, sum(p.days for p in phases))
    ls = LifeSupport(
        water_recovery=water_recovery or 0.0, o2_recovery=o2_recovery or 0.0, eclss=eclss
    )
    b = crew_budget(
        crew_size, phases, ls, standard=standard, career_limit_msv=limit_msv,
        start_utc=start, shielding_g_cm2=shielding_g_cm2, members=members,
        spe_shelter_g_cm2=spe_shelter_g_cm2,
    )  # fmt: skip
    emit(b.to_dict(), json_out, _render)


#: The ranges of the dated-dose options: the mission schema's (sojourn.mission.schema).
_DATED_RANGES = {"--shielding-g-cm2": (5.0, 30.0), "--spe-shelter-g-cm2": (0.5, 100.0)}


def _check_dated_options(start, shielding, shelter):
    """Shielding and shelter: in their ranges, and only with ``--start`` (the dated model)."""
    from sojourn.errors import InputError

    for opt, v in (("--shielding-g-cm2", shielding), ("--spe-shelter-g-cm2", shelter)):
        if v is None:
            continue
        lo, hi = _DATED_RANGES[opt]
        if not lo <= v <= hi:
            raise InputError(
                f"'{opt}' must be {lo:g}-{hi:g} g/cm2 (the mission schema's range), got {v}"
            )
        if start is None:
            raise InputError(
                f"'{opt}' needs --start: only the dated radiation model uses it (undated "
                "phases take measured mean rates); add --start YYYY-MM-DD or drop it"
            )


def _check_closure(eclss, water_recovery, o2_recovery):
    """The user-set loop closure and a preset exclude each other (the preset sets its own)."""
    from sojourn.errors import InputError

    if eclss is not None and (water_recovery is not None or o2_recovery is not None):
        raise InputError(
            "'--water-recovery'/'--o2-recovery' conflict with --eclss (the preset sets its "
            "recoveries): drop them or drop --eclss"
        )


def _eclss(name, evas, leak, spares, days):
    """The ECLSS preset with the EVAs, leak and spares given (each needs ``--eclss``)."""
    from sojourn.errors import InputError

    given = {"--evas": evas or None, "--leak-kg-day": leak, "--spares-kg-day": spares}
    if name is None:
        for opt, v in given.items():
            if v is not None:
                raise InputError(f"'{opt}' needs a life-support preset: add --eclss iss (or other)")
        return None
    if evas < 0:
        raise InputError(f"'--evas' must be a whole number >= 0, got {evas}")
    from sojourn.eclss import eclss_preset

    over = {"evas_per_year": evas * 365.25 / days if days > 0 else 0.0}
    if leak is not None:
        over["cabin_leak_kg_per_day"] = leak
    if spares is not None:
        over["spares_kg_per_day"] = spares
    return eclss_preset(name, **over)


def _members(items: list[str]) -> list[dict]:
    """Crew members of each ``--member NAME:AGENCY[:PRIOR_MSV[:AGE:SEX]]``."""
    from sojourn.errors import InputError

    out = []
    for item in items:
        parts = item.split(":")
        try:
            if len(parts) not in (2, 3, 5) or not parts[0] or not parts[1]:
                raise ValueError
            prior = float(parts[2]) if len(parts) >= 3 else 0.0
            age = float(parts[3]) if len(parts) == 5 else None
        except ValueError:
            raise InputError(
                "'--member' must be NAME:AGENCY[:PRIOR_MSV[:AGE:SEX]] such as Ana:esa:50 or "
                f"Ko:jaxa:0:28:female, got {item!r}"
            ) from None
        m = {"name": parts[0], "agency": parts[1], "prior_dose_msv": prior}
        if len(parts) == 5:
            m.update(age_at_first_flight=age, sex=parts[4])
        out.append(m)
    return out


def _phases(items: list[str]):
    """:class:`~sojourn.crew.Phase` of each ``--phase NAME:DAYS[:ENV]``."""
    from sojourn.crew import Phase
    from sojourn.errors import InputError

    out = []
    for item in items:
        parts = item.split(":")
        try:
            if len(parts) not in (2, 3):
                raise ValueError
            days = float(parts[1])
        except ValueError:
            raise InputError(
                f"'--phase' must be NAME:DAYS[:ENVIRONMENT] such as cruise:180:cruise or "
                f"surface:500:mars_surface, got {item!r}"
            ) from None
        out.append(Phase(parts[0], days, parts[2] if len(parts) == 3 else "cruise"))
    return out


def _render(d: dict) -> None:
    from sojourn.io.terminal import console, fmt, key_values, table

    con = console()
    con.print(
        table(
            f"Crew budget, {d['crew']} crew, {fmt(d['days'], 1)} days (first-order)",
            [
                "phase",
                "environment",
                "days (d)",
                "O2 (kg)",
                "water (kg)",
                "food (kg)",
                "dose (mSv)",
            ],
            [
                (
                    p["name"],
                    p["environment"],
                    fmt(p["days"], 1),
                    fmt(p["o2_kg"], 1),
                    fmt(p["water_kg"], 1),
                    fmt(p["food_kg"], 1),
                    fmt(p["dose_msv"], 1),
                )
                for p in d["phases"]
            ],
        )
    )
    c = d["consumables_kg"]
    ls = d.get("life_support", {})
    con.print(
        table(
            f"Consumables per crew member-day as carried ({ls.get('preset', '')})",
            ["line", "kg", "per", "source"],
            [(ln["key"], fmt(ln["kg"], 3), ln["per"], ln["source"]) for ln in ls.get("lines", [])],
        )
    )
    con.print(
        key_values(
            "Totals",
            [
                ("consumables to carry (kg)", fmt(c["total"], 1)),
                ("dose per crew member (mSv)", fmt(d["dose_msv"], 1)),
                (
                    "career limit (mSv)",
                    f"{fmt(d['career_limit_msv'], 0)} ({d['standard']}), "
                    f"{fmt(100 * d['fraction_of_limit'], 1)} % used",
                ),
            ],
        )
    )
    for m in d.get("member_verdicts", []):
        con.print(
            f"  {m['name']} ({m['agency'].upper()}): career {fmt(m['career_dose_msv'], 0)} of "
            f"{fmt(m['limit_msv'], 0)} mSv {m['limit_quantity']}: "
            + ("within the limit" if m["within_limit"] else "OVER THE LIMIT")
            + (f" ({m['limit_basis']})" if m.get("limit_basis") else "")
        )
        st = m.get("short_term") or {}
        if "max_30_day_msv" in st:
            lim = st["limits_mgy_eq"]
            con.print(
                f"    worst 30 days {fmt(st['max_30_day_msv'], 1)} of {fmt(lim['30_day'], 0)}, "
                f"worst 365 days {fmt(st.get('max_annual_msv', 0.0), 1)} of "
                f"{fmt(lim['annual'], 0)} mGy-Eq at the blood-forming organs (NCRP 132)"
            )
    for e in d.get("spe", []):
        con.print(
            f"  {e['event']} behind {fmt(e['shielding_g_cm2'], 1)} g/cm2: "
            f"{fmt(e['bfo_dose_mgy'], 0)} mGy to the blood-forming organs"
        )
    risk = d.get("spe_risk")
    if risk:
        where = "shelter" if risk["p_bfo_over_limit_shelter"] is not None else "vehicle"
        con.print(
            f"  P(a solar particle event puts the BFO over {fmt(risk['bfo_limit_mgy_eq'], 0)} "
            f"mGy-Eq behind the {where}): "
            f"{fmt(100 * risk['p_bfo_over_limit_' + where], 2)} % "
            f"({risk['p_bfo_over_limit_' + where + '_bound']}; "
            f"{fmt(risk['activity_weighted_years'], 2)} activity-weighted years)"
        )
    elif d.get("spe_note"):
        con.print(f"  {d['spe_note']}")
    con.print("Assumptions (first-order budget):")
    for a in d["assumptions"]:
        con.print(f"  - {a}")

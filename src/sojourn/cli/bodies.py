"""``sojourn bodies``: what the ephemeris knows, with each body's GM, radius and NAIF id."""

from __future__ import annotations

from sojourn.cli import app
from sojourn.cli.options import CSV_OPT, JSON_OPT, one_format
from sojourn.cli.output import emit


@app.command()
def bodies(json_out: bool = JSON_OPT, csv_out: bool = CSV_OPT) -> None:
    """The bodies Sojourn knows: NAIF id, GM, mean radius, and what each can be used for."""
    one_format(json_out, csv_out)
    emit({"bodies": _bodies()}, json_out, _render, csv_out, _table)


def _bodies() -> list[dict]:
    from sojourn.core.bodies import ORBITING_BODIES
    from sojourn.core.constants import GM_KM3_S2, RADIUS_KM
    from sojourn.core.ephemeris import BODIES, naif_id
    from sojourn.core.flyby import FLYBY_MIN_ALT_KM

    out = []
    for name in BODIES:
        uses = ["ephem"]
        if name in ORBITING_BODIES:
            uses += ["transfer", "windows", "roundtrip", "comms"]
        if name in FLYBY_MIN_ALT_KM:
            uses.append("flyby")
        if name == "sun":
            uses.append("centre")
        out.append(
            {
                "name": name,
                "naif_id": naif_id(name, "body"),
                "gm_km3_s2": GM_KM3_S2.get(name),
                "radius_km": RADIUS_KM.get(name),
                "uses": uses,
            }
        )
    return out


def _table(d: dict):
    from sojourn.io.terminal import table

    def num(x, f):
        return "n/a" if x is None else format(x, f)

    return table(
        "Bodies (DE440 ephemeris; GM and radius as Sojourn uses them)",
        ["name", "NAIF id", "GM (km3/s2)", "radius (km)", "uses"],
        [
            (
                b["name"],
                str(b["naif_id"]),
                num(b["gm_km3_s2"], ".6g"),
                num(b["radius_km"], ".1f"),
                ", ".join(b["uses"]),
            )
            for b in d["bodies"]
        ],  # fmt: skip
        wrap=(4,),
    )


def _render(d: dict) -> None:
    from sojourn.io.terminal import console

    console().print(_table(d))

"""``sojourn plan`` and ``sojourn examples``: a mission file in, a dated plan and its files out."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import typer

from sojourn.cli import app
from sojourn.cli.output import emit


@app.command()
def examples(
    json_out: bool = typer.Option(
        False, "--json", help="The list as JSON on stdout: examples [{name, title}]."
    ),
) -> None:
    """List the built-in missions, one a line: name and title."""
    from sojourn.mission.plan import example_names, example_title

    listing = {"examples": [{"name": n, "title": example_title(n)} for n in example_names()]}
    emit(listing, json_out, _render_examples)


def _render_examples(listing: dict) -> None:
    for e in listing["examples"]:
        typer.echo(f"{e['name']:<12} {e['title']}")


def _progress():
    """A status line on stderr when it is a terminal; otherwise a no-op."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console

    status = Console(file=sys.stderr).status("planning...")
    status.start()

    def step(text: str) -> None:
        status.update(f"planning: {text}...")

    return status, step


@app.command()
def plan(
    mission_file: str = typer.Argument(None, metavar="[MISSION.toml]", help="Mission file."),
    example: str = typer.Option(None, "--example", help="A built-in mission (sojourn examples)."),
    out: str = typer.Option(
        None, "--out", help="Folder for plan.json, report.html, *.oem and plan.czml."
    ),
    json_out: bool = typer.Option(False, "--json", help="The plan as JSON on stdout."),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Exit 3 when the plan has an error finding (the plan is still printed and "
        "written); without it such a plan exits 0.",
    ),
) -> None:
    """Plan a mission: timeline, launch or transfer, comms, crew budget, aborts, findings."""
    from sojourn.errors import InputError
    from sojourn.mission.plan import load_example
    from sojourn.mission.plan import plan as make_plan
    from sojourn.mission.schema import load_mission

    if (mission_file is None) == (example is None):
        raise InputError(
            "give a mission file or --example NAME (not both); run 'sojourn examples' for the "
            "built-in missions"
        )
    if out is not None and not out.strip():
        raise InputError("'--out' is empty; give a folder path, e.g. --out report/")
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        _check_out(out_dir, out)
    mission = load_example(example) if example is not None else load_mission(mission_file)
    status, step = _progress()
    try:
        p = make_plan(mission, progress=step)
    finally:
        if status is not None:
            status.stop()
    written: list[Path] = []
    if out_dir is not None:
        written = _write_all(p, out_dir)
    emit(p, json_out, partial(_render, written=written))
    if strict and any(f.severity == "error" for f in p.findings):
        raise typer.Exit(3)  # --strict: a plan with an error finding is a failed plan


def _check_out(out_dir: Path, text: str) -> None:
    """Refuse, before any planning, an --out that cannot become a writable folder."""
    import os

    from sojourn.errors import InputError

    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"'--out' must be a folder, but {text} is a file; give a folder path")
    parent = out_dir
    while not parent.exists():  # the nearest existing ancestor must be a writable folder
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(
            f"'--out' {text} cannot be created: {parent} is a file; give a folder path"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(
            f"'--out' {text} is not writable (no write permission on {parent}); "
            "give a folder you can write to"
        )


def _write_all(p, out_dir: Path) -> list[Path]:
    """Every output file, after the plan is complete, as one set: all of them or none."""
    from sojourn.errors import InputError
    from sojourn.io.atomic import write_set
    from sojourn.io.czml import czml_document
    from sojourn.io.jsonout import dumps
    from sojourn.io.oem import oem_files
    from sojourn.io.report import report_html

    files = [("plan.json", dumps(p.to_dict()) + "\n"), ("report.html", report_html(p))]
    files += oem_files(p)
    files.append(("plan.czml", czml_document(p)))
    try:  # the folder holds the previous set or this one, never a mix (io.atomic.write_set)
        return write_set(out_dir, files, label=p.mission)
    except OSError as e:
        where = e.filename or out_dir
        if "sojourn-staging-" in str(where):  # name the file the user asked for
            where = out_dir / Path(where).name
        raise InputError(
            f"'--out' {out_dir}: cannot write {where} ({e.strerror or e}); nothing was written; "
            "clear that path or give another folder"
        ) from None


def _render(p, written) -> None:
    from rich.text import Text

    from sojourn.core.time import utc_iso
    from sojourn.io.terminal import console, duration, key_values, safe, table

    c = console()
    c.print(Text.assemble((safe(p.title), "bold"), safe(f"  ({p.mission}, {p.kind})")))
    c.print(
        table(
            "Timeline (UTC)",
            ["phase", "kind", "start", "end", "length"],
            [
                (
                    ph.name,
                    ph.kind,
                    utc_iso(ph.start_tdb_s, sep=" ")[:16],
                    utc_iso(ph.end_tdb_s, sep=" ")[:16],
                    duration(ph.days),
                )
                for ph in p.phases
            ],
            keep=(0, 2, 3, 4, 1),
            wrap=(0,),
            min_wrap=20,
        )
    )
    c.print(key_values("Key figures", _key_figures(p)))
    if p.findings:
        c.print(
            table(
                "Findings",
                ["severity", "code", "message"],
                [(f.severity, f.code, f.message) for f in p.findings],
                wrap=(2,),
                min_wrap=30,
            )
        )
    else:
        c.print("No findings.")
    if written:
        c.print("Wrote: " + ", ".join(str(w) for w in written))


def _key_figures(p) -> list[tuple[str, str]]:
    """The terminal's rows of ``p.key_figures()`` (the report's header reads the same)."""
    from sojourn.core.time import utc_iso

    k = p.key_figures()
    rows: list[tuple[str, str]] = []
    if k.launch_tdb_s is not None:
        rows.append(("launch", f"{utc_iso(k.launch_tdb_s)} UTC from {k.launch_site}"))
        if k.docking_tdb_s is not None:
            rows.append(("docking", f"{utc_iso(k.docking_tdb_s)} UTC ({k.docking_profile})"))
    if k.landing_tdb_s is not None:
        rows.append(("landing", f"{utc_iso(k.landing_tdb_s)} UTC ({k.landing_zone})"))
    if k.depart_tdb_s is not None:
        rows.append(
            ("departure", f"{utc_iso(k.depart_tdb_s)} UTC, C3 {k.depart_c3_km2_s2:.2f} km2/s2")
        )
    if k.return_tdb_s is not None:  # a round trip
        rows.append(
            ("Mars arrival", f"{utc_iso(k.arrive_tdb_s)} UTC ({k.outbound_tof_days:.0f} d)")
        )
        rows.append(
            (
                "Earth return",
                f"{utc_iso(k.return_tdb_s)} UTC "
                f"({k.return_tof_days:.0f} d), stay {k.stay_days:.0f} d",
            )
        )
        total = f"{k.dv_total_km_s:.2f} km/s"
        if k.dv_with_geometry_km_s is not None:
            total += f" in plane; {k.dv_with_geometry_km_s:.2f} with the orbits' geometry"
        rows.append(("delta-v total", total))
    if k.light_time_max_s is not None:
        rows.append(
            (
                "light time",
                f"{k.light_time_min_s / 60:.1f} to {k.light_time_max_s / 60:.1f} min one-way",
            )
        )
        for a, b in k.blackouts_tdb_s:
            rows.append(("blackout", f"{utc_iso(a)[:10]} .. {utc_iso(b)[:10]}"))
    if k.abort_hours_min is not None:
        zone = getattr(p.aborts.table, "zone", None) if p.aborts is not None else None
        rows.append(
            (
                "abort to ground",
                f"{k.abort_hours_min:.1f} to {k.abort_hours_max:.1f} h"
                + (f" (into {zone}, every {p.aborts.step_days:g} d)" if zone else ""),
            )
        )
    if getattr(k, "home_hours_worst", None) is not None:
        rows.append(
            ("way home", f"median {k.home_hours_median:.1f} h, worst {k.home_hours_worst:.1f} h")
        )
    if k.crew is not None:
        rows.append(("crew", f"{k.crew}; consumables {k.consumables_kg:,.0f} kg"))
        rows.append(
            (
                "dose",
                f"{k.dose_msv:.0f} mSv per person (limit {k.career_limit_msv:g} mSv)",
            )
        )
    return rows

"""``sojourn plan`` and ``sojourn examples``: a mission file in, a dated plan and its files out."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from sojourn.cli import app


@app.command()
def examples() -> None:
    """List the built-in missions, one a line: name and title."""
    from sojourn.mission.plan import example_names, example_title

    for name in example_names():
        typer.echo(f"{name:<12} {example_title(name)}")


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
    out_dir = Path(out) if out else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"'--out' must be a folder, but {out} is a file; give a folder path")
    mission = load_example(example) if example else load_mission(mission_file)
    status, step = _progress()
    try:
        p = make_plan(mission, progress=step)
    finally:
        if status is not None:
            status.stop()
    written: list[Path] = []
    if out_dir is not None:
        written = _write_all(p, out_dir)
    if json_out:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(p.to_dict()))
        return
    _render(p, written)


def _write_all(p, out_dir: Path) -> list[Path]:
    """Every output file, each atomically, after the plan is complete."""
    from sojourn.io.atomic import write_text
    from sojourn.io.czml import write_czml
    from sojourn.io.jsonout import dumps
    from sojourn.io.oem import write_oem
    from sojourn.io.report import write_report

    out_dir.mkdir(parents=True, exist_ok=True)
    files = [out_dir / "plan.json"]
    write_text(files[0], dumps(p.to_dict()) + "\n")
    write_report(p, out_dir / "report.html")
    files.append(out_dir / "report.html")
    files += list(write_oem(p, out_dir))
    write_czml(p, out_dir / "plan.czml")
    files.append(out_dir / "plan.czml")
    return files


def _render(p, written) -> None:
    from sojourn.core.time import utc_iso
    from sojourn.io.terminal import console, duration, key_values, table

    c = console()
    c.print(f"[bold]{p.title}[/bold]  ({p.mission}, {p.kind})")
    c.print(
        table(
            "Timeline (UTC)",
            ["phase", "kind", "start", "end", "length"],
            [
                (
                    ph.name,
                    ph.kind,
                    utc_iso(ph.start_tdb_s, sep=" "),
                    utc_iso(ph.end_tdb_s, sep=" "),
                    duration(ph.days),
                )
                for ph in p.phases
            ],
        )
    )
    c.print(key_values("Key figures", _key_figures(p)))
    if p.findings:
        c.print(
            table(
                "Findings",
                ["severity", "code", "message"],
                [(f.severity, f.code, f.message) for f in p.findings],
            )
        )
    else:
        c.print("No findings.")
    if written:
        c.print("Wrote: " + ", ".join(str(w) for w in written))


def _key_figures(p) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    s = p.sections
    if "launch" in s:
        w = s["launch"]["window"]
        rows.append(("launch", f"{w['launch_utc']} UTC from {s['launch']['site']}"))
        r = s["launch"].get("rendezvous")
        if r:
            rows.append(("docking", f"{r['docking_utc']} UTC ({r['profile']})"))
    if "landing" in s:
        rows.append(("landing", f"{s['landing']['landing_utc']} UTC ({s['landing']['zone']})"))
    if "roundtrip" in s:
        b = s["roundtrip"]["best"]
        rows.append(
            (
                "departure",
                f"{b['outbound']['depart_utc']} UTC, C3 {b['outbound']['c3_km2_s2']:.2f} km2/s2",
            )
        )
        rows.append(
            (
                "Mars arrival",
                f"{b['outbound']['arrive_utc']} UTC ({b['outbound']['tof_days']:.0f} d)",
            )
        )
        rows.append(
            (
                "Earth return",
                f"{b['return']['arrive_utc']} UTC "
                f"({b['return']['tof_days']:.0f} d), stay {b['stay_days']:.0f} d",
            )
        )
        rows.append(("delta-v total", f"{b['dv_total_km_s']:.2f} km/s"))
    if "transfer" in s:
        t = s["transfer"]
        rows.append(("departure", f"{t['depart_utc']} UTC, C3 {t['c3_km2_s2']:.2f} km2/s2"))
    if "comms" in s:
        lt = s["comms"]["light_time_s"]
        rows.append(("light time", f"{lt['min'] / 60:.1f} to {lt['max'] / 60:.1f} min one-way"))
        for cj in s["comms"]["conjunctions"]:
            rows.append(("blackout", f"{cj['start_utc'][:10]} .. {cj['end_utc'][:10]}"))
    if "aborts" in s:
        a = s["aborts"]
        if "hours_to_ground" in a:
            h = a["hours_to_ground"]
            if h["min"] is not None:
                rows.append(("abort to ground", f"{h['min']:.1f} to {h['max']:.1f} h"))
    if "crew" in s:
        cr = s["crew"]
        rows.append(
            ("crew", f"{cr.get('crew')}; consumables {cr['consumables_kg']['total']:,.0f} kg")
        )
        rows.append(
            (
                "dose",
                f"{cr.get('dose_msv', 0):.0f} mSv per person (limit "
                f"{cr.get('career_limit_msv', 0):g} mSv)",
            )
        )
    return rows

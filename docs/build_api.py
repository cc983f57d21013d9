"""Build Sojourn's API reference (HTML) from the docstrings, offline, with pdoc.

    python docs/build_api.py [OUT_DIR]      # default: docs/_build/api

Every public module of the package is documented (pdoc would otherwise follow only the
package's lazy ``__all__``); docstrings are numpydoc. Nothing is fetched from the network:
pdoc's pages are self-contained (its search index and styles are written beside them).
"""

from __future__ import annotations

import pkgutil
import sys
from pathlib import Path


def public_modules() -> list[str]:
    """Names of every public module of ``sojourn`` (no ``_private`` part), sorted."""
    import sojourn

    names = ["sojourn"]
    for info in pkgutil.walk_packages(sojourn.__path__, prefix="sojourn."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def build(out_dir: Path, search: bool = True, show_source: bool = True) -> list[str]:
    """Write the reference into ``out_dir``; returns the modules documented."""
    import pdoc
    import pdoc.render

    modules = public_modules()
    pdoc.render.configure(docformat="numpy", search=search, show_source=show_source)
    pdoc.pdoc(*modules, output_directory=Path(out_dir))
    return modules


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "_build" / "api"
    done = build(out)
    print(f"API reference: {len(done)} modules in {out}")

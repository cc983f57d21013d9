"""JSON output: NumPy-aware, NaN as null, keys carrying their units (DESIGN.md)."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np


def to_jsonable(obj: Any) -> Any:
    """Plain Python (dict, list, float, str, None) from NumPy and dataclass values."""
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.bool_ | bool):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating | float):
        f = float(obj)
        return f if math.isfinite(f) else None
    return obj


def dumps(obj: Any, indent: int | None = 2) -> str:
    """JSON text of ``obj`` (strict JSON: non-finite numbers become null)."""
    return json.dumps(to_jsonable(obj), indent=indent, allow_nan=False)

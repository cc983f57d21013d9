"""Tables and grids as pandas DataFrames and xarray Datasets (the optional ``[tables]`` extra).

Result objects call these from their ``to_dataframe()`` / ``to_xarray()`` methods; pandas and
xarray are imported only when asked for, and their absence is an :class:`InputError` that
says how to install them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sojourn.errors import InputError

__all__ = ["to_dataframe", "to_xarray"]


def _need(module: str):
    try:
        return __import__(module)
    except ImportError:
        raise InputError(
            f"{module} is not installed; install the optional extra: pip install 'sojourn[tables]'"
        ) from None


def to_dataframe(columns: Mapping[str, np.ndarray], index: str | None = None):
    """A :class:`pandas.DataFrame` of equal-length columns (times as ``datetime64[ns]``).

    ``index`` names the column that becomes the index, if any.
    """
    pd = _need("pandas")
    df = pd.DataFrame({k: np.asarray(v) for k, v in columns.items()})
    return df.set_index(index) if index is not None else df


def to_xarray(
    data_vars: Mapping[str, tuple[tuple[str, ...], np.ndarray]],
    coords: Mapping[str, tuple[str, np.ndarray] | np.ndarray],
    attrs: Mapping | None = None,
):
    """An :class:`xarray.Dataset` of named arrays over named dimensions."""
    xr = _need("xarray")
    return xr.Dataset(dict(data_vars), coords=dict(coords), attrs=dict(attrs or {}))

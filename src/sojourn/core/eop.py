"""Earth orientation parameters: UT1-UTC, polar motion and celestial pole offsets.

Source: the IERS ``finals2000A.all`` table (IERS Rapid Service / Prediction Centre, USNO;
format in the ``ReadMe.finals2000A`` beside it) as shipped, offline, by the
``astropy-iers-data`` package. It is read here with plain Python and NumPy (astropy itself is
never imported), parsed once and cached. One row a day at 0h UTC from 1973-01-02, final
values, then the rapid service and about a year of predictions.

Columns: the Bulletin B (final) value where the row has one, else Bulletin A (rapid or
predicted), as astropy's IERS-A table does. Each quantity keeps its own span (the pole
offsets dX, dY end before UT1 and the pole).

Interpolation: linear in MJD (UTC) between the daily rows. UT1-UTC jumps by one second
at each leap second, so it is interpolated as UT1-TAI (continuous) and the leap-second
count of the requested instant (:func:`sojourn.core.time.delta_at_s`, the NAIF kernel) is
added back; interpolating UT1-UTC itself would be wrong by up to 0.5 s on the day before
each leap second.

Outside the table (never an error, so any date of DE440's span works):

- **before the first row** (1973-01-02): UT1-UTC = 0, no polar motion, no pole offsets.
  Sojourn has no Earth orientation data for those years; the Earth's rotation angle is then
  uncertain by |UT1-UTC| < 0.9 s (0.4 km at the equator) and the pole by up to 15 m on the
  ground, as before this module existed.
- **after the last row** of a quantity (the end of the predictions, about a year after the
  package's release): that quantity holds its last (predicted) value. Predictions degrade
  with their horizon (UT1-UTC to a few ms after months; IERS Bulletin A gives the formula),
  and a held value drifts by the length-of-day excess, a few tenths of a second per year
  (tens of metres to 0.1 km a year at the equator). Update ``astropy-iers-data`` for
  current tables.

Times are TDB seconds past J2000 (``t_tdb_s``), converted with :mod:`sojourn.core.time`.
Angles are arcseconds, times seconds. Everything is vectorized over ``t_tdb_s`` arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sojourn.core.time import delta_at_s, tdb_to_utc

__all__ = ["EOP", "eop", "ut1_utc_s", "polar_motion_arcsec", "table_span_mjd", "table_path"]

_DAY_S = 86_400.0
#: MJD of J2000's calendar day origin: utc_s = (mjd - _MJD_J2000) * 86,400.
_MJD_J2000 = 51_544.5

# finals2000A.all columns (0-based slices of the 1-based byte ranges in ReadMe.finals2000A).
_MJD = slice(7, 15)
_A = {"xp": slice(18, 27), "yp": slice(37, 46), "dut1": slice(58, 68)}
_A_NUT = {"dx": slice(97, 106), "dy": slice(116, 125)}  # mas
_B = {"xp": slice(134, 144), "yp": slice(144, 154), "dut1": slice(154, 165)}
_B_NUT = {"dx": slice(165, 175), "dy": slice(175, 185)}  # mas


@dataclass(frozen=True)
class EOP:
    """Earth orientation at a set of instants (arrays shaped like the times asked for).

    Attributes
    ----------
    dut1_s : ndarray
        UT1 - UTC, s.
    xp_arcsec, yp_arcsec : ndarray
        Pole coordinates (polar motion), arcsec.
    dx_arcsec, dy_arcsec : ndarray
        Celestial pole offsets dX, dY with respect to IAU 2006/2000A, arcsec.
    """

    dut1_s: np.ndarray
    xp_arcsec: np.ndarray
    yp_arcsec: np.ndarray
    dx_arcsec: np.ndarray
    dy_arcsec: np.ndarray


def table_path() -> str:
    """Path of the ``finals2000A.all`` file inside the installed ``astropy-iers-data``."""
    import astropy_iers_data

    return astropy_iers_data.IERS_A_FILE


def _column(lines: list[str], a: slice, b: slice | None, scale: float):
    """(mjd, value) of the rows where the column has a value: Bulletin B, else A."""
    mjd, val = [], []
    for ln in lines:
        text = ln[b].strip() if b is not None else ""
        if not text:
            text = ln[a].strip()
        if text:
            mjd.append(float(ln[_MJD]))
            val.append(float(text) * scale)
    return np.array(mjd), np.array(val)


class _Table:
    """The parsed table: per quantity, the MJD (UTC) of its rows and its values."""

    def __init__(self, text: str):
        lines = [ln.ljust(185) for ln in text.splitlines() if ln[_MJD].strip()]
        self.cols: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for key in ("xp", "yp"):
            self.cols[key] = _column(lines, _A[key], _B[key], 1.0)
        for key in ("dx", "dy"):
            self.cols[key] = _column(lines, _A_NUT[key], _B_NUT[key], 1e-3)  # mas -> arcsec
        mjd, dut1 = _column(lines, _A["dut1"], _B["dut1"], 1.0)
        # UT1 - TAI is continuous across leap seconds: the interpolated quantity.
        self.cols["ut1_tai"] = (mjd, dut1 - delta_at_s((mjd - _MJD_J2000) * _DAY_S))
        self.first_mjd = min(m[0] for m, _ in self.cols.values())

    def interp(self, key: str, mjd: np.ndarray) -> np.ndarray:
        """Linear in MJD; the last value held after the last row; 0 before the first row."""
        x, y = self.cols[key]
        out = np.interp(mjd, x, y)  # holds the end values outside the rows
        return np.where(mjd < self.first_mjd, 0.0, out)


@lru_cache(maxsize=1)
def _table() -> _Table:
    with open(table_path(), encoding="ascii") as f:
        return _Table(f.read())


def table_span_mjd() -> dict[str, tuple[float, float]]:
    """First and last MJD (UTC) with a value, per quantity: ``dut1``, ``xp``, ``yp``, ``dx``,
    ``dy``. Outside these, see the module notes."""
    tab = _table()
    names = {"ut1_tai": "dut1", "xp": "xp", "yp": "yp", "dx": "dx", "dy": "dy"}
    return {names[k]: (float(m[0]), float(m[-1])) for k, (m, _) in tab.cols.items()}


def _utc_s_mjd(t_tdb_s):
    utc_s = np.asarray(tdb_to_utc(t_tdb_s), dtype=np.float64)
    return utc_s, _MJD_J2000 + utc_s / _DAY_S


def ut1_utc_s(t_tdb_s):
    """UT1 - UTC, s, at TDB seconds ``t_tdb_s`` (float or ndarray, same shape back).

    0 before 1973-01-02; the last predicted value held after the table (module notes).
    """
    utc_s, mjd = _utc_s_mjd(t_tdb_s)
    tab = _table()
    ut1_tai = tab.interp("ut1_tai", mjd)
    return np.where(mjd < tab.first_mjd, 0.0, ut1_tai + delta_at_s(utc_s))


def polar_motion_arcsec(t_tdb_s):
    """Pole coordinates ``(xp, yp)``, arcsec, at TDB seconds ``t_tdb_s`` (module notes)."""
    _, mjd = _utc_s_mjd(t_tdb_s)
    tab = _table()
    return tab.interp("xp", mjd), tab.interp("yp", mjd)


def eop(t_tdb_s) -> EOP:
    """All Earth orientation parameters at TDB seconds ``t_tdb_s`` in one pass.

    Parameters
    ----------
    t_tdb_s : float or ndarray (...)
        TDB seconds past J2000.

    Returns
    -------
    EOP
        Arrays of shape (...): UT1-UTC (s), xp, yp, dX, dY (arcsec). Never raises for a
        finite time: before 1973-01-02 all are 0, after the table each holds its last value
        (see the module notes for what that costs).
    """
    utc_s, mjd = _utc_s_mjd(t_tdb_s)
    tab = _table()
    dut1 = np.where(mjd < tab.first_mjd, 0.0, tab.interp("ut1_tai", mjd) + delta_at_s(utc_s))
    return EOP(
        dut1_s=dut1,
        xp_arcsec=tab.interp("xp", mjd),
        yp_arcsec=tab.interp("yp", mjd),
        dx_arcsec=tab.interp("dx", mjd),
        dy_arcsec=tab.interp("dy", mjd),
    )

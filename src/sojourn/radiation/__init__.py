"""Space radiation: GCR through the solar cycle, solar particle events, crew limits.

- :mod:`sojourn.radiation.solar`: the F10.7 record 1957- with NOAA's forecast to 2041 (package
  data), its 13-month smoothed, 9-month lagged index and a forecast band;
- :mod:`sojourn.radiation.gcr`: GCR dose rates (free space behind aluminium, Mars surface, LEO)
  from published depth-dose results, scaled through the solar cycle;
- :mod:`sojourn.radiation.modulation`: GCR protons at 1 AU, force field on the Burger/Usoskin
  interstellar spectrum, for a modulation potential phi (MV);
- :mod:`sojourn.radiation.spe`: design solar particle events behind a shield (CSDA transport);
- :mod:`sojourn.radiation.limits`: each crew member against their agency's limits;
- :mod:`sojourn.radiation.dose`: :func:`dose`, the dated, shielded dose of a stay.
"""

from sojourn.radiation.dose import DoseResult, dose

__all__ = ["DoseResult", "dose"]

"""Test-wide settings.

Hypothesis: no per-example deadline. The first example of a test may include Numba's
compilation or cache load (seconds on a cold machine), which says nothing about the code
under test; the suite's time is watched as a whole instead (CI limit, ``--durations``).
"""

from hypothesis import settings

settings.register_profile("sojourn", deadline=None)
settings.load_profile("sojourn")

"""Plans of the built-in examples, computed once per test session (they are pure)."""

import pytest


@pytest.fixture(scope="session")
def example_plan():
    from sojourn.mission.plan import load_example, plan

    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = plan(load_example(name))
        return cache[name]

    return get


#: The smallest station mission: a launch (its site and its target or element-set line to
#: fill in), a five-day stay and the return.
_STATION = """
[mission]
name = "v"
kind = "station"

[[crew]]
name = "A"

[[phases]]
kind = "launch"
site = "{site}"
{target}
date = "2021-10-05"

[[phases]]
kind = "stay"
days = 5

[[phases]]
kind = "return"
"""


@pytest.fixture
def station_toml():
    """``station_toml(site="baikonur-31", target='target = "iss"')``: the text of a minimal
    station mission file."""

    def make(site: str = "baikonur-31", target: str = 'target = "iss"') -> str:
        return _STATION.format(site=site, target=target)

    return make

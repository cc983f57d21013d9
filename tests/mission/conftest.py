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

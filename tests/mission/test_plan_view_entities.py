"""Issue 14: what the 3-D view (CZML) needs from the planners: the comms ground stations of
an interplanetary plan, the station's own path in a station plan."""

import numpy as np

from sojourn.comms import STATIONS


def test_interplanetary_plan_carries_its_comms_stations(example_plan):
    p = example_plan("first-mars")
    # first-mars.toml: assumptions.stations = ["cebreros", "malargue", "new-norcia"].
    assert [s.id for s in p.ground_stations] == ["cebreros", "malargue", "new-norcia"]
    for s in p.ground_stations:
        src = STATIONS[s.id]
        assert (s.lat_deg, s.lon_deg, s.h_km, s.network) == (
            src.lat_deg,
            src.lon_deg,
            src.h_km,
            src.network,
        )
    assert p.station_path is None
    assert "ground_stations" not in p.to_dict()  # a view input, not a JSON section


def test_station_plan_carries_the_station_path(example_plan):
    p = example_plan("soyuz-ms19")
    sp = p.station_path
    assert sp is not None and sp.name == p.launch.target
    assert sp.object_id == "1998-067A"  # TLE line 1 columns 10-17, "98067A"
    assert np.all(np.diff(sp.t_tdb_s) > 0) and sp.r_km.shape == (sp.t_tdb_s.size, 3)
    assert p.ground_stations == ()

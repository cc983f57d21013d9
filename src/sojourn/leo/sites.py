"""Launch sites: WGS 84 geodetic coordinates and allowed launch azimuths.

Coordinates are those of the pads (degrees, WGS 84, height above the ellipsoid in km),
rounded to 1e-4 deg (about 10 m), as published in:

- Baikonur Site 31/6 and Site 1/5 ("Gagarin's Start"), Vostochny Site 1S, Jiuquan LC-43/921,
  Tanegashima Yoshinobu pad Y: Zak, A., RussianSpaceWeb.com pages on each pad, and the
  Wikipedia articles "Baikonur Cosmodrome Site 31", "Gagarin's Start", "Vostochny
  Cosmodrome", "Jiuquan Satellite Launch Center", "Yoshinobu Launch Complex".
- Kennedy LC-39A and Cape Canaveral SLC-40: NASA KSC fact sheets; Wikipedia "Kennedy Space
  Center Launch Complex 39A", "Cape Canaveral Space Launch Complex 40".
- Kourou ELA-4: CNES/ESA Guiana Space Centre; Wikipedia "ELA-4".

Allowed azimuth ranges (degrees from north, clockwise) are range-safety corridors as
published for each range (Eastern Range 35-120 deg; CSG -10.5 to 93.5 deg; Baikonur's
north-east corridor used for ISS flights and its polar corridor); for the Chinese and
Japanese pads they are the corridors of their flown inclinations. They are planning
figures (+-5 deg), not range-safety rules: a window outside them is reported as not
allowed. ``dogleg_deg`` is the plane change the site's vehicles are credited with when the
target inclination is below the site's latitude (0 everywhere by default).
"""

from __future__ import annotations

from dataclasses import dataclass

from sojourn.errors import InputError


@dataclass(frozen=True)
class Site:
    """A launch pad.

    Attributes
    ----------
    id : str
        Sojourn's id (DESIGN.md), e.g. ``baikonur-31``.
    name : str
        Human name.
    lat_deg, lon_deg : float
        WGS 84 geodetic latitude (north +) and longitude (east +), deg.
    h_km : float
        Height above the WGS 84 ellipsoid, km.
    azimuth_ranges_deg : tuple of (float, float)
        Allowed launch azimuths, deg clockwise from north; a range may wrap through north
        (written as (340, 380) for 340..20).
    vehicle : str
        The crew/cargo vehicle usually flown from the pad (for the default ascent model).
    source : str
        Where the numbers come from.
    """

    id: str
    name: str
    lat_deg: float
    lon_deg: float
    h_km: float
    azimuth_ranges_deg: tuple
    vehicle: str
    source: str
    dogleg_deg: float = 0.0

    def azimuth_allowed(self, az_deg: float) -> bool:
        """Whether a launch azimuth (deg) lies in one of the allowed ranges."""
        a = az_deg % 360.0
        return any(lo <= a <= hi or lo <= a + 360.0 <= hi for lo, hi in self.azimuth_ranges_deg)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "lat_deg": self.lat_deg,
            "lon_deg": self.lon_deg,
            "h_km": self.h_km,
            "azimuth_ranges_deg": [list(r) for r in self.azimuth_ranges_deg],
            "vehicle": self.vehicle,
            "source": self.source,
        }


_WIKI = "Wikipedia"
SITES: dict[str, Site] = {
    s.id: s
    for s in (
        Site(
            "baikonur-31",
            "Baikonur Cosmodrome Site 31/6",
            45.9961,
            63.5644,
            0.1,
            ((25.0, 70.0), (340.0, 380.0)),
            "soyuz",
            f"RussianSpaceWeb 'Site 31'; {_WIKI} 'Baikonur Cosmodrome Site 31' "
            "(45 59 46 N, 63 33 52 E)",
        ),
        Site(
            "baikonur-1",
            "Baikonur Cosmodrome Site 1/5 (Gagarin's Start)",
            45.9203,
            63.3422,
            0.1,
            ((25.0, 70.0), (340.0, 380.0)),
            "soyuz",
            f"RussianSpaceWeb 'Site 1'; {_WIKI} 'Gagarin's Start' (45 55 13 N, 63 20 32 E)",
        ),
        Site(
            "vostochny-1s",
            "Vostochny Cosmodrome Site 1S",
            51.8842,
            128.3336,
            0.2,
            ((0.0, 140.0),),
            "soyuz",
            f"RussianSpaceWeb 'Vostochny'; {_WIKI} 'Vostochny Cosmodrome' "
            "(51 53 03 N, 128 20 01 E)",
        ),
        Site(
            "kennedy-39a",
            "Kennedy Space Center LC-39A",
            28.6084,
            -80.6043,
            0.0,
            ((35.0, 120.0),),
            "dragon",
            f"NASA KSC; {_WIKI} 'Kennedy Space Center Launch Complex 39A' (28 36 30 N, 80 36 16 W)",
        ),
        Site(
            "canaveral-40",
            "Cape Canaveral SLC-40",
            28.5622,
            -80.5772,
            0.0,
            ((35.0, 120.0),),
            "dragon",
            f"{_WIKI} 'Cape Canaveral Space Launch Complex 40' (28 33 44 N, 80 34 38 W)",
        ),
        Site(
            "kourou-ela4",
            "Guiana Space Centre ELA-4",
            5.2620,
            -52.7856,
            0.0,
            ((-10.5, 93.5),),
            "generic",
            f"CNES/ESA CSG; {_WIKI} 'ELA-4' (5 15 43 N, 52 47 08 W); azimuths CSG -10.5..93.5",
        ),
        Site(
            "jiuquan-921",
            "Jiuquan Satellite Launch Center LC-43/921",
            40.9581,
            100.2915,
            1.0,
            ((120.0, 160.0), (180.0, 200.0)),
            "shenzhou",
            f"{_WIKI} 'Jiuquan Satellite Launch Center' (40 57 29 N, 100 17 29 E)",
        ),
        Site(
            "tanegashima-y",
            "Tanegashima Space Center Yoshinobu pad Y",
            30.4008,
            130.9753,
            0.0,
            ((85.0, 190.0),),
            "htv",
            f"JAXA; {_WIKI} 'Yoshinobu Launch Complex' (30 24 03 N, 130 58 31 E)",
        ),
    )
}


def site(site_id: str) -> Site:
    """The :class:`Site` with this id; :class:`InputError` listing the ids otherwise."""
    key = str(site_id).strip().lower()
    if key not in SITES:
        raise InputError(
            f"'--site' is not a known launch site: {site_id!r}; known ids: {', '.join(SITES)} "
            "(see 'sojourn sites')"
        )
    return SITES[key]

"""A small built-in table of administrative divisions (GB/T 2260 codes) for the region field.

Only 湖南省 and three of its cities are listed: enough for a county government's forms. Values are
stored as codes; names are looked up here for display.
"""

from __future__ import annotations

# province code -> (name, {city code -> (name, {county code -> name})})
REGIONS: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "430000": (
        "湖南省",
        {
            "430100": (
                "长沙市",
                {
                    "430102": "芙蓉区",
                    "430103": "天心区",
                    "430104": "岳麓区",
                    "430105": "开福区",
                    "430111": "雨花区",
                    "430112": "望城区",
                    "430121": "长沙县",
                    "430181": "浏阳市",
                    "430182": "宁乡市",
                },
            ),
            "430200": (
                "株洲市",
                {
                    "430202": "荷塘区",
                    "430203": "芦淞区",
                    "430204": "石峰区",
                    "430211": "天元区",
                    "430212": "渌口区",
                    "430223": "攸县",
                    "430224": "茶陵县",
                    "430225": "炎陵县",
                    "430281": "醴陵市",
                },
            ),
            "431100": (
                "永州市",
                {
                    "431102": "零陵区",
                    "431103": "冷水滩区",
                    "431122": "东安县",
                    "431123": "双牌县",
                    "431124": "道县",
                    "431125": "江永县",
                    "431126": "宁远县",
                    "431127": "蓝山县",
                    "431128": "新田县",
                    "431129": "江华瑶族自治县",
                    "431181": "祁阳市",
                },
            ),
        },
    ),
}


def province_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, (name, _cities) in REGIONS.items()]


def city_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Cities grouped by province (an <optgroup> per province: usable without JavaScript)."""
    return [
        (pname, [(code, cname) for code, (cname, _c) in cities.items()])
        for _p, (pname, cities) in REGIONS.items()
    ]


def county_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Counties grouped by city."""
    groups = []
    for _p, (_pname, cities) in REGIONS.items():
        for _c, (cname, counties) in cities.items():
            groups.append((cname, list(counties.items())))
    return groups


def is_valid(province: str, city: str, county: str) -> bool:
    """Does the county belong to the city and the city to the province?"""
    entry = REGIONS.get(province)
    if entry is None:
        return False
    city_entry = entry[1].get(city)
    if city_entry is None:
        return False
    return county in city_entry[1]


def names(province: str, city: str, county: str) -> tuple[str, str, str]:
    pname, cities = REGIONS.get(province, ("", {}))
    cname, counties = cities.get(city, ("", {}))
    return pname, cname, counties.get(county, "")

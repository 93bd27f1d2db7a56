"""Reference for Benchmarks/maps.sh: the région's maps the way a notebook makes them — shapely
(GEOS) unions of the communes into départements, bassins BMO and zones d'emploi, each shape
simplified on its own (shapely's topology-preserving simplify, 200 m; neighbours are not kept
together), then matplotlib draws the same maps as the site: one choropleth per geography mapped
(2 of bassins, 2 of zones) and a locator map per page (55). Reading the files is not timed.

usage: maps_shapely.py SHARED_DATA SUCCESSIONS_CSV OUT_DIR  → prints "shapes S s, drawing D s"
"""
import csv, io, json, sys, time, zipfile

import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
import openpyxl
from pyproj import Transformer
import numpy
import shapely
from shapely.geometry import shape
from shapely.ops import unary_union

shared, successions_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
successor = {}
with open(successions_file, encoding="utf-8") as f:
    rows = [line for line in f if not line.startswith("#")]
for row in list(csv.reader(rows, delimiter=";"))[1:]:
    successor[row[0]] = row[2]
communes = json.load(open(f"{shared}/ign-contours/communes-centre-val-de-loire.geojson", encoding="utf-8"))["features"]
bassin_of = {}
with open(f"{shared}/francetravail-mobiville/lexique-bassins.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["REG"] == "24":
            code = successor.get(row["CODE_COMMUNE_INSEE"], row["CODE_COMMUNE_INSEE"])
            if row["CODE_COMMUNE_INSEE"] == code or code not in bassin_of:
                bassin_of[code] = row["BE19"]
with zipfile.ZipFile(f"{shared}/insee-appartenance/table-appartenance-geo-communes-22.zip") as z:
    name = next(n for n in z.namelist() if n.endswith(".xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(z.read(name)), read_only=True)
ze_of = {}
for row in book["COM"].iter_rows(min_row=7, values_only=True):
    if row[3] == "24":
        ze_of[row[0]] = row[8]

started = time.perf_counter()
to_l93 = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True).transform
def project(coordinates):
    return numpy.column_stack(to_l93(coordinates[:, 0], coordinates[:, 1]))
parts = {}
for feature in communes:
    code = feature["properties"]["code"]
    parts.setdefault(successor.get(code, code), []).append(shapely.transform(shape(feature["geometry"]), project))
commune_shapes = {code: unary_union(p) for code, p in parts.items()}
layers = {}
for name, key in [("dep", lambda c: c[:2]), ("bassin", lambda c: bassin_of.get(c)), ("ze", lambda c: ze_of.get(c))]:
    groups = {}
    for code, geometry in commune_shapes.items():
        k = key(code)
        if k:
            groups.setdefault(k, []).append(geometry)
    layers[name] = {k: unary_union(g).simplify(200, preserve_topology=True) for k, g in groups.items()}
shapes_seconds = time.perf_counter() - started

def draw(geometries, colours, path, size):
    fig, ax = plt.subplots(figsize=size)
    for geometry, colour in zip(geometries, colours):
        for polygon in getattr(geometry, "geoms", [geometry]):
            x, y = polygon.exterior.xy
            ax.fill(x, y, facecolor=colour, edgecolor="white", linewidth=0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(path, format="svg")
    plt.close(fig)

started = time.perf_counter()
palette = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
for index, name in enumerate(["bassin", "bassin", "ze", "ze"]):
    keys = sorted(layers[name])
    draw([layers[name][k] for k in keys], [palette[i % 5] for i in range(len(keys))], f"{out}/choropleth-{index}.svg", (6.4, 4.8))
deps = [layers["dep"][k] for k in sorted(layers["dep"])]
highlights = [g for name in ["dep", "bassin", "ze"] for g in layers[name].values()][:55]
for index, highlight in enumerate(highlights):
    draw(deps + [highlight], ["#dddddd"] * len(deps) + ["#0072b2"], f"{out}/locator-{index}.svg", (2.2, 2.2))
drawing_seconds = time.perf_counter() - started
print(f"shapes {shapes_seconds:.3f} s, drawing {drawing_seconds:.3f} s")

#!/usr/bin/env python3
"""Chart benchmark, the Vega-Lite side (issue 5, item 8).

Reads the chart specs of an exported site exactly as `chart-bench` does (SITE/charts/**/*.json,
files sorted by path; per file: the key figures' sparklines, then the sections' indicator charts
in order, then the peer table), builds one Vega-Lite spec per chart and renders it to SVG with
vl-convert (`vl_convert.vegalite_to_svg`, French number locale). The same chart kinds as
ObservatoryCharts: the same size in pixels, title and subtitle, unit label, footer "Source : … —
données …", French formats, and the statuses (masked: solid to the lower bound then hatched to
the upper one; approximate: pale with a dashed outline / hollow marker / "≈"; no value: a gap or
"n.d."). Vega has no fill patterns: the hatching is a striped linear gradient.

usage: charts_vegalite.py SITE_DIR [--limit N] [--out DIR]
prints: vega-lite (vl-convert): N charts in S s — X charts/s
Timed: building each Vega-Lite spec and rendering it to SVG (not the JSON reading).
"""
import argparse
import glob
import json
import os
import re
import sys
import time

import vl_convert as vlc

from chartspecs import MONTHS, NBSP, NNBSP, PALETTE, PERIOD, fr_number, fr_text, load_specs, period_label, point_text

SHAPES = ["circle", "diamond", "square", "triangle-up", "cross"]  # as the kit's marker shapes
INK, MUTED, GRID = "#222222", "#595959", "#dddddd"
LIGHT, DARK = (0.937, 0.953, 1.0), (0.031, 0.318, 0.612)
FR_LOCALE = {"decimal": ",", "thousands": NNBSP, "grouping": [3], "currency": ["", NBSP + "€"], "minus": "\u2212"}


def hatch(color):
    """A striped fill (Vega has no patterns): white and `color` stripes across the mark."""
    stops = []
    for i in range(12):
        a, b = i / 12, (i + 0.5) / 12
        stops += [{"offset": a, "color": "#ffffff"}, {"offset": b, "color": "#ffffff"},
                  {"offset": b, "color": MUTED}, {"offset": min(1, (i + 1) / 12), "color": MUTED}]
    return {"gradient": "linear", "x1": 0, "y1": 0, "x2": 1, "y2": 1, "stops": stops}


# --- reading, in chart-bench's order -------------------------------------------------------


# --- French formats ------------------------------------------------------------------------


def solid(p):
    if p.get("status") == "masked":
        return p.get("lower", p.get("value") or 0)
    if p.get("status") == "no_value":
        return None
    return p.get("value")


def reach(p):
    if p.get("status") == "masked":
        return p.get("upper") if p.get("upper") is not None else p.get("lower", 0)
    return solid(p)


def period_date(text):
    m = PERIOD.match(text)
    if m.group(2):
        return f"{m.group(1)}-{(int(m.group(3)) - 1) * 3 + 1:02d}-01"
    if m.group(4):
        return f"{m.group(1)}-{m.group(4)}-01"
    return f"{m.group(1)}-01-01"


def point_label(p):
    return p.get("label") or (period_label(p["period"]) if p.get("period") else "")


def wrap(text, width_px, char_px=6.2):
    per_line = max(8, int(width_px / char_px))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > per_line:
            lines.append(line)
            line = word
        else:
            line = (line + " " + word) if line else word
    lines.append(line)
    return lines


def heat_color(share):
    t = min(max(share, 0), 1)
    return "#" + "".join(f"{round((a + (b - a) * t) * 255):02x}" for a, b in zip(LIGHT, DARK))


def value_axis_expr(spec):
    """Tick labels in French, with the unit sign of the format (locale gives , and thin spaces)."""
    if spec["format"] == "percent":
        return "format(datum.value, ',~r') + '\u00a0%'"
    if spec["format"] == "signed":
        return "(datum.value > 0 ? '+' : '') + format(datum.value, ',~r')"
    return "format(datum.value, ',~r')"


STATUS_TEXT = {"approximate": "○ / ░ ≈ valeur approchée", "masked": "▨ secret statistique : fourchette",
               "no_value": "n.d. : non disponible"}


def frame(spec, layers, data, height=None, legend_statuses=None, extra=None):
    """The chart around the layers: size, title, subtitle, unit, status legend and footer."""
    compact = spec["kind"] == "sparkline"
    chart = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": float(spec["width"]), "height": float(height or spec["height"]),
        "autosize": {"type": "fit", "contains": "padding"},
        "padding": 2 if compact else {"left": 12, "right": 12, "top": 12, "bottom": 8},
        "background": "white",
        "data": {"values": data},
        "layer": layers,
        "config": {"font": "DejaVu Sans", "view": {"stroke": None},
                   "axis": {"labelColor": MUTED, "labelFontSize": 10, "titleColor": MUTED, "titleFontWeight": "normal",
                            "gridColor": GRID, "domainColor": INK, "tickColor": MUTED},
                   "legend": {"orient": "bottom", "labelFontSize": 10, "direction": "horizontal", "title": None},
                   "title": {"anchor": "start", "fontSize": 14, "color": INK, "subtitleColor": MUTED,
                             "subtitleFontSize": 12}},
    }
    if not compact:
        subtitle = [spec["subtitle"]] if spec.get("subtitle") else []
        if spec.get("unit_label"):
            subtitle.append(spec["unit_label"])
        chart["title"] = {"text": spec["title"], "subtitle": subtitle or None, "frame": "bounds", "offset": 8}
        footer = []
        if legend_statuses:
            footer.append("\u2003\u2003".join(STATUS_TEXT[s] for s in ("approximate", "masked", "no_value") if s in legend_statuses))
        if spec.get("source"):
            footer += wrap("Source : " + spec["source"] + (" — données " + spec["vintage"] if spec.get("vintage") else ""),
                           float(spec["width"]) - 24, char_px=5.8)
        if footer:
            # The footer (and the status key) under the plot: Vega-Lite has no footer, a text mark does it.
            left, below = (extra or {}).get("left", 0), (extra or {}).get("below", 34)
            chart["layer"] = layers + [{
                "data": {"values": [{"line": line, "i": i} for i, line in enumerate(footer)]},
                "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 10, "color": MUTED,
                         "x": {"expr": f"-{left}"}},
                "encoding": {"text": {"field": "line"}, "y": {"value": {"expr": f"height + {below} + datum.i * 13"}}},
            }]
    return chart


def statuses_of(points):
    found = {p.get("status") for p in points}
    if any(p.get("value") is None and p.get("status") != "masked" for p in points):
        found.add("no_value")
    return found


# --- the kinds -----------------------------------------------------------------------------
def time_rows(spec, series):
    rows = []
    for index, s in enumerate(series):
        for p in s["points"]:
            if not p.get("period"):
                continue
            ok = p.get("status") in ("ok", "approximate") and p.get("value") is not None
            rows.append({"s": s["name"], "i": index, "t": period_date(p["period"]), "v": p["value"] if ok else None,
                         "st": p.get("status"), "lo": p.get("lower"), "hi": p.get("upper", p.get("lower")),
                         "txt": point_text(p, spec["format"], spec["decimals"])})
    return rows


def series_scales(series):
    names = [s["name"] for s in series]
    return ({"field": "s", "type": "nominal", "scale": {"domain": names, "range": PALETTE[:len(names)] or PALETTE},
             "sort": names},
            {"field": "s", "type": "nominal", "scale": {"domain": names, "range": [SHAPES[i % 5] for i in range(len(names))]},
             "sort": names})


def build_line(spec):
    series = spec["series"]
    rows = time_rows(spec, series)
    color, shape = series_scales(series)
    x = {"field": "t", "type": "temporal", "title": None, "axis": {"format": "%Y", "grid": False, "tickCount": 8}}
    y = {"field": "v", "type": "quantitative", "title": None, "scale": {"zero": False},
         "axis": {"labelExpr": value_axis_expr(spec), "tickCount": 6}}
    layers = [
        # null values break the line: gaps where no value
        {"mark": {"type": "line", "strokeWidth": 2, "invalid": "break-paths-show-domains"}, "encoding": {"x": x, "y": y, "color": color}},
        {"transform": [{"filter": "datum.st === 'ok' && datum.v !== null"}],
         "mark": {"type": "point", "filled": True, "size": 25}, "encoding": {"x": x, "y": y, "color": color, "shape": shape}},
        {"transform": [{"filter": "datum.st === 'approximate' && datum.v !== null"}],
         "mark": {"type": "point", "filled": False, "fill": "white", "size": 25, "strokeWidth": 1.2},
         "encoding": {"x": x, "y": y, "color": color, "shape": shape}},
        {"transform": [{"filter": "datum.st === 'masked'"}],
         "mark": {"type": "rule", "strokeDash": [2, 2], "strokeWidth": 1.5},
         "encoding": {"x": x, "y": {"field": "lo", "type": "quantitative"}, "y2": {"field": "hi"},
                      "color": color}},
        {"transform": [{"filter": "datum.st === 'masked'"}],
         "mark": {"type": "point", "filled": False, "fill": "white", "size": 40},
         "encoding": {"x": x, "y": {"field": "lo", "type": "quantitative"}, "color": color}},
    ]
    return frame(spec, layers, rows, legend_statuses=statuses_of([p for s in series for p in s["points"]]),
                 extra={"left": 50, "below": 56})


def build_sparkline(spec):
    series = spec["series"][:1]
    rows = time_rows(spec, series)
    last = max((r for r in rows if r["v"] is not None), key=lambda r: r["t"], default=None)
    x = {"field": "t", "type": "temporal", "axis": None}
    y = {"field": "v", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    layers = [{"mark": {"type": "line", "strokeWidth": 1.5, "color": PALETTE[0], "invalid": "break-paths-show-domains"}, "encoding": {"x": x, "y": y}}]
    if last:
        layers += [
            {"data": {"values": [last]}, "mark": {"type": "circle", "size": 20, "color": PALETTE[0], "opacity": 1},
             "encoding": {"x": x, "y": y}},
            {"data": {"values": [last]}, "mark": {"type": "text", "align": "left", "dx": 5, "dy": 4, "fontSize": 11, "color": INK},
             "encoding": {"x": x, "y": y, "text": {"field": "txt"}}},
        ]
    return frame(spec, layers, rows)


def bar_layers(band, value_field_orient, color, band_type="nominal", sort=None, thickness=None):
    """ok / approximate / masked bars, as the kit's BarPainter, for either orientation."""
    horizontal = value_field_orient == "x"
    b, v, v2 = ("y", "x", "x2") if horizontal else ("x", "y", "y2")
    band_enc = {"field": "c", "type": band_type, "title": None, "sort": sort,
                "axis": {"labelLimit": 230, "labelColor": INK, "labelFontSize": 11 if horizontal else 10,
                         "labelAngle": 0, "ticks": not horizontal, "domain": not horizontal}}
    size = {"size": thickness} if thickness else {}
    return [
        {"transform": [{"filter": "datum.st === 'ok' && datum.v !== null"}],
         "mark": {"type": "bar", "color": color, **size},
         "encoding": {b: band_enc, v: {"field": "v", "type": "quantitative"}}},
        {"transform": [{"filter": "datum.st === 'approximate' && datum.v !== null"}],
         "mark": {"type": "bar", "color": color, "fillOpacity": 0.3, "stroke": color, "strokeWidth": 1.5,
                  "strokeDash": [4, 2], **size},
         "encoding": {b: band_enc, v: {"field": "v", "type": "quantitative"}}},
        {"transform": [{"filter": "datum.st === 'masked'"}],
         "mark": {"type": "bar", "color": color, **size},
         "encoding": {b: band_enc, v: {"field": "lo", "type": "quantitative"}}},
        {"transform": [{"filter": "datum.st === 'masked'"}],
         "mark": {"type": "bar", "fill": hatch(color), "stroke": color, "strokeWidth": 1.5, **size},
         "encoding": {b: band_enc, v: {"field": "lo", "type": "quantitative"}, v2: {"field": "hi"}}},
    ]


def category_rows(spec, points):
    return [{"c": point_label(p), "v": p.get("value") if p.get("status") in ("ok", "approximate") else None,
             "st": p.get("status"), "lo": p.get("lower"), "hi": p.get("upper", p.get("lower")),
             "end": reach(p) if reach(p) is not None else 0, "nd": reach(p) is None,
             "txt": point_text(p, spec["format"], spec["decimals"])} for p in points]


def build_bar(spec):
    points = spec["series"][0]["points"] if spec["series"] else []
    rows = category_rows(spec, points)
    order = [r["c"] for r in rows]
    layers = bar_layers(order, "y", PALETTE[0], sort=order)
    for layer in layers:
        layer["encoding"]["y"]["axis"] = {"labelExpr": value_axis_expr(spec), "tickCount": 6}
        layer["encoding"]["y"]["title"] = None
    layers += [
        {"mark": {"type": "rule", "color": MUTED}, "encoding": {"y": {"datum": 0}}},
        {"mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": 11, "fontWeight": "bold"},
         "encoding": {"x": {"field": "c", "type": "nominal", "sort": order}, "y": {"field": "end", "type": "quantitative"},
                      "text": {"field": "txt"}, "color": {"condition": {"test": "datum.nd", "value": MUTED}, "value": INK}}},
    ]
    return frame(spec, layers, rows, legend_statuses=statuses_of(points), extra={"left": 50, "below": 40})


def build_grouped_or_stacked(spec, stacked):
    series = spec["series"]
    rows, labels = [], []
    for index, s in enumerate(series):
        base = {}
        for p in s["points"]:
            label = point_label(p)
            if label not in labels:
                labels.append(label)
            row = category_rows(spec, [p])[0]
            row.update({"s": s["name"]})
            rows.append(row)
    if stacked:  # stacked by hand so that masked bounds stack too
        tops = {}
        for row in rows:
            base = tops.get(row["c"], 0)
            for key in ("v", "lo", "hi"):
                if row[key] is not None:
                    row[key] = base + row[key]
            row["base"] = base
            tops[row["c"]] = base + (row["end"] or 0)
    color, _ = series_scales(series)
    layers = []
    for layer in bar_layers(labels, "y", PALETTE[0], sort=labels):
        enc = layer["encoding"]
        enc["color"] = color
        enc["y"]["axis"] = {"labelExpr": value_axis_expr(spec)}
        enc["y"]["title"] = None
        if stacked:
            enc["y"]["stack"] = None
            if "y2" not in enc:
                enc["y2"] = {"field": "base"}
        else:
            enc["xOffset"] = {"field": "s", "sort": [s["name"] for s in series]}
        layer["mark"].pop("color", None)
        if layer["mark"].get("stroke"):
            layer["mark"].pop("stroke")
        layers.append(layer)
    layers.append({"mark": {"type": "rule", "color": MUTED}, "encoding": {"y": {"datum": 0}}})
    return frame(spec, layers, rows, legend_statuses=statuses_of([p for s in series for p in s["points"]]),
                 extra={"left": 50, "below": 60})


def build_ranked_bar(spec):
    points = spec["series"][0]["points"] if spec["series"] else []
    order_idx = sorted(range(len(points)), key=lambda i: (-(solid(points[i]) if solid(points[i]) is not None else -1e300), i))
    ranked = [points[i] for i in order_idx]
    rows = category_rows(spec, ranked)
    order = [r["c"] for r in rows]
    lines = max([len(wrap(c, 220)) for c in order] + [1])
    step = max(26, lines * 14 + 12)
    height = 12 + 26 + (18 if spec.get("subtitle") else 0) + (18 if spec.get("unit_label") else 4) + len(rows) * step + 28 + 22 + 30
    layers = bar_layers(order, "x", PALETTE[0], sort=order)
    for layer in layers:
        layer["encoding"]["x"]["axis"] = {"labelExpr": value_axis_expr(spec), "tickCount": 6}
        layer["encoding"]["x"]["title"] = None
        layer["encoding"]["y"]["scale"] = {"paddingInner": 0.28}
    layers += [
        {"mark": {"type": "rule", "color": MUTED}, "encoding": {"x": {"datum": 0}}},
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11, "fontWeight": "bold"},
         "encoding": {"y": {"field": "c", "type": "nominal", "sort": order}, "x": {"field": "end", "type": "quantitative"},
                      "text": {"field": "txt"}, "color": {"condition": {"test": "datum.nd", "value": MUTED}, "value": INK}}},
    ]
    chart = frame(spec, layers, rows, height=height, legend_statuses=statuses_of(points), extra={"left": 160, "below": 30})
    chart["padding"]["right"] = max([len(r["txt"]) for r in rows] + [4]) * 7.5 + 8
    return chart


def build_passerelles(spec):
    """Links from each point's label (left) to its target (right), width by value, as PasserelleMark
    (straight rules: Vega-Lite has no curved links without a path transform)."""
    points = spec["series"][0]["points"] if spec["series"] else []
    sources = list(dict.fromkeys(p.get("label", "") for p in points))
    targets = list(dict.fromkeys(p.get("target", "") for p in points))
    count = max(len(sources), len(targets), 1)
    top = max([solid(p) or 0 for p in points] + [1e-9])
    def row(i, n):
        return (count - n) / 2 + i + 0.5
    links = [{"y1": row(sources.index(p.get("label", "")), len(sources)), "y2": row(targets.index(p.get("target", "")), len(targets)),
              "w": 1.5 + 7 * max(0, (solid(p) or 0) / top), "o": 0.35 + 0.5 * max(0, (solid(p) or 0) / top),
              "dash": p.get("status") in ("approximate", "masked")} for p in points]
    nodes = [{"side": 0, "y": row(i, len(sources)), "txt": "\n".join(wrap(n, 190)), "v": ""} for i, n in enumerate(sources)]
    for i, n in enumerate(targets):
        best = max((p for p in points if p.get("target") == n), key=lambda p: solid(p) or -1)
        nodes.append({"side": 1, "y": row(i, len(targets)), "txt": "\n".join(wrap(n, 144)),
                      "v": point_text(best, spec["format"], spec["decimals"])})
    y = {"type": "quantitative", "scale": {"domain": [count, 0]}, "axis": None}
    x = {"type": "quantitative", "scale": {"domain": [0, 1]}, "axis": None}
    layers = [
        {"data": {"values": links}, "mark": {"type": "rule", "color": PALETTE[0], "strokeCap": "round"},
         "encoding": {"x": {"datum": 0, **x}, "x2": {"datum": 1}, "y": {"field": "y1", **y}, "y2": {"field": "y2"},
                      "strokeWidth": {"field": "w", "type": "quantitative", "scale": None},
                      "opacity": {"field": "o", "type": "quantitative", "scale": None},
                      "strokeDash": {"condition": {"test": "datum.dash", "value": [6, 3]}, "value": [1, 0]}}},
        {"data": {"values": nodes}, "mark": {"type": "point", "filled": True, "size": 30},
         "encoding": {"x": {"field": "side", **x}, "y": {"field": "y", **y},
                      "color": {"condition": {"test": "datum.side == 0", "value": INK}, "value": PALETTE[0]}}},
        {"data": {"values": [n for n in nodes if n["side"] == 0]},
         "mark": {"type": "text", "fontSize": 11, "lineBreak": "\n", "color": INK, "align": "right", "dx": -10},
         "encoding": {"x": {"field": "side", **x}, "y": {"field": "y", **y}, "text": {"field": "txt"}}},
        {"data": {"values": [n for n in nodes if n["side"] == 1]},
         "mark": {"type": "text", "fontSize": 11, "lineBreak": "\n", "color": INK, "align": "left", "dx": 10},
         "encoding": {"x": {"field": "side", **x}, "y": {"field": "y", **y}, "text": {"field": "txt"}}},
        {"data": {"values": nodes}, "mark": {"type": "text", "fontSize": 11, "align": "right", "color": MUTED, "dx": 202},
         "encoding": {"x": {"field": "side", **x}, "y": {"field": "y", **y}, "text": {"field": "v"}}},
    ]
    chart = frame(spec, layers, [], height=spec.get("height"), legend_statuses=statuses_of(points), extra={"left": 204, "below": 10})
    # Labels sit outside the plot on both sides: a fixed plot width, not one fitted to the labels.
    chart["autosize"] = {"type": "none"}
    chart["padding"]["left"], chart["padding"]["right"], chart["padding"]["top"] = 214, 214, 70
    chart["width"] = float(spec["width"]) - 428
    return chart


def build_dot(spec):
    series = spec["series"]
    subject = series[0]["points"] if series else []
    order = [point_label(p) for p in subject]
    lines = max([len(wrap(c, 200)) for c in order] + [1])
    step = max(30, lines * 14 + 14)
    height = 12 + 26 + (18 if spec.get("subtitle") else 0) + (18 if spec.get("unit_label") else 4) + len(order) * step + 28 + 22 + 30
    rows = []
    for index, s in enumerate(series):
        for p in s["points"]:
            rows.append({"s": s["name"], "i": index, "c": point_label(p),
                         "v": p.get("value") if p.get("status") in ("ok", "approximate") else None, "st": p.get("status"),
                         "lo": p.get("lower"), "hi": p.get("upper", p.get("lower")), "zero": 0,
                         "txt": point_text(p, spec["format"], spec["decimals"]), "nd": reach(p) is None})
    color, shape = series_scales(series)
    y = {"field": "c", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelColor": INK, "labelFontSize": 11, "ticks": False, "domain": False, "labelLimit": 210}}
    x = {"field": "v", "type": "quantitative", "title": None, "axis": {"labelExpr": value_axis_expr(spec), "tickCount": 6}}
    layers = [
        {"mark": {"type": "rule", "color": "#eeeeee"}, "encoding": {"y": y}},
        {"mark": {"type": "rule", "color": MUTED}, "encoding": {"x": {"datum": 0}}},
        {"transform": [{"filter": "datum.i === 0 && datum.v !== null"}], "mark": {"type": "rule", "strokeWidth": 2},
         "encoding": {"y": y, "x": {"field": "zero", "type": "quantitative"}, "x2": {"field": "v"}, "color": color}},
        {"transform": [{"filter": "datum.st === 'masked'"}], "mark": {"type": "rule", "strokeWidth": 2, "strokeDash": [2, 2]},
         "encoding": {"y": y, "x": {"field": "lo", "type": "quantitative"}, "x2": {"field": "hi"}, "color": color}},
        {"transform": [{"filter": "datum.st === 'ok' && datum.v !== null"}],
         "mark": {"type": "point", "filled": True, "opacity": 1},
         "encoding": {"y": y, "x": x, "color": color, "shape": shape,
                      "size": {"condition": {"test": "datum.i === 0", "value": 110}, "value": 70}}},
        {"transform": [{"filter": "datum.st === 'approximate' && datum.v !== null"}],
         "mark": {"type": "point", "filled": False, "fill": "white", "strokeWidth": 1.5, "opacity": 1},
         "encoding": {"y": y, "x": x, "color": color, "shape": shape,
                      "size": {"condition": {"test": "datum.i === 0", "value": 110}, "value": 70}}},
        {"transform": [{"filter": "datum.st === 'masked'"}],
         "mark": {"type": "point", "filled": False, "fill": "white", "strokeWidth": 1.5, "opacity": 1},
         "encoding": {"y": y, "x": {"field": "lo", "type": "quantitative"}, "color": color,
                      "shape": shape}},
        {"transform": [{"filter": "datum.i === 0"}],
         "mark": {"type": "text", "align": "left", "x": {"expr": "width + 8"}, "fontSize": 11, "fontWeight": "bold"},
         "encoding": {"y": y, "text": {"field": "txt"}, "color": {"condition": {"test": "datum.nd", "value": MUTED}, "value": INK}}},
    ]
    chart = frame(spec, layers, rows, height=height, legend_statuses=statuses_of([p for s in series for p in s["points"]]),
                  extra={"left": 150, "below": 60})
    chart["padding"]["right"] = max([len(point_text(p, spec["format"], spec["decimals"])) for p in subject] + [4]) * 7.5 + 16
    return chart


def build_slope(spec):
    series = spec["series"]
    periods = sorted({p["period"] for s in series for p in s["points"] if p.get("period")}, key=period_date)
    first, last = (periods[0], periods[-1]) if periods else ("2000", "2000")
    rows = []
    for index, s in enumerate(series):
        by = {p["period"]: p for p in s["points"] if p.get("period")}
        ends = [(period_label(per), by.get(per)) for per in (first, last)]
        dashed = any(p is None or p.get("status") != "ok" for _, p in ends)
        for label, p in ends:
            if p is not None and solid(p) is not None:
                rows.append({"s": s["name"], "c": label, "v": solid(p), "st": p.get("status"), "dashed": dashed,
                             "txt": s["name"] + " " + point_text(p, spec["format"], spec["decimals"]),
                             "left": label == period_label(first)})
    color, shape = series_scales(series)
    x = {"field": "c", "type": "ordinal", "sort": [period_label(first), period_label(last)], "title": None,
         "scale": {"padding": 0.1}, "axis": {"labelAngle": 0, "labelColor": INK}}
    y = {"field": "v", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    layers = [
        {"mark": {"type": "line", "strokeWidth": 2}, "encoding": {
            "x": x, "y": y, "color": color, "detail": {"field": "s"},
            "strokeDash": {"condition": {"test": "datum.dashed", "value": [4, 3]}, "value": [1, 0]}}},
        {"mark": {"type": "point", "size": 50, "opacity": 1}, "encoding": {
            "x": x, "y": y, "color": color, "shape": shape,
            "fill": {"condition": {"test": "datum.st === 'ok'", "field": "s", "type": "nominal",
                                   "scale": color["scale"], "legend": None}, "value": "white"}}},
        {"transform": [{"filter": "datum.left"}], "mark": {"type": "text", "align": "right", "dx": -8, "fontSize": 10, "color": INK},
         "encoding": {"x": x, "y": y, "text": {"field": "txt"}}},
        {"transform": [{"filter": "!datum.left"}], "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 10, "color": INK},
         "encoding": {"x": x, "y": y, "text": {"field": "txt"}}},
    ]
    return frame(spec, layers, rows, legend_statuses=statuses_of([p for s in series for p in s["points"]]),
                 extra={"left": 0, "below": 60})


def build_heat_table(spec):
    rows_spec = spec["series"]
    columns = []
    for s in rows_spec:
        for p in s["points"]:
            if p.get("label") is not None and p["label"] not in columns:
                columns.append(p["label"])
    formats = {c["label"]: (c["format"], c["decimals"]) for c in spec.get("column_formats") or []}
    col_w = (float(spec["width"]) - 200 - 12) / max(1, len(columns))
    head_lines = max([len(wrap(c, col_w - 8)) for c in columns] + [1])
    cells = []
    for j, column in enumerate(columns):
        fmt, decimals = formats.get(column, (spec["format"], spec["decimals"]))
        col = [next((p for p in s["points"] if p.get("label") == column), None) for s in rows_spec]
        values = [solid(p) for p in col if p is not None and solid(p) is not None]
        low, high = (min(values), max(values)) if values else (0, 0)
        for s, p in zip(rows_spec, col):
            if p is None:
                continue
            v, status = solid(p), p.get("status")
            share = (v - low) / (high - low) if v is not None and high > low else 0.5
            fill = heat_color(share) if status in ("ok", "approximate") and v is not None else "#ffffff"
            ink = MUTED if reach(p) is None else (INK if status == "masked" or share <= 0.55 else "#ffffff")
            i = rows_spec.index(s)
            cells.append({"j": j, "j1": j + 1, "jc": j + 0.5, "i": i, "i1": i + 1, "ic": i + 0.5, "r": s["name"], "c": column, "head": wrap(column, col_w - 8), "fill": fill, "ink": ink, "st": status,
                          "txt": point_text(p, fmt, decimals)})
    height = 12 + 26 + (18 if spec.get("subtitle") else 0) + 4 + head_lines * 14 + 8 + len(rows_spec) * 28 + 22 + 30
    pad_top = head_lines * 12 + 8
    # cells placed by column and row index (x: j … j+1, y: i … i+1), the column heads as text above
    x = {"field": "j", "type": "quantitative", "axis": None, "scale": {"domain": [0, max(1, len(columns))], "nice": False, "zero": True}}
    x2 = {"field": "j1"}
    y = {"field": "i", "type": "quantitative", "axis": None, "scale": {"domain": [0, max(1, len(rows_spec))], "reverse": True, "nice": False, "zero": True}}
    y2 = {"field": "i1"}
    cell = {"x": x, "x2": x2, "y": y, "y2": y2}
    centre = {"x": {"field": "jc", "type": "quantitative"}, "y": {"field": "ic", "type": "quantitative"}}
    heads = [{"jc": j + 0.5, "head": "|".join(wrap(c, col_w - 8)), "n": len(wrap(c, col_w - 8))} for j, c in enumerate(columns)]
    names = [{"ic": i + 0.5, "name": s["name"]} for i, s in enumerate(rows_spec)]
    layers = [
        {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
         "encoding": {**cell, "fill": {"field": "fill", "type": "nominal", "scale": None}}},
        {"transform": [{"filter": "datum.st === 'approximate'"}],
         "mark": {"type": "rect", "fillOpacity": 0, "stroke": INK, "strokeWidth": 1.5, "strokeDash": [4, 2]}, "encoding": cell},
        {"transform": [{"filter": "datum.st === 'masked'"}],
         "mark": {"type": "rect", "fillOpacity": 0, "stroke": MUTED, "strokeWidth": 1}, "encoding": cell},
        {"transform": [{"filter": "datum.st === 'masked'"}],
         "mark": {"type": "rect", "fill": hatch(MUTED), "x2Offset": 8},
         "encoding": {"x": x, "x2": {"field": "j"}, "y": y, "y2": y2}},
        {"transform": [{"filter": "datum.st === 'no_value'"}],
         "mark": {"type": "rect", "fillOpacity": 0, "stroke": GRID, "strokeWidth": 1}, "encoding": cell},
        {"mark": {"type": "text", "fontSize": 11},
         "encoding": {**centre, "text": {"field": "txt"}, "color": {"field": "ink", "type": "nominal", "scale": None}}},
        {"data": {"values": heads},
         "mark": {"type": "text", "fontSize": 10, "fontWeight": "bold", "color": INK, "baseline": "bottom", "lineBreak": "|",
                  "lineHeight": 12},
         "encoding": {"x": {"field": "jc", "type": "quantitative"}, "text": {"field": "head"},
                      "y": {"value": {"expr": "-4 - (datum.n - 1) * 12"}}}},
        {"data": {"values": names},
         "mark": {"type": "text", "fontSize": 11, "color": INK, "align": "right", "x": -8, "limit": 190},
         "encoding": {"y": {"field": "ic", "type": "quantitative"}, "text": {"field": "name"}}},
    ]
    chart = frame(spec, layers, cells, height=height,
                 legend_statuses=statuses_of([p for s in rows_spec for p in s["points"]]), extra={"left": 190, "below": 8})
    chart["title"]["offset"] = pad_top
    return chart


BUILDERS = {"line": build_line, "sparkline": build_sparkline, "bar": build_bar, "ranked_bar": build_ranked_bar,
            "grouped_bar": lambda s: build_grouped_or_stacked(s, False), "stacked_bar": lambda s: build_grouped_or_stacked(s, True),
            "dot": build_dot, "slope": build_slope, "heat_table": build_heat_table,
            "passerelles": build_passerelles}


def render(spec):
    return vlc.vegalite_to_svg(BUILDERS[spec["kind"]](spec), format_locale=FR_LOCALE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--out")
    args = parser.parse_args()
    files, specs = load_specs(args.site, args.limit)
    render(specs[0]) if specs else None  # warm-up (starts vl-convert's JavaScript runtime), not counted
    outputs, total = [], 0
    start = time.perf_counter()
    for spec in specs:
        svg = render(spec)
        total += len(svg.encode("utf-8"))
        if args.out:
            outputs.append(svg)
    seconds = time.perf_counter() - start
    print(f"vega-lite (vl-convert): {len(specs)} charts from {len(files)} pages in {seconds:.3f} s — "
          f"{len(specs) / seconds:.1f} charts/s, {total // max(1, len(specs))} bytes per SVG")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for index, (spec, svg) in enumerate(zip(specs, outputs)):
            with open(os.path.join(args.out, f"{index:05d}-{spec['kind']}.svg"), "w", encoding="utf-8") as f:
                f.write(svg)


if __name__ == "__main__":
    sys.exit(main())

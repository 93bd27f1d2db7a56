#!/usr/bin/env python3
"""Chart benchmark, the matplotlib side (issue 5, item 8).

Reads the chart specs of an exported site exactly as `chart-bench` does (SITE/charts/**/*.json,
files sorted by path; per file: the key figures' sparklines, then the sections' indicator charts
in order, then the peer table) and renders each one to SVG with matplotlib (Agg, SVG backend,
into an in-memory buffer), drawing the same chart kinds as ObservatoryCharts: the same size in
pixels, title, subtitle, unit label, footer "Source : … — données …", French number formats,
and the statuses (masked: solid to the lower bound then hatched to the upper one; approximate:
pale with a dashed outline / hollow marker / "≈"; no value: a gap or "n.d.").

usage: charts_matplotlib.py SITE_DIR [--limit N] [--out DIR]
prints: matplotlib: N charts in S s — X charts/s
Only the rendering (figure built, drawn, SVG written to memory) is timed, not the JSON reading.
"""
import argparse
import glob
import io
import json
import os
import re
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from chartspecs import MONTHS, NBSP, NNBSP, PALETTE, PERIOD, fr_number, fr_text, load_specs, period_label, point_text

plt.rcParams.update({
    "svg.fonttype": "none",  # text as <text>, as the Swift kit writes it (no glyph paths)
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "hatch.color": "#595959",
    "hatch.linewidth": 1.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
})

SHAPES = ["o", "D", "s", "^", "X"]  # circle, diamond, square, triangle, cross — as the kit's
INK, MUTED, GRID = "#222222", "#595959", "#dddddd"
LIGHT, DARK = (0.937, 0.953, 1.0), (0.031, 0.318, 0.612)


# --- reading, in chart-bench's order -------------------------------------------------------


# --- French formats ------------------------------------------------------------------------


def solid(p):
    """The value a bar is drawn to (masked: the lower bound), or None."""
    if p.get("status") == "masked":
        return p.get("lower", p.get("value") or 0)
    if p.get("status") == "no_value":
        return None
    return p.get("value")


def reach(p):
    if p.get("status") == "masked":
        return p.get("upper") if p.get("upper") is not None else p.get("lower", 0)
    return solid(p)


def period_x(text):
    m = PERIOD.match(text)
    year = int(m.group(1))
    if m.group(2):
        return year + (int(m.group(3)) - 1) / 4
    if m.group(4):
        return year + (int(m.group(4)) - 1) / 12
    return float(year)


def point_label(p):
    return p.get("label") or (period_label(p["period"]) if p.get("period") else "")


def wrap(text, width_px, char_px=6.2):
    """Long labels wrapped at word boundaries (the kit wraps at its label width too)."""
    per_line = max(8, int(width_px / char_px))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > per_line:
            lines.append(line)
            line = word
        else:
            line = (line + " " + word) if line else word
    lines.append(line)
    return "\n".join(lines)


def heat_color(share):
    t = min(max(share, 0), 1)
    return tuple(a + (b - a) * t for a, b in zip(LIGHT, DARK))


# --- the chart frame: size, title, subtitle, unit, footer, plot area -----------------------
class Frame:
    TOP_TITLE, TOP_SUB = 26, 18

    def __init__(self, spec, rows=None, row_step=None, left=56, right=24, bottom=34, legend=False):
        self.spec = spec
        compact = spec["kind"] == "sparkline"
        width = float(spec["width"])
        footer = None
        if spec.get("source"):  # long footers wrapped, as the kit does
            footer = wrap("Source : " + spec["source"] + (" — données " + spec["vintage"] if spec.get("vintage") else ""),
                          width - 24, char_px=5.8)
        footer_h = (footer.count("\n") + 1) * 13 + 9 if footer else 0
        if compact:
            top, bottom_total = 2, 2
        else:
            top = 12 + self.TOP_TITLE + (self.TOP_SUB if spec.get("subtitle") else 0) + (18 if spec.get("unit_label") else 4)
            bottom_total = bottom + (22 if legend else 0) + footer_h + 8
        if rows is not None:  # row charts grow to fit their rows, as the kit's do
            height = top + rows * row_step + bottom_total
        else:
            height = float(spec["height"])
        self.width, self.height = width, height
        self.fig = plt.figure(figsize=(width / 72, height / 72), dpi=72, facecolor="white")
        plot_h = max(10.0, height - top - bottom_total)
        l, r = (4, right) if compact else (left, right)
        self.ax = self.fig.add_axes([l / width, bottom_total / height, max(0.05, (width - l - r) / width), plot_h / height])
        self.ax.set_facecolor("white")
        if compact:
            self.ax.set_axis_off()
            return
        fig = self.fig
        y = height - 12
        fig.text(12 / width, y / height, spec["title"], fontsize=14, fontweight="bold", color=INK, va="top", ha="left")
        y -= self.TOP_TITLE
        if spec.get("subtitle"):
            fig.text(12 / width, y / height, spec["subtitle"], fontsize=12, color=MUTED, va="top", ha="left")
            y -= self.TOP_SUB
        if spec.get("unit_label"):
            fig.text(12 / width, y / height, spec["unit_label"], fontsize=11, color=MUTED, va="top", ha="left")
        if footer:
            fig.text(12 / width, 8 / height, footer, fontsize=10, color=MUTED, va="bottom", ha="left")
        self.legend_y = (8 + footer_h + 4) / height

    def value_axis(self, axis):
        fmt, decimals = self.spec["format"], self.spec["decimals"]
        target = self.ax.yaxis if axis == "y" else self.ax.xaxis
        target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        target.set_major_formatter(FuncFormatter(lambda v, _: fr_text(v, fmt, tick_decimals(target))))
        self.ax.grid(True, axis=axis, color=GRID, linewidth=1)
        self.ax.set_axisbelow(True)
        self.ax.tick_params(colors=MUTED, labelsize=10, length=3)

    def legend(self, handles):
        if handles:
            self.fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(12 / self.width, self.legend_y),
                            ncol=min(len(handles), 5), frameon=False, fontsize=10, handlelength=1.6,
                            borderaxespad=0, columnspacing=1.2)

    def svg(self):
        buffer = io.StringIO()
        self.fig.savefig(buffer, format="svg", facecolor="white")
        plt.close(self.fig)
        return buffer.getvalue()


def tick_decimals(axis):
    ticks = axis.get_majorticklocs()
    if len(ticks) < 2:
        return 0
    step = abs(ticks[1] - ticks[0])
    decimals = 0
    while decimals < 4 and abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-9:
        decimals += 1
    return decimals


def status_handles(points, markers=False):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    statuses = {p.get("status") for p in points}
    handles = []
    if "approximate" in statuses:
        handles.append(Line2D([], [], marker="o", markerfacecolor="white", color=MUTED, linestyle="none", label="≈ valeur approchée")
                       if markers else Patch(facecolor=PALETTE[0], alpha=0.3, edgecolor=PALETTE[0], linestyle="--", label="≈ valeur approchée"))
    if "masked" in statuses:
        handles.append(Patch(facecolor="white", edgecolor=MUTED, hatch="////", label="secret statistique : fourchette"))
    if "no_value" in statuses or any(p.get("value") is None and p.get("status") != "masked" for p in points):
        handles.append(Patch(facecolor="white", edgecolor=GRID, label="n.d. : non disponible"))
    return handles


# --- the kinds -----------------------------------------------------------------------------
def bar_patch(ax, p, pos, thickness, color, horizontal, base=0.0, span=1.0):
    """One bar according to its status, as the kit's BarPainter."""
    status = p.get("status")
    if status == "no_value" or (status != "masked" and p.get("value") is None):
        return
    draw = ax.barh if horizontal else ax.bar
    kw = {"height": thickness} if horizontal else {"width": thickness}
    if status == "ok":
        draw(pos, p["value"], left=base, color=color, **kw) if horizontal else draw(pos, p["value"], bottom=base, color=color, **kw)
    elif status == "approximate":
        style = dict(facecolor=color, alpha=None, edgecolor=color, linewidth=1.5, linestyle="--")
        bars = draw(pos, p["value"], left=base, **kw, **style) if horizontal else draw(pos, p["value"], bottom=base, **kw, **style)
        for b in bars:
            b.set_facecolor(matplotlib.colors.to_rgba(color, 0.3))
    else:
        lower = p.get("lower", p.get("value") or 0)
        upper = p.get("upper")
        if lower:
            draw(pos, lower, left=base, color=color, **kw) if horizontal else draw(pos, lower, bottom=base, color=color, **kw)
        extent = (upper - lower) if upper is not None else 0.04 * span
        style = dict(facecolor="white", edgecolor=color, hatch="////", linewidth=1.5, linestyle="-" if upper is not None else ":")
        draw(pos, extent, left=base + lower, **kw, **style) if horizontal else draw(pos, extent, bottom=base + lower, **kw, **style)


def draw_line(spec, sparkline=False):
    series = spec["series"][:1] if sparkline else spec["series"]
    points_all = [p for s in series for p in s["points"]]
    right = 24
    if sparkline:  # room for the last value printed after the line, as the kit leaves
        last = next((p for s in series for p in reversed(s["points"]) if p.get("value") is not None), None)
        right = 4 + (len(point_text(last, spec["format"], spec["decimals"])) * 6.5 + 8 if last else 0)
    frame = Frame(spec, legend=not sparkline, right=right)
    ax = frame.ax
    from matplotlib.lines import Line2D
    handles = []
    for index, s in enumerate(series):
        color, shape = PALETTE[index % 8], SHAPES[index % 5]
        pts = sorted((p for p in s["points"] if p.get("period")), key=lambda p: period_x(p["period"]))
        xs = [period_x(p["period"]) for p in pts]
        ys = [p["value"] if p.get("value") is not None and p.get("status") in ("ok", "approximate") else float("nan") for p in pts]
        ax.plot(xs, ys, color=color, linewidth=1.5 if sparkline else 2)  # NaN breaks the line: gaps
        if sparkline:
            last = next((p for p in reversed(pts) if p.get("value") is not None), None)
            if last is not None:
                lx, ly = period_x(last["period"]), last["value"]
                ax.plot([lx], [ly], "o", color=color, markersize=5)
                ax.annotate(point_text(last, spec["format"], spec["decimals"]), (lx, ly), xytext=(5, -4),
                            textcoords="offset points", fontsize=11, color=INK)
            continue
        ok = [(x, y) for x, y, p in zip(xs, ys, pts) if p.get("status") == "ok" and y == y]
        approx = [(x, y) for x, y, p in zip(xs, ys, pts) if p.get("status") == "approximate" and y == y]
        if len(pts) <= 40 and ok:
            ax.plot(*zip(*ok), linestyle="none", marker=shape, color=color, markersize=5)
        if approx:
            ax.plot(*zip(*approx), linestyle="none", marker=shape, markerfacecolor="white", markeredgecolor=color, markersize=5)
        for x, p in zip(xs, pts):
            if p.get("status") == "masked":
                lower = p.get("lower", 0)
                ax.vlines(x, lower, p.get("upper", lower), colors=color, linestyles="dotted", linewidth=1.5)
                ax.plot([x], [lower], marker=shape, markerfacecolor="white", markeredgecolor=color, markersize=6)
        handles.append(Line2D([], [], color=color, marker=shape, label=s["name"]))
    if sparkline:
        ax.margins(x=0.02, y=0.12)
        return frame.svg()
    frame.value_axis("y")
    years = sorted({int(period_x(p["period"])) for p in points_all if p.get("period")})
    if years:
        step = max(1, -(-len(years) // 8))
        ax.set_xticks([y for y in years[::step]])
        ax.set_xticklabels([str(y) for y in years[::step]])
    frame.legend(handles + status_handles(points_all, markers=True))
    return frame.svg()


def draw_bar(spec):
    points = spec["series"][0]["points"] if spec["series"] else []
    frame = Frame(spec, bottom=40, legend=True)
    ax = frame.ax
    values = [v for p in points for v in (solid(p), reach(p)) if v is not None] + [0]
    span = (max(values) - min(values)) or 1
    for i, p in enumerate(points):
        bar_patch(ax, p, i, 0.7, PALETTE[0], horizontal=False, span=span)
        top = reach(p)
        text = point_text(p, spec["format"], spec["decimals"])
        ax.annotate(text, (i, top if top is not None else 0), xytext=(0, 3 if (top or 0) >= 0 else -13),
                    textcoords="offset points", ha="center", fontsize=11, fontweight="bold",
                    color=MUTED if top is None else INK)
    ax.set_xticks(range(len(points)))
    ax.set_xticklabels([wrap(point_label(p), 560 / max(1, len(points))) for p in points], fontsize=10, color=INK)
    ax.axhline(0, color=MUTED, linewidth=1)
    frame.value_axis("y")
    frame.legend(status_handles(points))
    return frame.svg()


def draw_grouped_or_stacked(spec, stacked):
    series = spec["series"]
    labels = []
    for s in series:
        for p in s["points"]:
            if point_label(p) not in labels:
                labels.append(point_label(p))
    from matplotlib.patches import Patch
    frame = Frame(spec, bottom=40, legend=True)
    ax = frame.ax
    n = max(1, len(series))
    thickness = 0.8 if stacked else 0.8 / n
    bases = [0.0] * len(labels)
    span = max([abs(reach(p) or 0) for s in series for p in s["points"]] + [1])
    for index, s in enumerate(series):
        color = PALETTE[index % 8]
        by_label = {point_label(p): p for p in s["points"]}
        for i, label in enumerate(labels):
            p = by_label.get(label)
            if p is None:
                continue
            pos = i if stacked else i - 0.4 + thickness * (index + 0.5)
            bar_patch(ax, p, pos, thickness, color, horizontal=False, base=bases[i] if stacked else 0, span=span)
            if stacked:
                bases[i] += reach(p) or 0
            elif reach(p) is None:
                ax.text(pos, 0, "n.d.", ha="center", va="bottom", fontsize=10, color=MUTED)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels([wrap(label, 560 / max(1, len(labels))) for label in labels], fontsize=10, color=INK)
    ax.axhline(0, color=MUTED, linewidth=1)
    frame.value_axis("y")
    frame.legend([Patch(color=PALETTE[i % 8], label=s["name"]) for i, s in enumerate(series)]
                 + status_handles([p for s in series for p in s["points"]]))
    return frame.svg()


def draw_ranked_bar(spec):
    points = spec["series"][0]["points"] if spec["series"] else []
    order = sorted(range(len(points)), key=lambda i: (-(solid(points[i]) if solid(points[i]) is not None else -1e300), i))
    ranked = [points[i] for i in order]
    labels = [wrap(point_label(p), 220) for p in ranked]
    lines = max([label.count("\n") + 1 for label in labels] + [1])
    right = max([len(point_text(p, spec["format"], spec["decimals"])) for p in ranked] + [4]) * 7.5 + 16
    frame = Frame(spec, rows=len(ranked), row_step=max(26, lines * 14 + 12), left=236, right=right, bottom=28, legend=True)
    ax = frame.ax
    values = [v for p in ranked for v in (solid(p), reach(p)) if v is not None] + [0]
    span = (max(values) - min(values)) or 1
    for i, p in enumerate(ranked):
        bar_patch(ax, p, i, 0.72, PALETTE[0], horizontal=True, span=span)
        end = reach(p)
        ax.annotate(point_text(p, spec["format"], spec["decimals"]), (end if end is not None else 0, i), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=11, fontweight="bold", color=INK if end is not None else MUTED)
    ax.set_yticks(range(len(ranked)))
    ax.set_yticklabels(labels, fontsize=11, color=INK)
    ax.set_ylim(len(ranked) - 0.5, -0.5)
    ax.axvline(0, color=MUTED, linewidth=1)
    frame.value_axis("x")
    frame.legend(status_handles(ranked))
    return frame.svg()


def draw_passerelles(spec):
    """Links from each point's label (left) to its target (right), width by value, as PasserelleMark."""
    points = spec["series"][0]["points"] if spec["series"] else []
    sources = list(dict.fromkeys(p.get("label", "") for p in points))
    targets = list(dict.fromkeys(p.get("target", "") for p in points))
    rows = max(len(sources), len(targets), 1)
    frame = Frame(spec, rows=rows, row_step=34, left=204, right=204, bottom=10, legend=True)
    ax = frame.ax
    ax.set_xlim(0, 1)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.axis("off")
    top = max([solid(p) or 0 for p in points] + [1e-9])
    def row(i, count):
        return (rows - count) / 2 + i
    for p in sorted(points, key=lambda p: solid(p) or -1):
        y1, y2 = row(sources.index(p.get("label", "")), len(sources)), row(targets.index(p.get("target", "")), len(targets))
        share = max(0, (solid(p) or 0) / top)
        style = {"approximate": (0, (6, 3)), "masked": (0, (2, 3))}.get(p.get("status"), "solid")
        xs = [i / 20 for i in range(21)]
        ys = [y1 + (y2 - y1) * (3 * t * t - 2 * t * t * t) for t in xs]
        ax.plot(xs, ys, color=PALETTE[0], linewidth=1.5 + 7 * share, alpha=0.35 + 0.5 * share, linestyle=style,
                solid_capstyle="round")
    for i, name in enumerate(sources):
        ax.plot([0], [row(i, len(sources))], "o", color=INK, markersize=5)
        ax.annotate(wrap(name, 190), (0, row(i, len(sources))), xytext=(-10, 0), textcoords="offset points",
                    ha="right", va="center", fontsize=11, color=INK, annotation_clip=False)
    for i, name in enumerate(targets):
        best = max((p for p in points if p.get("target") == name), key=lambda p: solid(p) or -1)
        ax.plot([1], [row(i, len(targets))], "o", color=PALETTE[0], markersize=5)
        ax.annotate(wrap(name, 144), (1, row(i, len(targets))), xytext=(10, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=11, color=INK, annotation_clip=False)
        ax.annotate(point_text(best, spec["format"], spec["decimals"]), (1, row(i, len(targets))), xytext=(202, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=11, color=MUTED, annotation_clip=False)
    frame.legend(status_handles(points))
    return frame.svg()


def draw_dot(spec):
    from matplotlib.lines import Line2D
    series = spec["series"]
    subject = series[0]["points"] if series else []
    labels = [wrap(point_label(p), 200) for p in subject]
    lines = max([label.count("\n") + 1 for label in labels] + [1])
    right = max([len(point_text(p, spec["format"], spec["decimals"])) for p in subject] + [4]) * 7.5 + 20
    frame = Frame(spec, rows=len(subject), row_step=max(30, lines * 14 + 14), left=216, right=right, bottom=28, legend=True)
    ax = frame.ax
    fmt, decimals = spec["format"], spec["decimals"]
    handles = []
    for index, s in enumerate(series):
        color, shape, size = PALETTE[index % 8], SHAPES[index % 5], 8 if index == 0 else 6.5
        by_label = {point_label(p): p for p in s["points"]}
        for row, sp in enumerate(subject):
            p = by_label.get(point_label(sp))
            if p is None:
                continue
            status = p.get("status")
            if status in ("ok", "approximate") and p.get("value") is not None:
                v = p["value"]
                if index == 0:
                    ax.plot([0, v], [row, row], color=color, linewidth=2, zorder=2)
                ax.plot([v], [row], marker=shape, markersize=size, color=color, linestyle="none", zorder=3,
                        markerfacecolor=color if status == "ok" else "white", markeredgecolor=color)
            elif status == "masked":
                lower = p.get("lower", 0)
                upper = p.get("upper", lower)
                ax.plot([lower, upper], [row, row], color=color, linewidth=2, linestyle=(0, (2, 2)), zorder=2)
                ax.plot([lower], [row], marker=shape, markersize=size, markerfacecolor="white", markeredgecolor=color, zorder=3)
        handles.append(Line2D([], [], marker=shape, color=color, linestyle="none", label=s["name"]))
    for row, p in enumerate(subject):
        ax.axhline(row, color="#eeeeee", linewidth=1, zorder=1)
        ax.annotate(point_text(p, fmt, decimals), (1, row), xycoords=("axes fraction", "data"), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize=11, fontweight="bold",
                    color=MUTED if reach(p) is None else INK)
    ax.axvline(0, color=MUTED, linewidth=1)
    ax.set_yticks(range(len(subject)))
    ax.set_yticklabels(labels, fontsize=11, color=INK)
    ax.set_ylim(len(subject) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    values = [v for s in series for p in s["points"] for v in (solid(p), reach(p)) if v is not None] + [0]
    low, high = min(values), max(values)
    pad = (high - low) * 0.05 or 1
    ax.set_xlim(low - pad, high + pad)
    frame.value_axis("x")
    frame.legend(handles + status_handles([p for s in series for p in s["points"]], markers=True))
    return frame.svg()


def draw_slope(spec):
    from matplotlib.lines import Line2D
    frame = Frame(spec, left=120, right=120, legend=True)
    ax = frame.ax
    periods = sorted({p["period"] for s in spec["series"] for p in s["points"] if p.get("period")}, key=period_x)
    if not periods:
        return frame.svg()
    first, last = periods[0], periods[-1]
    handles = []
    for index, s in enumerate(spec["series"]):
        color, shape = PALETTE[index % 8], SHAPES[index % 5]
        by = {p["period"]: p for p in s["points"] if p.get("period")}
        a, b = by.get(first), by.get(last)
        ends = [(0, a), (1, b)]
        drawn = [(x, solid(p), p) for x, p in ends if p is not None and solid(p) is not None]
        if len(drawn) == 2:
            dashed = any(p.get("status") != "ok" for _, _, p in drawn)
            ax.plot([0, 1], [drawn[0][1], drawn[1][1]], color=color, linewidth=2, linestyle="--" if dashed else "-")
        for x, v, p in drawn:
            ax.plot([x], [v], marker=shape, color=color, markersize=7, markerfacecolor=color if p.get("status") == "ok" else "white")
            ax.annotate(s["name"] + " " + point_text(p, spec["format"], spec["decimals"]), (x, v),
                        xytext=(-8 if x == 0 else 8, 0), textcoords="offset points", va="center",
                        ha="right" if x == 0 else "left", fontsize=10, color=INK)
        handles.append(Line2D([], [], color=color, marker=shape, label=s["name"]))
    ax.set_xticks([0, 1])
    ax.set_xticklabels([period_label(first), period_label(last)])
    ax.set_xlim(-0.05, 1.05)
    ax.get_yaxis().set_visible(False)
    ax.spines["left"].set_visible(False)
    frame.legend(handles + status_handles([p for s in spec["series"] for p in s["points"]], markers=True))
    return frame.svg()


def draw_heat_table(spec):
    rows = spec["series"]
    columns = []
    for s in rows:
        for p in s["points"]:
            if p.get("label") is not None and p["label"] not in columns:
                columns.append(p["label"])
    formats = {c["label"]: (c["format"], c["decimals"]) for c in spec.get("column_formats") or []}
    row_labels = [wrap(s["name"], 180) for s in rows]
    col_w = (float(spec["width"]) - 200 - 12) / max(1, len(columns))
    col_labels = [wrap(c, col_w - 8) for c in columns]
    head_lines = max([c.count("\n") + 1 for c in col_labels] + [1])
    frame = Frame(spec, rows=len(rows) + head_lines * 0.55, row_step=28, left=200, right=12, bottom=4, legend=True)
    ax = frame.ax
    ax.set_axis_off()
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), -head_lines * 0.55)
    for j, (column, label) in enumerate(zip(columns, col_labels)):
        ax.text(j + 0.5, -0.1, label, ha="center", va="bottom", fontsize=10, fontweight="bold", color=INK)
        fmt, decimals = formats.get(column, (spec["format"], spec["decimals"]))
        cells = [next((p for p in s["points"] if p.get("label") == column), None) for s in rows]
        values = [solid(p) for p in cells if p is not None and solid(p) is not None]
        low, high = (min(values), max(values)) if values else (0, 0)
        for i, p in enumerate(cells):
            if p is None:
                continue
            v, status = solid(p), p.get("status")
            share = (v - low) / (high - low) if v is not None and high > low else 0.5
            ink = "white" if share > 0.55 else INK
            if status == "ok":
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=heat_color(share), edgecolor="white", linewidth=1))
            elif status == "approximate":
                ax.add_patch(Rectangle((j + 0.01, i + 0.04), 0.98, 0.92, facecolor=heat_color(share), edgecolor=INK,
                                       linewidth=1.5, linestyle="--"))
            elif status == "masked":
                ink = INK
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor="white", edgecolor=MUTED, linewidth=1))
                ax.add_patch(Rectangle((j, i), 8 / col_w, 1, facecolor="white", edgecolor="none", hatch="////"))
            else:
                ink = MUTED
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor="white", edgecolor=GRID, linewidth=1))
            ax.text(j + 0.5, i + 0.5, point_text(p, fmt, decimals), ha="center", va="center", fontsize=11, color=ink)
    for i, label in enumerate(row_labels):
        ax.text(-0.04, i + 0.5, label, ha="right", va="center", fontsize=11, color=INK)
    frame.legend(status_handles([p for s in rows for p in s["points"]]))
    return frame.svg()


def render(spec):
    kind = spec["kind"]
    if kind == "line":
        return draw_line(spec)
    if kind == "sparkline":
        return draw_line(spec, sparkline=True)
    if kind == "bar":
        return draw_bar(spec)
    if kind == "ranked_bar":
        return draw_ranked_bar(spec)
    if kind in ("grouped_bar", "stacked_bar"):
        return draw_grouped_or_stacked(spec, stacked=kind == "stacked_bar")
    if kind == "dot":
        return draw_dot(spec)
    if kind == "slope":
        return draw_slope(spec)
    if kind == "heat_table":
        return draw_heat_table(spec)
    if kind == "passerelles":
        return draw_passerelles(spec)
    raise ValueError(f"unknown chart kind {kind}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--out")
    args = parser.parse_args()
    files, specs = load_specs(args.site, args.limit)
    render(specs[0]) if specs else None  # warm-up (font cache, lazy imports), not counted
    outputs, total = [], 0
    start = time.perf_counter()
    for spec in specs:
        svg = render(spec)
        total += len(svg.encode("utf-8"))
        if args.out:
            outputs.append(svg)
    seconds = time.perf_counter() - start
    print(f"matplotlib: {len(specs)} charts from {len(files)} pages in {seconds:.3f} s — "
          f"{len(specs) / seconds:.1f} charts/s, {total // max(1, len(specs))} bytes per SVG")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for index, (spec, svg) in enumerate(zip(specs, outputs)):
            with open(os.path.join(args.out, f"{index:05d}-{spec['kind']}.svg"), "w", encoding="utf-8") as f:
                f.write(svg)


if __name__ == "__main__":
    sys.exit(main())

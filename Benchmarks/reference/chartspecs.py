"""What the two Python chart renderers of the chart benchmark share: reading the chart specs of
an exported site in chart-bench's order, and writing numbers, values and periods in French as
ObservatoryCharts does. Imported by charts_matplotlib.py and charts_vegalite.py."""
import glob
import json
import os
import re

NBSP, NNBSP = "\u00a0", "\u202f"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]


def load_specs(site, limit=None):
    # charts/**/*.json, written by `observatory export --format …,charts`: each page's charts with
    # their series, in chart-bench's order (sparklines, sections' charts, peer table).
    files = sorted(glob.glob(os.path.join(site, "charts", "**", "*.json"), recursive=True))
    specs = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            specs += [entry["chart"] for entry in json.load(f)["charts"]]
    if limit is not None:
        specs = specs[:limit]
    return files, specs


def fr_number(value, decimals):
    text = f"{abs(value):,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    return ("\u2212" if value < 0 and float(text.replace(NNBSP, "").replace(",", ".")) != 0 else "") + text


def fr_text(value, fmt, decimals):
    if fmt == "percent":
        return fr_number(value, decimals) + NBSP + "%"
    if fmt == "signed":
        return ("+" if value > 0 else "") + fr_number(value, decimals)
    return fr_number(value, decimals)


def point_text(p, fmt, decimals):
    status, value = p.get("status"), p.get("value")
    if status == "masked":
        lower = p.get("lower", value or 0)
        if p.get("upper") is not None:
            return fr_text(lower, fmt, decimals) + " à " + fr_text(p["upper"], fmt, decimals)
        return "≥" + NBSP + fr_text(lower, fmt, decimals)
    if value is None or status == "no_value":
        return "n.d."
    return ("≈" + NBSP if status == "approximate" else "") + fr_text(value, fmt, decimals)

PERIOD = re.compile(r"^(\d{4})(?:-(T)(\d)|-(\d{2}))?$")


def period_label(text):
    m = PERIOD.match(text)
    if m.group(2):
        return f"T{m.group(3)} {m.group(1)}"
    if m.group(4):
        return f"{MONTHS[int(m.group(4)) - 1]} {m.group(1)}"
    return m.group(1)

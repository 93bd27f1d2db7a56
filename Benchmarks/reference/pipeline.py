#!/usr/bin/env python3
"""Reference pipeline for the national refresh benchmark (issue 6): what `observatory refresh --all`
does from a warm download cache, written the way an analyst would write it with pandas and
matplotlib — read the published files, aggregate them to every French territory, draw each
territory's dashboard charts and write its values.

usage: pipeline.py DOWNLOADS OUT [--project DIR]

DOWNLOADS is laid out as <dataset id>/<file name>: the `downloads` folder of an observatory cache,
or a mirror made by scripts/make-mirror (the same files). OUT receives one folder per territory
(SVG charts and values.json). The project folder (default: two levels up) gives the custom basins
(Indicators/territories/*.yaml).

Reading follows Indicators/datasets/*.yaml (sheets, header rows, encodings, masked tokens);
aggregation follows observatory's rules: a territory is (geography, code); a measure published
for finer units is summed over the units making up the territory — weighted by the share of a
unit's communes inside it where the unit straddles it (an approximate value, with its coverage);
rates and indices are never summed across units; masked cells ('*', 's.s') are counted, never
zeros: a sum over them is a lower bound [present, present + 3 × masked] for BMO.
"""
import glob
import io
import json
import os
import re
import sys
import time
import warnings
import zipfile

import numpy as np
import pandas as pd

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")

args = [a for a in sys.argv[1:]]
project = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if "--project" in args:
    i = args.index("--project")
    project = args[i + 1]
    del args[i:i + 2]
if len(args) != 2:
    sys.exit(__doc__)
DOWNLOADS, OUT = args
stages = {}
clock = time.perf_counter()


def stage(name):
    global clock
    now = time.perf_counter()
    stages[name] = now - clock
    clock = now


def one(pattern):
    found = sorted(glob.glob(os.path.join(DOWNLOADS, pattern)))
    if not found:
        sys.exit(f"pipeline: no file matches {pattern} under {DOWNLOADS}")
    return found


# ───────────────────────────────────────────── READ ─────────────────────────────────────────────
files_read = 0

# ZE2020 composition: a ZIP holding the workbook; sheet Composition_communale, codes on row 6.
with zipfile.ZipFile(one("ze2020/*.zip")[-1]) as archive:
    member = next(n for n in archive.namelist() if n.endswith(".xlsx"))
    composition = pd.read_excel(io.BytesIO(archive.read(member)), sheet_name="Composition_communale", header=5,
                                dtype=str, engine="openpyxl")
files_read += 1
composition = composition.dropna(subset=["CODGEO"])
for column in ["CODGEO", "ZE2020", "DEP", "REG"]:
    composition[column] = composition[column].str.strip()

# Bassins BMO lexicon (2019): commune → bassin, with the bassin's département and région.
lexicon = pd.read_csv(one("bassins-bmo/*.csv")[-1], dtype=str, encoding="utf-8")
files_read += 1
lexicon = pd.DataFrame({"commune": lexicon["CODE_COMMUNE_INSEE"].str.strip().str.zfill(5),
                        "bassin": lexicon["BE19"].str.strip().str.zfill(4), "name": lexicon["NOMBE19"].str.strip(),
                        "dep": lexicon["DEP"].str.strip().str.zfill(2), "reg": lexicon["REG"].str.strip().str.zfill(2)})
lexicon = lexicon[(lexicon.commune != "") & (lexicon.bassin != "")]

# BMO, one workbook per year: sheet BMO_<yyyy>_open_data, numbers as text, '*' masked, bassin
# columns renamed each year (BE23 / NOMBE23, BE24 / NOMBE24), column order changing.
bmo_parts = []
for path in one("bmo/*.xlsx"):
    sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="openpyxl")
    files_read += 1
    name = next(s for s in sheets if re.fullmatch(r"BMO_\d{4}_open_data", s))
    frame = sheets[name]
    year = name.split("_")[1]
    yy = year[2:]
    frame = frame.rename(columns={f"BE{yy}": "bassin", f"NOMBE{yy}": "bassin_name", "Code métier BMO": "metier",
                                  "Nom métier BMO": "metier_name", "Famille_met": "famille", "Dept": "dep",
                                  "NomDept": "dep_name", "REG": "reg", "NOM_REG": "reg_name"})
    frame["bassin"] = frame["bassin"].str.strip().str.zfill(4)
    frame["dep"] = frame["dep"].str.strip().str.zfill(2)
    frame["reg"] = frame["reg"].str.strip().str.zfill(2)
    frame["period"] = year
    for measure in ["met", "xmet", "smet"]:
        raw = frame[measure].str.strip()
        frame[measure + "_masked"] = raw.eq("*")
        frame[measure] = pd.to_numeric(raw.where(~frame[measure + "_masked"]), errors="raise")
    bmo_parts.append(frame[["period", "bassin", "bassin_name", "metier", "metier_name", "famille", "dep", "dep_name", "reg",
                            "reg_name", "met", "xmet", "smet", "met_masked", "xmet_masked", "smet_masked"]])
bmo = pd.concat(bmo_parts, ignore_index=True)

# INSEE localised unemployment: sheet txcho_ze, codes on row 6, one column per quarter (wide).
chomage = pd.read_excel(one("chomage-ze/*.xlsx")[-1], sheet_name="txcho_ze", header=5, dtype={"ZE2020": str},
                        engine="openpyxl")
files_read += 1
chomage = chomage.dropna(subset=["ZE2020"])
quarters = [c for c in chomage.columns if re.fullmatch(r"\d{4}-T[1-4]", str(c))]
chomage = chomage.melt(id_vars=["ZE2020", "LIBZE2020"], value_vars=quarters, var_name="period", value_name="value")
chomage["unit"] = chomage["ZE2020"].str.strip().str.zfill(4)
chomage["value"] = pd.to_numeric(chomage["value"], errors="coerce")
chomage = chomage.dropna(subset=["value"])

# URSSAF salaried jobs per ZE and quarter: a zone straddling régions comes as several rows (its parts): sum them.
urssaf_ze = pd.read_csv(one("urssaf-ze/*.csv")[-1], sep=None, engine="python", encoding="utf-8-sig",
                        dtype={"code_zone_d_emploi": str})
files_read += 1
urssaf_ze["unit"] = urssaf_ze["code_zone_d_emploi"].str.strip().str.zfill(4)
urssaf_ze["period"] = urssaf_ze["annee"].astype(str) + "-T" + urssaf_ze["trimestre"].astype(str)
urssaf_ze = urssaf_ze.groupby(["unit", "period"], as_index=False)[
    ["effectifs_salaries_brut", "effectifs_salaries_cvs", "masse_salariale_cvs"]].sum(min_count=1)

# URSSAF commune × APE: ';', UTF-8 BOM, CRLF, a column pair per year (wide); sector codes are the first word.
ape = pd.read_csv(one("urssaf-commune-ape/*.csv")[-1], sep=";", encoding="utf-8-sig",
                  dtype={"Code commune": str, "Code APE": str, "Code département": str, "Code région": str})
files_read += 1
ape["unit"] = ape["Code commune"].str.strip().str.zfill(5)
for level in ["NA17", "NA38", "NA88"]:
    ape[level] = ape[f"Secteur {level}"].str.split(" ", n=1).str[0]
ape_labels = dict(zip(ape["NA17"], ape["Secteur NA17"]))
year_columns = [c for c in ape.columns if re.fullmatch(r"Effectifs salariés \d{4}", c)]
ape = ape.melt(id_vars=["unit", "NA17", "NA38", "NA88", "Code APE"], value_vars=year_columns, var_name="period",
               value_name="value")
ape["period"] = ape["period"].str[-4:]
ape = ape.dropna(subset=["value"])

# DARES jobseekers per commune: ';', UTF-8 BOM, long format.
defm = pd.read_csv(one("defm-communes/*.csv")[-1], sep=";", encoding="utf-8-sig", dtype={"Code commune": str})
files_read += 1
defm["unit"] = defm["Code commune"].str.strip().str.zfill(5)
defm = defm.rename(columns={"Date": "period", "Nombre de demandeurs d'emploi": "value"})
defm = defm[(defm["Catégorie"] == "ABC") & (defm["Sexe"] == "Total")]

# Pôle emploi jobseekers per named EPCI (December 2016, 2017): sheet 'par catégorie', header row 3, 's.s' masked.
epci_parts = []
for path in one("defm-epci/*.xlsx"):
    frame = pd.read_excel(path, sheet_name="par catégorie", header=2, dtype=str, engine="openpyxl")
    files_read += 1
    frame = frame.dropna(subset=["EPCI"])
    frame = frame[~frame["EPCI"].str.strip().isin(["TOTAL", "Total"])]
    raw = frame["Catégorie ABC"].str.strip()
    epci_parts.append(pd.DataFrame({"unit": frame["EPCI"].str.strip(), "period": re.search(r"(20\d\d)", path).group(1) + "-12",
                                    "masked": raw.eq("s.s").values,
                                    "value": pd.to_numeric(raw.where(~raw.eq("s.s")), errors="coerce").values}))
defm_epci = pd.concat(epci_parts, ignore_index=True)

# Offers, jobseekers and tension per ROME × bassin BMO (2020), ';'.
tension = pd.read_csv(one("tension-rome-bassin/*.csv")[-1], sep=";", encoding="utf-8", dtype={"cbassin": str})
files_read += 1
tension["unit"] = tension["cbassin"].str.strip().str.zfill(4)
tension["period"] = tension["annee"].astype(str)

# DARES tension indicators per FAP × dep/reg/France (2019) and the national series 2011–2019 ('Tension ' header).
dares = pd.read_csv(os.path.join(DOWNLOADS, "dares-tensions", "tensions.csv"), encoding="utf-8",
                    dtype={"reg": str, "dep": str})
evol = pd.read_csv(os.path.join(DOWNLOADS, "dares-tensions", "evol_tensions.csv"), encoding="utf-8")
files_read += 2
dares.columns = [c.strip() for c in dares.columns]
evol.columns = [c.strip() for c in evol.columns]
dares["geo"] = dares["niveau_geo"].map({"nat": "fr", "reg": "reg", "dep": "dep"})
dares["unit"] = np.select([dares.geo == "fr", dares.geo == "reg"],
                          ["FR", dares["reg"].fillna("").str.zfill(2)], dares["dep"].fillna("").str.zfill(2))
dares["period"] = dares["Année"].astype(str)
evol = evol.assign(geo="fr", unit="FR", period=evol["Année"].astype(str), niveau_fap="")

# InserJeunes per CFA: ';', BOM. Rates per establishment: no territory of the dashboards sums them.
inserjeunes = pd.read_csv(one("inserjeunes/*.csv")[-1], sep=";", encoding="utf-8-sig", dtype={"UAI": str})
files_read += 1

# The committees' custom basins: lists of communes.
custom = []
for path in sorted(glob.glob(os.path.join(project, "Indicators", "territories", "*.yaml"))):
    text = open(path, encoding="utf-8").read()
    ident = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
    name = re.search(r"^name:\s*(.+)$", text, re.M).group(1).strip()
    for code in re.findall(r'^\s*-\s*"(\d{5})"', text, re.M):
        custom.append((ident, name, code))
custom = pd.DataFrame(custom, columns=["code", "name", "commune"])
stage("read")

# ──────────────────────────────────────────── AGGREGATE ──────────────────────────────────────────
# Territories of the dashboards: zones d'emploi, bassins BMO, départements, régions, France, custom basins.
names = {}
names.update({("ze2020", c): n for c, n in zip(composition.ZE2020, composition.LIBZE2020)})
names.update({("bassin-bmo", c): n for c, n in zip(lexicon.bassin, lexicon.name)})
names.update({("bassin-bmo", c): n for c, n in zip(bmo.bassin, bmo.bassin_name)})
names.update({("bassin-bmo", c): n for c, n in zip(tension.unit, tension.lib_bassin_bmo19)})
for code in composition.DEP.unique():
    names[("dep", code)] = code
for code in composition.REG.unique():
    names[("reg", code)] = code
names.update({("dep", c): n for c, n in zip(bmo.dep, bmo.dep_name)})
names.update({("reg", c): n for c, n in zip(bmo.reg, bmo.reg_name)})
names[("fr", "FR")] = "France"
custom = custom[custom.commune.isin(set(composition.CODGEO))]
names.update({("custom", c): n for c, n in zip(custom.code, custom.name)})
territories = sorted(names)

# Communes of each territory (geo, code, commune), and the units' roll-ups into départements and régions.
members = pd.concat([
    pd.DataFrame({"geo": "ze2020", "code": composition.ZE2020, "commune": composition.CODGEO}),
    pd.DataFrame({"geo": "dep", "code": composition.DEP, "commune": composition.CODGEO}),
    pd.DataFrame({"geo": "reg", "code": composition.REG, "commune": composition.CODGEO}),
    pd.DataFrame({"geo": "bassin-bmo", "code": lexicon.bassin, "commune": lexicon.commune}),
    pd.DataFrame({"geo": "custom", "code": custom.code, "commune": custom.commune}),
], ignore_index=True).drop_duplicates()
size = members.groupby(["geo", "code"]).size()


def roll_up(unit_geo, frame, unit_col, parent_geo, parent_col):
    pairs = frame[[unit_col, parent_col]].drop_duplicates()
    count = pairs.groupby(unit_col)[parent_col].transform("size")
    return pd.DataFrame({"unit_geo": unit_geo, "unit": pairs[unit_col], "geo": parent_geo, "code": pairs[parent_col],
                         "partial": count > 1})


rollups = pd.concat([
    roll_up("ze2020", composition, "ZE2020", "dep", "DEP"), roll_up("ze2020", composition, "ZE2020", "reg", "REG"),
    roll_up("bassin-bmo", lexicon, "bassin", "dep", "dep"), roll_up("bassin-bmo", lexicon, "bassin", "reg", "reg"),
    roll_up("dep", composition, "DEP", "reg", "REG"),
], ignore_index=True)


def parent_of(geo, code, parent_geo):
    """The territory's département or région: a full membership first, else the one holding most of its communes."""
    if geo == parent_geo or geo == "fr" or (parent_geo == "dep" and geo == "reg"):
        return None
    return parents.get((geo, code, parent_geo))


mine = members.merge(members[members.geo.isin(["dep", "reg"])].rename(columns={"geo": "pgeo", "code": "pcode"}), on="commune")
mine = mine[mine.geo != mine.pgeo].groupby(["geo", "code", "pgeo", "pcode"]).size().reset_index(name="n")
mine = mine.sort_values("n").drop_duplicates(["geo", "code", "pgeo"], keep="last")
parents = {(g, c, p): pc for g, c, p, pc in zip(mine.geo, mine.code, mine.pgeo, mine.pcode)}

compositions = {}


def compose(unit_geo, target_geo):
    """(code, unit, weight) and per code (exact, coverage): how each territory of target_geo is made of units."""
    key = (unit_geo, target_geo)
    if key in compositions:
        return compositions[key]
    mine = members[members.geo == target_geo][["code", "commune"]]
    if unit_geo == target_geo:
        codes = sorted({c for g, c in territories if g == target_geo})
        weights = pd.DataFrame({"code": codes, "unit": codes, "weight": 1.0})
        info = pd.DataFrame({"code": codes, "exact": True, "coverage": np.nan})
    elif unit_geo == "commune":
        weights = mine.rename(columns={"commune": "unit"}).assign(weight=1.0)
        info = pd.DataFrame({"code": mine.code.unique(), "exact": True, "coverage": np.nan})
    else:
        theirs = members[members.geo == unit_geo][["code", "commune"]].rename(columns={"code": "unit"})
        shared = mine.merge(theirs, on="commune").groupby(["code", "unit"]).size().rename("shared").reset_index()
        unit_size = size.loc[unit_geo].rename("theirs")
        direct = rollups[(rollups.unit_geo == unit_geo) & (rollups.geo == target_geo)]
        if not direct.empty:
            weights = direct.merge(shared, on=["code", "unit"], how="left").fillna({"shared": 0})
            weights = weights.merge(unit_size, left_on="unit", right_index=True, how="left").fillna({"theirs": 0})
            weights["weight"] = np.where(weights.partial & (weights.theirs > 0), weights.shared / weights.theirs.clip(lower=1), 1.0)
            weights["inside"] = np.where(weights.partial, weights.shared, weights.theirs)
            info = weights.groupby("code").agg(partial=("partial", "any"), inside=("inside", "sum"), total=("theirs", "sum"))
            info["exact"] = ~info.partial
        else:
            weights = shared.merge(unit_size, left_on="unit", right_index=True, how="left")
            weights["theirs"] = np.maximum(weights.theirs.fillna(0), weights.shared)
            weights["weight"] = weights.shared / weights.theirs
            info = weights.groupby("code").agg(inside=("shared", "sum"), total=("theirs", "sum"))
            placed = mine[mine.commune.isin(theirs.commune)].groupby("code").size()
            info["exact"] = (info.inside == info.total) & (placed.reindex(info.index) == size.loc[target_geo].reindex(info.index))
        info["coverage"] = np.where(info.exact, np.nan, info.inside / info.total.clip(lower=1))
        info = info.reset_index()[["code", "exact", "coverage"]]
        weights = weights[["code", "unit", "weight"]]
    compositions[key] = (weights, info)
    return compositions[key]


GEOS = ["ze2020", "bassin-bmo", "dep", "reg", "custom", "fr"]


def aggregate(frame, unit_geo, by=(), additive=True, bound=None, dep_dimension=False, native=None):
    """Sums `value` (masked cells counted) per territory of every geography, period and `by`.
    frame: unit, period, [by…], value, masked. Returns geo, code, period, [by…], lower, upper, masked, coverage."""
    keys = ["period", *by]
    pieces = []
    units = frame[frame.geo == unit_geo] if native else frame
    for geo in GEOS:
        if native and geo in native:
            sub = frame[frame.geo == geo].assign(weight=1.0, code=lambda f: f.unit)
            info = None
        elif geo == "fr":
            sub = frame.assign(weight=1.0, code="FR")
            info = None
            if not additive and frame.unit.nunique() > 1:
                continue
        elif dep_dimension and geo == "dep":
            sub = frame.assign(weight=1.0, code=frame["dep"])
            info = None
        else:
            weights, info = compose(unit_geo, geo)
            if not additive:
                single = weights.groupby("code").unit.transform("size") == 1
                weights = weights[single]
            sub = units.merge(weights, on="unit")
        if sub.empty:
            continue
        weight = sub.weight if additive else 1.0
        sub = sub.assign(lo=sub.value.fillna(0) * weight,
                         hi=sub.value.fillna(0) * weight + (sub.masked * bound * weight if bound else 0),
                         m=sub.masked.astype(int))
        summed = sub.groupby(["code", *keys], sort=False).agg(lower=("lo", "sum"), upper=("hi", "sum"), masked=("m", "sum"),
                                                             present=("value", "count")).reset_index()
        summed["upper"] = np.where((summed.masked > 0) & (bound is None), np.nan, summed.upper)
        summed["geo"] = geo
        summed = summed.merge(info, on="code", how="left") if info is not None else summed.assign(exact=True, coverage=np.nan)
        pieces.append(summed)
    return pd.concat(pieces, ignore_index=True)


def ratio(a_lo, a_hi, b_lo, b_hi):
    """Interval quotient [a] / [b]; NaN where the denominator may be zero (no value)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.stack([a_lo / b_lo, a_lo / b_hi, a_hi / b_lo, a_hi / b_hi])
        lo, hi = np.nanmin(q, axis=0), np.nanmax(q, axis=0)
    bad = (b_lo <= 0) | ~np.isfinite(lo) | np.isnan(a_hi)
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


values = {}  # (geo, code) → {indicator: [values]}
value_count = 0


def put(indicator, frame, period_col="period", extra=None):
    """Records one value per row of frame (geo, code, period, lower, upper, masked, coverage)."""
    global value_count
    cols = {c: frame[c].to_numpy() for c in ["geo", "code", period_col, "lower", "upper", "masked", "coverage"] if c in frame}
    extras = {k: frame[k].to_numpy() for k in (extra or [])}
    for i in range(len(frame)):
        lower = cols["lower"][i]
        entry = {"period": str(cols[period_col][i]),
                 "value": None if pd.isna(lower) else round(float(lower), 6),
                 "upper": None if "upper" not in cols or pd.isna(cols["upper"][i]) or cols["upper"][i] == lower
                 else round(float(cols["upper"][i]), 6),
                 "masked": int(cols["masked"][i]) if "masked" in cols and not pd.isna(cols["masked"][i]) else 0}
        if "coverage" in cols and not pd.isna(cols["coverage"][i]):
            entry["coverage"] = round(float(cols["coverage"][i]), 4)
        for k, v in extras.items():
            entry[k] = v[i] if not isinstance(v[i], (np.floating, float)) else round(float(v[i]), 6)
        if entry["value"] is None:
            entry["reason"] = "no value (masked or missing input, or a rate over several units)"
        values.setdefault((cols["geo"][i], cols["code"][i]), {}).setdefault(indicator, []).append(entry)
        value_count += 1


def latest(frame):
    return frame[frame.period == frame.period.max()]


# BMO: projects, difficult and seasonal projects, per territory and year (bound: 3 per masked cell).
bmo_long = {m: bmo.rename(columns={m: "value", m + "_masked": "masked"})[["period", "bassin", "dep", "metier", "value", "masked"]]
            .rename(columns={"bassin": "unit"}) for m in ["met", "xmet", "smet"]}
met = aggregate(bmo_long["met"], "bassin-bmo", bound=3, dep_dimension=True)
xmet = aggregate(bmo_long["xmet"], "bassin-bmo", bound=3, dep_dimension=True)
smet = aggregate(bmo_long["smet"], "bassin-bmo", bound=3, dep_dimension=True)
put("bmo_projets", met)
put("bmo_projets_difficiles", latest(xmet))
k = ["geo", "code", "period"]
for ind, part in [("bmo_part_difficiles", xmet), ("bmo_part_saisonniers", smet)]:
    j = latest(met).merge(part, on=k, suffixes=("", "_n"))
    lo, hi = ratio(j.lower_n.to_numpy(), j.upper_n.to_numpy(), j.lower.to_numpy(), j.upper.to_numpy())
    put(ind, j.assign(lower=lo * 100, upper=hi * 100, masked=j.masked + j.masked_n))
years = sorted(met.period.unique())
if len(years) > 1:
    a, b = met[met.period == years[-1]], met[met.period == years[-2]]
    j = a.merge(b, on=["geo", "code"], suffixes=("", "_0"))
    lo, hi = ratio(j.lower.to_numpy() - j.upper_0.to_numpy(), j.upper.to_numpy() - j.lower_0.to_numpy(),
                   j.lower_0.to_numpy(), j.upper_0.to_numpy())
    put("bmo_evolution_annuelle", j.assign(lower=lo * 100, upper=hi * 100, masked=j.masked + j.masked_0))
metiers = aggregate(latest(bmo_long["met"]), "bassin-bmo", by=["metier"], bound=3, dep_dimension=True)
metier_names = dict(zip(bmo.metier, bmo.metier_name))
top = metiers.sort_values("lower", ascending=False).groupby(["geo", "code"], sort=False).head(10)
top["label"] = top.metier.map(metier_names)
put("bmo_top_metiers", top, extra=["metier", "label"])

# URSSAF salaried jobs per ZE: level, 1-year change, 5-year CAGR; BMO projects per 1,000 jobs.
jobs = aggregate(urssaf_ze.rename(columns={"effectifs_salaries_cvs": "value"}).assign(masked=False), "ze2020")
put("emploi_salarie", jobs)
jobs = jobs.sort_values(["geo", "code", "period"])
g = jobs.groupby(["geo", "code"])
jobs["lag4"] = g.lower.shift(4)
jobs["lag20"] = g.lower.shift(20)
last_q = jobs.period.max()
j = jobs[jobs.period == last_q]
put("emploi_salarie_evolution_1an", j.assign(lower=(j.lower / j.lag4 - 1) * 100, upper=np.nan))
put("emploi_salarie_tcam_5ans", j.assign(lower=((j.lower / j.lag20) ** (1 / 20) - 1) * 100, upper=np.nan))
bmo_year = years[-1]
year_jobs = jobs[jobs.period.str[:4] == bmo_year].sort_values("period").groupby(["geo", "code"]).tail(1)
j = latest(met).merge(year_jobs[["geo", "code", "lower", "coverage"]], on=["geo", "code"], suffixes=("", "_e"))
lo, hi = ratio(j.lower.to_numpy(), j.upper.to_numpy(), j.lower_e.to_numpy(), j.lower_e.to_numpy())
put("bmo_projets_pour_1000_salaries", j.assign(lower=lo * 1000, upper=hi * 1000,
                                               coverage=j.coverage.combine_first(j.coverage_e)))

# INSEE unemployment rate: a rate, never summed across zones (no value for a territory made of several).
rate = aggregate(chomage.assign(masked=False), "ze2020", additive=False)
put("chomage_serie_longue", rate)
rate = rate.sort_values(["geo", "code", "period"])
rate["lag4"] = rate.groupby(["geo", "code"]).lower.shift(4)
last_rate = rate[rate.period == rate.period.max()]
put("chomage_taux", last_rate)
put("chomage_evolution_1an", last_rate.assign(lower=last_rate.lower - last_rate.lag4, upper=np.nan))
france_rate = last_rate[last_rate.geo == "fr"].lower
for ind, ref in [("chomage_ecart_france", "france"), ("chomage_ecart_region", "region")]:
    # France and the régions have no rate of their own in this file (302 zones; a rate is not summed): no value.
    refs = last_rate.assign(ref=[parent_of(g_, c_, "reg") if ref == "region" else "FR" for g_, c_ in zip(last_rate.geo, last_rate.code)])
    lookup = dict(zip(zip(last_rate.geo, last_rate.code), last_rate.lower))
    gap = [v - lookup.get(("reg" if ref == "region" else "fr", r), np.nan) for v, r in zip(refs.lower, refs.ref)]
    put(ind, refs.assign(lower=gap, upper=np.nan))

# Jobseekers (DARES, communes): ABC, and the share of under-25s.
abc = aggregate(defm[defm["Tranche d'âge"] == "Total"][["unit", "period", "value"]].assign(masked=False), "commune")
put("demandeurs_abc", abc)
young = aggregate(latest(defm[defm["Tranche d'âge"] == "Moins de 25 ans"])[["unit", "period", "value"]].assign(masked=False), "commune")
j = latest(abc).merge(young, on=k, suffixes=("", "_y"))
put("demandeurs_part_jeunes", j.assign(lower=j.lower_y / j.lower * 100, upper=np.nan))
# EPCIs are named, never placed in a commune geography: only France sums them.
epci = defm_epci.groupby("period").agg(lower=("value", "sum"), masked=("masked", "sum")).reset_index()
put("demandeurs_epci_abc", epci.assign(geo="fr", code="FR", upper=np.nan))

# URSSAF commune × APE: sector shares, location quotients (France, région), Herfindahl, Krugman, shift-share.
sectors17 = aggregate(ape.rename(columns={"NA17": "sector"})[["unit", "period", "sector", "value"]].assign(masked=False),
                      "commune", by=["sector"])
sectors38 = aggregate(latest(ape).rename(columns={"NA38": "sector"})[["unit", "period", "sector", "value"]].assign(masked=False),
                      "commune", by=["sector"])
last_year = sectors17.period.max()
s17 = sectors17[sectors17.period == last_year]
s17["share"] = s17.lower / s17.groupby(["geo", "code"]).lower.transform("sum")
s38 = sectors38.assign(share=sectors38.lower / sectors38.groupby(["geo", "code"]).lower.transform("sum"))
put("emploi_parts_secteurs", s17.assign(lower=s17.share, upper=np.nan), extra=["sector"])
fr17 = s17[s17.geo == "fr"].set_index("sector").share
s17["region"] = [parent_of(g_, c_, "reg") for g_, c_ in zip(s17.geo, s17.code)]
reg17 = s17[s17.geo == "reg"].set_index(["code", "sector"]).share
s17["lq_fr"] = s17.share / s17.sector.map(fr17)
s17["lq_reg"] = s17.share / pd.Series(list(zip(s17.region, s17.sector))).map(reg17).to_numpy()
put("indice_specificite_france", s17[s17.geo != "fr"].assign(lower=lambda f: f.lq_fr, upper=np.nan), extra=["sector"])
put("indice_specificite_region", s17.dropna(subset=["region"]).assign(lower=lambda f: f.lq_reg, upper=np.nan), extra=["sector"])
hhi = s38.groupby(["geo", "code", "period"]).share.apply(lambda s: float((s ** 2).sum())).reset_index(name="lower")
put("concentration_hhi", hhi.assign(upper=np.nan, masked=0))
s38["region"] = [parent_of(g_, c_, "reg") for g_, c_ in zip(s38.geo, s38.code)]
reg38 = s38[s38.geo == "reg"].set_index(["code", "sector"]).share
s38["ref"] = pd.Series(list(zip(s38.region, s38.sector))).map(reg38).fillna(0).to_numpy()
kr = s38.dropna(subset=["region"]).assign(d=lambda f: (f.share - f.ref).abs()).groupby(["geo", "code", "period"]).d.sum() / 2
put("dissimilarite_krugman", kr.reset_index(name="lower").assign(upper=np.nan, masked=0))
first_year = str(int(last_year) - 5)
e1 = sectors17[sectors17.period == last_year].set_index(["geo", "code", "sector"]).lower
e0 = sectors17[sectors17.period == first_year].set_index(["geo", "code", "sector"]).lower
ss = pd.DataFrame({"e0": e0, "e1": e1}).dropna().reset_index()
fr_tot = ss[ss.geo == "fr"]
g_fr = fr_tot.e1.sum() / fr_tot.e0.sum() - 1
g_sec = (fr_tot.set_index("sector").e1 / fr_tot.set_index("sector").e0 - 1)
ss["g_i"] = ss.sector.map(g_sec)
ss["national"] = ss.e0 * g_fr
ss["mix"] = ss.e0 * (ss.g_i - g_fr)
ss["competitive"] = ss.e0 * (ss.e1 / ss.e0 - 1 - ss.g_i)
ssum = ss.groupby(["geo", "code"])[["national", "mix", "competitive"]].sum().reset_index()
ssum = ssum.melt(id_vars=["geo", "code"], var_name="component", value_name="lower").assign(period=last_year, upper=np.nan)
put("shift_share_5ans", ssum, extra=["component"])

# France Travail offers / jobseekers per ROME × bassin; mean tension class (an index: one bassin only).
offers = aggregate(tension.rename(columns={"oee": "value"})[["unit", "period", "ROME", "value"]].assign(masked=False),
                   "bassin-bmo", by=["ROME"])
seekers = aggregate(tension.rename(columns={"defm_abc": "value"})[["unit", "period", "ROME", "value"]].assign(masked=False),
                    "bassin-bmo", by=["ROME"])
j = offers.merge(seekers, on=[*k, "ROME"], suffixes=("", "_d"))
j = j[j.lower_d > 0].assign(lower=lambda f: f.lower / f.lower_d, upper=np.nan)
put("offres_par_demandeur", j.sort_values("lower", ascending=False).groupby(["geo", "code"], sort=False).head(10), extra=["ROME"])
tclass = aggregate(tension.rename(columns={"ind_tension_d": "value"})[["unit", "period", "ROME", "value"]].assign(masked=False),
                   "bassin-bmo", by=["ROME"], additive=False)
tmean = tclass.groupby(["geo", "code", "period"]).agg(lower=("lower", "mean"), coverage=("coverage", "first")).reset_index()
put("tension_moyenne_metiers", tmean.assign(upper=np.nan, masked=0))

# DARES composite tension per FAP-225: published for dep, reg, France; an index (one unit only).
d225 = pd.concat([dares[dares.niveau_fap == "fap 225"][["geo", "unit", "period", "fap", "Tension", "Catégorie Tension"]],
                  evol[["geo", "unit", "period", "fap", "Tension"]]], ignore_index=True)
d225 = d225[d225.period == d225.period.max()]
fap_tension = aggregate(d225.rename(columns={"Tension": "value"}).assign(masked=False), "dep", by=["fap"], additive=False,
                        native=["dep", "reg", "fr"])
put("tension_dares_fap", fap_tension.sort_values("lower", ascending=False).groupby(["geo", "code"], sort=False).head(15),
    extra=["fap"])
fap_cat = aggregate(d225.dropna(subset=["Catégorie Tension"]).rename(columns={"Catégorie Tension": "value"}).assign(masked=False),
                    "dep", by=["fap"], additive=False, native=["dep", "reg", "fr"])
count = fap_cat.assign(hot=fap_cat.lower >= 4).groupby(["geo", "code", "period"]).hot.sum().reset_index(name="lower")
put("metiers_en_tension", count.assign(upper=np.nan, masked=0))
# InserJeunes rates are per establishment: none of the dashboard territories is one (no value there).
stage("aggregate")

# ───────────────────────────────────────────── CHARTS ────────────────────────────────────────────
plt.rcParams.update({"svg.fonttype": "none", "font.size": 8, "axes.spines.top": False, "axes.spines.right": False})


def fr(x, digits=0):
    text = f"{x:,.{digits}f}".replace(",", " ").replace(".", ",")
    return text


def note(ax, source, masked=0):
    text = "Source : " + source + (f" — au moins ; {masked} cellules masquées" if masked else "")
    ax.figure.text(0.01, 0.01, text, fontsize=6, color="#555")


def series(territory, indicator):
    return values.get(territory, {}).get(indicator, [])


def reference_values(territory, indicator):
    geo, code = territory
    out = []
    for label, ref in [("Département", ("dep", parent_of(geo, code, "dep"))), ("Région", ("reg", parent_of(geo, code, "reg"))),
                       ("France", ("fr", "FR") if geo != "fr" else (None, None))]:
        if ref[1] is None:
            continue
        found = [v for v in series(ref, indicator) if v["value"] is not None]
        if found:
            out.append((label, found[-1]["value"]))
    return out


charts = 0
os.makedirs(OUT, exist_ok=True)
zones = rate[rate.geo == "ze2020"]
zones_of_region = {r: set(z) for r, z in composition.groupby("REG").ZE2020}
france_median = rate[rate.geo == "ze2020"].groupby("period").lower.median()
for territory in territories:
    geo, code = territory
    folder = os.path.join(OUT, f"{geo}-{code}")
    os.makedirs(folder, exist_ok=True)
    name = names[territory]
    mine_values = values.get(territory, {})
    with open(os.path.join(folder, "values.json"), "w", encoding="utf-8") as handle:
        json.dump({"territory": f"{geo}:{code}", "name": name, "values": mine_values}, handle, ensure_ascii=False,
                  default=lambda o: o.item() if hasattr(o, "item") else str(o))

    # Line: the unemployment rate since 2003 (or salaried jobs where no single zone gives a rate), with
    # the région and France (median of their zones' rates: a rate is not summed).
    line = [v for v in series(territory, "chomage_serie_longue") if v["value"] is not None]
    title, unit, source = "Taux de chômage localisé", "%", "INSEE, taux de chômage localisés (CVS)"
    if not line:
        line = [v for v in series(territory, "emploi_salarie") if v["value"] is not None]
        title, unit, source = "Emploi salarié privé", "salariés", "URSSAF, effectifs salariés par zone d'emploi"
    if line:
        fig, ax = plt.subplots(figsize=(6.4, 3.2))
        periods = [v["period"] for v in line]
        position = {p: i for i, p in enumerate(periods)}
        if title.startswith("Taux"):
            ax.plot(range(len(line)), [v["value"] for v in line], color="#1f4e79", lw=1.6, label=name)
            reg = parent_of(geo, code, "reg")
            if reg:
                in_reg = zones[zones.code.isin(zones_of_region.get(reg, ()))]
                med = in_reg.groupby("period").lower.median()
                med = med[med.index.isin(position)]
                ax.plot([position[p] for p in med.index], med.values, color="#c55a11", lw=1, label="Région (médiane des zones)")
            med = france_median[france_median.index.isin(position)]
            ax.plot([position[p] for p in med.index], med.values, color="#7f7f7f", lw=1, ls="--", label="France (médiane des zones)")
        else:
            # Employment levels differ by orders of magnitude: index 100 at the first quarter.
            unit = f"indice 100 en {line[0]['period']}"
            ax.plot(range(len(line)), [v["value"] / line[0]["value"] * 100 for v in line], color="#1f4e79", lw=1.6,
                    label=name)
            for label, ref, colour in [("Région", ("reg", parent_of(geo, code, "reg")), "#c55a11"), ("France", ("fr", "FR"), "#7f7f7f")]:
                if ref[1] and ref != territory:
                    other = [v for v in series(ref, "emploi_salarie") if v["value"] is not None]
                    if other:
                        other = [v for v in other if v["period"] in position]
                        ax.plot([position[v["period"]] for v in other], [v["value"] / other[0]["value"] * 100 for v in other], color=colour,
                                lw=1, label=label)
        ax.set_title(f"{title} — {name}", loc="left")
        ax.set_ylabel(unit)
        step = max(1, len(line) // 8)
        ax.set_xticks(range(0, len(line), step), periods[::step])
        ax.tick_params(axis="x", labelrotation=45)
        ax.legend(fontsize=6, frameon=False)
        note(ax, source)
        fig.subplots_adjust(left=0.1, right=0.88, top=0.9, bottom=0.22)
        fig.savefig(os.path.join(folder, "serie.svg"))
        plt.close(fig)
        charts += 1

        # Sparkline of the same series.
        fig = plt.figure(figsize=(1.6, 0.4))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.plot(range(len(line)), [v["value"] for v in line], color="#1f4e79", lw=0.8)
        ax.plot([len(line) - 1], [line[-1]["value"]], "o", color="#1f4e79", ms=2)
        ax.axis("off")
        fig.savefig(os.path.join(folder, "sparkline.svg"))
        plt.close(fig)
        charts += 1

    # Ranked bars: the ten métiers with most recruitment projects.
    top10 = [v for v in series(territory, "bmo_top_metiers") if v["value"] is not None]
    if top10:
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        top10 = top10[::-1]
        bars = ax.barh([str(v["label"])[:48] for v in top10], [v["value"] for v in top10], color="#1f4e79")
        for bar, v in zip(bars, top10):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + ("≥ " if v["masked"] else "") + fr(v["value"]),
                    va="center", fontsize=6)
        ax.set_title(f"Métiers les plus recherchés — {name}, {top10[0]['period']}", loc="left")
        ax.set_xlabel("projets de recrutement")
        note(ax, "France Travail, enquête BMO", sum(v["masked"] for v in top10))
        fig.subplots_adjust(left=0.45, right=0.95, top=0.9, bottom=0.15)
        fig.savefig(os.path.join(folder, "top-metiers.svg"))
        plt.close(fig)
        charts += 1

    # Bars: BMO projects per year (lower bound and interval from masked cells).
    projects = [v for v in series(territory, "bmo_projets") if v["value"] is not None]
    if projects:
        fig, ax = plt.subplots(figsize=(4, 3))
        xs = [v["period"] for v in projects]
        ax.bar(xs, [v["value"] for v in projects], color="#1f4e79")
        highs = [(v["upper"] or v["value"]) - v["value"] for v in projects]
        ax.errorbar(xs, [v["value"] for v in projects], yerr=[[0] * len(highs), highs], fmt="none", ecolor="#555", capsize=3)
        for x, v in zip(xs, projects):
            ax.text(x, v["value"], fr(v["value"]), ha="center", va="bottom", fontsize=6)
        ax.set_title(f"Projets de recrutement — {name}", loc="left")
        ax.set_ylabel("projets")
        note(ax, "France Travail, enquête BMO", sum(v["masked"] for v in projects))
        fig.subplots_adjust(left=0.18, right=0.95, top=0.88, bottom=0.15)
        fig.savefig(os.path.join(folder, "bmo-projets.svg"))
        plt.close(fig)
        charts += 1

    # Lollipops: the headline figures against département, région and France, one row per indicator.
    rows = []
    for indicator, label, unit in [("bmo_part_difficiles", "Projets difficiles", "%"), ("bmo_part_saisonniers", "Projets saisonniers", "%"),
                                   ("bmo_projets_pour_1000_salaries", "Projets pour 1 000 salariés", "‰"),
                                   ("chomage_taux", "Taux de chômage", "%"), ("emploi_salarie_evolution_1an", "Emploi, évolution sur un an", "%"),
                                   ("emploi_salarie_tcam_5ans", "Emploi, TCAM 5 ans", "%"), ("demandeurs_part_jeunes", "Demandeurs de moins de 25 ans", "%")]:
        own = [v for v in series(territory, indicator) if v["value"] is not None]
        if own:
            rows.append((label, unit, own[-1]["value"], reference_values(territory, indicator)))
    if rows:
        fig, axes = plt.subplots(len(rows), 1, figsize=(6.4, 0.7 * len(rows) + 0.6), squeeze=False)
        for ax, (label, unit, own, refs) in zip(axes[:, 0], rows):
            points = [(name, own)] + refs
            ys = list(range(len(points)))
            ax.hlines(ys, 0, [p[1] for p in points], color="#bbb", lw=1)
            ax.plot([p[1] for p in points], ys, "o", color="#1f4e79", ms=4)
            ax.set_yticks(ys, [p[0][:28] for p in points], fontsize=6)
            ax.set_title(f"{label} ({unit})", loc="left", fontsize=7)
            for x, y in zip([p[1] for p in points], ys):
                ax.text(x, y, " " + fr(x, 1), va="center", fontsize=6)
        note(axes[-1, 0], "France Travail, INSEE, URSSAF, DARES")
        fig.subplots_adjust(left=0.3, right=0.92, top=0.95, bottom=0.08, hspace=0.9)
        fig.savefig(os.path.join(folder, "comparaisons.svg"))
        plt.close(fig)
        charts += 1
stage("charts")

print(f"files read: {files_read}; territories: {len(territories)}; values: {value_count}; charts written: {charts}")
print("wall seconds per stage: " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items())
      + f" (total {sum(stages.values()):.2f})")

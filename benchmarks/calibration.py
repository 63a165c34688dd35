"""Calibration of the kit's inference: size, coverage and power on simulated documents.

Scenarios: ``keyness`` (document-level vs token-level p; sign_stable),
``group_means`` (compare_frames / compare_tone), ``naming`` (naming_shares
intervals, naming_test), ``jsd`` (group_distances).

For each inferential function, documents are drawn from a model with a
known truth (:mod:`framing._simulate`): two groups of 25 and 35 documents of
about 200 tokens (Poisson), 300 terms with Zipf shares; *multinomial*
documents draw tokens from their group's distribution, *overdispersed*
documents first draw their own distribution from a Dirichlet around the
group's (concentration 100), as articles do (issue #11).

* **size**: share of runs in which a test rejects a true null at 0.05
  (for keyness: at least one term with ``p_adj < 0.05``, the family-wise
  error of a reader who reports every flagged term);
* **coverage**: share of runs whose 95% interval holds the true value;
* **power**: share of planted effects detected (keyness: planted terms
  with ``p_adj < 0.05``).

naming: each document names a city 1 + Poisson(3) times; with *clustered
mentions* its propensity to write one variant is Beta-distributed around the
group's share (concentration 1: a page mostly keeps one spelling).
group_means: per-document rates of twenty terms (rank 20-39), a group of 12
documents against 48.

Each row gives the Monte-Carlo standard error :math:`\\sqrt{\\hat r(1-\\hat r)/R}`.
The fast subset in ``tests/test_calibration.py`` runs the same scenarios
with fewer runs and asserts size <= 0.05 + slack and coverage >= 0.95 -
slack, slack = 2.33 Monte-Carlo standard errors of the nominal rate
(one-sided 99%) plus a stated allowance for the method's own error.

Run: python benchmarks/calibration.py [--runs 200] [--only keyness,jsd,...]
Writes benchmarks/results/calibration.txt (and .csv).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import framing
from framing import _simulate as sim

N_A, N_B, N_TERMS, DOC_LEN, CONC = 25, 35, 300, 200, 100.0
CONDITIONS = {"multinomial": None, "overdispersed": CONC}
PLANTED = np.arange(4, 50, 5)  # ten terms, ranks 5, 10, ..., 50
PLANT_FACTOR = 3.0
TRUE_JSD = 0.153


def _row(function, variant, condition, quantity, hits, runs, nominal, note=""):
    hits = np.asarray(hits, dtype=float)
    est = float(np.nanmean(hits))
    n = int(np.isfinite(hits).sum())
    return dict(function=function, variant=variant, condition=condition, quantity=quantity, estimate=est,
                mc_se=float(np.sqrt(est * (1 - est) / max(n, 1))), nominal=nominal, runs=n, note=note)  # fmt: skip


def planted_shares():
    base = sim.zipf_shares(N_TERMS)
    pa = base.copy()
    pa[PLANTED] *= PLANT_FACTOR
    return pa / pa.sum(), base


# --------------------------------------------------------------------------- keyness
def keyness_scenarios(runs=200, *, n_perm=2000, n_boot=200, seed=0, conditions=CONDITIONS, methods=("log_odds", "g2")):
    """Size and power of keyness p_adj (token-level vs document-level), and sign_stable under the null."""
    from framing.keyness import keyness

    rows = []
    pa, base = planted_shares()
    for cname, conc in conditions.items():
        size = {(m, t): [] for m in methods for t in ("token", "permutation")}
        power = {(m, t): [] for m in methods for t in ("token", "permutation")}
        ss_empty, ss_both5 = [], []
        for r in range(runs):
            rng = np.random.default_rng([seed, r, 1])
            null = sim.two_group_counts(rng, n_a=N_A, n_b=N_B, n_terms=N_TERMS, doc_len=DOC_LEN, concentration=conc)
            eff = sim.two_group_counts(rng, n_a=N_A, n_b=N_B, n_terms=N_TERMS, doc_len=DOC_LEN, concentration=conc,
                                       shares_a=pa, shares_b=base)  # fmt: skip
            for m in methods:
                for t in ("token", "permutation"):
                    nb = n_boot if (m == "log_odds" and t == "permutation") else 0
                    k = keyness(null, "group", target="a", method=m, test=t, n_perm=n_perm, n_boot=nb, seed=r)
                    size[m, t].append((k.p_adj < 0.05).any())
                    if nb:
                        e = (k.count_target == 0) | (k.count_reference == 0)
                        b5 = (k.count_target >= 5) & (k.count_reference >= 5)
                        ss_empty.append(k.sign_stable[e].mean() if e.any() else np.nan)
                        ss_both5.append(k.sign_stable[b5].mean())
                    k = keyness(eff, "group", target="a", method=m, test=t, n_perm=n_perm, seed=r).set_index("term")
                    planted = k.index.isin(eff.terms[PLANTED])
                    power[m, t].append(float((k.p_adj[planted] < 0.05).mean()))
        for (m, t), hits in size.items():
            unit = "document" if t == "permutation" else "token"
            rows.append(_row("keyness", f"{m}, {t} ({unit}-level p)", cname, "size (any term p_adj<0.05)", hits, runs, 0.05))
            rows.append(_row("keyness", f"{m}, {t} ({unit}-level p)", cname,
                             f"power (planted terms x{PLANT_FACTOR:g} found)", power[m, t], runs, np.nan))  # fmt: skip
        if ss_both5:
            rows.append(_row("keyness", "log_odds sign_stable, both counts >= 5", cname, "size (per term)",
                             ss_both5, runs, 0.05, "share of null terms whose interval excludes 0"))  # fmt: skip
            rows.append(_row("keyness", "log_odds sign_stable, an empty cell", cname, "size (per term)",
                             ss_empty, runs, 0.05, "share of null terms whose interval excludes 0"))  # fmt: skip
    return rows


# --------------------------------------------------------------------------- compare_frames / compare_tone
FRAME_TERMS = np.arange(19, 39)  # a "frame": twenty terms of rank 20..39


def group_means_scenarios(runs=200, *, n_small=12, n_rest=48, n_boot=1000, seed=0, conditions=CONDITIONS):
    """Welch size/power and interval coverage of compare_group_means (compare_frames, compare_tone).

    Per-document frame rates (matches per 1,000 tokens of twenty terms) of a group of ``n_small``
    documents against ``n_rest`` others; effect: the frame's terms x1.5 in the small group.
    """
    from framing._stats import compare_group_means

    rows = []
    base = sim.zipf_shares(N_TERMS)
    eff = base.copy()
    eff[FRAME_TERMS] *= 1.5
    eff /= eff.sum()
    truth = {"null": 1000 * base[FRAME_TERMS].sum(), "effect": 1000 * eff[FRAME_TERMS].sum()}
    truth_rest = 1000 * base[FRAME_TERMS].sum()
    labels = np.array(["small"] * n_small + ["rest"] * n_rest, dtype=object)
    for cname, conc in conditions.items():
        hits = {k: [] for k in ("size", "cov_mean", "cov_diff_null", "power", "cov_diff_effect")}
        for r in range(runs):
            rng = np.random.default_rng([seed, r, 2])
            for case, shares in (("null", base), ("effect", eff)):
                X = np.vstack([sim.draw_counts(rng, shares, n_small, DOC_LEN, conc), sim.draw_counts(rng, base, n_rest, DOC_LEN, conc)])
                rate = 1000 * X[:, FRAME_TERMS].sum(axis=1) / X.sum(axis=1)
                t = compare_group_means(rate, labels, columns=["frame"], n_boot=n_boot, rng=r).set_index("group").loc["small"]
                if case == "null":
                    hits["size"].append(t.p < 0.05 if np.isfinite(t.p) else np.nan)
                    hits["cov_mean"].append(t.ci_low <= truth["null"] <= t.ci_high)
                    hits["cov_diff_null"].append(t.diff_ci_low <= 0 <= t.diff_ci_high)
                else:
                    hits["power"].append(t.p < 0.05 if np.isfinite(t.p) else np.nan)
                    d = truth["effect"] - truth_rest
                    hits["cov_diff_effect"].append(t.diff_ci_low <= d <= t.diff_ci_high)
        v = f"group of {n_small} vs rest of {n_rest}, frame rate"
        f = "compare_frames/_tone"
        rows += [
            _row(f, v, cname, "size (Welch p<0.05, document unit)", hits["size"], runs, 0.05),
            _row(f, v, cname, "power (frame x1.5 in the group)", hits["power"], runs, np.nan),
            _row(f, v, cname, "coverage of group mean (expanded)", hits["cov_mean"], runs, 0.95),
            _row(f, v, cname, "coverage of difference, null", hits["cov_diff_null"], runs, 0.95),
            _row(f, v, cname, "coverage of difference, effect", hits["cov_diff_effect"], runs, 0.95),
        ]
    return rows


# --------------------------------------------------------------------------- naming
def _naming_corpus(rng, n_docs, share, concentration):
    """Documents naming a city 1 + Poisson(3) times, each with its own propensity to write 'kiev'."""
    from framing import Corpus

    texts, groups = [], []
    for g, n in n_docs.items():
        k = 1 + rng.poisson(3, n)
        if concentration is None:
            p = np.full(n, share[g])
        else:
            p = rng.beta(concentration * share[g], concentration * (1 - share[g]), n)
        x = rng.binomial(k, p)
        for ki, xi in zip(k, x):
            texts.append(" ".join(["kiev"] * xi + ["kyiv"] * (ki - xi) + ["talks", "today"]))
            groups.append(g)
    return Corpus.from_texts(texts, pd.DataFrame({"group": groups}), warn=False)


NAMING_CONDITIONS = {"independent mentions": None, "clustered mentions": 1.0}
CITY = {"Kiev": ["kiev"], "Kyiv": ["kyiv"]}


def naming_scenarios(runs=200, *, n_boot=1000, n_perm=500, seed=0, conditions=NAMING_CONDITIONS):
    """Coverage of naming_shares intervals (document bootstrap vs mention Wilson); size of naming_test."""
    from framing.naming import naming_shares, naming_test

    rows = []
    for cname, conc in conditions.items():
        cov_boot, cov_wilson, size_perm, size_chi2 = [], [], [], []
        for r in range(runs):
            rng = np.random.default_rng([seed, r, 3])
            c = _naming_corpus(rng, {"a": 30, "b": 30}, {"a": 0.3, "b": 0.3}, conc)
            s = naming_shares(c, CITY, "group", n_boot=n_boot, seed=r)
            row = s[(s.group == "a") & (s.variant == "Kiev")].iloc[0]
            cov_boot.append(row.ci_low <= 0.3 <= row.ci_high)
            cov_wilson.append(row.wilson_low <= 0.3 <= row.wilson_high)
            t = naming_test(c, CITY, "group", n_perm=n_perm, seed=r).set_index("test")
            size_perm.append(t.loc["permutation", "p"] < 0.05)
            size_chi2.append(t.loc["chi2", "p"] < 0.05)
        rows += [
            _row("naming_shares", "30 documents, share 0.3; document bootstrap (default)", cname, "coverage of share",
                 cov_boot, runs, 0.95),
            _row("naming_shares", "30 documents, share 0.3; Wilson over mentions", cname, "coverage of share",
                 cov_wilson, runs, 0.95),
            _row("naming_test", "30 vs 30 documents; permutation (document)", cname, "size (p<0.05)", size_perm, runs, 0.05),
            _row("naming_test", "30 vs 30 documents; chi2 (mention)", cname, "size (p<0.05)", size_chi2, runs, 0.05),
        ]
    return rows


# --------------------------------------------------------------------------- similarity
def jsd_scenarios(runs=200, *, n_boot=200, seed=0, conditions=CONDITIONS, distance=TRUE_JSD):
    """Bias of the plug-in and corrected JSD, and coverage of group_distances' interval."""
    from framing.similarity import group_distances

    rows = []
    base = sim.zipf_shares(N_TERMS)
    other = sim.shifted_shares(base, distance)
    truth = sim.jsd(base, other)
    for cname, conc in conditions.items():
        plug, corr, cov, cov_null = [], [], [], []
        for r in range(runs):
            rng = np.random.default_rng([seed, r, 4])
            X = np.vstack([sim.draw_counts(rng, base, N_A, DOC_LEN, conc), sim.draw_counts(rng, other, N_B, DOC_LEN, conc)])
            g = group_distances(sim.to_corpus(X, ["a"] * N_A + ["b"] * N_B, seed=r), "group", n_boot=n_boot, seed=r).iloc[0]
            plug.append(g.distance)
            corr.append(g.estimate)
            cov.append(g.ci_low <= truth <= g.ci_high)
            Xn = np.vstack([sim.draw_counts(rng, base, N_A, DOC_LEN, conc), sim.draw_counts(rng, base, N_B, DOC_LEN, conc)])
            gn = group_distances(sim.to_corpus(Xn, ["a"] * N_A + ["b"] * N_B, seed=r), "group", n_boot=n_boot, seed=r).iloc[0]
            cov_null.append(gn.ci_low <= 0.0)
        v = f"{N_A} vs {N_B} documents, true JSD {truth:.3f}"
        rows += [
            dict(_row("group_distances", v, cname, "mean plug-in distance", [0], runs, truth), estimate=float(np.mean(plug)),
                 mc_se=float(np.std(plug) / np.sqrt(runs)), runs=runs),
            dict(_row("group_distances", v, cname, "mean corrected estimate", [0], runs, truth), estimate=float(np.mean(corr)),
                 mc_se=float(np.std(corr) / np.sqrt(runs)), runs=runs),
            _row("group_distances", v, cname, "coverage of true distance", cov, runs, 0.95),
            _row("group_distances", f"{N_A} vs {N_B} documents, true JSD 0", cname, "coverage of 0", cov_null, runs, 0.95),
        ]
    return rows


SCENARIOS = {
    "keyness": keyness_scenarios,
    "group_means": group_means_scenarios,
    "naming": naming_scenarios,
    "jsd": jsd_scenarios,
}


def format_table(df: pd.DataFrame) -> str:
    lines = [f"{'function':<22}{'variant':<58}{'condition':<22}{'quantity':<38}{'estimate':>9}{'mc_se':>8}{'nominal':>8}{'runs':>6}"]
    for r in df.itertuples():
        nominal = "" if pd.isna(r.nominal) else f"{r.nominal:.3f}"
        lines.append(f"{r.function:<22}{r.variant:<58}{r.condition:<22}{r.quantity:<38}{r.estimate:>9.3f}{r.mc_se:>8.3f}{nominal:>8}{r.runs:>6}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios to (re)run")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "calibration"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    parts = out.parent / "calibration_parts"
    parts.mkdir(exist_ok=True)
    for name in args.only.split(","):
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = pd.DataFrame(SCENARIOS[name](args.runs))
        df["seconds"] = time.perf_counter() - t
        df.to_csv(parts / f"{name}.csv", index=False)
        print(format_table(df), flush=True)
    # the table: every scenario's latest run (each part records its runs and seconds)
    found = [parts / f"{name}.csv" for name in SCENARIOS if (parts / f"{name}.csv").exists()]
    df = pd.concat([pd.read_csv(f) for f in found], ignore_index=True)
    head = [
        "calibration: size, coverage and power of framing's inference on simulated documents",
        f"framing {framing.__version__}, python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} CPU(s) (shared with other jobs; seconds are wall time)",
        f"design: groups of {N_A} and {N_B} documents, ~{DOC_LEN} tokens (Poisson), {N_TERMS} Zipf terms; "
        f"overdispersed = Dirichlet-multinomial documents, concentration {CONC:g}",
        f"keyness effect: terms of rank {PLANTED[0] + 1}..{PLANTED[-1] + 1} (every 5th) x{PLANT_FACTOR:g} in group a",
        "size = rejection rate under a true null (nominal 0.05); coverage = share of 95% intervals holding the truth;",
        "mc_se = Monte-Carlo standard error of the estimate",
        "seconds per scenario: " + ", ".join(f"{n} {s:.0f}" for n, s in df.groupby("function", sort=False)["seconds"].first().items()),
        "",
    ]
    text = "\n".join(head) + format_table(df) + "\n"
    out.with_suffix(".txt").write_text(text)
    df.drop(columns="seconds").to_csv(out.with_suffix(".csv"), index=False, float_format="%.4f")
    print(text)


if __name__ == "__main__":
    main()

"""Benchmarks for the structural topic model (issue 16), on data planted from the STM's generative process.

Four studies, each writing ``benchmarks/results/stm-<study>.txt``:

``coverage``  Repeated simulations (1,000 documents of ~60 tokens, K = 5, V = 500, a binary and a
              continuous prevalence covariate with known effects): the share of planted topics
              recovered (cosine > 0.9 after Hungarian matching) and the share of 95 % intervals from
              ``estimate_effect`` (method of composition) that cover the true effects. The true effect
              is the regression of E[theta_d | x_d] (Monte Carlo over the prior) on (1, treat, x) for
              the simulated design. Target: coverage >= 90 %. Run with the default starts (spectral
              and NMF, the higher bound after two EM iterations continues) and with the spectral
              start alone (stm's default). (--reps, default 100; the short study runs a quarter as many.)
``content``   A content covariate (two levels, five words per topic shifted in one level): planted
              topics recovered in both levels, and the shifted words among each topic's top words
              for that level (``content_contrast``).
``short``     Short documents (~30 tokens): error of the effect estimates (RMSE over topics and the
              treat and x coefficients, after matching) of the STM against the two-step approach (the
              kit's NMF or LDA, then OLS of the proportions on (1, treat, x) with a document bootstrap,
              as ``estimate_effect`` does for a TopicModel), and tomotopy's DMRModel (the nearest Python
              peer; prevalence covariate ``treat`` as its metadata, then the same regression on its
              topic proportions): recovery error (1 - mean matched cosine), effect RMSE and fit time.
              The STM with its default starts, and with each start alone.
``speed``     10,000 documents, ~1M tokens, K = 20, one categorical prevalence covariate (two
              levels): wall-clock fit time of the STM (default starts, and the spectral start alone),
              tomotopy's DMRModel (200 iterations, 2 workers) and the kit's default NMF in one run.
              Target: STM (default) at most 3x the DMR's time.

Run: python benchmarks/bench_stm.py [coverage|short|speed|all] [--reps N]
(tomotopy is in the ``bench`` extra). Timings are wall-clock of the fit call only.
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

import framing as fr
from framing.corpus import DocumentTermMatrix
from framing.topics import simulate_stm
from framing.topics.quality import match_topics

RESULTS = Path(__file__).resolve().parent / "results"


def _dtm(m, cov, terms):
    rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(m.shape[0])]}), cov], axis=1)
    return DocumentTermMatrix(m, rows, terms)


def _target(cov, truth):
    design = np.column_stack([np.ones(len(cov)), cov["treat"], cov["x"]])
    return np.linalg.lstsq(design, truth["expected_theta"], rcond=None)[0]  # (3, K)


def _header():
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"framing {fr.__version__} | Python {platform.python_version()} | {platform.machine()} | "
            f"{os.cpu_count()} CPUs | load average at start {load:.1f}")  # fmt: skip


def _effect_rows(table, match, target):
    """Estimates and intervals for (treat, x) of each planted topic, in planted order."""
    est, low, high = [], [], []
    for k, j in zip(match["topic"], match["match"]):
        part = table[table["topic"] == j].set_index("term")
        for i, term in ((1, "treat"), (2, "x")):
            est.append((part.loc[term, "estimate"], target[i, k]))
            low.append(part.loc[term, "ci_low"])
            high.append(part.loc[term, "ci_high"])
    return np.array(est), np.array(low), np.array(high)


# ------------------------------------------------------------------ coverage
def coverage(reps: int) -> str:
    """The coverage study with the default starts (spectral and NMF, the one with the higher bound after two EM
    iterations continues) and with the spectral start alone (stm's default), one section each."""
    return "\n\n".join(_coverage(reps, init) for init in (fr.STM().init, "spectral"))


def _coverage(reps: int, init: str) -> str:
    lines = [_header(), f"coverage study: {reps} simulations, 1,000 documents (~60 tokens), K = 5, V = 500, "
             f"STM(init={init!r})", ""]  # fmt: skip
    covered, recovered, cosines, which, used = [], [], [], [], []
    t0 = time.perf_counter()
    for r in range(reps):
        m, cov, truth = simulate_stm(1000, 5, 500, doc_length=60, seed=100 + r, shift=0.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = fr.STM(5, prevalence="~ treat + x", init=init).fit(_dtm(m, cov, truth["terms"]))
        match = match_topics(truth["beta"][0], model.topic_term_)
        used.append(model.init_)
        cosines.append(match["cosine"].min())
        recovered.append((match["cosine"] > 0.9).all())
        eff = fr.estimate_effect(model, ["treat", "x"], n_boot=200, seed=r)
        target = _target(cov, truth)
        for k, j in zip(match["topic"], match["match"]):
            part = eff[eff["topic"] == j].set_index("term")
            for i, term in enumerate(["(Intercept)", "treat", "x"]):
                covered.append(part.loc[term, "ci_low"] <= target[i, k] <= part.loc[term, "ci_high"])
                which.append(term)
        lines.append(f"  run {r:2d}: smallest matched cosine {match['cosine'].min():.3f}, "
                     f"intervals covering {np.mean(covered[-15:]):.0%}, EM continued from the {model.init_} start")  # fmt: skip
    share = float(np.mean(covered))
    by_term = pd.Series(covered, index=which, dtype=float).groupby(level=0, sort=False).mean()
    effects = float(by_term[["treat", "x"]].mean())
    # uncertainty of the effects' coverage: the simulations resampled (the 10 effect intervals of a run together)
    runs = np.array(covered, dtype=float).reshape(reps, -1)
    runs = runs[:, [i for i, t in enumerate(which[: runs.shape[1]]) if t != "(Intercept)"]]
    boot = runs[np.random.default_rng(0).integers(0, reps, size=(2000, reps))].mean(axis=(1, 2))
    effects_ci = f"95 % interval over simulations {np.quantile(boot, 0.025):.1%} to {np.quantile(boot, 0.975):.1%}"
    lines += [
        "",
        f"all planted topics recovered (cosine > 0.9) in {int(np.sum(recovered))} of {reps} runs "
        f"(smallest cosine over runs {min(cosines):.3f})",
        f"95 % intervals covering the true effect: {share:.1%} of {len(covered)} (5 topics x 3 coefficients x {reps})",
        "by coefficient: " + ", ".join(f"{t} {v:.1%}" for t, v in by_term.items())
        + f"; the two effects (treat, x) together {effects:.1%} ({effects_ci})",
        f"target coverage >= 90 %: {'MET' if share >= 0.9 else 'MISSED'} over all three coefficients, "
        f"{'MET' if effects >= 0.9 else 'MISSED'} over the effects",
        "EM continued from: " + ", ".join(f"{n} start {c} runs" for n, c in pd.Series(used).value_counts().items()),
        f"total time {time.perf_counter() - t0:.0f} s",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ content covariate
def content(reps: int) -> str:
    """Planted data with a content covariate (two levels, 5 shifted words per topic and level, shift 1.0)."""
    lines = [_header(), f"content covariate: {reps} simulations, 1,000 documents (~60 tokens), K = 5, V = 500, "
             "content ~ side (2 levels, 5 words per topic shifted by e^1 in level b)", ""]  # fmt: skip
    rows = []
    t0 = time.perf_counter()
    for r in range(reps):
        m, cov, truth = simulate_stm(1000, 5, 500, doc_length=60, seed=2 + r, shift=1.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = fr.STM(5, prevalence="~ treat + x", content="side").fit(_dtm(m, cov, truth["terms"]))
        cos = min(match_topics(truth["beta"][a], model.beta_[a])["cosine"].min() for a in range(2))
        match = match_topics(truth["beta"][0], model.beta_[0])
        hits = 0
        for k, j in zip(match["topic"], match["match"]):
            c = fr.content_contrast(model, int(j), target="b", reference="a", n_terms=5)
            hits += len(set(c.nlargest(5, "estimate")["term"]) & {truth["terms"][v] for v in truth["shifted"][k]})
        rows.append((cos, hits / 25, model.n_iter_, model.init_))
        lines.append(f"  run {r:2d}: smallest matched cosine over both levels {cos:.3f}, shifted words among the "
                     f"level's top 5 {hits} of 25, {model.n_iter_} EM iterations from the {model.init_} start")  # fmt: skip
    cos, hit, its, _ = (np.array(v) for v in zip(*rows))
    lines += ["", f"all planted topics recovered in both levels (cosine > 0.9) in {int((cos > 0.9).sum())} of {reps} runs "
              f"(smallest {cos.min():.3f}); shifted words found: {hit.mean():.1%} (share of the 5 x 5 planted shifts "
              f"among each topic's top 5 words for level b); EM iterations median {np.median(its):.0f}",
              f"total time {time.perf_counter() - t0:.0f} s"]  # fmt: skip
    return "\n".join(lines)


# ------------------------------------------------------------------ short documents
def _dmr(m, cov, k, iters=200, workers=2, seed=0):
    import tomotopy as tp

    mdl = tp.DMRModel(k=k, seed=seed)
    indptr, indices, data = m.indptr, m.indices, m.data.astype(int)
    kept = []
    for d in range(m.shape[0]):
        words = np.repeat(indices[indptr[d] : indptr[d + 1]], data[indptr[d] : indptr[d + 1]])
        if words.size:
            mdl.add_doc([f"w{v}" for v in words], metadata=str(cov["treat"].iloc[d]))
            kept.append(d)
    t = time.perf_counter()
    mdl.train(iters, workers=workers)
    elapsed = time.perf_counter() - t
    vocab = {w: i for i, w in enumerate(mdl.used_vocabs)}
    beta = np.zeros((k, m.shape[1]))
    for j in range(k):
        dist = np.asarray(mdl.get_topic_word_dist(j))
        for w, i in vocab.items():
            beta[j, int(w[1:])] = dist[i]
    theta = np.array([doc.get_topic_dist() for doc in mdl.docs])
    return beta, theta, np.array(kept), elapsed


def _two_step_effect(model, cov, *, n_boot=200, seed=0):
    """OLS of the fitted proportions on (1, treat, x) with a document bootstrap (percentile intervals),
    as ``estimate_effect`` does for a TopicModel (which codes every covariate as categorical)."""
    theta = model.doc_topic_
    design = np.column_stack([np.ones(len(cov)), cov["treat"], cov["x"]])
    coef = np.linalg.lstsq(design, theta, rcond=None)[0]
    rng = np.random.default_rng(seed)
    reps = []
    for _ in range(n_boot):
        i = rng.integers(0, len(theta), len(theta))
        reps.append(np.linalg.lstsq(design[i], theta[i], rcond=None)[0])
    low, high = np.quantile(np.stack(reps), [0.025, 0.975], axis=0)
    terms = ["(Intercept)", "treat", "x"]
    return pd.DataFrame([(k, terms[j], coef[j, k], low[j, k], high[j, k]) for k in range(theta.shape[1]) for j in range(3)],
                        columns=["topic", "term", "estimate", "ci_low", "ci_high"])  # fmt: skip


def short(reps: int) -> str:
    k = 5
    lines = [_header(), f"short documents: {reps} simulations, 1,000 documents of ~30 tokens, K = 5, V = 500", ""]
    rows = []
    for r in range(reps):
        m, cov, truth = simulate_stm(1000, k, 500, doc_length=30, seed=200 + r, shift=0.0)
        dtm = _dtm(m, cov, truth["terms"])
        target = _target(cov, truth)
        fits = {
            "STM (composition)": lambda: fr.STM(k, prevalence="~ treat + x"),
            "STM, init='spectral' only (composition)": lambda: fr.STM(k, prevalence="~ treat + x", init="spectral"),
            "STM, init='nmf' only (composition)": lambda: fr.STM(k, prevalence="~ treat + x", init="nmf"),
            "NMF then estimate_effect": lambda: fr.TopicModel(n_topics=k, random_state=0),
            "LDA then estimate_effect": lambda: fr.TopicModel(n_topics=k, method="lda", random_state=0),
        }
        for name, make in fits.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = time.perf_counter()
                model = make().fit(dtm)
                elapsed = time.perf_counter() - t
                if isinstance(model, fr.STM):
                    eff = fr.estimate_effect(model, ["treat", "x"], n_boot=200, seed=r)
                else:
                    eff = _two_step_effect(model, cov, seed=r)
            match = match_topics(truth["beta"][0], model.topic_term_)
            est, low, high = _effect_rows(eff, match, target)
            rows.append((name, r, 1 - match["cosine"].mean(), np.sqrt(np.mean((est[:, 0] - est[:, 1]) ** 2)),
                         np.mean((low <= est[:, 1]) & (est[:, 1] <= high)), elapsed))  # fmt: skip
        try:
            beta, theta, kept, elapsed = _dmr(m, cov, k, seed=r)
        except ImportError:
            continue
        match = match_topics(truth["beta"][0], beta)
        design = np.column_stack([np.ones(len(kept)), cov["treat"].to_numpy()[kept], cov["x"].to_numpy()[kept]])
        coef = np.linalg.lstsq(design, theta, rcond=None)[0]
        est = np.array([(coef[i, j], target[i, kk]) for kk, j in zip(match["topic"], match["match"]) for i in (1, 2)])
        rows.append(("tomotopy DMRModel (200 iter) then OLS", r, 1 - match["cosine"].mean(),
                     np.sqrt(np.mean((est[:, 0] - est[:, 1]) ** 2)), np.nan, elapsed))  # fmt: skip
    table = pd.DataFrame(rows, columns=["model", "run", "recovery_error", "effect_rmse", "coverage", "fit_s"])
    summary = table.groupby("model", sort=False).mean(numeric_only=True).drop(columns="run")
    lines.append(summary.to_string(float_format=lambda v: f"{v:.3f}"))
    per_run = table.pivot(index="run", columns="model", values="effect_rmse")
    two_step = "NMF then estimate_effect"
    wins = int((per_run["STM (composition)"] < per_run[two_step]).sum())
    diff = (per_run["STM (composition)"] - per_run[two_step]).to_numpy()
    boot = np.random.default_rng(0).choice(diff, size=(2000, len(diff))).mean(axis=1)
    paired = (f"paired over the {len(diff)} simulations: STM's error below the NMF two-step's in {wins}; mean difference "
              f"{diff.mean():+.4f} (95 % bootstrap interval {np.quantile(boot, 0.025):+.4f} to {np.quantile(boot, 0.975):+.4f})")
    stm = summary.loc["STM (composition)", "effect_rmse"]
    spectral = summary.loc["STM, init='spectral' only (composition)", "effect_rmse"]
    best_two = summary.loc[summary.index.str.contains("then"), "effect_rmse"].min()
    lines += [
        "",
        "recovery_error: 1 - mean cosine of the matched topics; effect_rmse: RMSE of the treat and x effects on the",
        "expected topic proportions over the 5 topics; coverage: share of 95 % intervals covering them.",
        "STM (composition): the default, spectral and NMF starts run two EM iterations each and the one with the",
        "higher bound continues (stm's selectModel rule).",
        f"target: STM's effect error below the two-step approach's: {'MET' if stm < best_two else 'MISSED'} "
        f"with the default ({stm:.4f} vs best two-step {best_two:.4f}); "
        f"{'MET' if spectral < best_two else 'MISSED'} with the spectral start alone ({spectral:.4f})",
        paired,
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ speed
def speed() -> str:
    """Wall-clock (and process CPU) time of each fit. The STM runs its E-step in 2 threads (``n_jobs=2``),
    as the DMR runs 2 workers; its numbers are the same for every ``n_jobs``."""
    k = 20
    m, cov, truth = simulate_stm(10000, k, 5000, doc_length=100, seed=0, shift=0.0)
    cov["group"] = np.where(cov["treat"] == 1, "b", "a")
    dtm = _dtm(m, cov, truth["terms"])
    lines = [_header(), f"speed: {m.shape[0]:,} documents, {int(m.sum()):,} tokens, {m.shape[1]:,} terms, K = {k}, "
             "prevalence ~ group (two levels)", ""]  # fmt: skip
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t, c = time.perf_counter(), time.process_time()
        stm = fr.STM(k, prevalence="~ group", n_jobs=2).fit(dtm)
        rows.append(("framing STM (default starts, variational EM)", time.perf_counter() - t, time.process_time() - c,
                     stm.topic_term_, f"EM continued from the {stm.init_} start ({' / '.join(stm.start_bounds_)} bounds "
                     f"after {stm.start_iter_} iterations {' / '.join(f'{b:,.0f}' for b in stm.start_bounds_.values())}); "
                     f"{stm.n_iter_} EM iterations; E-step in 2 threads"))  # fmt: skip
        t, c = time.perf_counter(), time.process_time()
        alone = fr.STM(k, prevalence="~ group", n_jobs=2, init="spectral").fit(dtm)
        rows.append(("framing STM, init='spectral' only", time.perf_counter() - t, time.process_time() - c,
                     alone.topic_term_, f"{alone.n_iter_} EM iterations"))  # fmt: skip
        t, c = time.perf_counter(), time.process_time()
        nmf = fr.TopicModel(n_topics=k, random_state=0).fit(dtm)
        rows.append(("framing TopicModel default (NMF)", time.perf_counter() - t, time.process_time() - c,
                     nmf.topic_term_, ""))  # fmt: skip
    try:
        c = time.process_time()
        beta, _, _, elapsed = _dmr(m, cov.assign(treat=cov["group"]), k, seed=0)
        rows.append(("tomotopy DMRModel (200 iter, 2 workers)", elapsed, time.process_time() - c, beta,
                     "cpu s includes adding the documents"))  # fmt: skip
    except ImportError:
        pass
    dmr = next((r[1] for r in rows if r[0].startswith("tomotopy")), np.nan)
    lines.append(f"{'model':<48}{'fit s':>8}{'cpu s':>8}{'x DMR':>8}{'mean cos':>10}{'min cos':>9}  note")
    missed = set(range(k))
    for name, secs, cpu, beta, note in rows:
        match = match_topics(truth["beta"][0], beta)
        cos = match["cosine"]
        missed &= set(match.loc[cos < 0.5, "topic"].astype(int))
        lines.append(f"{name:<48}{secs:>8.1f}{cpu:>8.1f}{secs / dmr:>8.2f}{cos.mean():>10.3f}{cos.min():>9.3f}  {note}")
    for t in sorted(missed):  # why every model misses it
        lines.append(f"planted topic {t}, missed by every model (cosine < 0.5), takes at most "
                     f"{truth['theta'][:, t].max():.1%} of any document (mean {truth['theta'][:, t].mean():.1%})"
                     + (": the logistic normal's reference topic (eta fixed at 0) hardly varies, so it never "
                        "leads a document and co-occurrence cannot separate it" if t == k - 1 else ""))  # fmt: skip
    ratio = rows[0][1] / dmr
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += ["", f"load average at end {load:.1f}; fit s: wall clock of the fit call; cpu s: process CPU time (all threads)",
              f"target: STM at most 3x the DMR's time: {'MET' if ratio <= 3 else 'MISSED'} ({ratio:.2f}x)"]  # fmt: skip
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study", nargs="?", default="all", choices=["coverage", "content", "short", "speed", "all"])
    parser.add_argument("--reps", type=int, default=100)
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    studies = ["coverage", "content", "short", "speed"] if args.study == "all" else [args.study]
    for study in studies:
        text = {"coverage": lambda: coverage(args.reps), "content": lambda: content(max(3, args.reps // 5)),
                "short": lambda: short(max(3, args.reps // 4)),
                "speed": speed}[study]()  # fmt: skip
        (RESULTS / f"stm-{study}.txt").write_text(text + "\n", encoding="utf-8")
        print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

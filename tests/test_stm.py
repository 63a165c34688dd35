"""The structural topic model: recovery on planted data, effects, content, persistence, errors."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

import framing as fr
from framing import DocumentTermMatrix, InputError
from framing.topics._stm_effects import (
    content_contrast,
    content_terms,
    stm_effect,
    stm_prevalence,
    stm_prevalence_differences,
    topic_correlation,
)
from framing.topics._stm_estep import EStep, _Docs
from framing.topics._stm_simulate import simulate_stm
from framing.topics.stm import STM
from framing.topics.quality import match_topics


def _dtm(matrix, covariates, terms):
    rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(matrix.shape[0])]}), covariates], axis=1)
    return DocumentTermMatrix(matrix, rows, terms)


@pytest.fixture(scope="module")
def planted():
    """1,000 planted documents (K=5, V=500, ~60 tokens) and an STM fitted with prevalence ~ treat + x."""
    m, cov, truth = simulate_stm(1000, 5, 500, doc_length=60, seed=1, shift=0.0)
    dtm = _dtm(m, cov, truth["terms"])
    model = STM(5, prevalence="~ treat + x").fit(dtm)
    return dtm, truth, model


@pytest.mark.parametrize("seed", [101, 115, 119])
def test_spectral_start_separates_planted_topics(seed):
    # the three coverage-study simulations in which stm's plain anchor search merged two topics (smallest
    # matched cosine of the final fit 0.22, 0.29, 0.15 before the rectified, clustered start)
    from framing.topics._stm_init import spectral_beta

    m, _, truth = simulate_stm(1000, 5, 500, doc_length=60, seed=seed, shift=0.0)
    beta, anchors = spectral_beta(m.tocsr(), 5)
    assert (match_topics(truth["beta"][0], beta)["cosine"] > 0.9).all()
    plain, _ = spectral_beta(m.tocsr(), 5, rectified=False, clustered=False)
    assert match_topics(truth["beta"][0], plain)["cosine"].min() < 0.5  # what stm's own procedure gives here


def test_the_default_keeps_the_start_with_the_higher_bound_on_short_documents():
    # issue 16, short documents (~30 tokens): the spectral start alone misses a planted topic (smallest matched
    # cosine 0.04) and EM keeps the miss; EM from the NMF start recovers all five. The default runs both starts
    # for two EM iterations (stm's selectModel) and continues the one with the higher bound: here the NMF one.
    m, cov, truth = simulate_stm(1000, 5, 500, doc_length=30, seed=200, shift=0.0)
    dtm = _dtm(m, cov, truth["terms"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spectral = STM(5, prevalence="~ treat + x", init="spectral").fit(dtm)
        nmf = STM(5, prevalence="~ treat + x", init="nmf").fit(dtm)
        default = STM(5, prevalence="~ treat + x").fit(dtm)
    assert match_topics(truth["beta"][0], spectral.topic_term_)["cosine"].min() < 0.5
    assert match_topics(truth["beta"][0], nmf.topic_term_)["cosine"].min() > 0.95
    assert spectral.init_ == "spectral" and spectral.start_bounds_ == {}
    assert default.init_ == "nmf" and list(default.start_bounds_) == ["spectral", "nmf"]
    assert default.start_bounds_["nmf"] > default.start_bounds_["spectral"]
    assert default.start_bounds_["nmf"] == nmf.bound_[1]  # the bound after the second EM iteration
    np.testing.assert_array_equal(default.topic_term_, nmf.topic_term_)  # then EM goes on exactly as from nmf
    assert default.anchors_ == spectral.anchors_  # the spectral start's anchors are kept for inspection
    again = STM(5, prevalence="~ treat + x", init="nmf", max_iter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first, second = again.fit(dtm).topic_term_, clone(again).fit(dtm).topic_term_
    np.testing.assert_array_equal(first, second)  # deterministic


def test_a_start_that_cannot_be_computed_is_skipped_with_a_warning(monkeypatch):
    m, cov, truth = simulate_stm(200, 3, 100, doc_length=30, seed=3, shift=0.0)
    dtm = _dtm(m, cov, truth["terms"])

    def fail(*args, **kwargs):
        raise ValueError("too few documents for the co-occurrence matrix")

    monkeypatch.setattr("framing.topics.stm.spectral_beta", fail)
    with pytest.warns(UserWarning, match=r"start skipped: spectral \(STM.fit\(\): the spectral start failed") as seen:
        model = STM(3, prevalence="~ treat", max_iter=50).fit(dtm)
    assert {w.filename for w in seen if "start skipped" in str(w.message)} == {__file__}  # points at the user's line
    assert model.init_ == "nmf" and model.start_bounds_ == {}
    with pytest.raises(InputError, match="the spectral start failed: too few documents for the co-occurrence matrix; use init='nmf'"):
        STM(3, prevalence="~ treat", init="spectral").fit(dtm)


@pytest.fixture(scope="module")
def planted_content():
    m, cov, truth = simulate_stm(1000, 5, 500, doc_length=60, seed=2, shift=1.0)
    dtm = _dtm(m, cov, truth["terms"])
    model = STM(5, prevalence="~ treat + x", content="side").fit(dtm)
    return dtm, truth, model


# ------------------------------------------------------------------ E-step
def test_estep_gradient_and_hessian_match_finite_differences():
    m, _, truth = simulate_stm(40, 4, 80, doc_length=30, seed=3, shift=0.0)
    m.sort_indices()
    es = EStep(_Docs(m, np.zeros(40, int)), truth["beta"][:1])
    rng = np.random.default_rng(0)
    eta, mu = rng.normal(size=(40, 3)), rng.normal(size=(40, 3))
    siginv = np.linalg.inv(np.array([[1, 0.3, 0], [0.3, 1, 0.2], [0, 0.2, 1.0]]))
    f, theta, denom = es.objective(eta, mu, siginv)
    grad, phi, _ = es.gradient(eta, mu, siginv, theta, denom)
    hess = es.neg_hessian(siginv, theta, denom, phi)
    eps = 1e-6
    for j in range(3):
        e2 = eta.copy()
        e2[:, j] += eps
        f2, th2, de2 = es.objective(e2, mu, siginv)
        g2, _, _ = es.gradient(e2, mu, siginv, th2, de2)
        assert np.allclose((f2 - f) / eps, grad[:, j], atol=1e-4)
        assert np.allclose(-(g2 - grad) / eps, hess[:, :, j], atol=1e-4)


# ------------------------------------------------------------------ recovery
def test_planted_topics_are_recovered(planted):
    _, truth, model = planted
    cos = match_topics(truth["beta"][0], model.topic_term_)["cosine"].to_numpy()
    assert (cos > 0.9).all(), cos


def test_effect_intervals_cover_true_effects(planted):
    # the target of estimate_effect: the population regression of E[theta | x] on (1, treat, x)
    dtm, truth, model = planted
    cov = dtm.rows
    design = np.column_stack([np.ones(len(cov)), cov["treat"], cov["x"]])
    target = np.linalg.lstsq(design, truth["expected_theta"], rcond=None)[0]
    eff = stm_effect(model, ["treat", "x"], n_boot=100, seed=0)
    match = match_topics(truth["beta"][0], model.topic_term_)
    covered = []
    for k, j in zip(match["topic"], match["match"]):
        part = eff[eff["topic"] == j].set_index("term")
        for i, term in enumerate(["(Intercept)", "treat", "x"]):
            covered.append(part.loc[term, "ci_low"] <= target[i, k] <= part.loc[term, "ci_high"])
    # one fixed simulation; the repeated study (benchmarks/bench_stm.py coverage) reports the share over 20
    assert np.mean(covered) >= 0.8, covered


def test_content_model_recovers_shifted_words(planted_content):
    _, truth, model = planted_content
    match = match_topics(truth["beta"][0], model.beta_[0])
    assert (match["cosine"] > 0.9).all(), match  # pooled over both levels the start lost a topic (0.79)
    hits = []
    for k, j in zip(match["topic"], match["match"]):
        c = content_contrast(model, int(j), target="b", reference="a", n_terms=5)
        top = set(c.nlargest(5, "estimate")["term"])
        hits.append(len(top & {truth["terms"][v] for v in truth["shifted"][k]}))
    assert sum(hits) >= 0.8 * 5 * len(hits), hits


def test_composition_draws_use_the_unique_symmetric_square_root(planted):
    # eigenvector signs (and bases of equal eigenvalues) differ between LAPACK builds; q sqrt(w) would change the
    # draws of a seed with them, the symmetric root q sqrt(w) q^T does not. Checked against scipy's sqrtm.
    from scipy.linalg import sqrtm

    from framing.topics._stm_effects import _Composition

    _, _, model = planted
    root = _Composition(model).root
    for d in (0, 1, 500):
        np.testing.assert_allclose(root[d], np.real(sqrtm(model.nu_[d])), atol=1e-10)


def test_content_model_keeps_a_weak_topic_over_many_em_iterations():
    # planted data in which, under a Jeffreys prior on the topic deviations too, one planted topic reached cosine
    # 0.95 after 10 EM iterations and then dissolved (0.56 after 230); the topic deviations now get a weak prior
    m, cov, truth = simulate_stm(1000, 5, 500, doc_length=60, seed=4, shift=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = STM(5, prevalence="~ treat + x", content="side").fit(_dtm(m, cov, truth["terms"]))
    for level in range(2):
        assert match_topics(truth["beta"][level], model.beta_[level])["cosine"].min() > 0.9
    assert model.converged_ and model.n_iter_ < 100


def test_spectral_start_is_deterministic(planted):
    dtm, _, model = planted
    with pytest.warns(UserWarning, match="did not converge in max_iter=3"):
        again = STM(5, prevalence="~ treat + x", max_iter=3).fit(dtm)
    with pytest.warns(UserWarning, match="did not converge"):
        first = STM(5, prevalence="~ treat + x", max_iter=3).fit(dtm)
    assert np.array_equal(again.topic_term_, first.topic_term_)
    assert model.anchors_ and len(model.anchors_) == 5


# ------------------------------------------------------------------ attributes and shared tools
def test_learned_attributes(planted):
    dtm, _, model = planted
    n, k = dtm.shape[0], 5
    assert model.doc_topic_.shape == (n, k) and np.allclose(model.doc_topic_.sum(axis=1), 1)
    assert model.eta_.shape == (n, k - 1) and model.nu_.shape == (n, k - 1, k - 1)
    assert model.gamma_.shape == (3, k - 1) and model.prevalence_terms_ == ["Intercept", "treat", "x"]
    assert np.allclose(model.topic_term_.sum(axis=1), 1)
    assert model.converged_ and model.n_iter_ == len(model.bound_)
    assert isinstance(model, fr.TopicModel)


def test_top_terms_frex_and_lift_are_shared(planted):
    _, _, model = planted
    for measure in ("prob", "frex", "lift"):
        table = fr.top_terms(model, 5, measure=measure)
        assert table.shape == (25, 6) and (table["measure"] == measure).all()
    assert set(fr.describe_topics(model, 3)["measure"]) == {"prob", "frex", "lift"}


def test_choose_k_and_topic_stability_work_on_stm(planted):
    dtm, _, _ = planted
    dtm = dtm.select_rows(np.arange(dtm.shape[0]) < 300)
    template = STM(4, prevalence="~ treat", max_iter=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stab = fr.topic_stability(template, dtm, random_states=(0, 1), subsample=0.7)
        grid = fr.choose_k(template, dtm, [3, 4], random_states=(0, 1))
    assert len(stab) == 4 and stab["stability"].between(0, 1).all()
    assert grid["n_topics"].tolist() == [3, 4] and grid["suggested"].sum() == 1


def test_transform_reproduces_training_proportions(planted):
    dtm, _, model = planted
    theta = model.transform(dtm)
    assert np.abs(theta - model.doc_topic_).max() < 1e-3


# ------------------------------------------------------------------ effects
def test_estimate_effect_table_shape(planted):
    _, _, model = planted
    eff = stm_effect(model, ["treat", "x"], n_boot=50)
    assert list(eff.columns) == ["topic", "label", "term", "covariate", "level", "reference", "estimate",
                                 "std_error", "ci_low", "ci_high", "n_docs", "n_boot_used"]  # fmt: skip
    assert len(eff) == 15 and (eff["ci_low"] <= eff["ci_high"]).all()
    formula = stm_effect(model, "~ treat + bs(x, df=3)", n_boot=50)
    assert formula["term"].nunique() == 5
    with pytest.raises(InputError, match="at least 10"):
        stm_effect(model, "treat", n_boot=5)
    with pytest.raises(InputError, match="unknown covariate column"):
        stm_effect(model, "outlet", n_boot=50)


def test_n_boot_0_gives_the_fit_at_the_posterior_mode_without_intervals(planted):
    """n_boot=0 means no draws, as everywhere in the kit: same columns, estimates from the modal proportions."""
    dtm, _, model = planted
    with_draws = stm_effect(model, ["treat"], n_boot=50)
    eff = stm_effect(model, ["treat"], n_boot=0)
    assert list(eff.columns) == list(with_draws.columns)
    assert eff[["ci_low", "ci_high", "std_error"]].isna().all().all() and (eff["n_boot_used"] == 0).all()
    theta = model.doc_topic_
    x = np.column_stack([np.ones(len(theta)), dtm.rows["treat"]])
    coef = np.linalg.lstsq(x, theta, rcond=None)[0]  # OLS of the modal proportions, by hand
    got = eff.pivot(index="term", columns="topic", values="estimate").loc[["(Intercept)", "treat"]].to_numpy()
    assert np.allclose(got, coef)
    points = stm_prevalence(model, "treat", n_boot=0)
    means = pd.DataFrame(theta).groupby(dtm.rows["treat"].to_numpy()).mean()
    for _, row in points.iterrows():
        assert np.isclose(row["estimate"], means.loc[row["group"], row["topic"]])
    assert points[["ci_low", "ci_high"]].isna().all().all()
    diffs = stm_prevalence_differences(model, "treat", n_boot=0)
    assert diffs[["ci_low", "ci_high", "p", "p_adj"]].isna().all().all() and diffs["estimate"].notna().all()


def test_composition_intervals_are_wider_than_at_the_mode(planted):
    # the method of composition adds the uncertainty of theta: the interval is at least as wide as the
    # sampling interval of the regression on the modes (1.96 * OLS standard error)
    dtm, _, model = planted
    eff = stm_effect(model, ["treat"], n_boot=200, seed=1)
    theta = model.doc_topic_
    x = np.column_stack([np.ones(len(theta)), dtm.rows["treat"]])
    coef, res, *_ = np.linalg.lstsq(x, theta, rcond=None)
    se = np.sqrt(res / (len(theta) - 2) * np.linalg.inv(x.T @ x)[1, 1])
    width = eff[eff["term"] == "treat"]["ci_high"].to_numpy() - eff[eff["term"] == "treat"]["ci_low"].to_numpy()
    assert (width >= 0.9 * 2 * 1.96 * se).all()


def test_prevalence_points_and_differences(planted):
    _, _, model = planted
    points = stm_prevalence(model, "treat", n_boot=50)
    assert list(points.columns) == ["topic", "label", "group", "n_docs", "estimate", "ci_low", "ci_high"]
    assert np.allclose(points.groupby("group")["estimate"].sum(), 1, atol=0.02)
    diff = stm_prevalence_differences(model, "treat", pairs=[(1, 0)], n_boot=50)
    # the TopicModel table has, since issue #11, n_docs_a/n_docs_b/note besides the STM table's columns
    full = list(fr.prevalence_differences(fr.TopicModel(n_topics=2).fit(
        (np.eye(4)[[0, 1, 2, 3, 0, 1]] + 1, list("abcd"))), ["a", "a", "a", "b", "b", "b"], n_boot=50).columns)
    assert [c for c in full if c in set(diff.columns)] == list(diff.columns)
    merged = points.pivot(index="topic", columns="group", values="estimate")
    assert np.allclose(diff["estimate"], merged[1] - merged[0], atol=0.01)


def test_public_functions_dispatch_to_composition(planted):
    _, _, model = planted
    pd.testing.assert_frame_equal(fr.estimate_effect(model, "treat", n_boot=50, seed=3),
                                  stm_effect(model, "treat", n_boot=50, seed=3))  # fmt: skip
    pd.testing.assert_frame_equal(fr.topic_prevalence(model, "treat", n_boot=50), stm_prevalence(model, "treat", n_boot=50))


def test_topic_correlation_hand_worked():
    from framing.topics._stm_effects import _correlation_table

    # columns a = (.6,.5,.1,.2,.4), b = (.3,.4,.2,.1,.4): means .36 and .28; deviations
    # a: .24 .14 -.26 -.16 .04, b: .02 .12 -.08 -.18 .12; sum of products .076, sums of squares .172 and .068
    # r = .076 / sqrt(.172 * .068) = 0.7027
    theta = np.array([[0.6, 0.3, 0.1], [0.5, 0.4, 0.1], [0.1, 0.2, 0.7], [0.2, 0.1, 0.7], [0.4, 0.4, 0.2]])
    table = _correlation_table(theta, ["a", "b", "c"], 0.05)
    a, b = theta[:, 0], theta[:, 1]
    r = ((a - a.mean()) * (b - b.mean())).sum() / np.sqrt(((a - a.mean()) ** 2).sum() * ((b - b.mean()) ** 2).sum())
    assert table["estimate"].iloc[0] == pytest.approx(r) == pytest.approx(0.7027, abs=1e-4)
    # Fisher interval: tanh(atanh(r) -+ 1.96 / sqrt(2))
    assert table["ci_low"].iloc[0] == pytest.approx(np.tanh(np.arctanh(r) - 1.959964 / np.sqrt(2)), rel=1e-5)


def test_topic_correlation_on_model(planted):
    _, _, model = planted
    table = topic_correlation(model)
    assert len(table) == 10 and table["estimate"].between(-1, 1).all()


def test_content_terms_per_level(planted_content):
    _, _, model = planted_content
    table = content_terms(model, 0, n_terms=4, measure="frex")
    assert set(table["group"]) == {"a", "b"} and len(table) == 8
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # two EM iterations may or may not converge on this tiny matrix
        plain = STM(2, max_iter=2).fit((np.eye(4)[[0, 1, 2, 3, 0, 1]] + 1, list("abcd")))
    with pytest.raises(InputError, match="no content covariate"):
        content_terms(plain)


# ------------------------------------------------------------------ persistence
def test_save_load_roundtrip(planted_content, tmp_path):
    _, _, model = planted_content
    path = model.save(tmp_path / "stm")
    assert path.suffix == ".json" and not list(tmp_path.glob("*.tmp"))
    back = STM.load(tmp_path / "stm")
    for name in ("beta_", "doc_topic_", "eta_", "nu_", "gamma_", "sigma_", "topic_term_", "kappa_interaction_"):
        assert np.array_equal(getattr(back, name), getattr(model, name)), name
    assert back.content_levels_ == model.content_levels_ and back.topic_labels_ == model.topic_labels_
    assert back.get_params() == model.get_params()
    assert back.init_ == model.init_ and back.start_bounds_ == model.start_bounds_
    pd.testing.assert_frame_equal(fr.top_terms(back, 3), fr.top_terms(model, 3))


def test_load_validates(planted, tmp_path):
    _, _, model = planted
    model.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m.json").read_text())
    meta["shapes"]["eta"] = [1, 1]
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(InputError, match="do not belong together"):
        STM.load(tmp_path / "m")
    meta["format"] = "something-else"
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(InputError, match="is not a framing-stm/1 file"):
        STM.load(tmp_path / "m.json")
    with pytest.raises(InputError, match="does not exist"):
        STM.load(tmp_path / "missing")


# ------------------------------------------------------------------ errors
def test_bad_input_errors(planted):
    dtm, _, _ = planted
    with pytest.raises(InputError, match="n_topics must be an int >= 2"):
        STM(1).fit(dtm)
    with pytest.raises(InputError, match="init must be"):
        STM(3, init="lda").fit(dtm)
    with pytest.raises(InputError, match="unknown covariate column"):
        STM(3, prevalence="~ outlet").fit(dtm)
    with pytest.raises(InputError, match="covariates has 3 rows"):
        STM(3).fit(dtm, covariates=pd.DataFrame({"a": [1, 2, 3]}))
    cov = dtm.rows.copy()
    cov.loc[4, "x"] = np.nan
    with pytest.raises(InputError, match=r"'x' has 1 missing value"):
        STM(3, prevalence="~ x").fit(dtm, covariates=cov)
    with pytest.raises(InputError, match="at least two"):
        STM(3, content="side").fit(dtm, covariates=dtm.rows.assign(side="a"))


def test_init_only_stores_parameters():
    model = STM(7, prevalence="~ bloc", content="bloc", max_iter=3)
    assert model.get_params()["n_topics"] == 7 and not hasattr(model, "doc_topic_")


# ------------------------------------------------------------------ plots
def test_plots_draw_the_stm_tables(planted, planted_content):
    import matplotlib.pyplot as plt

    from framing import plots

    _, _, model = planted
    _, _, content = planted_content
    diff = fr.prevalence_differences(model, "treat", n_boot=50)
    ax = plots.plot_prevalence_differences(diff, ax=plt.figure().add_subplot())
    assert len(ax.get_yticklabels()) == 5 and "1 − 0" in ax.get_xlabel() or "0 − 1" in ax.get_xlabel()
    contrast = content_contrast(content, 0, n_terms=4)
    ax = plots.plot_content_contrast(contrast, ax=plt.figure().add_subplot())
    assert sorted(t.get_text() for t in ax.texts) == sorted(contrast["term"])
    corr = topic_correlation(model)
    ax = plots.plot_topic_correlation(corr, ax=plt.figure().add_subplot())
    assert len(ax.lines) == int(((corr["estimate"] > 0) & (corr["ci_low"] > 0)).sum())
    with pytest.raises(InputError, match="missing column"):
        plots.plot_topic_correlation(corr.drop(columns="label_a"))


# ------------------------------------------------------------------ prevalence along a numeric covariate
def test_prevalence_curve_is_the_effect_regression_read_along_the_covariate(planted):
    _, _, model = planted
    curve = fr.prevalence_curve(model, "x", n_points=6, n_boot=100, seed=4)
    line = fr.estimate_effect(model, "~ treat + x", n_boot=100, seed=4)  # the same design, so the same draws
    assert curve["treat"].unique().tolist() == [0.0]  # the lower median of a 0/1 column: an observed value
    for k in range(5):
        b = line[line["topic"] == k].set_index("term")["estimate"]
        part = curve[curve["topic"] == k]
        np.testing.assert_allclose(part["estimate"], b["(Intercept)"] + b["x"] * part["value"], atol=1e-12)
        assert (part["ci_low"] < part["estimate"]).all() and (part["estimate"] < part["ci_high"]).all()
    held = fr.prevalence_curve(model, "x", at={"treat": 1}, values=[0.2, 0.5], n_boot=0)
    assert held["ci_low"].isna().all() and held["value"].tolist() == [0.2, 0.5] * 5 and set(held["treat"]) == {1}
    assert "with the other covariates held at treat = 0.0" in fr.methods_text(curve)


def test_prevalence_curve_with_a_spline_covers_the_true_curve():
    m, cov, truth = simulate_stm(1000, 4, 400, doc_length=60, seed=7, shift=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = STM(4, prevalence="~ treat + bs(x, df=3)").fit(_dtm(m, cov, truth["terms"]))
    curve = fr.prevalence_curve(model, "x", n_points=9, n_boot=200, seed=0)
    # the true curve: the same spline regression of the true expected proportions, at treat = 0
    import formulaic

    mm = formulaic.model_matrix("~ treat + bs(x, df=3)", cov)
    coef = np.linalg.lstsq(np.asarray(mm, float), truth["expected_theta"], rcond=None)[0]
    grid = np.asarray(mm.model_spec.get_model_matrix(pd.DataFrame({"treat": 0, "x": curve["value"].unique()})), float)
    true = grid @ coef  # (9, K)
    match = match_topics(truth["beta"][0], model.topic_term_)
    inside = []
    for k, j in zip(match["topic"], match["match"]):
        part = curve[curve["topic"] == j]
        inside += list((part["ci_low"].to_numpy() <= true[:, k]) & (true[:, k] <= part["ci_high"].to_numpy()))
    assert np.mean(inside) >= 0.8, np.mean(inside)


def test_prevalence_curve_refuses_what_it_cannot_draw(planted):
    _, _, model = planted
    with pytest.raises(InputError, match="does not use 'treat'"):
        fr.prevalence_curve(model, "treat", formula="~ x")
    with pytest.raises(InputError, match="outside the observed range of 'x'"):
        fr.prevalence_curve(model, "x", values=[0.5, 2.0])
    with pytest.raises(InputError, match="at= names \\['side'\\]"):
        fr.prevalence_curve(model, "x", at={"side": "a"})
    with pytest.raises(InputError, match="is not numeric"):
        fr.prevalence_curve(model, "side", formula="~ side")
    with pytest.raises(InputError, match="is not a covariate column"):
        fr.prevalence_curve(model, "day")
    with pytest.raises(InputError, match="n_points must be"):
        fr.prevalence_curve(model, "x", n_points=1)


def test_plot_prevalence_curve(planted):
    import matplotlib.pyplot as plt

    from framing import plots

    _, _, model = planted
    curve = fr.prevalence_curve(model, "x", n_points=5, n_boot=50)
    ax = plots.plot_prevalence_curve(curve, topics=[0, 3], ax=plt.figure().add_subplot())
    assert len(ax.lines) == 2 and len(ax.collections) == 2 and ax.get_xlabel() == "x"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [model.topic_labels_[0], model.topic_labels_[3]]
    many = pd.concat([curve.assign(topic=curve["topic"] + 5 * i) for i in range(2)])
    with pytest.raises(InputError, match="10 topics in one panel"):
        plots.plot_prevalence_curve(many)
    with pytest.raises(InputError, match="topics \\[9\\] are not in the table"):
        plots.plot_prevalence_curve(curve, topics=[9])


def test_a_missing_value_inside_a_spline_is_reported_by_column_and_row(planted):
    dtm, _, _ = planted
    rows = dtm.rows.copy()
    rows.loc[[3, 8], "x"] = np.nan
    with pytest.raises(InputError, match=r"column 'x' has 2 missing value\(s\) \(rows \[3, 8\]"):
        STM(3, prevalence="~ treat + bs(x, df=3)").fit(dtm, covariates=rows)

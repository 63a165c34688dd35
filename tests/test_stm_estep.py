"""The STM's batched E-step against a plain per-document reference (scipy's trust-region Newton on the
exact objective, one document at a time), with and without content levels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize

from framing.topics._stm_estep import EStep, _cholesky_ok, _Docs
from framing.topics._stm_simulate import simulate_stm


def _reference_doc(counts, beta, mu, siginv, eta0):
    """Mode, negative Hessian, objective at the mode for one document (dense counts over V terms).

    f(eta) = -1/2 (eta - mu)' Sigma^-1 (eta - mu) + sum_v c_v log sum_k theta_k beta_kv,
    theta = softmax(eta, 0); Roberts, Stewart & Airoldi (2016), section 3.
    """
    words = np.flatnonzero(counts)
    c, b = counts[words], beta[:, words]
    n = c.sum()

    def parts(eta):
        full = np.r_[eta, 0.0]
        theta = np.exp(full - full.max())
        theta /= theta.sum()
        denom = theta @ b
        q = theta[:, None] * b / denom  # responsibilities, (K, n_words)
        phi = q @ c
        diff = eta - mu
        f = -0.5 * diff @ siginv @ diff + c @ np.log(denom)
        grad = (phi - n * theta)[:-1] - siginv @ diff
        neg_h = siginv + ((q * c) @ q.T - np.diag(phi) + n * (np.diag(theta) - np.outer(theta, theta)))[:-1, :-1]
        return f, grad, neg_h

    res = optimize.minimize(
        lambda e: -parts(e)[0],
        eta0,
        jac=lambda e: -parts(e)[1],
        hess=lambda e: parts(e)[2],
        method="trust-exact",
        options={"gtol": 1e-10},
    )
    f, grad, neg_h = parts(res.x)
    return res.x, neg_h, f


def _problem(n_levels, seed):
    m, _, truth = simulate_stm(30, 4, 60, doc_length=40, seed=seed, shift=1.0 if n_levels > 1 else 0.0)
    m = m.tocsr().astype(float)
    m.sort_indices()
    levels = (np.arange(30) % n_levels).astype(int)
    beta = truth["beta"][:n_levels]
    rng = np.random.default_rng(seed)
    mu = rng.normal(scale=0.5, size=(30, 3))
    siginv = np.linalg.inv(np.array([[1.0, 0.3, 0.0], [0.3, 1.0, 0.2], [0.0, 0.2, 1.0]]))
    return m, levels, beta, mu, siginv


@pytest.mark.parametrize("n_levels", [1, 2])
def test_batched_estep_matches_per_document_reference(n_levels):
    m, levels, beta, mu, siginv = _problem(n_levels, seed=5 + n_levels)
    eta0 = np.zeros_like(mu)
    es = EStep(_Docs(m, levels), beta)
    eta, nu, theta, ratio, f, logdet_h = es.run(eta0, mu, siginv, max_steps=100, gtol=1e-9)
    dense = m.toarray()
    for d in range(m.shape[0]):
        ref_eta, ref_h, ref_f = _reference_doc(dense[d], beta[levels[d]], mu[d], siginv, eta0[d])
        np.testing.assert_allclose(eta[d], ref_eta, atol=1e-6)
        np.testing.assert_allclose(f[d], ref_f, rtol=1e-10)
        np.testing.assert_allclose(nu[d], np.linalg.inv(ref_h), rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(logdet_h[d], np.linalg.slogdet(ref_h)[1], rtol=1e-6)
    full = np.c_[eta, np.zeros(len(eta))]
    np.testing.assert_allclose(theta, np.exp(full) / np.exp(full).sum(axis=1, keepdims=True), rtol=1e-10)
    # sufficient statistics: expected topic-word counts, sum_d c_dv theta_dk beta_kv / sum_j theta_dj beta_jv
    ss = es.sufficient_stats(theta, ratio)
    expected = np.zeros_like(ss)
    for d in range(m.shape[0]):
        b = beta[levels[d]]
        expected[levels[d]] += dense[d] * theta[d][:, None] * b / (theta[d] @ b)
    np.testing.assert_allclose(ss, expected, rtol=1e-10, atol=1e-12)


def test_estep_is_deterministic_and_warm_start_stays_at_the_mode():
    m, levels, beta, mu, siginv = _problem(1, seed=11)
    es = EStep(_Docs(m, levels), beta)
    first = es.run(np.zeros_like(mu), mu, siginv, max_steps=100, gtol=1e-9)
    again = EStep(_Docs(m, levels), beta).run(np.zeros_like(mu), mu, siginv, max_steps=100, gtol=1e-9)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    warm = es.run(first[0], mu, siginv, max_steps=100, gtol=1e-9)
    np.testing.assert_array_equal(warm[0], first[0])  # already converged: no step taken


def test_cholesky_check_flags_indefinite_and_non_finite_matrices():
    good = np.array([[2.0, 0.5], [0.5, 1.0]])
    batch = np.stack([good, -good, np.array([[1.0, np.nan], [np.nan, 1.0]]), np.array([[1.0, 2.0], [2.0, 1.0]])])
    ok, low = _cholesky_ok(batch)
    assert ok.tolist() == [True, False, False, False]
    np.testing.assert_allclose(low[0], np.linalg.cholesky(good))
    assert np.isfinite(low).all()


def test_blocks_and_threads_give_the_same_numbers(monkeypatch):
    import framing.topics._stm_estep as estep

    m, levels, beta, mu, siginv = _problem(2, seed=13)
    whole = EStep(_Docs(m, levels), beta).run(np.zeros_like(mu), mu, siginv, max_steps=100, gtol=1e-9)
    monkeypatch.setattr(estep, "BLOCK", 7)  # 30 documents in blocks of 7: 5 blocks
    one = EStep(_Docs(m, levels), beta).run(np.zeros_like(mu), mu, siginv, max_steps=100, gtol=1e-9, n_jobs=1)
    three = EStep(_Docs(m, levels), beta).run(np.zeros_like(mu), mu, siginv, max_steps=100, gtol=1e-9, n_jobs=3)
    for a, b, c in zip(whole, one, three):
        np.testing.assert_array_equal(b, c)  # threads never change the numbers
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)  # blocks only change rounding


def test_stm_n_jobs_is_validated():
    from framing import InputError
    from framing.topics.stm import STM

    m, _, _ = simulate_stm(20, 3, 40, doc_length=20, seed=1, shift=0.0)
    with pytest.raises(InputError, match="n_jobs"):
        STM(3, n_jobs=0).fit((m, [f"w{i}" for i in range(40)]))


def test_cholesky_check_fallback_without_the_gufunc(monkeypatch):
    import framing.topics._stm_estep as estep

    rng = np.random.default_rng(0)
    a = rng.normal(size=(9, 4, 4))
    batch = a @ a.transpose(0, 2, 1) + 0.1 * np.eye(4)
    batch[[2, 7]] *= -1  # two matrices that are not positive definite
    ok, low = _cholesky_ok(batch)
    monkeypatch.setattr(estep, "_cholesky_lo", None)
    ok2, low2 = estep._cholesky_ok(batch)
    assert ok.tolist() == ok2.tolist() == [i not in (2, 7) for i in range(9)]
    np.testing.assert_allclose(low, low2)

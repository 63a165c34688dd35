"""Planted data from the STM's generative process (for tests, benchmarks and teaching)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .._stats import as_generator


def simulate_stm(
    n_docs=1000,
    n_topics=5,
    n_terms=500,
    *,
    doc_length=60,
    treat_effect=None,
    x_effect=None,
    sigma=1.0,
    n_shifted=5,
    shift=2.5,
    topic_concentration=0.05,
    seed=0,
):
    r"""Documents simulated from the STM with known topics, prevalence effects and content shifts.

    Covariates: ``treat`` (0/1, half the documents), ``x`` (uniform on
    [0, 1]) and ``side`` (content level ``'a'``/``'b'``, independent of
    ``treat``). :math:`\eta_d \sim N(\gamma_0 + \gamma_t\,treat_d +
    \gamma_x\,x_d, \sigma^2 I)`; topic *k*'s words under level ``'a'`` are
    :math:`\beta_k \sim \mathrm{Dirichlet}(c)` and under level ``'b'``
    :math:`\beta_{kv} e^{s}` renormalised for ``n_shifted`` planted words
    per topic (log-shift *s* = ``shift``); document lengths are
    Poisson(``doc_length``) (at least 2).

    Returns
    -------
    matrix : scipy.sparse.csr_matrix of shape (n_docs, n_terms)
    covariates : pandas.DataFrame
        ``treat``, ``x``, ``side``.
    truth : dict
        ``beta`` (2, K, V), ``theta`` (n_docs, K), ``gamma`` (3, K-1),
        ``expected_theta`` (n_docs, K; :math:`E[\theta_d \mid x_d]` by Monte
        Carlo), ``shifted`` (K lists of term indices), ``terms``.
    """
    rng = as_generator(seed)
    k = n_topics
    treat_effect = np.linspace(0.8, -0.8, k - 1) if treat_effect is None else np.asarray(treat_effect, float)
    x_effect = np.r_[1.0, np.zeros(k - 2)] if x_effect is None else np.asarray(x_effect, float)
    gamma = np.vstack([np.zeros(k - 1), treat_effect, x_effect])
    treat = (np.arange(n_docs) % 2).astype(float)
    x = rng.uniform(0, 1, n_docs)
    side = np.where(rng.uniform(size=n_docs) < 0.5, "a", "b")
    design = np.column_stack([np.ones(n_docs), treat, x])
    mean = design @ gamma

    def softmax(eta):
        full = np.concatenate([eta, np.zeros(eta.shape[:-1] + (1,))], axis=-1)
        full = np.exp(full - full.max(axis=-1, keepdims=True))
        return full / full.sum(axis=-1, keepdims=True)

    eta = mean + sigma * rng.standard_normal((n_docs, k - 1))
    theta = softmax(eta)
    beta_a = rng.dirichlet(np.full(n_terms, topic_concentration), size=k)
    beta_b = beta_a.copy()
    shifted = []
    for j in range(k):
        # planted words: moderately frequent in the topic, distinct across topics
        order = np.argsort(-beta_a[j])
        taken = {v for s in shifted for v in s}
        cand = [v for v in order[5:60] if v not in taken][:n_shifted]
        shifted.append(sorted(cand))
        beta_b[j, cand] *= np.exp(shift)
    beta_b /= beta_b.sum(axis=1, keepdims=True)
    beta = np.stack([beta_a, beta_b])
    lengths = np.maximum(rng.poisson(doc_length, n_docs), 2)
    level = (side == "b").astype(int)
    # each token: a topic from theta_d, then a word from that topic's distribution under the document's level
    doc = np.repeat(np.arange(n_docs), lengths)
    u = rng.uniform(size=doc.size)
    z = (np.cumsum(theta, axis=1)[doc] < u[:, None]).sum(axis=1).clip(max=k - 1)
    cdf = np.cumsum(beta, axis=2)
    word = np.empty(doc.size, dtype=np.int64)
    v = rng.uniform(size=doc.size)
    for a in range(2):
        for j in range(k):
            sel = (level[doc] == a) & (z == j)
            word[sel] = np.searchsorted(cdf[a, j], v[sel] * cdf[a, j, -1]).clip(max=n_terms - 1)
    matrix = sparse.csr_matrix((np.ones(doc.size), (doc, word)), shape=(n_docs, n_terms))
    matrix.sum_duplicates()
    expected = np.empty((n_docs, k))
    for start in range(0, n_docs, 500):  # chunks keep the Monte Carlo draws small in memory
        part = mean[start : start + 500]
        draws = part[:, None, :] + sigma * rng.standard_normal((part.shape[0], 400, k - 1))
        expected[start : start + 500] = softmax(draws).mean(axis=1)
    covariates = pd.DataFrame({"treat": treat.astype(int), "x": x, "side": side})
    terms = np.array([f"w{v:04d}" for v in range(n_terms)], dtype=object)
    return matrix, covariates, {
        "beta": beta, "theta": theta, "gamma": gamma, "expected_theta": expected, "shifted": shifted, "terms": terms,
    }  # fmt: skip

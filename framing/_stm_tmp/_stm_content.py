"""The STM's content model: sparse additive (SAGE) topic-word distributions.

With a content covariate of *A* levels, each level *a* has its own
topic-word distributions

.. math::

    \\beta_{a,k,v} \\propto \\exp\\left(m_v + \\kappa^{(t)}_{k,v} + \\kappa^{(c)}_{a,v}
        + \\kappa^{(i)}_{a,k,v}\\right),

with :math:`m` the log of the corpus word frequencies (centred), topic
deviations :math:`\\kappa^{(t)}`, level deviations :math:`\\kappa^{(c)}` and
topic-level interactions :math:`\\kappa^{(i)}` (Eisenstein, Ahmed & Xing 2011;
Roberts, Stewart & Airoldi 2016, eq. 4). The M-step maximises the expected
multinomial log-likelihood of the E-step's expected counts
:math:`s_{a,k,v}` minus the Gaussian penalty
:math:`\\tfrac12\\sum \\tau^{-1}\\kappa^2` whose precisions come from the
Jeffreys prior, :math:`\\tau^{-1} = 1/\\kappa^2` at the previous value (capped
at 1e5; 1 for a block still at zero) -- stm's ``jeffreysKappa``. That prior
drives most deviations to (nearly) zero: a level's wording differs from the
topic's only where the counts demand it.

All three blocks are updated jointly by L-BFGS (scipy), alternating with the
precision updates, instead of stm's block-by-block coordinate ascent.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

_MAX_PREC = 1e5


class ContentModel:
    """Sparse additive topic-word distributions for *A* content levels.

    Parameters
    ----------
    term_frequency : ndarray of shape (V,)
    n_topics, n_levels : int
    interactions : bool, default=True
    """

    def __init__(self, term_frequency, n_topics: int, n_levels: int, *, interactions: bool = True):
        tf = np.asarray(term_frequency, dtype=float)
        p = (tf + 1e-12) / (tf + 1e-12).sum()
        self.m = np.log(p) - np.log(p.mean())
        k, a, v = n_topics, n_levels, tf.size
        self.topic = np.zeros((k, v))
        self.level = np.zeros((a, v))
        self.inter = np.zeros((a, k, v)) if interactions else None

    def logits(self) -> np.ndarray:
        out = self.m[None, None, :] + self.topic[None, :, :] + self.level[:, None, :]
        if self.inter is not None:
            out = out + self.inter
        return out

    def beta(self) -> np.ndarray:
        lg = self.logits()
        return np.exp(lg - logsumexp(lg, axis=2, keepdims=True))

    def _pack(self):
        parts = [self.topic.ravel(), self.level.ravel()]
        if self.inter is not None:
            parts.append(self.inter.ravel())
        return np.concatenate(parts)

    def _unpack(self, x):
        k, v = self.topic.shape
        a = self.level.shape[0]
        topic = x[: k * v].reshape(k, v)
        level = x[k * v : k * v + a * v].reshape(a, v)
        inter = x[k * v + a * v :].reshape(a, k, v) if self.inter is not None else None
        return topic, level, inter

    def fit(self, ss: np.ndarray, *, outer: int = 3, maxiter: int = 200) -> np.ndarray:
        """Update the deviations from expected counts ``ss`` (A, K, V); returns beta (A, K, V)."""
        n_ak = ss.sum(axis=2)  # (A, K)
        for _ in range(outer):
            precs = [_jeffreys(self.topic), _jeffreys(self.level)]
            if self.inter is not None:
                precs.append(_jeffreys(self.inter))
            prec = np.concatenate([p.ravel() for p in precs])

            def objective(x):
                topic, level, inter = self._unpack(x)
                lg = self.m[None, None, :] + topic[None] + level[:, None, :]
                if inter is not None:
                    lg = lg + inter
                lse = logsumexp(lg, axis=2, keepdims=True)
                beta = np.exp(lg - lse)
                ll = (ss * lg).sum() - (n_ak * lse[:, :, 0]).sum()
                r = ss - n_ak[:, :, None] * beta  # d loglik / d logit
                grads = [r.sum(axis=0).ravel(), r.sum(axis=1).ravel()]
                if inter is not None:
                    grads.append(r.ravel())
                g = np.concatenate(grads)
                val = -ll + 0.5 * (prec * x * x).sum()
                return val, -g + prec * x

            x0 = self._pack()
            res = minimize(objective, x0, jac=True, method="L-BFGS-B", options={"maxiter": maxiter, "gtol": 1e-6})
            topic, level, inter = self._unpack(res.x)
            change = np.abs(res.x - x0).mean()
            self.topic, self.level = topic.copy(), level.copy()
            if inter is not None:
                self.inter = inter.copy()
            if change < 1e-5:
                break
        return self.beta()


def _jeffreys(kappa: np.ndarray) -> np.ndarray:
    """Precision of each deviation under the Jeffreys prior: 1 / kappa^2 (capped), 1 for an all-zero block."""
    if not np.abs(kappa).sum():
        return np.ones_like(kappa)
    with np.errstate(divide="ignore"):
        return np.minimum(1.0 / (kappa * kappa), _MAX_PREC)

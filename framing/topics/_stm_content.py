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
:math:`\\tfrac12\\sum \\tau^{-1}\\kappa^2`. For the level and interaction
deviations the precisions come from the Jeffreys prior,
:math:`\\tau^{-1} = 1/\\kappa^2` at the previous value (capped at 1e5; 1 for
a block still at zero) -- stm's ``jeffreysKappa``. That prior drives most
deviations to (nearly) zero: a level's wording differs from the topic's only
where the counts demand it.

The topic deviations :math:`\\kappa^{(t)}` get a weak fixed prior instead
(precision 0.01, a standard deviation of 10), so that they are estimated
nearly freely, like the topics of the model without a content covariate.
Under the iterated Jeffreys prior they shrank a little in every EM
iteration until a weak topic dissolved: on planted data with shifted words
(``simulate_stm(1000, 5, 500, shift=1.0)``, seeds 2-11) one planted topic
fell below cosine 0.6 in 5 of 10 simulations after 40-230 EM iterations
(it had reached 0.95 after 10), against 0 of 10 (smallest cosine 0.94,
18-149 iterations) with the weak prior.

The blocks are updated in turn by diagonal Newton steps (see
:meth:`ContentModel.fit`), warm-started across EM iterations; stm optimises
each deviation vector by L-BFGS instead.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp

_MAX_PREC = 1e5
_MAX_STEP = 1.0
#: precision of the weak Gaussian prior on the topic deviations (see the module docstring)
_TOPIC_PREC = 0.01


class ContentModel:
    """Sparse additive topic-word distributions for *A* content levels.

    Parameters
    ----------
    term_frequency : ndarray of shape (V,)
    n_topics, n_levels : int
    interactions : bool, default=True
    """

    def __init__(self, term_frequency, n_topics: int, n_levels: int, *, interactions: bool = True, start=None):
        tf = np.asarray(term_frequency, dtype=float)
        p = (tf + 1e-12) / (tf + 1e-12).sum()
        self.m = np.log(p) - np.log(p.mean())
        k, a, v = n_topics, n_levels, tf.size
        # the topic deviations start from the initial topic-word distributions (e.g. the spectral start)
        self.topic = np.zeros((k, v)) if start is None else np.log(np.maximum(start, 1e-12)) - self.m[None, :]
        if start is not None:
            self.topic -= self.topic.mean(axis=1, keepdims=True)
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

    def fit(self, ss: np.ndarray, *, n_pass: int = 10) -> np.ndarray:
        r"""Update the deviations from expected counts ``ss`` (A, K, V); returns beta (A, K, V).

        Block coordinate ascent: for each block in turn (topic, level,
        interaction), one Newton step per deviation with the diagonal of the
        Hessian, :math:`\kappa \leftarrow \kappa + (g - \tau^{-1}\kappa)
        / (h + \tau^{-1})` with :math:`g = \sum (s - n\beta)` and
        :math:`h = \sum n\beta(1-\beta)` over the block's cells. Each pass
        raises the penalised likelihood, which is all a generalised EM needs;
        the next EM iteration starts from where this one stopped.
        """
        n_ak = ss.sum(axis=2)[:, :, None]  # (A, K, 1)
        prec_t, prec_c = np.full_like(self.topic, _TOPIC_PREC), _jeffreys(self.level)
        prec_i = _jeffreys(self.inter) if self.inter is not None else None
        for _ in range(n_pass):
            for block in ("topic", "level", "inter"):
                if block == "inter" and self.inter is None:
                    continue
                beta = self.beta()
                r = ss - n_ak * beta
                h = n_ak * beta * (1 - beta)
                if block == "topic":
                    self.topic += _step(r.sum(axis=0) - prec_t * self.topic, h.sum(axis=0) + prec_t)
                elif block == "level":
                    self.level += _step(r.sum(axis=1) - prec_c * self.level, h.sum(axis=1) + prec_c)
                else:
                    self.inter += _step(r - prec_i * self.inter, h + prec_i)
        return self.beta()


def _step(grad: np.ndarray, curvature: np.ndarray) -> np.ndarray:
    """A diagonal Newton step, at most ``_MAX_STEP`` long per deviation.

    The diagonal ignores the coupling of a topic's words through the softmax; where a word's expected
    count is tiny and its Jeffreys precision small (a large deviation), the plain step overshoots by
    orders of magnitude (planted data: the bound fell from -2.9e5 to -3.8e6 in one M-step).
    """
    return np.clip(grad / curvature, -_MAX_STEP, _MAX_STEP)


def _jeffreys(kappa: np.ndarray) -> np.ndarray:
    """Precision of each deviation under the Jeffreys prior: 1 / kappa^2 (capped), 1 for an all-zero block."""
    if not np.abs(kappa).sum():
        return np.ones_like(kappa)
    with np.errstate(divide="ignore"):
        return np.minimum(1.0 / (kappa * kappa), _MAX_PREC)

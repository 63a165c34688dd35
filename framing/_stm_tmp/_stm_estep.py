"""The STM's E-step: a Laplace approximation of each document's logistic-normal posterior.

For document *d* with word counts :math:`c_{dv}` (total :math:`N_d`), prior
mean :math:`\\mu_d` and covariance :math:`\\Sigma` of the *K - 1* free
log-ratios :math:`\\eta_d` (the last topic's is fixed at 0), and topic-word
distributions :math:`\\beta_{kv}` (of the document's content level), the
E-step finds the mode :math:`\\hat\\eta_d` of

.. math::

    f(\\eta) = -\\tfrac12(\\eta-\\mu_d)^\\top\\Sigma^{-1}(\\eta-\\mu_d)
               + \\sum_v c_{dv}\\log\\sum_k \\theta_k\\beta_{kv},
    \\qquad \\theta = \\operatorname{softmax}(\\eta, 0),

and approximates the posterior by :math:`N(\\hat\\eta_d, \\nu_d)` with
:math:`\\nu_d = (-\\nabla^2 f(\\hat\\eta_d))^{-1}` (Roberts, Stewart & Airoldi
2016, section 3; Wang & Blei 2013). With responsibilities
:math:`q_{kv} = \\theta_k\\beta_{kv}/\\sum_j\\theta_j\\beta_{jv}` and expected
counts :math:`\\phi_k = \\sum_v c_{dv} q_{kv}`, the gradient is
:math:`-\\Sigma^{-1}(\\eta-\\mu) + \\phi - N_d\\theta` and the negative Hessian
:math:`\\Sigma^{-1} + \\sum_v c_{dv} q_v q_v^\\top - \\operatorname{diag}(\\phi)
+ N_d(\\operatorname{diag}\\theta - \\theta\\theta^\\top)` (the first *K - 1*
rows and columns), as in stm's C++ ``hpb``.

All documents are optimised at once (batched Newton steps with a
backtracking line search per document), which is what makes the model fast
in numpy: every operation is a gather over the non-zero counts, a segment sum
over documents, or a batched (K-1)x(K-1) linear-algebra call.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


class _Docs:
    """The non-zero counts of a CSR matrix in flat arrays, grouped by row."""

    def __init__(self, matrix: sparse.csr_matrix, levels: np.ndarray):
        self.matrix = matrix
        self.n_docs, self.n_terms = matrix.shape
        self.indptr = matrix.indptr
        self.rows = np.repeat(np.arange(self.n_docs), np.diff(matrix.indptr))
        self.cols = matrix.indices
        self.counts = matrix.data.astype(float)
        self.length = np.asarray(matrix.sum(axis=1)).ravel().astype(float)
        self.levels = levels  # content level of each document (0 without a content covariate)
        self.starts = matrix.indptr[:-1]
        self.level_of_nz = levels[self.rows]

    def segment_sum(self, values: np.ndarray) -> np.ndarray:
        """Sum of per-non-zero values within each document (rows are never empty)."""
        return np.add.reduceat(values, self.starts, axis=0)


def _softmax_full(eta: np.ndarray) -> np.ndarray:
    full = np.concatenate([eta, np.zeros((eta.shape[0], 1))], axis=1)
    full -= full.max(axis=1, keepdims=True)
    np.exp(full, out=full)
    full /= full.sum(axis=1, keepdims=True)
    return full


def _logsumexp_full(eta: np.ndarray) -> np.ndarray:
    m = np.maximum(eta.max(axis=1), 0.0)
    return m + np.log(np.exp(eta - m[:, None]).sum(axis=1) + np.exp(-m))


class EStep:
    """Batched Laplace E-step for fixed global parameters.

    Parameters
    ----------
    docs : _Docs
    beta : ndarray of shape (n_levels, K, V)
    """

    def __init__(self, docs: _Docs, beta: np.ndarray):
        self.docs = docs
        self.beta = beta
        # beta of each non-zero's document level and term: (nnz, K)
        self.bn = beta.transpose(0, 2, 1)[docs.level_of_nz, docs.cols]

    def _terms(self, theta):
        d = self.docs
        denom = np.einsum("ik,ik->i", theta[d.rows], self.bn)
        np.maximum(denom, 1e-300, out=denom)
        return denom

    def objective(self, eta, mu, siginv):
        """f(eta) per document (the quantity maximised), and its pieces."""
        d = self.docs
        theta = _softmax_full(eta)
        denom = self._terms(theta)
        loglik = d.segment_sum(d.counts * np.log(denom))
        diff = eta - mu
        prior = -0.5 * np.einsum("ij,jk,ik->i", diff, siginv, diff)
        return loglik + prior, theta, denom

    def gradient(self, eta, mu, siginv, theta, denom):
        d = self.docs
        ratio = d.counts / denom
        a = d.segment_sum(ratio[:, None] * self.bn)  # sum_v c_v beta_kv / denom_v
        phi = theta * a
        grad = (phi - d.length[:, None] * theta)[:, :-1] - (eta - mu) @ siginv
        return grad, phi, ratio

    def neg_hessian(self, siginv, theta, denom, phi):
        """Exact negative Hessian of f, shape (n_docs, K-1, K-1)."""
        d = self.docs
        k = theta.shape[1]
        w2 = d.counts / denom**2
        gram = np.empty((d.n_docs, k, k))
        for a in range(self.beta.shape[0]):
            sel = d.levels == a
            if not sel.any():
                continue
            bt = self.beta[a].T  # (V, K)
            outer = (bt[:, :, None] * bt[:, None, :]).reshape(bt.shape[0], k * k)
            m = sparse.csr_matrix((w2, d.cols, d.indptr), shape=(d.n_docs, d.n_terms))
            if not sel.all():
                m = m[sel]
            gram[sel] = np.asarray(m @ outer).reshape(-1, k, k)
        gram *= theta[:, :, None] * theta[:, None, :]
        h = gram[:, :-1, :-1]
        t = theta[:, :-1]
        n = d.length[:, None, None]
        h += n * (-t[:, :, None] * t[:, None, :])
        idx = np.arange(k - 1)
        h[:, idx, idx] += n[:, :, 0] * t - phi[:, :-1]
        h += siginv[None]
        return h

    def run(self, eta, mu, siginv, *, max_steps=30, gtol=1e-5):
        """Newton's method from ``eta`` for every document; returns the fitted quantities.

        A document stops when its largest gradient entry is below ``gtol``.
        Where the Hessian is not negative definite the step uses the absolute
        values of its eigenvalues (a descent direction either way); every step
        is at most 5 long and halved until the document's objective does not
        decrease.
        """
        f, theta, denom = self.objective(eta, mu, siginv)
        for _ in range(max_steps):
            grad, phi, _ = self.gradient(eta, mu, siginv, theta, denom)
            active = np.abs(grad).max(axis=1) > gtol
            if not active.any():
                break
            h = self.neg_hessian(siginv, theta, denom, phi)
            step = _psd_solve(h, grad)
            length = np.sqrt((step * step).sum(axis=1))
            step *= np.minimum(1.0, 5.0 / np.maximum(length, 1e-300))[:, None]
            step[~active] = 0.0
            t = np.ones(eta.shape[0])
            new = eta + step
            f_new, theta_new, denom_new = self.objective(new, mu, siginv)
            for _ in range(30):  # backtracking per document
                bad = f_new < f
                if not bad.any():
                    break
                t[bad] *= 0.5
                new[bad] = eta[bad] + t[bad, None] * step[bad]
                f_new, theta_new, denom_new = self.objective(new, mu, siginv)
            bad = f_new < f
            if bad.any():
                new[bad] = eta[bad]
                f_new, theta_new, denom_new = self.objective(new, mu, siginv)
            eta, f, theta, denom = new, f_new, theta_new, denom_new
        grad, phi, ratio = self.gradient(eta, mu, siginv, theta, denom)
        h = self.neg_hessian(siginv, theta, denom, phi)
        nu, logdet_h = _psd_inverse(h)
        return eta, nu, theta, ratio, f, logdet_h

    def sufficient_stats(self, theta, ratio):
        """Expected topic-word counts per content level, shape (n_levels, K, V)."""
        d = self.docs
        n_levels, k, v = self.beta.shape
        out = np.zeros((n_levels, k, v))
        for a in range(n_levels):
            sel = d.levels == a
            if not sel.any():
                continue
            m = sparse.csr_matrix((ratio, d.cols, d.indptr), shape=(d.n_docs, d.n_terms))
            if not sel.all():
                m = m[sel]
                th = theta[sel]
            else:
                th = theta
            out[a] = np.asarray(m.T @ th).T * self.beta[a]
        return out


def _psd_solve(h, g):
    """Solve h x = g for a batch; where h is not positive definite, |eigenvalues| (clipped below) are used."""
    try:
        c = np.linalg.cholesky(h)
        y = np.linalg.solve(c, g[:, :, None])
        return np.linalg.solve(np.swapaxes(c, 1, 2), y)[:, :, 0]
    except np.linalg.LinAlgError:
        w, q = np.linalg.eigh(h)
        w = np.maximum(np.abs(w), 1e-3 * np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-12))
        return np.einsum("nij,nj->ni", q, np.einsum("nji,nj->ni", q, g) / w)


def _psd_inverse(h):
    """Inverse and log-determinant of a batch of symmetric matrices (eigenvalues clipped positive)."""
    w, q = np.linalg.eigh(h)
    w = np.maximum(w, 1e-8 * np.maximum(w.max(axis=1, keepdims=True), 1e-12))
    inv = np.einsum("nij,nj,nkj->nik", q, 1.0 / w, q)
    return inv, np.log(w).sum(axis=1)

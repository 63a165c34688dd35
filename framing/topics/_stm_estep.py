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

    def positions(self, idx: np.ndarray) -> np.ndarray:
        """Positions in the flat non-zero arrays of the rows ``idx``."""
        lens = np.diff(self.indptr)[idx]
        starts = self.indptr[:-1][idx]
        return np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))

    def subset(self, idx: np.ndarray, pos: np.ndarray) -> "_Docs":
        lens = np.diff(self.indptr)[idx]
        indptr = np.r_[0, np.cumsum(lens)].astype(self.indptr.dtype)
        m = sparse.csr_matrix((self.matrix.data[pos], self.cols[pos], indptr), shape=(idx.size, self.n_terms))
        return _Docs(m, self.levels[idx])

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

    def __init__(self, docs: _Docs, beta: np.ndarray, bn=None):
        self.docs = docs
        self.beta = beta
        # beta of each non-zero's document level and term: (nnz, K)
        self.bn = beta.transpose(0, 2, 1)[docs.level_of_nz, docs.cols] if bn is None else bn
        self._outer = None

    def subset(self, idx):
        pos = self.docs.positions(idx)
        sub = EStep(self.docs.subset(idx, pos), self.beta, self.bn[pos])
        sub._outer = self.outer_products()
        return sub

    def outer_products(self):
        """Per level, the products beta_jv beta_kv as a (V, K*K) matrix (computed once)."""
        if self._outer is None:
            k = self.beta.shape[1]
            self._outer = [
                (b.T[:, :, None] * b.T[:, None, :]).reshape(b.shape[1], k * k) for b in self.beta
            ]
        return self._outer

    def _terms(self, theta):
        d = self.docs
        denom = np.einsum("ik,ik->i", theta[d.rows], self.bn)
        np.maximum(denom, 1e-30, out=denom)  # keeps counts / denom**2 finite in the Hessian
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
        outers = self.outer_products()
        for a in range(self.beta.shape[0]):
            sel = d.levels == a
            if not sel.any():
                continue
            outer = outers[a]
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

    @staticmethod
    def bound_hessian(siginv, theta, length):
        """Negative Hessian of the Jensen (EM) minoriser: Sigma^-1 + N (diag theta - theta theta^T); always positive definite."""
        t = theta[:, :-1]
        h = -length[:, None, None] * (t[:, :, None] * t[:, None, :])
        idx = np.arange(t.shape[1])
        h[:, idx, idx] += length[:, None] * t
        return h + siginv[None]

    def run(self, eta, mu, siginv, *, max_steps=30, gtol=1e-3):
        """Newton's method from ``eta`` for every document; returns the fitted quantities.

        A document stops when its largest gradient entry is below ``gtol``;
        each step works on the documents still moving only. Where the
        Hessian is not negative definite the step uses the curvature of the
        EM (Jensen) minoriser instead, which always is; every step is at
        most 5 long and halved until the document's objective does not
        decrease.
        """
        eta = eta.copy()
        f, theta, denom = self.objective(eta, mu, siginv)
        grad, phi, _ = self.gradient(eta, mu, siginv, theta, denom)
        for _ in range(max_steps):
            idx = np.flatnonzero(np.abs(grad).max(axis=1) > gtol)
            if not idx.size:
                break
            sub = self.subset(idx) if idx.size < eta.shape[0] else self
            e0, m0 = eta[idx], mu[idx]
            f0, th0 = f[idx], theta[idx]
            pos = self.docs.positions(idx) if sub is not self else slice(None)
            h = sub.neg_hessian(siginv, th0, denom[pos], phi[idx])
            step = _psd_solve(h, grad[idx], self.bound_hessian(siginv, th0, self.docs.length[idx]))
            length = np.sqrt((step * step).sum(axis=1))
            step *= np.minimum(1.0, 5.0 / np.maximum(length, 1e-300))[:, None]
            t = np.ones(idx.size)
            new = e0 + step
            f1, th1, de1 = sub.objective(new, m0, siginv)
            for _ in range(30):  # backtracking per document
                bad = f1 < f0
                if not bad.any():
                    break
                t[bad] *= 0.5
                new[bad] = e0[bad] + t[bad, None] * step[bad]
                f1, th1, de1 = sub.objective(new, m0, siginv)
            bad = f1 < f0
            if bad.any():
                new[bad] = e0[bad]
                f1, th1, de1 = sub.objective(new, m0, siginv)
            g1, ph1, _ = sub.gradient(new, m0, siginv, th1, de1)
            g1[bad] = 0.0  # no ascent possible along the Newton direction: stop this document
            eta[idx], f[idx], theta[idx], grad[idx], phi[idx] = new, f1, th1, g1, ph1
            denom[pos] = de1
        grad, phi, ratio = self.gradient(eta, mu, siginv, theta, denom)
        h = self.neg_hessian(siginv, theta, denom, phi)
        bad = ~np.isfinite(h).all(axis=(1, 2))
        if bad.any():  # a numerically extreme document: the minoriser's curvature instead
            h[bad] = self.bound_hessian(siginv, theta[bad], self.docs.length[bad])
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


def _cholesky_ok(h):
    """Which matrices of a batch are positive definite (a batched Cholesky, column by column).

    A matrix with non-finite entries, or whose factorisation overflows, counts as not positive definite.
    """
    n, p, _ = h.shape
    low = np.zeros_like(h)
    ok = np.isfinite(h).all(axis=(1, 2))
    h = np.where(ok[:, None, None], h, np.eye(p)[None])
    with np.errstate(over="ignore", invalid="ignore"):
        for j in range(p):
            row = low[:, j, :j]
            d = h[:, j, j] - (row * row).sum(axis=1)
            ok &= np.isfinite(d) & (d > 0)
            d = np.sqrt(np.where(np.isfinite(d) & (d > 0), d, 1.0))
            low[:, j, j] = d
            if j + 1 < p:
                col = (h[:, j + 1 :, j] - np.einsum("nik,nk->ni", low[:, j + 1 :, :j], row)) / d[:, None]
                low[:, j + 1 :, j] = np.where(np.isfinite(col), col, 0.0)
    return ok, low


def _psd_solve(h, g, h_safe):
    """Solve h x = g for a batch; a matrix that is not positive definite is replaced by ``h_safe``'s."""
    ok, _ = _cholesky_ok(h)
    if not ok.all():
        h = h.copy()
        h[~ok] = h_safe[~ok]
    return np.linalg.solve(h, g[:, :, None])[:, :, 0]


def _psd_inverse(h):
    """Inverse and log-determinant of a batch of symmetric matrices (eigenvalues clipped positive
    for the rare matrix that is not positive definite)."""
    ok, low = _cholesky_ok(h)
    inv = np.empty_like(h)
    logdet = np.empty(h.shape[0])
    if ok.any():
        inv[ok] = np.linalg.inv(h[ok])
        logdet[ok] = 2 * np.log(np.diagonal(low[ok], axis1=1, axis2=2)).sum(axis=1)
    if not ok.all():
        w, q = np.linalg.eigh(h[~ok])
        w = np.maximum(np.abs(w), 1e-8 * np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-12))
        inv[~ok] = np.einsum("nij,nj,nkj->nik", q, 1.0 / w, q)
        logdet[~ok] = np.log(w).sum(axis=1)
    return inv, logdet

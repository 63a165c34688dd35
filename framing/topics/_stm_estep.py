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

The documents are optimised in fixed blocks of ``BLOCK`` documents, each
block at once (batched Newton steps with a backtracking line search per
document), which is what makes the model fast in numpy: the gradient and the
Hessian are sparse-times-dense products (the documents' counts, weighted,
times beta^T or the packed products beta_iv beta_jv), theta.beta at the
non-zeros is a block-sparse product, and the (K-1)x(K-1) linear algebra is
one batched Cholesky factorisation with vectorised substitutions. Blocks run
in threads (``n_jobs``); they do not depend on the number of threads, so
neither do the numbers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse

#: Documents per block of the E-step (fixed: the results do not depend on the number of threads).
BLOCK = 1024


class _Docs:
    """The non-zero counts of a CSR matrix in flat arrays, grouped by row."""

    def __init__(self, matrix: sparse.csr_matrix, levels: np.ndarray):
        self._set(
            matrix.indptr,
            matrix.indices,
            matrix.data.astype(float),
            np.asarray(matrix.sum(axis=1)).ravel().astype(float),
            np.asarray(levels),
            matrix.shape[1],
        )

    def _set(self, indptr, cols, counts, length, levels, n_terms):
        self.n_docs, self.n_terms = indptr.size - 1, n_terms
        self.indptr = indptr
        self.lens = np.diff(indptr)
        self.rows = np.repeat(np.arange(self.n_docs), self.lens)
        self.cols = cols
        self.counts = counts
        self.length = length
        self.levels = levels  # content level of each document (0 without a content covariate)
        self.starts = indptr[:-1]
        self.level_of_nz = levels[self.rows]

    def positions(self, idx: np.ndarray) -> np.ndarray:
        """Positions in the flat non-zero arrays of the rows ``idx``."""
        lens = self.lens[idx]
        starts = self.starts[idx]
        return np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))

    def subset(self, idx: np.ndarray, pos: np.ndarray) -> "_Docs":
        out = _Docs.__new__(_Docs)
        indptr = np.zeros(idx.size + 1, dtype=self.indptr.dtype)
        np.cumsum(self.lens[idx], out=indptr[1:])
        out._set(indptr, self.cols[pos], self.counts[pos], self.length[idx], self.levels[idx], self.n_terms)
        return out

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
        self._bn = bn
        self._outer = None
        self._beta_t = None
        self._blocks = None

    @property
    def bn(self):
        """beta of each non-zero's document level and term, (nnz, K) (gathered when first needed)."""
        if self._bn is None:
            if len(self.beta) == 1:
                self._bn = self.beta_t()[0][self.docs.cols]
            else:
                self._bn = self.beta.transpose(0, 2, 1)[self.docs.level_of_nz, self.docs.cols]
        return self._bn

    def subset(self, idx):
        pos = self.docs.positions(idx)
        sub = EStep(self.docs.subset(idx, pos), self.beta, self.bn[pos])
        sub._outer = self.outer_products()
        sub._beta_t = self.beta_t()
        return sub

    def beta_t(self):
        """Per level, beta transposed, (V, K) and contiguous."""
        if self._beta_t is None:
            self._beta_t = [np.ascontiguousarray(b.T) for b in self.beta]
        return self._beta_t

    def _per_level(self, values, right):
        """``M @ right[level]`` with M the documents' sparse matrix holding ``values`` at the non-zeros."""
        d = self.docs
        m = sparse.csr_matrix((values, d.cols, d.indptr), shape=(d.n_docs, d.n_terms))
        if len(right) == 1:
            return np.asarray(m @ right[0])
        out = np.zeros((d.n_docs, right[0].shape[1]))
        for a, r in enumerate(right):
            sel = d.levels == a
            if sel.any():
                out[sel] = m[sel] @ r
        return out

    def outer_products(self):
        """Per level, the products beta_iv beta_jv for i <= j < K - 1 as a (V, P) matrix, P = K(K-1)/2
        (computed once; the Hessian needs the first K - 1 rows and columns only, and is symmetric)."""
        if self._outer is None:
            iu, ju = _packed_pairs(self.beta.shape[1] - 1)
            self._outer = [np.ascontiguousarray(b.T[:, iu] * b.T[:, ju]) for b in self.beta]
        return self._outer

    def _terms(self, theta):
        """sum_k theta_dk beta_kv at each non-zero (d, v): a block-sparse matrix (one 1 x K block of
        beta per non-zero, in its document's columns) times the flattened theta."""
        d = self.docs
        if self._blocks is None:
            nnz, k = self.bn.shape
            index = np.int32 if d.n_docs * k < np.iinfo(np.int32).max else np.int64
            self._blocks = sparse.bsr_matrix(
                (self.bn[:, None, :], d.rows.astype(index), np.arange(nnz + 1, dtype=index)),
                shape=(nnz, d.n_docs * k),
            )
        denom = self._blocks @ np.ascontiguousarray(theta).ravel()
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
        a = self._per_level(ratio, self.beta_t())  # sum_v c_v beta_kv / denom_v
        phi = theta * a
        grad = (phi - d.length[:, None] * theta)[:, :-1] - (eta - mu) @ siginv
        return grad, phi, ratio

    def neg_hessian(self, siginv, theta, denom, phi):
        """Exact negative Hessian of f, shape (n_docs, K-1, K-1)."""
        d = self.docs
        p = theta.shape[1] - 1
        w2 = d.counts / denom**2
        packed = self._per_level(w2, self.outer_products())  # sum_v c_v beta_iv beta_jv / denom_v^2, i <= j
        iu, ju = _packed_pairs(p)
        t = theta[:, :-1]
        # (gram_ij - N) theta_i theta_j, then diag(N theta - phi) and Sigma^-1
        packed -= d.length[:, None]
        packed *= t[:, iu] * t[:, ju]
        h = packed.take(_unpack_map(p), axis=1).reshape(d.n_docs, p, p)
        idx = np.arange(p)
        h[:, idx, idx] += d.length[:, None] * t - phi[:, :-1]
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

    def block(self, lo, hi):
        """The E-step of the documents ``lo:hi`` (a contiguous block)."""
        idx = np.arange(lo, hi)
        a, b = self.docs.indptr[lo], self.docs.indptr[hi]
        sub = EStep(self.docs.subset(idx, np.arange(a, b)), self.beta, None if self._bn is None else self._bn[a:b])
        sub._outer = self.outer_products()
        sub._beta_t = self.beta_t()
        return sub

    def run(self, eta, mu, siginv, *, max_steps=30, gtol=1e-3, n_jobs=1):
        """Newton's method from ``eta`` for every document; returns ``(eta, nu, theta, ratio, f, logdet_h)``.

        The documents are optimised in fixed blocks of ``BLOCK`` consecutive documents (each
        document's optimisation is independent of the others'), run in ``n_jobs`` threads; the
        blocks do not depend on ``n_jobs``, so neither do the results. See :meth:`run_block`.
        """
        n = self.docs.n_docs
        if n <= BLOCK:
            return self.run_block(eta, mu, siginv, max_steps=max_steps, gtol=gtol)
        edges = list(range(0, n, BLOCK)) + [n]
        spans = list(zip(edges[:-1], edges[1:]))
        self.outer_products()
        self.beta_t()

        def one(span):
            lo, hi = span
            return self.block(lo, hi).run_block(eta[lo:hi], mu[lo:hi], siginv, max_steps=max_steps, gtol=gtol)

        if n_jobs > 1:
            with ThreadPoolExecutor(max_workers=min(int(n_jobs), len(spans))) as pool:
                parts = list(pool.map(one, spans))
        else:
            parts = [one(span) for span in spans]
        return tuple(np.concatenate([part[i] for part in parts]) for i in range(6))

    def run_block(self, eta, mu, siginv, *, max_steps=30, gtol=1e-3):
        """Newton's method from ``eta`` for every document; returns the fitted quantities.

        A document stops when its largest gradient entry is below ``gtol``;
        each step works on the documents still moving only. Where the
        Hessian is not negative definite the step uses it with its
        eigenvalues' absolute values (floored at 1e-3 of the largest), a
        modified Newton step that is still an ascent direction; every step
        is at most 5 long and halved until the document's objective does
        not decrease (the objective is recomputed for the documents that
        backtrack only).
        """
        eta = eta.copy()
        f, theta, denom = self.objective(eta, mu, siginv)
        grad, phi, _ = self.gradient(eta, mu, siginv, theta, denom)
        for _ in range(max_steps):
            idx = np.flatnonzero(np.abs(grad).max(axis=1) > gtol)
            if not idx.size:
                break
            full = idx.size == eta.shape[0]
            sub = self if full else self.subset(idx)
            pos = slice(None) if full else self.docs.positions(idx)
            e0, m0 = eta[idx], mu[idx]
            f0 = f[idx]
            h = sub.neg_hessian(siginv, theta[idx], denom[pos], phi[idx])
            step = _psd_solve(h, grad[idx], lambda sel: self.bound_hessian(siginv, theta[idx][sel], self.docs.length[idx][sel]))
            length = np.sqrt((step * step).sum(axis=1))
            step *= np.minimum(1.0, 5.0 / np.maximum(length, 1e-300))[:, None]
            new = e0 + step
            f1, th1, de1 = sub.objective(new, m0, siginv)
            bad = np.flatnonzero(~(f1 >= f0))
            t = 1.0
            for _ in range(30):  # backtracking, on the documents whose objective decreased
                if not bad.size:
                    break
                t *= 0.5
                bsub = sub.subset(bad)
                bpos = sub.docs.positions(bad)
                new[bad] = e0[bad] + t * step[bad]
                fb, thb, deb = bsub.objective(new[bad], m0[bad], siginv)
                f1[bad], th1[bad] = fb, thb
                de1[bpos] = deb
                bad = bad[~(fb >= f0[bad])]
            stuck = np.zeros(idx.size, bool)
            if bad.size:  # no ascent along the step: stay, and stop this document
                stuck[bad] = True
                new[bad] = e0[bad]
                f1[bad], th1[bad] = f0[bad], theta[idx][bad]
                bpos = sub.docs.positions(bad)
                de1[bpos] = denom[pos][bpos]
            g1, ph1, _ = sub.gradient(new, m0, siginv, th1, de1)
            g1[stuck] = 0.0
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


def _packed_pairs(p):
    """Row and column indices of the upper triangle (diagonal included) of a p x p matrix."""
    return np.triu_indices(p)


def _unpack_map(p):
    """For each entry of a p x p symmetric matrix (row-major), its position in the packed upper triangle."""
    iu, ju = np.triu_indices(p)
    out = np.empty((p, p), dtype=np.intp)
    out[iu, ju] = out[ju, iu] = np.arange(iu.size)
    return out.ravel()


def _find_cholesky_gufunc():
    """numpy's batched Cholesky gufunc, if it behaves as expected here: with invalid="ignore" a matrix
    that is not positive definite gets a factor of NaN instead of an error for the whole batch.
    Checked once on a two-matrix batch; ``None`` (a slower fallback) otherwise."""
    try:
        from numpy.linalg import _umath_linalg

        probe = np.array([[[4.0, 2.0], [2.0, 2.0]], [[1.0, 2.0], [2.0, 1.0]]])
        with np.errstate(invalid="ignore", over="ignore", divide="ignore", under="ignore"):
            low = _umath_linalg.cholesky_lo(probe, signature="d->d")
        if np.allclose(low[0], [[2.0, 0.0], [1.0, 1.0]]) and np.isnan(low[1]).any():
            return _umath_linalg.cholesky_lo
    except Exception:  # pragma: no cover - another numpy
        pass
    return None  # pragma: no cover


_cholesky_lo = _find_cholesky_gufunc()


def _cholesky_ok(h):
    """Which matrices of a batch are positive definite, and their lower Cholesky factors.

    One batched LAPACK call (a matrix that is not positive definite gets a factor of NaN and
    counts as not positive definite, as does one with non-finite entries; its factor is then
    set to the identity).
    """
    n, p, _ = h.shape
    ok = np.isfinite(h).all(axis=(1, 2))
    eye = np.eye(p)
    if not ok.all():
        h = np.where(ok[:, None, None], h, eye)
    if _cholesky_lo is not None:
        with np.errstate(invalid="ignore", over="ignore", divide="ignore", under="ignore"):
            low = _cholesky_lo(h, signature="d->d")
    else:  # pragma: no cover
        low = np.empty_like(h)

        def go(sel):  # a failed batch is split in halves, down to single matrices
            try:
                low[sel] = np.linalg.cholesky(h[sel])
            except np.linalg.LinAlgError:
                if sel.size == 1:
                    low[sel] = np.nan
                else:
                    go(sel[: sel.size // 2])
                    go(sel[sel.size // 2 :])

        go(np.arange(n))
    ok &= np.isfinite(low).all(axis=(1, 2))
    low[~ok] = eye
    return ok, low


def _cholesky_solve(low, g):
    """Solve (L L^T) x = g for a batch of lower Cholesky factors ``low`` (forward, then back substitution,
    vectorised over the batch)."""
    p = g.shape[1]
    y = np.empty_like(g)
    for j in range(p):
        y[:, j] = (g[:, j] - np.einsum("nk,nk->n", low[:, j, :j], y[:, :j])) / low[:, j, j]
    x = np.empty_like(g)
    for j in range(p - 1, -1, -1):
        x[:, j] = (y[:, j] - np.einsum("nk,nk->n", low[:, j + 1 :, j], x[:, j + 1 :])) / low[:, j, j]
    return x


def _cholesky_inverse(low):
    """(L L^T)^-1 = L^-T L^-1 for a batch of lower Cholesky factors (L^-1 by forward substitution)."""
    p = low.shape[1]
    inv_low = np.zeros_like(low)
    for j in range(p):
        row = -np.matmul(low[:, j : j + 1, :j], inv_low[:, :j, :])[:, 0, :]
        row[:, j] += 1.0
        inv_low[:, j, :] = row / low[:, j, j][:, None]
    return np.matmul(inv_low.transpose(0, 2, 1), inv_low)


def _psd_solve(h, g, h_safe):
    """Solve h x = g for a batch; a matrix that is not positive definite is replaced by
    ``h_safe(not_pd)``, the safe matrices of those documents."""
    ok, low = _cholesky_ok(h)
    if not ok.all():
        bad = np.flatnonzero(~ok)
        safe = h_safe(~ok)
        ok2, low2 = _cholesky_ok(safe)
        low[bad] = low2
        if not ok2.all():  # pragma: no cover - the minoriser's curvature is positive definite
            x = _cholesky_solve(low, g)
            x[bad[~ok2]] = np.linalg.solve(safe[~ok2], g[bad[~ok2]][:, :, None])[:, :, 0]
            return x
    return _cholesky_solve(low, g)


def _psd_inverse(h):
    """Inverse and log-determinant of a batch of symmetric matrices (eigenvalues clipped positive
    for the rare matrix that is not positive definite)."""
    ok, low = _cholesky_ok(h)
    inv = np.empty_like(h)
    logdet = np.empty(h.shape[0])
    if ok.any():
        inv[ok] = _cholesky_inverse(low[ok])
        logdet[ok] = 2 * np.log(np.diagonal(low[ok], axis1=1, axis2=2)).sum(axis=1)
    if not ok.all():
        w, q = np.linalg.eigh(h[~ok])
        w = np.maximum(np.abs(w), 1e-8 * np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-12))
        inv[~ok] = np.einsum("nij,nj,nkj->nik", q, 1.0 / w, q)
        logdet[~ok] = np.log(w).sum(axis=1)
    return inv, logdet

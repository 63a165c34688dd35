"""The STM's design pieces: the prevalence design matrix, the content levels, and the prior-mean regression."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["prevalence_design", "content_levels", "pooled_regression"]


# --------------------------------------------------------------------------- design
def prevalence_design(formula, table: pd.DataFrame):
    """The prevalence design matrix (with intercept) of ``formula`` over ``table``, its column names and spec."""
    if formula is None:
        return np.ones((len(table), 1)), ["Intercept"], None
    import formulaic

    text = formula.strip()
    if not text.startswith("~"):
        text = "~ " + text
    try:
        needed = set(formulaic.Formula(text).required_variables)
    except Exception as err:
        raise InputError(f"prevalence={formula!r} is not a formula formulaic can read: {err}") from None
    # formulaic does not list the variables inside a transform such as bs(day, df=4): add every name in the
    # text that is a column, so a missing value there is reported by column and row like any other
    needed |= {name for name in re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", text) if name in table.columns}
    _check_columns(table, sorted(v for v in needed if v not in _FORMULA_FUNCTIONS), "prevalence")
    try:
        mm = formulaic.model_matrix(text, table, na_action="raise")
    except Exception as err:
        raise InputError(f"prevalence={formula!r}: formulaic could not build the design matrix: {err}") from None
    design = np.asarray(mm, dtype=float)
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise InputError(
            f"prevalence={formula!r}: the design matrix's columns {list(mm.columns)} are collinear; drop a term"
        )
    return design, [str(c) for c in mm.columns], mm.model_spec


_FORMULA_FUNCTIONS = {"bs", "C", "poly", "center", "scale", "log", "exp", "np", "cr", "cc", "I"}


def _check_columns(table, columns, what):
    unknown = [c for c in columns if c not in table.columns]
    if unknown:
        raise InputError(
            f"{what}: unknown covariate column(s) {unknown}; the covariate table has {', '.join(map(str, table.columns))}"
        )
    for c in columns:
        miss = table[c].isna().to_numpy()
        if miss.any():
            rows = np.flatnonzero(miss)[:5].tolist()
            raise InputError(
                f"{what}: column {c!r} has {int(miss.sum())} missing value(s) (rows {rows}...); fill or drop those rows first"
            )


def content_levels(column, table: pd.DataFrame) -> tuple[np.ndarray, list]:
    """Level index of each row for the content covariate, and the level names (sorted, or categorical order)."""
    if column is None:
        return np.zeros(len(table), dtype=int), [None]
    _check_columns(table, [column], "content")
    values = table[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        names = [c for c in values.cat.categories if (values == c).any()]
    else:
        names = sorted(set(values.tolist()), key=str)
    if len(names) < 2:
        raise InputError(f"content={column!r} has {len(names)} level(s) {names}; a content covariate needs at least two")
    if len(names) > 50:
        raise InputError(f"content={column!r} has {len(names)} levels; a content covariate is one categorical column with few levels")
    pos = {v: i for i, v in enumerate(names)}
    return np.array([pos[v] for v in values.tolist()], dtype=int), names


# ------------------------------------------------------------------ prevalence regression
def pooled_regression(design: np.ndarray, eta: np.ndarray, start: np.ndarray, *, max_iter: int = 1000) -> np.ndarray:
    r"""Variational Bayesian linear regression of each column of ``eta`` on ``design`` (stm's "Pooled" prior).

    For topic *k*: :math:`\eta_{\cdot k} = X\gamma_k + \epsilon`, with an
    unpenalised intercept, :math:`\gamma_{jk} \sim N(0, 1/a)` for the other
    coefficients, a half-Cauchy(1) prior on :math:`a^{-1/2}` and on the noise
    scale (Wand et al. 2011), fitted by mean-field variational updates until
    the coefficients change by less than 1e-4 (stm's ``vb.variational.reg``).
    """
    n, p = design.shape
    if p == 1:
        return eta.mean(axis=0, keepdims=True)
    xtx = design.T @ design
    xty = design.T @ eta
    out = np.empty((p, eta.shape[1]))
    an = (1 + n) / 2
    for k in range(eta.shape[1]):
        w = np.zeros(p)
        prec_err, ea, ba, cn = 1.0, float(p), 1.0, float(p)
        for _ in range(max_iter):
            w_old = w
            pp = np.diag(np.r_[0.0, np.full(p - 1, ea)])
            v = np.linalg.inv(prec_err * xtx + pp)
            w = prec_err * v @ xty[:, k]
            sse = float(((design @ w - eta[:, k]) ** 2).sum())
            bn = 0.5 * (sse + np.trace(xtx @ v)) + ba
            prec_err = an / bn
            ba = 1 / (prec_err + 1)
            da = 2 / (ea + 1)
            dn = 2 * da + (w[1:] @ w[1:] + np.diag(v)[1:].sum())
            ea = cn / dn
            if np.abs(w - w_old).sum() < 1e-4:
                break
        out[:, k] = w
    return out

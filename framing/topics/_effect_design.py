"""The design matrix of ``estimate_effect``, shared by the two-step path (a TopicModel) and the STM."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..corpus import missing_labels
from ..errors import InputError

__all__ = ["effect_design", "is_numeric_covariate"]


def is_numeric_covariate(column: pd.Series) -> bool:
    """Whether a covariate column holds numbers that enter a regression as they are (numeric, not bool)."""
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def effect_design(table: pd.DataFrame, covariates, reference, *, numeric: bool, stacklevel: int = 3):
    """Design matrix with intercept for ``estimate_effect``, its terms and the rows used.

    Categorical columns are treatment coded against ``reference`` (default: the first level in sorted
    order); with ``numeric=True`` numeric columns not named in ``reference`` enter linearly (the STM's
    regression), with ``numeric=False`` every column is categorical (the two-step path). Rows with a
    missing value in any column (:func:`framing.corpus.missing_labels`) are left out with a warning.

    Returns
    -------
    design : ndarray of shape (n_used, n_terms)
    terms : list of (term, covariate, level, reference)
    ok : ndarray of bool, shape (len(table),)
        The rows used.
    """
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    if not covariates:
        raise InputError("estimate_effect(): give at least one covariate column or a formula such as '~ bloc'")
    unknown = [c for c in covariates if c not in table.columns]
    if unknown:
        raise InputError(
            f"estimate_effect(): unknown covariate column(s) {unknown}; the model's rows have "
            f"{', '.join(map(str, table.columns))}"
        )
    reference = dict(reference or {})
    bad = [c for c in reference if c not in covariates]
    if bad:
        raise InputError(f"estimate_effect(): reference names {bad}, which are not among the covariates {covariates}")
    ok = np.ones(len(table), bool)
    for c in covariates:
        ok &= ~missing_labels(table[c].to_numpy(dtype=object))
    if not ok.all():
        warnings.warn(
            f"estimate_effect(): {int((~ok).sum())} of {len(table)} documents miss a value of {covariates} and are left out",
            stacklevel=stacklevel,
        )
    columns, terms = [np.ones(int(ok.sum()))], [("(Intercept)", None, None, None)]
    for c in covariates:
        v = table[c].to_numpy()[ok]
        linear = numeric and is_numeric_covariate(table[c])
        if linear and c not in reference:
            columns.append(v.astype(float))
            terms.append((c, c, None, None))
            continue
        v = v.astype(object)
        levels = sorted(set(v), key=str)
        ref = reference.get(c, levels[0])
        if ref not in levels:
            raise InputError(f"estimate_effect(): reference level {ref!r} of {c!r} not found; levels are {levels}")
        for lev in levels:
            if lev != ref:
                columns.append((v == lev).astype(float))
                terms.append((f"{c}[{lev}]", c, lev, ref))
    design = np.column_stack(columns)
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise InputError(f"estimate_effect(): the covariates {covariates} are collinear (e.g. one determines another); drop one")
    return design, terms, ok

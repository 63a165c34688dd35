"""Expected topic proportions along a numeric covariate (stm's ``plot.estimateEffect(method = "continuous")``)."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._provenance import records_call
from .._stats import as_generator
from .._validation import Interval, validate_params
from ..errors import InputError
from ._effect_design import is_numeric_covariate
from ._stm_design import prevalence_design
from ._stm_effects import _check_sims, _check_stm, _coefficients, _Composition, _interval

__all__ = ["prevalence_curve"]


@validate_params(
    {
        "n_points": [Interval(numbers.Integral, 2, 1000)],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
@records_call
def prevalence_curve(
    model, over, *, formula=None, at=None, values=None, n_points: int = 50, n_boot: int = 500, alpha: float = 0.05,
    seed=0,
) -> pd.DataFrame:  # fmt: skip
    r"""Each topic's expected proportion along a numeric covariate, with intervals (stm's continuous effect plot).

    The regression of :func:`~framing.estimate_effect` for an STM, read as a
    curve: for each of ``n_boot`` draws *s* of the documents' topic
    proportions from the model's approximate posterior (the method of
    composition), ordinary least squares on the design of ``formula`` gives
    coefficients :math:`\hat b^{(s)}_k` (plus one draw of their sampling
    error), and the curve at value *v* of ``over`` is
    :math:`\hat y^{(s)}_k(v) = x(v)^\top \hat b^{(s)}_k`, where the row
    :math:`x(v)` sets ``over`` to *v* and every other covariate of the
    formula to its value in ``at``. The estimate is the mean over the draws
    and the interval their :math:`(\alpha/2, 1-\alpha/2)` percentiles, at
    each value separately (pointwise, not a simultaneous band). With a
    spline such as ``bs(day, df=4)``, formulaic evaluates the basis at the
    new values with the knots of the fitted design.

    This is what stm's ``plot.estimateEffect(..., method = "continuous")``
    draws (Roberts, Stewart & Tingley 2019); the uncertainty of the fitted
    topics themselves is not included (see :class:`~framing.STM`, Notes:
    on planted data the intervals of the effects covered in 92 % of cases,
    the baseline levels in 87 %).

    Parameters
    ----------
    model : STM (fitted)
    over : str
        A numeric covariate column that ``formula`` uses (e.g. ``'day'``).
    formula : str, default=None
        A formulaic formula over the covariate table (e.g.
        ``"~ bloc + bs(day, df=4)"``); default: the model's ``prevalence``.
    at : dict, default=None
        Values of the formula's other covariates. Default: the median of a
        numeric column (the lower middle value, so an observed one: 0 or 1
        for a dummy), the most frequent level of any other (ties: the first
        in sorted order). The table reports them in their columns.
    values : sequence of float, default=None
        Values of ``over`` to evaluate at, inside its observed range.
        Default: ``n_points`` evenly spaced from its minimum to its maximum.
    n_points : int, default=50
        Number of values when ``values`` is not given (2 to 1,000).
    n_boot : int, default=500
        Number of posterior draws (0, or at least 10); 0 gives the curve at
        the posterior mode with NaN intervals.
    {params.alpha}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        One row per topic and value: ``topic``, ``label``, ``covariate``
        (``over``), ``value``, ``estimate``, ``ci_low``, ``ci_high``,
        ``n_docs``, ``n_boot_used``, then one column per held covariate
        with its value.

    Raises
    ------
    InputError
        If ``model`` is not a fitted STM; ``over`` is not a numeric column
        of the covariate table or not in ``formula``; ``at`` names a column
        the formula does not use, or ``over`` itself; a value is missing,
        not finite or outside the observed range of ``over`` (a curve is not
        extrapolated); the formula cannot be read or its design is
        collinear; ``n_boot``, ``n_points``, ``alpha`` or ``seed`` are
        invalid.

    References
    ----------
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).

    Tanner, M. A. (1996). *Tools for Statistical Inference* (3rd ed.). Springer.

    Examples
    --------
    >>> import framing as fr
    >>> from framing.topics import simulate_stm
    >>> m, cov, truth = simulate_stm(300, 3, 60, doc_length=40, seed=0)
    >>> rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(300)]}), cov], axis=1)
    >>> model = fr.STM(3, prevalence="~ treat + x").fit(fr.DocumentTermMatrix(m, rows, truth["terms"]))
    >>> curve = prevalence_curve(model, "x", n_points=5, n_boot=50)
    >>> curve.shape, curve["treat"].unique().tolist()
    ((15, 10), [0.0])
    """
    _check_stm(model)  # alpha, n_points and seed are checked by validate_params
    n_sims = _check_sims(n_boot)
    formula = model.prevalence if formula is None else formula
    if not isinstance(formula, str):
        raise InputError("prevalence_curve(): the model has no prevalence formula; give formula=, e.g. '~ bs(day, df=4)'")
    comp = _Composition(model)
    table = comp.table
    _check_over(table, over)
    design, _, spec = prevalence_design(formula, table)
    if over not in spec.required_variables:
        raise InputError(f"prevalence_curve(): the formula {formula!r} does not use {over!r}; add it, e.g. '~ bs({over}, df=4)'")
    held = _held_values(table, spec, over, at)
    grid_values = _grid(table[over].to_numpy(dtype=float), values, int(n_points), over)
    grid = pd.DataFrame({over: grid_values, **{c: [v] * len(grid_values) for c, v in held.items()}})
    try:
        x_grid = np.asarray(spec.get_model_matrix(grid), dtype=float)
    except Exception as err:
        raise InputError(f"prevalence_curve(): formulaic could not evaluate {formula!r} at the new values: {err}") from None
    reps = _coefficients(comp, design, np.ones(len(table), bool), n_sims, as_generator(seed))  # (S, P, K)
    curves = np.einsum("gp,spk->sgk", x_grid, reps)
    est = curves.mean(axis=0)
    low, high = _interval(curves, alpha, n_sims)
    k = est.shape[1]
    out = pd.DataFrame({
        "topic": np.repeat(np.arange(k), len(grid_values)),
        "label": np.repeat(np.asarray(model.topic_labels_, dtype=object), len(grid_values)),
        "covariate": over,
        "value": np.tile(grid_values, k),
        "estimate": est.T.ravel(),
        "ci_low": low.T.ravel(),
        "ci_high": high.T.ravel(),
        "n_docs": len(table),
        "n_boot_used": n_sims,
    })  # fmt: skip
    for c, v in held.items():
        out[c] = v
    return out


def _check_over(table, over):
    if not isinstance(over, str) or over not in table.columns:
        raise InputError(
            f"prevalence_curve(): over={over!r} is not a covariate column; the model's rows have "
            f"{', '.join(map(str, table.columns))}"
        )
    column = table[over]
    if not is_numeric_covariate(column):
        raise InputError(
            f"prevalence_curve(): column {over!r} is not numeric ({column.dtype}); a curve needs numbers, e.g. days "
            "since the first date; for a categorical covariate use fr.topic_prevalence or fr.estimate_effect"
        )


def _held_values(table, spec, over, at) -> dict:
    """The value of every other covariate of the formula: ``at``, else the median or the most frequent level."""
    needed = sorted(v for v in spec.required_variables if v in table.columns and v != over)
    at = dict(at or {})
    bad = sorted(str(c) for c in at if c not in needed)
    if bad:
        raise InputError(
            f"prevalence_curve(): at= names {bad}, which the formula does not use (it uses {needed} besides {over!r})"
        )
    held = {}
    for c in needed:
        if c in at:
            held[c] = at[c]
        elif is_numeric_covariate(table[c]):
            held[c] = float(np.quantile(table[c].to_numpy(dtype=float), 0.5, method="lower"))  # an observed value
        else:
            counts = table[c].astype(object).value_counts()
            top = counts[counts == counts.max()].index
            held[c] = sorted(top, key=str)[0]
    return held


def _grid(observed, values, n_points, over) -> np.ndarray:
    lo, hi = float(np.min(observed)), float(np.max(observed))
    if values is None:
        return np.linspace(lo, hi, n_points)
    grid = np.asarray(values, dtype=float).ravel()
    if not grid.size or not np.isfinite(grid).all():
        raise InputError(f"prevalence_curve(): values must be finite numbers, got {values!r}")
    outside = grid[(grid < lo) | (grid > hi)]
    if outside.size:
        raise InputError(
            f"prevalence_curve(): values {outside[:5].tolist()} lie outside the observed range of {over!r} "
            f"[{lo:g}, {hi:g}]; a curve is not extrapolated"
        )
    return grid

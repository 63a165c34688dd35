"""Agreement between coders: Krippendorff's alpha with bootstrap intervals, Cohen's and Fleiss' kappa."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
from statsmodels.stats import inter_rater

from .._docs import fill_doc
from .._stats import as_generator, check_alpha, check_n_boot, percentile_interval
from .._validation import Options, validate_params
from ..errors import InputError
from ._common import frame_list, wide_codes

__all__ = ["agreement", "krippendorff_alpha"]

_LEVELS = ("nominal", "ordinal", "interval")


@validate_params({"level": [Options(_LEVELS)]})
def krippendorff_alpha(data, level: str = "nominal") -> float:
    r"""Krippendorff's alpha of one reliability matrix (coders x units).

    :math:`\alpha = 1 - D_o / D_e`, the observed disagreement over the
    disagreement expected by chance, from the coincidence matrix of the
    pairable values (Krippendorff 2004, 2011). Computed by the maintained
    ``krippendorff`` package (Castro 2017); NaN marks a missing value.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
    level : {'nominal', 'ordinal', 'interval'}, default='nominal'

    Returns
    -------
    float
        NaN when there is no variation at all (a single value used by
        every coder: :math:`D_e = 0`) or fewer than two pairable values.

    Raises
    ------
    InputError
        For an unknown ``level``.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    Annenberg School for Communication, University of Pennsylvania.
    Castro, S. (2017). Fast Krippendorff: fast computation of
    Krippendorff's alpha agreement measure. GitHub,
    pln-fing-udelar/fast-krippendorff.

    Examples
    --------
    Krippendorff's (2011) example of 4 coders and 12 units, nominal alpha
    0.743:

    >>> import numpy as np
    >>> nan = np.nan
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(data), 3)
    0.743
    """
    data = np.asarray(data, dtype=float)
    pairable = np.isfinite(data).sum(axis=0) >= 2
    data = data[:, pairable]
    vals = data[np.isfinite(data)]
    if vals.size < 2 or np.unique(vals).size < 2:
        return float("nan")
    domain = np.unique(vals)
    return float(krippendorff.alpha(reliability_data=data, value_domain=domain, level_of_measurement=level))


def _kappas(mat: np.ndarray) -> tuple[float, float]:
    """Cohen's kappa (exactly two coders) and Fleiss' kappa on the units every coder coded."""
    complete = np.isfinite(mat).all(axis=0)
    m = mat[:, complete]
    if m.shape[1] < 2 or np.unique(m).size < 2:
        return float("nan"), float("nan")
    cats = np.unique(m)
    cohen = float("nan")
    if m.shape[0] == 2:
        table = np.zeros((cats.size, cats.size))
        a = np.searchsorted(cats, m[0])
        b = np.searchsorted(cats, m[1])
        np.add.at(table, (a, b), 1)
        cohen = float(inter_rater.cohens_kappa(table, return_results=False))
    counts, _ = inter_rater.aggregate_raters(m.T)
    fleiss = float(inter_rater.fleiss_kappa(counts, method="fleiss"))
    return cohen, fleiss


@validate_params({"level": [Options(_LEVELS)]})
@fill_doc
def agreement(codes, *, frames=None, level: str = "nominal", n_boot: int = 1000, seed=0, alpha: float = 0.05) -> pd.DataFrame:
    r"""Agreement between coders per frame: Krippendorff's alpha, Cohen's and Fleiss' kappa.

    For each frame, the reliability matrix (coders x documents) gives
    Krippendorff's :math:`\alpha = 1 - D_o/D_e` (Krippendorff 2004, 2011)
    with a percentile bootstrap interval over documents (Hayes &
    Krippendorff 2007 resample the coincidences; resampling whole documents
    is the simpler, slightly wider choice), the percent of documents on
    which all coders agree, Cohen's (1960) kappa when there are exactly two
    coders, and Fleiss' (1971) kappa; the kappas use the documents every
    coder coded. Kappa values come from statsmodels.

    Parameters
    ----------
    codes : pandas.DataFrame
        The long table of :func:`framing.read_codes` (``doc_id``,
        ``coder``, ``frame``, ``code``).
    frames : list of str, optional
        Default: every frame in ``codes``.
    level : {'nominal', 'ordinal', 'interval'}, default='nominal'
        Krippendorff's metric: nominal for yes/no frames.
    n_boot : int, default=1000
        Bootstrap replicates; 0 gives no interval (NaN); a positive value
        must be at least 50.
    {params.seed}
    {params.alpha}

    Returns
    -------
    pandas.DataFrame
        One row per frame: ``frame``, ``estimate`` (Krippendorff's alpha),
        ``ci_low``, ``ci_high``, ``level``, ``percent_agreement``,
        ``cohen_kappa``, ``fleiss_kappa``, ``n_docs`` (documents coded by
        at least two coders), ``n_coders``.

    Raises
    ------
    InputError
        For codes not in the long format, fewer than two coders, or a bad
        ``level``/``n_boot``.

    References
    ----------
    Krippendorff, K. (2004). *Content Analysis: An Introduction to Its
    Methodology* (2nd ed.). Sage.
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a
    standard reliability measure for coding data. *Communication Methods
    and Measures*, 1(1), 77-89.
    Cohen, J. (1960). A coefficient of agreement for nominal scales.
    *Educational and Psychological Measurement*, 20(1), 37-46.
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many
    raters. *Psychological Bulletin*, 76(5), 378-382.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({"doc_id": list("abcdab cd".replace(" ", "")),
    ...                       "coder": ["x"] * 4 + ["y"] * 4, "frame": "conflict",
    ...                       "code": [1, 1, 0, 0, 1, 0, 0, 0]})
    >>> agreement(codes, n_boot=0)[["frame", "percent_agreement", "n_coders"]].values.tolist()
    [['conflict', 0.75, 2]]
    """
    if not isinstance(codes, pd.DataFrame) or not {"doc_id", "coder", "frame", "code"} <= set(codes.columns):
        raise InputError("agreement(): codes must be the long table of read_codes (doc_id, coder, frame, code)")
    check_alpha(alpha)
    if n_boot != 0:
        check_n_boot(n_boot, minimum=50)
    wide = wide_codes(codes, "agreement()")
    coders = list(dict.fromkeys(wide.index.get_level_values("coder")))
    if len(coders) < 2:
        raise InputError(
            f"agreement(): need codes from at least two coders, got {coders}; "
            "read every coder's sheet with read_codes"
        )
    frames = frame_list(frames, wide.columns, "agreement()")
    rng = as_generator(seed)
    rows = []
    for f in frames:
        mat = wide[f].unstack("coder").reindex(columns=coders)  # documents x coders
        mat = mat[mat.notna().sum(axis=1) >= 2]
        data = mat.to_numpy(dtype=float).T
        est = krippendorff_alpha(data, level)
        low = high = float("nan")
        if n_boot and data.shape[1] >= 2:
            reps = np.empty(int(n_boot))
            for b in range(int(n_boot)):
                idx = rng.integers(0, data.shape[1], data.shape[1])
                reps[b] = krippendorff_alpha(data[:, idx], level)
            low, high = percentile_interval(reps, alpha)
        complete = np.isfinite(data).all(axis=0)
        same = (data[:, complete] == data[:1, complete]).all(axis=0)
        pct = float(same.mean()) if complete.any() else float("nan")
        cohen, fleiss = _kappas(data) if level == "nominal" or np.isfinite(data).any() else (np.nan, np.nan)
        rows.append((f, est, float(low), float(high), level, pct, cohen, fleiss, int(data.shape[1]), len(coders)))
    out = pd.DataFrame(rows, columns=["frame", "estimate", "ci_low", "ci_high", "level", "percent_agreement",
                                      "cohen_kappa", "fleiss_kappa", "n_docs", "n_coders"])  # fmt: skip
    ci = (f"{100 * (1 - alpha):g}% percentile bootstrap intervals from {int(n_boot)} replicates resampling documents"
          if n_boot else "no intervals (n_boot=0)")  # fmt: skip
    out.attrs["inference"] = (
        f"Krippendorff's alpha ({level}) computed with the krippendorff package, {ci}; Cohen's and Fleiss' kappa "
        "from statsmodels on the documents every coder coded"
    )
    return out

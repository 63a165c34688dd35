"""Choosing the number of topics: a grid of K and seeds, scored and tabulated."""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.decomposition import LatentDirichletAllocation

from ..._stats import as_generator
from ..._validation import Interval, validate_params
from ...errors import InputError
from ._coherence import model_quality
from ._stability import (
    REFIT_CONSTRAINTS,
    _check_seeds,
    _check_template,
    _fit_quiet,
    _nonempty,
    _stability_table,
    _subsample,
)

__all__ = ["choose_k"]


@validate_params(
    {
        **REFIT_CONSTRAINTS,
        "holdout": [Interval(Real, 0, 1, closed="left"), None],
        "n_terms": [Interval(Integral, 1, None)],
        "min_stability": [Interval(Real, 0, 1)],
        "seed": ["seed"],
    }
)
def choose_k(
    model,
    X,
    ks,
    *,
    random_states=(0, 1, 2),
    holdout: float | None = None,
    n_terms: int = 10,
    threshold: float = 0.7,
    min_stability: float = 0.7,
    subsample=0.8,
    seed=0,
) -> pd.DataFrame:
    r"""Fit a grid of K (and seeds) and tabulate the scores that inform the choice.

    The rows (documents; paragraphs are kept together with their document)
    are split once, with ``seed``, into a training part and a held-out
    part of share ``holdout``. For each K and each seed the model is
    fitted on the training part; coherence (NPMI, UMass; reference = the
    training part), exclusivity and diversity are averaged over topics;
    held-out perplexity (scikit-learn's ``perplexity``, LDA only) is
    computed on the held-out part; stability compares the seeds' runs as in
    :func:`topic_stability`.

    **Default suggestion** (``suggested`` column, a starting point, not an
    answer): among the K whose mean stability is at least
    ``min_stability``, the one with the highest mean NPMI (ties: the
    smaller K); if no K is that stable, the most stable K. Read the topics
    of the suggested K and its neighbours before deciding.

    Parameters
    ----------
    model : TopicModel
        Template; ``n_topics`` and ``random_state`` are set per run.
    X : Corpus, DocumentTermMatrix or (matrix, vocabulary)
    ks : sequence of int
        The K to try.
    random_states : sequence of int, default=(0, 1, 2)
        The ``random_state`` of each fit per K (at least two, all
        different: stability needs them).
    holdout : float, default=None
        Share of documents held out for perplexity (0 to skip). ``None``
        means 0.2 for LDA, the one model with a held-out perplexity, and 0
        otherwise, so that NMF is scored on every document.
    n_terms : int, default=10
    threshold : float, default=0.7
        Cosine for a topic to count as recurring.
    min_stability : float, default=0.7
    subsample : float or None, default=0.8
        As in :func:`topic_stability`: runs after the first seed are fitted
        on this seeded share of the training rows.
    seed : int, default=0
        Seed of the train/held-out split.

    Returns
    -------
    pandas.DataFrame
        One row per K, sorted by K: ``n_topics``, ``n_runs``, ``npmi``,
        ``npmi_min``, ``npmi_max`` (mean and range over seeds), ``umass``,
        ``exclusivity``, ``diversity`` (top 25 terms), ``perplexity``
        (mean over seeds; NaN unless LDA with a held-out part),
        ``stability`` (mean over topics and runs of the matched cosine),
        ``n_unstable`` (topics of the first run that do not recur in every
        other run), ``suggested`` (bool, one row True). The plots helper
        draws one panel per score against ``n_topics``.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel; for ``ks`` that are not distinct
        positive integers, fewer than two or repeated ``random_states``, a
        ``holdout`` outside [0, 1), a ``threshold``, ``min_stability`` or
        ``subsample`` out of range, or rows that are all empty.

    Notes
    -----
    **Held-out perplexity** (Blei, Ng & Jordan 2003, sec. 7.1): for the
    held-out documents :math:`d` with :math:`N_d` tokens,

    .. math::
        \mathrm{perplexity} = \exp\Big(-\frac{\sum_d \log p(\mathbf w_d)}{\sum_d N_d}\Big),

    lower is better. scikit-learn's ``LatentDirichletAllocation.perplexity``
    replaces :math:`\log p(\mathbf w_d)` by its variational lower bound
    (Hoffman, Blei & Bach 2010), so the value is an upper bound of the true
    perplexity; compare it across K only within one corpus and split.

    **The suggestion rule**: with :math:`\bar s_K` the mean stability and
    :math:`\overline{\mathrm{NPMI}}_K` the mean NPMI over seeds,

    .. math::
        K^* = \min \operatorname*{arg\,max}_{K:\ \bar s_K \ge s_{min}} \overline{\mathrm{NPMI}}_K,
        \quad\text{or}\quad K^* = \operatorname*{arg\,max}_K \bar s_K
        \ \text{if no } K \text{ has } \bar s_K \ge s_{min},

    i.e. the most coherent K among those whose topics recur across seeds
    (stability as in Greene, O'Callaghan & Cunningham 2014; NPMI as in Lau,
    Newman & Baldwin 2014). It is a heuristic of this package, not a
    published selection criterion.

    References
    ----------
    Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet
    allocation. *Journal of Machine Learning Research*, 3, 993-1022.

    Hoffman, M. D., Blei, D. M., & Bach, F. (2010). Online learning for
    latent Dirichlet allocation. *NIPS 23*, 856-864.

    Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics?
    Stability analysis for topic models. *ECML PKDD 2014*, 498-513.

    Lau, J. H., Newman, D., & Baldwin, T. (2014). Machine reading tea
    leaves: Automatically evaluating topic coherence and topic model
    quality. *EACL 2014*, 530-539.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> table = fr.choose_k(TopicModel(min_df=1), c, [2, 3], random_states=(0, 1), n_terms=3)
    >>> table["n_topics"].tolist(), int(table["suggested"].sum())
    ([2, 3], 1)
    """
    _check_template(model)
    seeds = _check_seeds(random_states, 2)
    ks = list(ks)
    if not ks or any(not isinstance(k, (int, np.integer)) or k < 1 for k in ks) or len(set(ks)) != len(ks):
        raise InputError(f"choose_k(): ks must be distinct positive integers, got {ks!r}")
    if holdout is None:
        method = model.get_params().get("method")
        is_lda = method == "lda" or type(method).__name__ == "LatentDirichletAllocation"
        holdout = 0.2 if is_lda else 0.0
    dtm = _nonempty(model.prepare(X), "choose_k()")
    ids = dtm.rows["doc_id"].to_numpy(dtype=object) if "doc_id" in dtm.rows.columns else np.arange(dtm.shape[0])
    codes, uniques = pd.factorize(ids)
    rng = as_generator(seed)
    n_out = int(round(holdout * len(uniques)))
    test_docs = np.zeros(len(uniques), bool)
    if n_out:
        test_docs[rng.choice(len(uniques), n_out, replace=False)] = True
    test = test_docs[codes]
    train = dtm.select_rows(~test)
    test_m = dtm.matrix[test]
    rows = []
    for k in sorted(ks):
        runs = []
        scores = []
        for i, s in enumerate(seeds):
            part = _subsample(train, subsample, int(s), int(k)) if i > 0 else train
            m = _fit_quiet(clone(model).set_params(n_topics=int(k), random_state=int(s)), part)
            runs.append(m)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                q = model_quality(m, n_terms=n_terms)
            perp = np.nan
            if isinstance(m.estimator_, LatentDirichletAllocation) and test_m.shape[0]:
                perp = float(m.estimator_.perplexity(test_m.astype(np.float64)))
            scores.append((q["npmi"].iloc[0], q["umass"].iloc[0], q["exclusivity"].iloc[0], q["diversity"].iloc[0], perp))
        sc = np.array(scores)
        stab = _stability_table(runs, threshold)
        rows.append(
            {
                "n_topics": int(k),
                "n_runs": len(seeds),
                "npmi": sc[:, 0].mean(),
                "npmi_min": sc[:, 0].min(),
                "npmi_max": sc[:, 0].max(),
                "umass": sc[:, 1].mean(),
                "exclusivity": sc[:, 2].mean(),
                "diversity": sc[:, 3].mean(),
                "perplexity": np.nan if np.isnan(sc[:, 4]).all() else np.nanmean(sc[:, 4]),
                "stability": float(stab["stability"].mean()),
                "n_unstable": int((~stab["stable"]).sum()),
            }
        )
    table = pd.DataFrame(rows)
    ok = table["stability"] >= min_stability
    if ok.any():
        best = table[ok].sort_values(["npmi", "n_topics"], ascending=[False, True]).index[0]
    else:
        best = table.sort_values(["stability", "n_topics"], ascending=[False, True]).index[0]
    table["suggested"] = table.index == best
    return table

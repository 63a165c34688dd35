"""Statistics shared by the analyses: bootstrap over documents, intervals, FDR.

Analyses import these instead of writing their own, so that every interval
and every corrected p-value in the kit is computed one way. One room per
concern:

- ``_checks``: seeds, ``alpha``, ``n_boot`` (and its minimum), the memory
  guard for replicates, small-group warnings;
- ``_bootstrap``: the bootstrap over documents (weights, group sums block by
  block, group means);
- ``_permutation``: permutation tests over documents;
- ``_intervals``: Wilson, percentile and expanded percentile intervals;
- ``_multiple``: Benjamini-Hochberg;
- ``_compare``: group means against the rest (``compare_frames``, ``compare_tone``);
- ``_ranking``: the one top-k rule and the one cosine similarity.

Group sums and matrix blocks come from the corpus layer
(:mod:`framing.corpus._blocks`) and are re-exported here for the analyses.
"""

from __future__ import annotations

from ..corpus._blocks import LocalBlocks, _as_blocks, group_sums, matrix_blocks
from ._bootstrap import _boot_part, _group_draws, bootstrap_group_means, bootstrap_group_sums, bootstrap_weights
from ._checks import (
    ALPHA,
    MAX_REPLICATE_BYTES,
    MIN_DOCS,
    N_BOOT_MIN,
    as_generator,
    check_alpha,
    check_n_boot,
    check_replicate_memory,
    inference_sentence,
    int_seed,
    small_group_warning,
)
from ._compare import compare_group_means
from ._intervals import expanded_alpha, percentile_interval, two_sample_expanded_alpha, wilson_interval
from ._multiple import benjamini_hochberg
from ._permutation import permutation_indicators, permutation_p
from ._ranking import cosine_similarity, top_k

__all__ = [
    "as_generator",
    "benjamini_hochberg",
    "wilson_interval",
    "bootstrap_weights",
    "bootstrap_group_sums",
    "group_sums",
    "matrix_blocks",
    "LocalBlocks",
    "percentile_interval",
    "check_alpha",
    "bootstrap_group_means",
    "compare_group_means",
    "expanded_alpha",
    "two_sample_expanded_alpha",
    "check_n_boot",
    "check_replicate_memory",
    "permutation_indicators",
    "permutation_p",
    "MIN_DOCS",
    "top_k",
    "cosine_similarity",
]

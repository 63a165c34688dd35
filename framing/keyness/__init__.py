"""Keyness: which terms one group of documents uses more than another, with uncertainty.

One function, :func:`keyness`, compares every group with the rest (or any
target with any reference) and returns one long table for all comparisons.
Four statistics are available (log-odds ratio with an informative Dirichlet
prior, G², chi-square, PMI); each comes with a p-value whose unit is the
document (a permutation test shuffling documents between the groups; the
token-level p-value is an explicit option), a Benjamini-Hochberg adjusted
p-value within its comparison and, on request, a bootstrap interval over
documents.

One room per concern: ``_keyness`` (the function and its table),
``_scores`` (the statistics of a 2x2 table), ``_inference`` (document
frequencies and the permutation test over documents), ``_inputs``
(resolving a Corpus, DiskCorpus or DocumentTermMatrix and its grouping into
units, groups and comparisons).
"""

from __future__ import annotations

from ._inference import MIN_N_PERM, REFINE_FACTOR, REFINE_P
from ._keyness import COLUMNS, MIN_N_BOOT_SIGN, TESTS, keyness
from ._scores import METHODS

__all__ = ["keyness", "METHODS", "TESTS"]

"""Plot functions: a table an analysis returned in, matplotlib Axes out.

Every function is axes-level (seaborn's convention): it draws on ``ax`` (or
the current Axes), returns it, never calls ``show()`` and never saves; save
with :func:`framing.style.save_figure`, passing the same table as ``data``.
Plots compute no statistics: they select, reshape (pivot) and draw the
columns they are given, so every figure can be rebuilt from its CSV. Column
names default to those of the analysis that makes the table and can be
changed with keyword arguments.

Like :mod:`framing.style`, this package imports matplotlib and is not
imported by ``import framing``; use ``from framing import plots, style``.

=============================  ===================================================
function                       draws
=============================  ===================================================
:func:`plot_keyness`           Fightin'-Words scatter: frequency (log) against
                               z, extremes labelled (:func:`framing.keyness.keyness`)
:func:`plot_keyness_bars`      diverging bars of the top terms of one comparison
:func:`plot_shares`            naming-choice shares per group with intervals
:func:`plot_prevalence`        topic prevalence by group, dot and whisker
:func:`plot_frame_heatmap`     frame (or tone) scores by group, heatmap with values
:func:`plot_reuse_matrix`      who carries whose story (:func:`framing.reuse.who_republishes_whom`)
:func:`plot_reuse_ranked`      the same as a ranked dot plot of (original, republisher) pairs
:func:`plot_alignment`         paragraphs of two copies kept, changed, dropped, added
                               (:func:`framing.reuse.paragraph_alignment`)
:func:`plot_composition`       documents per day by language or bloc, stacked bars
:func:`plot_topic_network`     topic network coloured by frame community
:func:`plot_choose_k`          choose-K diagnostics, one panel per score
                               (:func:`framing.topics.quality.choose_k`)
:func:`mark_events`            shade each event's days on a date axis
                               (:attr:`framing.Corpus.events`)
:func:`plot_calibration`       predicted probability against the coders' share
                               (:func:`framing.calibration_table`)
=============================  ===================================================

For the structural topic model (``_stm``): :func:`plot_prevalence_differences`
(differences in topic prevalence between groups, with intervals),
:func:`plot_prevalence_curve` (expected proportions along a numeric covariate),
:func:`plot_content_contrast` (how two content levels word one topic) and
:func:`plot_topic_correlation` (topic correlation network); prevalence by
group is :func:`plot_prevalence`.

Rooms: one module per family (``_keyness``, ``_shares``, ``_heatmaps``,
``_composition``, ``_topics``, ``_stm``, ``_alignment``, ``_calibration``), label placement in
``_labels``, shared helpers in ``_base``.
"""

from ._alignment import ALIGNMENT_COLORS, plot_alignment
from ._calibration import plot_calibration
from ._composition import plot_composition
from ._events import event_legend_text, mark_events
from ._heatmaps import plot_frame_heatmap, plot_reuse_matrix, plot_reuse_ranked
from ._keyness import plot_keyness, plot_keyness_bars
from ._labels import repel_labels
from ._shares import plot_prevalence, plot_shares
from ._stm import plot_content_contrast, plot_prevalence_curve, plot_prevalence_differences, plot_topic_correlation
from ._topics import plot_choose_k, plot_topic_network

__all__ = [
    "ALIGNMENT_COLORS",
    "event_legend_text",
    "mark_events",
    "plot_alignment",
    "plot_calibration",
    "plot_choose_k",
    "plot_composition",
    "plot_content_contrast",
    "plot_frame_heatmap",
    "plot_keyness",
    "plot_keyness_bars",
    "plot_prevalence",
    "plot_prevalence_curve",
    "plot_prevalence_differences",
    "plot_reuse_matrix",
    "plot_reuse_ranked",
    "plot_shares",
    "plot_topic_correlation",
    "plot_topic_network",
    "repel_labels",
]

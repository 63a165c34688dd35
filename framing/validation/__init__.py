"""Validating frame measures against human codes.

The loop a reviewer asks for: draw documents to hand-code
(:func:`coding_sample`), give coders a blind sheet (:func:`coding_sheet`),
read their codes back (:func:`read_codes`), check that the coders agree
(:func:`agreement`), score a dictionary or a classifier against the codes
(:func:`validate_measure`, :func:`calibration_table`), train a classifier
on the codes (:class:`FrameClassifier`, :func:`cross_fit_predict`), and
estimate frame prevalence with intervals that account for the measure's
errors (:func:`corrected_prevalence`).
"""

from ._crossfit import cross_fit_predict
from .agreement import agreement, krippendorff_alpha
from .classifier import FrameClassifier
from .prevalence import corrected_prevalence
from .sample import coding_sample
from .scoring import calibration_table, learn_thresholds, roc_auc, term_audit, validate_measure
from .sheet import FRAME_QUESTIONS, coding_sheet, read_codes
from .teaching import load_teaching_codes, load_teaching_set

__all__ = [
    "FRAME_QUESTIONS",
    "FrameClassifier",
    "agreement",
    "calibration_table",
    "coding_sample",
    "coding_sheet",
    "corrected_prevalence",
    "cross_fit_predict",
    "krippendorff_alpha",
    "learn_thresholds",
    "load_teaching_codes",
    "load_teaching_set",
    "read_codes",
    "roc_auc",
    "term_audit",
    "validate_measure",
]

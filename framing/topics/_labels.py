"""Human labels for a fitted model's topics, set in one place."""

from __future__ import annotations

from collections.abc import Mapping

from .._validation import InstanceOf, validate_params
from ..errors import InputError

__all__ = ["label_topics"]


@validate_params(
    {"labels": [InstanceOf((Mapping, list, tuple), "a dict {topic: label} or a list")], "keep_number": ["boolean"]}
)
def label_topics(model, labels, *, keep_number: bool = True):
    """Give a fitted topic model's topics human labels, used by every later table and figure.

    Replaces ``model.topic_labels_`` (by default the topic number and its
    top terms, e.g. ``'7: donbas territory region'``), which every function
    that reports topics copies into its ``label`` column: prevalence,
    differences, effects, stability, quality, ANTMN nodes and frame names.
    Label the model once, after reading its topics, and the names are the
    same everywhere.

    Parameters
    ----------
    model : TopicModel or STM
        A fitted model.
    labels : mapping {int: str} or sequence of str
        A label per topic. A mapping may leave topics out: they keep their
        current label.
    keep_number : bool, default=True
        Prefix each new label with its topic number (``'7: territory'``),
        so that tables stay easy to match with the model's arrays.

    Returns
    -------
    model
        The same model (labels changed in place), for chaining.

    Raises
    ------
    InputError
        For an unfitted model, a topic number out of range, a sequence of
        the wrong length, or an empty or non-string label.

    Examples
    --------
    >>> import numpy as np
    >>> class Fitted:  # any fitted model with topic_labels_
    ...     topic_labels_ = ["0: talks geneva round", "1: donbas territory region"]
    >>> label_topics(Fitted(), {1: "territory"}).topic_labels_
    ['0: talks geneva round', '1: territory']
    """
    current = getattr(model, "topic_labels_", None)
    if current is None:
        raise InputError("label_topics(): the model is not fitted (no topic_labels_); call fit() first")
    k = len(current)
    if isinstance(labels, Mapping):
        items = dict(labels)
    else:
        if len(labels) != k:
            raise InputError(f"label_topics(): labels has {len(labels)} entries, need one per topic ({k})")
        items = dict(enumerate(labels))
    new = list(current)
    for topic, label in items.items():
        if isinstance(topic, bool) or not isinstance(topic, int) or not 0 <= topic < k:
            raise InputError(f"label_topics(): topic {topic!r} is not a topic number (0 to {k - 1})")
        if not isinstance(label, str) or not label.strip():
            raise InputError(f"label_topics(): the label of topic {topic} must be a non-empty string, got {label!r}")
        new[topic] = f"{topic}: {label.strip()}" if keep_number else label.strip()
    if len(set(new)) != k:
        raise InputError("label_topics(): two topics would get the same label; make them distinct")
    model.topic_labels_ = new
    return model

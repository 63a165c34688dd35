"""The bundled teaching set: short texts written for the kit, coded for the five generic frames."""

from __future__ import annotations

import pandas as pd

from .. import _paths
from ..errors import InputError
from .sheet import read_codes

__all__ = ["load_teaching_set", "load_teaching_codes"]

_CODERS = ("coder_a", "coder_b")


def _folder():
    return _paths.data_dir() / "teaching"


def load_teaching_set():
    """The teaching set as a corpus: 178 short news paragraphs about a fictional river dispute.

    **A teaching set, not evidence.** The developers wrote every text for
    this kit (no third-party article text) about two fictional countries,
    Veldria and Ostmark, quarrelling over a dam on the fictional river
    Sarn, in six fictional outlets grouped in three blocs (column
    ``bloc``). The texts deliberately include the traps of generic-frame
    dictionaries (*investigators*, *Justice Minister*, *morale*,
    *Churchill Street*, *solvents*, one-word headlines) and frames
    expressed without the obvious words. Use it to learn and test the
    validation loop; validate a measure on codes of *your* corpus. The
    codebook and how the codes were made are in
    ``framing/_data/teaching/CODEBOOK.md``.

    Returns
    -------
    Corpus
        Documents ``teach-001`` ... ``teach-178`` with ``title``,
        ``source``, ``bloc``, ``date``, ``url`` (not real addresses) and
        ``language`` ('en'), and their text.

    Raises
    ------
    InputError
        Only if the bundled files are damaged (reinstall the package).

    Examples
    --------
    >>> c = load_teaching_set()
    >>> len(c), sorted(c.documents["bloc"].unique())
    (178, ['International agencies', 'Ostmark media', 'Veldrian media'])
    """
    from ..corpus import Corpus

    table = pd.read_csv(_folder() / "texts.csv", dtype=str, keep_default_na=False)
    meta = table.drop(columns="text")
    return Corpus.from_texts(table["text"].tolist(), meta, name="teaching-set-en")


def load_teaching_codes(coders=_CODERS) -> pd.DataFrame:
    """The teaching set's frame codes, in :func:`framing.read_codes`'s long format.

    ``coder_a``: the author's codes, made with the codebook when each text
    was written (not blind to the intended frames). ``coder_b``: a
    **simulated** second coder, ``coder_a``'s codes with each code flipped
    with probability 0.10 (``numpy.random.default_rng(12)``, frame by
    frame); it shows how the agreement statistics work and is no evidence
    that the codebook is reliable. See ``CODEBOOK.md``.

    Parameters
    ----------
    coders : iterable of {'coder_a', 'coder_b'}, default=('coder_a', 'coder_b')

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``coder``, ``frame``, ``code``.

    Raises
    ------
    InputError
        For a coder other than ``'coder_a'`` or ``'coder_b'``, or none.

    Examples
    --------
    >>> load_teaching_codes().groupby("coder").size().to_dict()
    {'coder_a': 890, 'coder_b': 890}
    """
    coders = [coders] if isinstance(coders, str) else list(coders)
    unknown = [c for c in coders if c not in _CODERS]
    if unknown or not coders:
        raise InputError(f"load_teaching_codes(): coders must be among {list(_CODERS)}, got {coders}")
    return read_codes([_folder() / f"codes_{c}.csv" for c in coders], coders=coders)

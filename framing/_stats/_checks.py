"""Parameter checks and constants shared by the statistics: seeds, alpha, n_boot, memory, small groups."""

from __future__ import annotations

import numbers

import numpy as np

from .._validation import Interval, NBoot, check_param
from ..errors import InputError

ALPHA = Interval(numbers.Real, 0, 1, closed="neither")


def as_generator(seed) -> np.random.Generator:
    """A :class:`numpy.random.Generator` from a seed, a Generator or None.

    ``None`` gives seed 0, so that results are reproducible by default.

    Parameters
    ----------
    seed : int, numpy Generator or None
        A Generator is returned as it is (its stream goes on).

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    InputError
        For anything else (a float, a bool, a string ...).

    Examples
    --------
    >>> float(as_generator(1).random()) == float(np.random.default_rng(1).random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    check_param("", "seed", seed, ["seed"])
    return np.random.default_rng(0 if seed is None else int(seed))


def int_seed(seed) -> int:
    """An int seed for libraries that take only ints (e.g. networkx): an int as given, one drawn from a Generator.

    ``None`` gives 0, as in :func:`as_generator`.

    Parameters
    ----------
    seed : int, numpy Generator or None

    Returns
    -------
    int

    Raises
    ------
    InputError
        For anything else (a float, a bool, a string ...).

    Examples
    --------
    >>> int_seed(7), int_seed(None)
    (7, 0)
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**32))
    check_param("", "seed", seed, ["seed"])
    return 0 if seed is None else int(seed)


def check_alpha(alpha: float, where: str = "") -> float:
    """Validate a significance level / interval width parameter: a number in (0, 1).

    Parameters
    ----------
    alpha : float
        One minus the coverage of an interval.
    where : str, default=''
        The public function's name, for the message.

    Returns
    -------
    float

    Raises
    ------
    InputError
        Otherwise, in the one message format of :func:`framing._validation.check_param`.

    Examples
    --------
    >>> check_alpha(0.05)
    0.05
    """
    check_param(where, "alpha", alpha, [ALPHA])
    return float(alpha)


#: The fewest bootstrap replicates a function accepts for a 95% interval (``n_boot=0`` means no
#: bootstrap); for other levels the minimum is ``max(N_BOOT_MIN, ceil(2 / alpha))`` so that each tail
#: of the interval holds replicates.
N_BOOT_MIN = 50


#: Groups with fewer documents than this are reported (``n_docs``) but not tested.
MIN_DOCS = 5


#: Largest array of replicates (bytes) the kit allocates; more is refused before allocating.
MAX_REPLICATE_BYTES = 2 * 1024**3


def check_n_boot(n_boot, minimum: int | None = None, *, alpha: float = 0.05, allow_zero: bool = True, where: str = "") -> int:
    r"""Validate a number of bootstrap replicates: 0 (no bootstrap) or at least a minimum.

    The one rule for every ``n_boot=`` of the kit: ``0`` means "no bootstrap"
    (interval columns are NaN), and a positive value must be at least
    ``minimum`` (default :data:`N_BOOT_MIN` = 50, raised to
    :math:`\lceil 2/\alpha \rceil` for small ``alpha``): a percentile
    interval from fewer replicates rests on the one or two most extreme
    replicates of each tail.

    Parameters
    ----------
    n_boot : int
        The value given.
    minimum : int, optional
        The smallest positive value accepted; default from ``alpha``.
    alpha : float, default=0.05
    allow_zero : bool, default=True
        Accept 0 (no bootstrap).
    where : str, default=''
        The public function's name, for the message.

    Returns
    -------
    int

    Raises
    ------
    InputError
        For a non-integer, a negative value, or a positive value below the minimum.

    Examples
    --------
    >>> check_n_boot(0), check_n_boot(2000)
    (0, 2000)
    """
    if minimum is None:
        minimum = max(N_BOOT_MIN, int(np.ceil(2.0 / alpha)))
    check_param(where, "n_boot", n_boot, [NBoot(minimum, allow_zero=allow_zero)])
    return int(n_boot)


def check_replicate_memory(n_rep: int, width: int, where: str = "", what: str = "n_boot") -> None:
    """Refuse, before allocating, a replicate array larger than :data:`MAX_REPLICATE_BYTES`.

    Parameters
    ----------
    n_rep : int
        Number of replicates (``n_boot`` or ``n_perm``).
    width : int
        Values stored per replicate (e.g. terms x groups).

    Raises
    ------
    InputError
        Naming the parameter, the memory it would take and the largest value that fits.

    Examples
    --------
    >>> check_replicate_memory(2000, 10_000)  # 160 MB: fine
    """
    need = float(n_rep) * max(int(width), 1) * 8
    if need > MAX_REPLICATE_BYTES:
        fit = int(MAX_REPLICATE_BYTES // (max(int(width), 1) * 8))
        prefix = f"{where}: " if where else ""
        raise InputError(
            f"{prefix}{what}={n_rep:,} would need {need / 1024**3:.1f} GiB for the replicates "
            f"({width:,} values each); use at most {fit:,} (2,000-10,000 is plenty for 95% intervals)"
        )


def small_group_warning(sizes: dict, where: str, consequence: str = "their intervals are degenerate and they are not tested") -> list:
    """Warn about groups with fewer than two documents; return the groups below :data:`MIN_DOCS`.

    Parameters
    ----------
    sizes : dict
        Documents per group.
    where : str
        The public function's name, for the warning.
    consequence : str
        What the small groups get, for the warning.

    Returns
    -------
    list
        The groups with fewer than :data:`MIN_DOCS` documents (not tested).

    Raises
    ------
    InputError
        Never; it warns (``UserWarning``) about groups with fewer than two documents.

    Examples
    --------
    >>> small_group_warning({"a": 12, "b": 3}, "f()")
    ['b']
    """
    import warnings

    tiny = {g: n for g, n in sizes.items() if n < 2}
    if tiny:
        listing = ", ".join(f"{g!r} ({n} document{'' if n == 1 else 's'})" for g, n in tiny.items())
        warnings.warn(
            f"{where}: group(s) {listing} "
            f"have fewer than two documents: {consequence} (see n_docs)",
            stacklevel=3,
        )
    return [g for g, n in sizes.items() if n < MIN_DOCS]


def inference_sentence(n_boot: int, alpha: float, what: str) -> str:
    """The ``attrs['inference']`` sentence of a :func:`compare_group_means` table.

    Parameters
    ----------
    n_boot : int
    alpha : float
    what : str
        What was averaged (e.g. ``"frame rates"``).

    Returns
    -------
    str

    Raises
    ------
    InputError
        Never.

    Examples
    --------
    >>> inference_sentence(0, 0.05, "tone scores")[:40]
    "p-values from Welch's two-sample t-test "
    """
    text = (
        f"p-values from Welch's two-sample t-test of document-level {what} (each group against all other "
        f"documents; groups under {MIN_DOCS} documents or without variance not tested), Benjamini-Hochberg "
        f"across the tested rows"
    )
    if n_boot:
        text += (
            f"; {1 - alpha:.0%} expanded percentile bootstrap intervals (Hesterberg 2015) from {n_boot:,} "
            f"replicates resampling documents within groups"
        )
    return text

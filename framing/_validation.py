"""Parameter checks declared once: constraints per parameter, one message format.

In the spirit of scikit-learn's ``sklearn.utils._param_validation``: a function
declares what each parameter accepts with :func:`validate_params`, and a value
that meets none of the constraints raises :class:`~framing.errors.InputError`
with one wording::

    keyness(): alpha must be a float in (0, 1), got 1.5

Constraints: :class:`Interval` (a number in a range, int or real),
:class:`Options` (one of a set of values), :class:`InstanceOf`,
:class:`NBoot` (0, or an int of at least a minimum), the strings
``"boolean"``, ``"seed"`` (an int, a numpy Generator or None) and ``"n_boot"``
(``NBoot()``: 0, or an int of at least :data:`framing._stats.N_BOOT_MIN`), and
``None``. A value that is long to print is shortened (:mod:`reprlib`).

Checks made inside a function (a constraint that depends on another
parameter) use :func:`check_param`, which gives the same message.

:func:`warn_ignored` is the one way to say that a parameter has no effect in a
call.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import reprlib
import warnings
from collections.abc import Callable

import numpy as np

from .errors import InputError

__all__ = ["Interval", "Options", "InstanceOf", "NBoot", "validate_params", "check_param", "warn_ignored", "short_repr"]


class Interval:
    """A number in a range: ``Interval(numbers.Real, 0, 1, closed="neither")``.

    ``type`` is :class:`numbers.Integral` (ints, not bools) or
    :class:`numbers.Real` (ints and floats, not bools); ``None`` bounds are open.
    """

    def __init__(self, type, left, right, *, closed: str = "both"):
        if closed not in ("both", "left", "right", "neither"):
            raise ValueError(f"closed must be 'both', 'left', 'right' or 'neither', got {closed!r}")
        self.type, self.left, self.right, self.closed = type, left, right, closed

    def is_satisfied_by(self, value) -> bool:
        """Whether ``value`` meets the constraint.

        Parameters
        ----------
        value : object
            The value given for the parameter.

        Returns
        -------
        bool

        Raises
        ------
        InputError
            Never: :func:`check_param` raises.

        Examples
        --------
        >>> Interval(numbers.Integral, 1, None).is_satisfied_by(3)
        True
        """
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, self.type):
            return False
        if isinstance(value, numbers.Real) and np.isnan(value):
            return False
        if self.left is not None:
            if value < self.left or (value == self.left and self.closed in ("right", "neither")):
                return False
        if self.right is not None:
            if value > self.right or (value == self.right and self.closed in ("left", "neither")):
                return False
        return True

    def __str__(self) -> str:
        kind = "an int" if self.type is numbers.Integral else "a number"
        if self.left is not None and self.right is None:
            return f"{kind} {'>=' if self.closed in ('both', 'left') else '>'} {self.left}"
        if self.right is not None and self.left is None:
            return f"{kind} {'<=' if self.closed in ('both', 'right') else '<'} {self.right}"
        if self.left is None and self.right is None:
            return kind
        lb = "[" if self.closed in ("both", "left") else "("
        rb = "]" if self.closed in ("both", "right") else ")"
        return f"{kind} in {lb}{self.left}, {self.right}{rb}"


class Options:
    """One of a fixed set of values: ``Options({"log_odds", "g2"})``.

    ``many=True`` also accepts a non-empty list or tuple of the values.
    """

    def __init__(self, options, *, many: bool = False):
        self.options = tuple(options)
        self.many = many

    def _one(self, value) -> bool:
        try:
            return value in self.options
        except TypeError:  # an unhashable value is none of the options
            return False

    def is_satisfied_by(self, value) -> bool:
        """Whether ``value`` meets the constraint.

        Parameters
        ----------
        value : object
            The value given for the parameter.

        Returns
        -------
        bool

        Raises
        ------
        InputError
            Never: :func:`check_param` raises.

        Examples
        --------
        >>> Options(("a", "b")).is_satisfied_by("a")
        True
        """
        if self.many and isinstance(value, (list, tuple)):
            return len(value) > 0 and all(self._one(v) for v in value)
        return self._one(value)

    def __str__(self) -> str:
        return "one of " + ", ".join(map(repr, self.options)) + (" or a list of them" if self.many else "")


class InstanceOf:
    """An instance of a type (or of one of several types)."""

    def __init__(self, type, name: str | None = None):
        self.type = type
        self.name = name

    def is_satisfied_by(self, value) -> bool:
        """Whether ``value`` meets the constraint.

        Parameters
        ----------
        value : object
            The value given for the parameter.

        Returns
        -------
        bool

        Raises
        ------
        InputError
            Never: :func:`check_param` raises.

        Examples
        --------
        >>> InstanceOf(str).is_satisfied_by("x")
        True
        """
        return isinstance(value, self.type)

    def __str__(self) -> str:
        if self.name:
            return self.name
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        return " or ".join(f"a {t.__name__}" for t in types)


class _Named:
    def __init__(self, test: Callable, text: str):
        self.test, self.text = test, text

    def is_satisfied_by(self, value) -> bool:
        return bool(self.test(value))

    def __str__(self) -> str:
        return self.text


class NBoot:
    """A number of bootstrap replicates: ``0`` (no bootstrap, if ``allow_zero``) or an int of at least ``minimum``.

    ``minimum=None`` is :data:`framing._stats.N_BOOT_MIN`.
    """

    def __init__(self, minimum: int | None = None, *, allow_zero: bool = True):
        self.minimum, self.allow_zero = minimum, allow_zero

    def _min(self) -> int:
        from ._stats import N_BOOT_MIN

        return N_BOOT_MIN if self.minimum is None else int(self.minimum)

    def is_satisfied_by(self, value) -> bool:
        """Whether ``value`` meets the constraint.

        Parameters
        ----------
        value : object
            The value given for the parameter.

        Returns
        -------
        bool

        Raises
        ------
        InputError
            Never: :func:`check_param` raises.

        Examples
        --------
        >>> NBoot().is_satisfied_by(0)
        True
        """
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
            return False
        return (self.allow_zero and value == 0) or value >= self._min()

    def __str__(self) -> str:
        zero = "0 (no bootstrap) or " if self.allow_zero else ""
        return f"{zero}an integer of at least {self._min()}"


def _seed_ok(value) -> bool:
    return value is None or isinstance(value, np.random.Generator) or (
        isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))
    )


_NAMED = {
    "boolean": _Named(lambda v: isinstance(v, (bool, np.bool_)), "True or False"),
    "seed": _Named(_seed_ok, "an int, a numpy Generator or None"),
    "n_boot": NBoot(),
    "str": InstanceOf(str, "a str"),
}


def _constraint(c):
    if c is None:
        return _Named(lambda v: v is None, "None")
    if isinstance(c, str):
        return _NAMED[c]
    if isinstance(c, type):
        return InstanceOf(c)
    return c


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 6


def short_repr(value) -> str:
    """``repr(value)``, shortened with :mod:`reprlib` when long (the value shown in messages).

    Parameters
    ----------
    value : object

    Returns
    -------
    str

    Raises
    ------
    InputError
        Never.

    Examples
    --------
    >>> short_repr(list(range(100)))
    '[0, 1, 2, 3, 4, 5, ...]'
    """
    return _REPR.repr(value)


def check_param(where: str, name: str, value, constraints) -> None:
    """Raise :class:`InputError` unless ``value`` meets one of ``constraints`` (the one message format).

    The message is ``"{where}: {name} must be {constraints}, got {value}"``
    (without ``where`` when it is empty), the value shortened by
    :func:`short_repr`.

    Parameters
    ----------
    where : str
        The public function's name, e.g. ``"keyness()"``; ``""`` for none.
    name : str
        The parameter's name.
    value : object
        The value given.
    constraints : list
        Accepted constraints (any one suffices): :class:`Interval`,
        :class:`Options`, :class:`InstanceOf`, :class:`NBoot`, a type,
        ``"boolean"``, ``"seed"``, ``"n_boot"``, ``"str"`` or ``None``.

    Raises
    ------
    InputError
        When ``value`` meets none of the constraints.

    Examples
    --------
    >>> check_param("f()", "alpha", 0.05, [Interval(numbers.Real, 0, 1, closed="neither")])
    >>> check_param("f()", "alpha", 2, [Interval(numbers.Real, 0, 1, closed="neither")])
    Traceback (most recent call last):
    ...
    framing.errors.InputError: f(): alpha must be a number in (0, 1), got 2
    """
    cs = [_constraint(c) for c in constraints]
    if any(c.is_satisfied_by(value) for c in cs):
        return
    what = " or ".join(str(c) for c in cs)
    prefix = f"{where}: " if where else ""
    raise InputError(f"{prefix}{name} must be {what}, got {short_repr(value)}")


def validate_params(constraints: dict):
    """Decorator: check the named parameters of every call against their constraints.

    Parameters
    ----------
    constraints : dict of str to list
        Parameter name -> accepted constraints (any one suffices).

    Returns
    -------
    callable
        A decorator; the decorated function checks its arguments on every call
        (its constraints are kept in ``__framing_constraints__``).

    Raises
    ------
    ValueError
        At decoration time, when ``constraints`` names a parameter the function
        does not have (a programming error, not a user's).

    Examples
    --------
    >>> @validate_params({"n": [Interval(numbers.Integral, 1, None)]})
    ... def f(n=1):
    ...     return n
    >>> f(n=0)
    Traceback (most recent call last):
    ...
    framing.errors.InputError: f(): n must be an int >= 1, got 0
    """

    def decorate(func):
        sig = inspect.signature(func)
        unknown = set(constraints) - set(sig.parameters)
        if unknown:
            raise ValueError(f"validate_params: {func.__name__} has no parameter(s) {sorted(unknown)}")
        where = f"{func.__qualname__.replace('.<locals>', '')}()"

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            bound = sig.bind_partial(*args, **kwargs)
            for name, value in bound.arguments.items():
                if name in constraints:
                    check_param(where, name, value, constraints[name])
            return func(*args, **kwargs)

        wrapper.__framing_constraints__ = constraints
        return wrapper

    return decorate


def warn_ignored(where: str, ignored: dict, why: str, *, stacklevel: int = 3) -> None:
    """Warn that parameters given in a call have no effect (the one wording).

    Parameters
    ----------
    where : str
        The public function's name, e.g. ``"keyness()"``.
    ignored : dict
        Each ignored parameter's name -> the value given; nothing is said
        when it is empty.
    why : str
        Completes "ignored because ...".
    stacklevel : int, default=3
        Passed to :func:`warnings.warn` (3: the caller of a public function).

    Raises
    ------
    InputError
        Never; it warns (``UserWarning``).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warn_ignored("f()", {"level": "paragraph"}, "data is a matrix")
    >>> str(w[0].message)
    "f(): level='paragraph' ignored because data is a matrix"
    """
    if ignored:
        given = ", ".join(f"{k}={v!r}" for k, v in ignored.items())
        warnings.warn(f"{where}: {given} ignored because {why}", stacklevel=stacklevel)

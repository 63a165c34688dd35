"""Outlet blocs: the one place where sources are grouped into media blocs.

Framing studies of the 2026 talks compare *blocs* of outlets (Russian state
media against Ukrainian media against Western news agencies, ...), not 313
single sources. The grouping is a research decision, so it is written here
once, as data, with its reasons, and every notebook uses it through
:func:`assign_blocs`.

How a document gets its bloc
----------------------------
A document's bloc is decided by who *wrote* it (the ``source`` columns of the
documents table), not by the site that carried it: a Reuters story on an
Italian site is a Western-agency story.

1. **Overrides** (:data:`BLOC_OVERRIDES`): an explicit bloc for a named
   ``source``, for sources that the metadata rules would place wrongly. Each
   has its reason beside it.
2. **Rules** (:data:`BLOC_RULES`), tried in order; the first rule whose
   conditions all hold gives the bloc:

   ===========================  ==============================================
   bloc                         conditions
   ===========================  ==============================================
   Russian state media          ``ownership == 'state'`` and
                                ``source_country == 'RU'``
   Chinese state media          ``ownership == 'state'`` and
                                ``source_country == 'CN'``
   Ukrainian media              ``source_country == 'UA'`` (state and private
                                alike: Ukrinform with the private outlets)
   Russian other media          ``source_country == 'RU'`` (private and
                                unknown ownership: Interfax, Kommersant,
                                RBC, Izvestia, Life.ru, war bloggers, the
                                "Pravda" content network, ...)
   Western news agencies        ``source_kind == 'news-agency'`` and
                                ``source_country`` in :data:`WESTERN_COUNTRIES`
                                (Reuters, AP, AFP, dpa, Bloomberg, EFE,
                                Europa Press, AGI, Keystone-SDA, PAP, ...)
   Western media                ``source_country`` in
                                :data:`WESTERN_COUNTRIES` (other US, UK, EU,
                                EFTA, Canadian and Australian outlets)
   Other                        everything else (Middle East, Asia, Latin
                                America, Africa, Turkey, Serbia, Azerbaijan,
                                sources of unknown country, ...)
   ===========================  ==============================================

Reasoning. "State media" follows the corpus's ``ownership`` label (which
counts outlets owned through state-controlled companies as ``state``; see the
datasheet); state-funded broadcasters of Western countries (BBC, RFE/RL,
Deutschlandfunk, RTVE) are *not* a separate bloc because their editorial
model differs from Russian and Chinese state media. Ukrainian media are one
bloc whatever their ownership: in wartime the state/private line matters less
than the country. "Western" means the EU and EFTA states, the UK, the US,
Canada, Australia and New Zealand; Japan, South Korea, Taiwan, Israel and
Turkey are "Other" (their coverage is a different comparison). The Russian
independent outlets in exile (Meduza, Novaya Gazeta Europe, registered in
Latvia) are overridden to "Russian other media" because they belong to the
Russian-language media system; Charter 97 (Belarusian, in exile in Poland) is
overridden to "Other".

These choices are debatable; change them for your study by passing your own
``overrides`` (or ``rules``) to :func:`assign_blocs`, and say so in the paper.

Examples
--------
>>> import framing as fr
>>> blocs = fr.assign_blocs(fr.load_corpus().documents)
>>> blocs.loc["cgtn-02"]
'Chinese state media'
>>> set(blocs) <= set(fr.BLOC_ORDER)
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._validation import InstanceOf, short_repr, validate_params
from .errors import InputError

__all__ = [
    "BLOC_ORDER",
    "BLOC_OVERRIDES",
    "BLOC_RULES",
    "WESTERN_COUNTRIES",
    "BlocRule",
    "assign_blocs",
    "bloc_rules",
]

#: The blocs, in the order tables and figures show them.
BLOC_ORDER: list[str] = [
    "Russian state media",
    "Chinese state media",
    "Ukrainian media",
    "Western news agencies",
    "Western media",
    "Russian other media",
    "Other",
]

#: ISO 3166 alpha-2 codes counted as "Western": EU-27, EFTA, UK, US, CA, AU, NZ.
WESTERN_COUNTRIES: frozenset[str] = frozenset(
    # EU-27
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
    # EFTA, UK, North America, Oceania
    + "IS LI NO CH GB US CA AU NZ".split()
)


@dataclass(frozen=True)
class BlocRule:
    """One rule: documents whose columns all take one of the listed values get ``bloc``.

    Parameters
    ----------
    bloc : str
        The bloc given when the rule matches (one of :data:`BLOC_ORDER`).
    when : mapping of str to frozenset of str
        Column of the documents table -> accepted values. An empty mapping
        matches every document (a catch-all rule).
    reason : str
        Why the rule exists, in one line (shown by :func:`bloc_rules`).
    """

    bloc: str
    when: Mapping[str, frozenset[str]] = field(default_factory=dict)
    reason: str = ""


#: The ordered rules; the first that matches gives the bloc.
BLOC_RULES: tuple[BlocRule, ...] = (
    BlocRule(
        "Russian state media",
        {"ownership": frozenset({"state"}), "source_country": frozenset({"RU"})},
        "state-owned or state-controlled Russian outlets (TASS, RIA Novosti, RT, Sputnik, VGTRK, ...)",
    ),
    BlocRule(
        "Chinese state media",
        {"ownership": frozenset({"state"}), "source_country": frozenset({"CN"})},
        "state-owned outlets of the PRC (Xinhua, CGTN, CCTV, China News Service, ...)",
    ),
    BlocRule(
        "Ukrainian media",
        {"source_country": frozenset({"UA"})},
        "Ukrainian outlets whatever their ownership (Ukrinform with the private outlets)",
    ),
    BlocRule(
        "Russian other media",
        {"source_country": frozenset({"RU"})},
        "Russian outlets not labelled state-owned (Interfax, Kommersant, RBC, bloggers, ...)",
    ),
    BlocRule(
        "Western news agencies",
        {"source_kind": frozenset({"news-agency"}), "source_country": WESTERN_COUNTRIES},
        "news agencies of EU/EFTA/UK/US/CA/AU/NZ countries (Reuters, AP, AFP, dpa, Bloomberg, EFE, ...)",
    ),
    BlocRule(
        "Western media",
        {"source_country": WESTERN_COUNTRIES},
        "other outlets of EU/EFTA/UK/US/CA/AU/NZ countries",
    ),
    BlocRule("Other", {}, "everything else, including sources of unknown country"),
)

#: Explicit bloc for a named ``source``, checked before the rules; value = (bloc, reason).
BLOC_OVERRIDES: dict[str, tuple[str, str]] = {
    "Meduza": ("Russian other media", "Russian independent outlet in exile (registered in Latvia)"),
    "Novaya Gazeta Europe": (
        "Russian other media",
        "Russian independent outlet in exile (registered in Latvia)",
    ),
    "Charter 97": ("Other", "Belarusian opposition outlet in exile (registered in Poland)"),
}

_REQUIRED = ("source",)


def bloc_rules(
    rules: Sequence[BlocRule] | None = None,
    overrides: Mapping[str, tuple[str, str] | str] | None = None,
) -> pd.DataFrame:
    """The bloc definitions as a table, for a notebook or a paper's appendix.

    Parameters
    ----------
    rules : sequence of BlocRule, default=None
        Rules to show; ``None`` means :data:`BLOC_RULES`.
    overrides : mapping, default=None
        Overrides to show; ``None`` means :data:`BLOC_OVERRIDES`.

    Returns
    -------
    pandas.DataFrame
        One row per override, then one per rule, in the order they are
        applied; columns ``step`` (1-based), ``kind`` (``'override'`` or
        ``'rule'``), ``bloc``, ``condition`` (readable text) and ``reason``.

    Raises
    ------
    InputError
        Never for the bundled rules; a rule that is not a BlocRule fails in
        :func:`assign_blocs`.

    Examples
    --------
    >>> from framing.blocs import bloc_rules
    >>> bloc_rules()["kind"].value_counts().to_dict()
    {'rule': 7, 'override': 3}
    """
    rules = BLOC_RULES if rules is None else tuple(rules)
    overrides = BLOC_OVERRIDES if overrides is None else overrides
    rows = []
    for source, value in overrides.items():
        bloc, reason = (value, "") if isinstance(value, str) else value
        rows.append(("override", bloc, f"source == {source!r}", reason))
    for rule in rules:
        parts = []
        for column, values in rule.when.items():
            if values is WESTERN_COUNTRIES:
                parts.append(f"{column} in WESTERN_COUNTRIES")
            elif len(values) == 1:
                parts.append(f"{column} == {next(iter(values))!r}")
            else:
                parts.append(f"{column} in {sorted(values)}")
        rows.append(("rule", rule.bloc, " and ".join(parts) or "(always)", rule.reason))
    table = pd.DataFrame(rows, columns=["kind", "bloc", "condition", "reason"])
    table.insert(0, "step", range(1, len(table) + 1))
    return table


@validate_params({"documents": [InstanceOf(pd.DataFrame, "a pandas DataFrame (Corpus.documents)")]})
def assign_blocs(
    documents: pd.DataFrame,
    *,
    rules: Sequence[BlocRule] | None = None,
    overrides: Mapping[str, tuple[str, str] | str] | None = None,
) -> pd.Series:
    """Give every document its outlet bloc.

    Parameters
    ----------
    documents : pandas.DataFrame
        A documents table (``Corpus.documents``) with the column ``source``
        and the columns the rules look at (``ownership``, ``source_country``,
        ``source_kind`` for the default rules). Missing values count as empty
        strings (no rule but the catch-all matches them).
    rules : sequence of BlocRule, default=None
        Ordered rules; ``None`` means :data:`BLOC_RULES`. The last rule should
        be a catch-all (empty ``when``); documents that no rule matches raise
        an error rather than being dropped.
    overrides : mapping of str to (bloc, reason) or bloc, default=None
        ``source`` -> bloc, applied before the rules; ``None`` means
        :data:`BLOC_OVERRIDES`. Pass ``{**BLOC_OVERRIDES, "X": "Other"}`` to
        add one.

    Returns
    -------
    pandas.Series
        Named ``'bloc'``, indexed like ``documents``, values from the rules'
        and overrides' blocs (:data:`BLOC_ORDER` for the defaults).

    Raises
    ------
    InputError
        If ``documents`` is not a DataFrame, lacks a column a rule needs, or a
        document matches no rule.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing.blocs import assign_blocs
    >>> docs = pd.DataFrame({
    ...     "source": ["TASS", "Reuters", "Kyiv Post", "Meduza"],
    ...     "ownership": ["state", "private", "private", "private"],
    ...     "source_country": ["RU", "GB", "UA", "LV"],
    ...     "source_kind": ["news-agency", "news-agency", "newspaper", "online-news"],
    ... }, index=["a", "b", "c", "d"])
    >>> assign_blocs(docs).tolist()
    ['Russian state media', 'Western news agencies', 'Ukrainian media', 'Russian other media']

    Your own metadata needs its own rules. Say a study of election coverage
    has a ``funding`` and a ``leaning`` column (any column names work; the
    rules are checked in order, and the last one catches the rest). Blocs
    are whatever labels you give; pass ``overrides={}`` so that the bundled
    corpus's overrides do not apply:

    >>> from framing.blocs import BlocRule
    >>> mine = pd.DataFrame({
    ...     "source": ["Channel One", "Daily Left", "Morning Right", "City Blog"],
    ...     "funding": ["public", "private", "private", "private"],
    ...     "leaning": ["centre", "left", "right", ""],
    ... })
    >>> rules = [
    ...     BlocRule("Public broadcasters", {"funding": frozenset({"public"})}, "publicly funded"),
    ...     BlocRule("Left-leaning press", {"leaning": frozenset({"left", "centre-left"})}),
    ...     BlocRule("Right-leaning press", {"leaning": frozenset({"right", "centre-right"})}),
    ...     BlocRule("Other", {}, "no leaning coded"),
    ... ]
    >>> assign_blocs(mine, rules=rules, overrides={}).tolist()
    ['Public broadcasters', 'Left-leaning press', 'Right-leaning press', 'Other']
    >>> bloc_rules(rules, overrides={})[["bloc", "condition"]].iloc[0].tolist()
    ['Public broadcasters', "funding == 'public'"]
    """
    rules = BLOC_RULES if rules is None else tuple(rules)
    overrides = BLOC_OVERRIDES if overrides is None else overrides
    needed = set(_REQUIRED)
    for rule in rules:
        if not isinstance(rule, BlocRule):
            raise InputError(f"assign_blocs(): rules must hold BlocRule objects, got {short_repr(rule)}")
        needed.update(rule.when)
    missing = sorted(needed - set(documents.columns))
    if missing:
        raise InputError(
            f"assign_blocs(): documents: missing column(s) {missing} needed by the bloc rules; "
            f"the table has {list(documents.columns)}"
        )

    def column(name: str):
        return documents[name].fillna("").astype(str).to_numpy(dtype=object)

    bloc = pd.Series([None] * len(documents), index=documents.index, dtype=object, name="bloc")
    open_ = np.ones(len(documents), dtype=bool)
    sources = column("source")
    for source, value in overrides.items():
        target = value if isinstance(value, str) else value[0]
        hit = open_ & (sources == source)
        bloc[hit] = target
        open_ &= ~hit
    cache: dict[str, np.ndarray] = {}
    for rule in rules:
        hit = open_.copy()
        for name, values in rule.when.items():
            if name not in cache:
                cache[name] = column(name)
            hit &= np.isin(cache[name], list(values))
        bloc[hit] = rule.bloc
        open_ &= ~hit
    if open_.any():
        first = documents.index[open_][0]
        raise InputError(
            f"assign_blocs(): rules: {int(open_.sum())} document(s) match no bloc rule (first: {first!r}); "
            "end the rules with a catch-all BlocRule('Other', {})"
        )
    return bloc.astype(str).rename("bloc")

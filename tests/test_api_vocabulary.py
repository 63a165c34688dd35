"""One vocabulary across the public API (CONTRIBUTING.md, "One vocabulary").

Walks ``framing.__all__`` (functions, and the public methods of its classes)
and checks parameter names; runs each table-returning function on the bundled
corpus and checks the column names of what it returns.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator

import framing as fr
from framing._stats import N_BOOT_MIN

#: Parameter names that have a vocabulary word instead (name -> the word to use).
BANNED_PARAMETERS = {
    "include": "groups",
    "exclude": "groups",
    "keep": "groups (or keep_words for words)",
    "groupby": "by",
    "group_by": "by",
    "rng": "seed",
    "seeds": "seed (or random_states for estimator refits)",
    "random_seed": "seed",
    "random_state": "seed (random_state is for scikit-learn estimators only)",
    "detail": "a separate function",
    "wide": "a separate function",
}

#: Column names that have a vocabulary word instead.
BANNED_COLUMNS = {
    "low": "ci_low",
    "high": "ci_high",
    "lower": "ci_low",
    "upper": "ci_high",
    "boot_low": "boot_ci_low",
    "boot_high": "boot_ci_high",
    "diff_low": "diff_ci_low",
    "diff_high": "diff_ci_high",
    "p_value": "p",
    "pvalue": "p",
    "a": "group_a or doc_a",
    "b": "group_b or doc_b",
    "mean": "estimate",
    "share": "estimate",
    "score": "estimate",
    "difference": "estimate",
    "min_containment": "a name unlike the threshold parameter (lowest_containment)",
}


def _public_callables():
    for name in fr.__all__:
        obj = getattr(fr, name)
        if inspect.isclass(obj):
            is_estimator = issubclass(obj, BaseEstimator)
            yield name, obj, is_estimator
            for meth_name, meth in inspect.getmembers(obj, callable):
                if meth_name.startswith("_") or meth_name in {"get_params", "set_params", "get_metadata_routing"}:
                    continue
                if meth_name.startswith("set_") and meth_name.endswith("_request"):
                    continue  # scikit-learn metadata routing
                yield f"{name}.{meth_name}", meth, is_estimator
        elif callable(obj):
            yield name, obj, False


def _parameters(obj):
    try:
        return inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return {}


def test_parameter_names_follow_the_vocabulary():
    problems = []
    for name, obj, is_estimator in _public_callables():
        for p in _parameters(obj):
            if p == "random_state" and is_estimator:
                continue
            if p in BANNED_PARAMETERS:
                problems.append(f"{name}({p}=): use {BANNED_PARAMETERS[p]}")
    assert not problems, "\n".join(problems)


def test_n_boot_defaults_are_none_or_above_the_minimum():
    for name, obj, _ in _public_callables():
        p = _parameters(obj).get("n_boot")
        if p is not None and p.default is not inspect.Parameter.empty:
            assert p.default == 0 or p.default >= N_BOOT_MIN, f"{name}: n_boot default {p.default}"


def test_a_grouping_is_by_and_comes_with_groups():
    """A function that takes a grouping calls it ``by``; one that picks groups calls that ``groups``."""
    for name, obj, _ in _public_callables():
        params = _parameters(obj)
        if "groups" in params and "by" not in params and name != "Corpus.groups":
            pytest.fail(f"{name} takes groups= without by=: a grouping is by=, groups= picks among its groups")


def test_seed_accepts_a_generator():
    corpus = fr.load_corpus()
    en = corpus.subset(language="en")
    a = fr.keyness(en, "ownership", n_boot=200, seed=np.random.default_rng(1))
    b = fr.keyness(en, "ownership", n_boot=200, seed=np.random.default_rng(1))
    pd.testing.assert_frame_equal(a, b)


# ------------------------------------------------------------------ columns
@pytest.fixture(scope="module")
def tables():
    corpus = fr.load_corpus()
    en = corpus.subset(language="en")
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = fr.TopicModel(n_topics=4).fit(en)
        frames = fr.antmn_frames(model)
        few = en.subset(doc_ids=list(en.doc_ids[:4]))
        calls = {
            "keyness": lambda: fr.keyness(en, "ownership", n_boot=200),
            "keyness(n_boot=0)": lambda: fr.keyness(en, "ownership"),
            "naming_shares": lambda: fr.naming_shares(en, "city_name", "ownership", n_boot=200),
            "naming_test": lambda: fr.naming_test(en, "city_name", "ownership", n_perm=50),
            "compare_frames": lambda: fr.compare_frames(corpus, "ownership", n_boot=200),
            "compare_tone": lambda: fr.compare_tone(corpus, "ownership", n_boot=200),
            "frame_scores": lambda: fr.frame_scores(corpus),
            "group_distances": lambda: fr.group_distances(en, "ownership", n_boot=200),
            "group_distances(n_boot=0)": lambda: fr.group_distances(en, "ownership"),
            "document_distances": lambda: fr.document_distances(few),
            "lexicon_tone": lambda: fr.lexicon_tone(corpus),
            "lexicon_coverage": lambda: fr.lexicon_coverage(corpus),
            "containment_pairs": lambda: fr.containment_pairs(corpus),
            "reuse_clusters": lambda: fr.reuse_clusters(corpus),
            "who_republishes_whom": lambda: fr.who_republishes_whom(corpus),
            "republication_pairs": lambda: fr.republication_pairs(corpus),
            "describe_topics": lambda: fr.describe_topics(model),
            "top_terms": lambda: fr.top_terms(model),
            "representative_documents": lambda: fr.representative_documents(model),
            "topic_prevalence": lambda: fr.topic_prevalence(model, "ownership", n_boot=200),
            "prevalence_differences": lambda: fr.prevalence_differences(model, "ownership", n_boot=200),
            "estimate_effect": lambda: fr.estimate_effect(model, "ownership", n_boot=200),
            "topic_quality": lambda: fr.topic_quality(model),
            "model_quality": lambda: fr.model_quality(model),
            "antmn_prevalence": lambda: fr.antmn_prevalence(model, frames, "ownership", n_boot=200),
            "match_topics": lambda: fr.match_topics(model, model),
            "Dictionary.count": lambda: fr.load_frames().count(en),
        }
        for name, call in calls.items():
            out[name] = call()
    return out


def test_table_columns_follow_the_vocabulary(tables):
    problems = []
    for name, table in tables.items():
        assert isinstance(table, pd.DataFrame), name
        for col in table.columns:
            if col == "score" and "measure" in table.columns:
                continue  # a term's value under a named measure (top_terms), not an estimate
            if col in BANNED_COLUMNS:
                problems.append(f"{name}: column {col!r} should be {BANNED_COLUMNS[col]}")
        cols = set(table.columns)
        for a, b in (("ci_low", "ci_high"), ("diff_ci_low", "diff_ci_high"), ("group_a", "group_b")):
            if (a in cols) != (b in cols):
                problems.append(f"{name}: {a} and {b} come together")
        if "ci_low" in cols and "estimate" not in cols and "distance" not in cols:
            problems.append(f"{name}: an interval without an estimate column")
    assert not problems, "\n".join(problems)


def test_one_function_one_shape(tables):
    """n_boot=0 leaves the interval columns empty instead of dropping them."""
    assert list(tables["keyness"].columns) == list(tables["keyness(n_boot=0)"].columns)
    assert tables["keyness(n_boot=0)"]["ci_low"].isna().all()
    assert list(tables["group_distances"].columns) == list(tables["group_distances(n_boot=0)"].columns)


def test_comparisons_carry_uncertainty(tables):
    for name in ("keyness", "naming_shares", "compare_frames", "compare_tone", "topic_prevalence",
                 "prevalence_differences", "estimate_effect", "antmn_prevalence"):  # fmt: skip
        cols = set(tables[name].columns)
        assert {"ci_low", "ci_high"} <= cols, name
    for name in ("keyness", "compare_frames", "compare_tone", "prevalence_differences"):
        assert {"p", "p_adj"} <= set(tables[name].columns), name


def test_antmn_frames_takes_a_generator():
    corpus = fr.load_corpus().subset(language="en")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = fr.TopicModel(n_topics=4).fit(corpus)
    a = fr.antmn_frames(model, seed=np.random.default_rng(3))
    b = fr.antmn_frames(model, seed=np.random.default_rng(3))
    pd.testing.assert_frame_equal(a.nodes, b.nodes)


def test_topic_model_follows_scikit_learn():
    from sklearn.base import TransformerMixin
    from sklearn.exceptions import NotFittedError

    from framing.topics import check_topic_model

    corpus = fr.load_corpus().subset(language="en")
    assert issubclass(fr.TopicModel, TransformerMixin)
    with pytest.raises(NotFittedError):
        check_topic_model(fr.TopicModel())
    with pytest.raises(fr.InputError, match="model must be a fitted TopicModel, got str"):
        check_topic_model("lda")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = fr.TopicModel(n_topics=4)
        theta = model.fit_transform(corpus)
    np.testing.assert_array_equal(theta, model.doc_topic_)
    assert model.tfidf_ is not None and np.array_equal(model.tfidf_.idf_, model.idf_)

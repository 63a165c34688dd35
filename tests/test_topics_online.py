"""Online topic models: MiniBatchNMF and online LDA, fitted block by block on an on-disk corpus."""

from __future__ import annotations

import numpy as np
import pytest

import framing as fr
from test_build import make_records


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    recs = make_records(200, seed=7)
    return fr.build_corpus(iter(recs), tmp_path_factory.mktemp("t") / "s", n_jobs=1, progress=False)


@pytest.mark.parametrize("method", ["online_lda", "minibatch_nmf"])
def test_fit_on_disk_corpus(store, method):
    kw = dict(n_topics=3, method=method, stop_words=["the", "a", "of", "and", "in"], min_len=2, max_iter=3)
    original = store.row_blocks
    store.row_blocks = lambda rows=None, **k: original(rows, block_nnz=300, **k)  # many blocks
    try:
        m = fr.TopicModel(**kw).fit(store)
        again = fr.TopicModel(**kw).fit(store)
    finally:
        del store.row_blocks
    assert m.doc_topic_.shape == (len(store), 3)
    np.testing.assert_allclose(m.doc_topic_.sum(axis=1), 1.0)
    assert m.components_.shape == (3, len(m.vocabulary_))
    assert "the" not in set(m.vocabulary_) and len(m.topic_labels_) == 3
    np.testing.assert_array_equal(m.components_, again.components_)  # seeded: the same model


@pytest.mark.parametrize("method", ["online_lda", "minibatch_nmf"])
def test_online_methods_in_memory(bundled, method):
    en = bundled.subset(language="en")
    m = fr.TopicModel(n_topics=4, method=method, random_state=1).fit(en)
    assert m.doc_topic_.shape[1] == 4


def test_batch_method_refused_on_disk_corpus(store):
    with pytest.raises(fr.InputError, match="needs an online method"):
        fr.TopicModel(n_topics=2, method="nmf", stop_words=None).fit(store)


def test_stop_words_true_needs_one_language(store):
    with pytest.raises(fr.InputError, match="stop_words=True needs one language"):
        fr.TopicModel(n_topics=2, method="online_lda").fit(store)

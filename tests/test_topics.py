"""Tests for framing.topics: fitting, describing, transform, saving without pickle."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.decomposition import NMF, MiniBatchNMF, TruncatedSVD
from sklearn.exceptions import NotFittedError

from framing import Corpus, DocumentTermMatrix, InputError
from framing.topics.quality import match_topics
from framing.topics import TopicModel, describe_topics, representative_documents, topic_term_scores, top_terms

# Made-up words (not English stop words, all >= 3 letters) for four planted topics.
WORDS = [
    ["ceasefire", "truce", "frontline", "shelling", "artillery", "trench", "drone", "bunker"],
    ["sanction", "tanker", "pipeline", "tariff", "export", "embargo", "barrel", "refinery"],
    ["envoy", "summit", "delegation", "mediator", "communique", "protocol", "negotiator", "agenda"],
    ["refugee", "shelter", "convoy", "aidworker", "blanket", "ration", "clinic", "evacuee"],
]


def planted(n_docs=120, doc_len=60, seed=0, alpha=0.1):
    """Documents drawn from four known topic-word distributions (LDA's generative model)."""
    rng = np.random.default_rng(seed)
    vocab = np.array(sorted(w for ws in WORDS for w in ws), dtype=object)
    index = {w: i for i, w in enumerate(vocab)}
    beta = np.full((len(WORDS), len(vocab)), 0.002)
    for k, ws in enumerate(WORDS):
        beta[k, [index[w] for w in ws]] = rng.dirichlet(np.full(len(ws), 5.0)) * 10
    beta /= beta.sum(axis=1, keepdims=True)
    theta = rng.dirichlet(np.full(len(WORDS), alpha), n_docs)
    counts = np.vstack([rng.multinomial(doc_len, theta[d] @ beta) for d in range(n_docs)])
    return sparse.csr_matrix(counts), vocab, beta, theta


def planted_texts(n_docs=60, seed=0):
    X, vocab, _, _ = planted(n_docs, 30, seed)
    texts = [" ".join(np.repeat(vocab, X[d].toarray().ravel())) for d in range(n_docs)]
    meta = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(n_docs)], "language": "en",
                         "outlet": np.where(np.arange(n_docs) % 2 == 0, "north", "south")})  # fmt: skip
    return Corpus.from_texts(texts, meta)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_planted_topics_are_recovered(method):
    X, vocab, beta, theta = planted()
    model = TopicModel(n_topics=4, method=method).fit((X, vocab))
    m = match_topics(beta, model.topic_term_)
    # every planted topic has a distinct fitted partner with a near-identical word distribution
    assert sorted(m["match"]) == [0, 1, 2, 3]
    assert m["cosine"].min() > 0.9
    # and the documents' dominant topic is recovered for documents with one clear topic
    clear = theta.max(axis=1) > 0.9
    fitted = model.doc_topic_[:, m["match"].to_numpy()]
    assert (fitted[clear].argmax(axis=1) == theta[clear].argmax(axis=1)).mean() > 0.95


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_fit_learned_attributes(method):
    X, vocab, _, _ = planted(60)
    model = TopicModel(n_topics=4, method=method, random_state=3)
    assert model.fit((X, vocab)) is model
    assert model.doc_topic_.shape == (60, 4)
    np.testing.assert_allclose(model.doc_topic_.sum(axis=1), 1.0)
    np.testing.assert_allclose(model.topic_term_.sum(axis=1), 1.0)
    assert model.components_.shape == (4, len(vocab))
    assert list(model.vocabulary_) == list(vocab)
    assert model.topic_labels_[0].startswith("0: ") and len(model.topic_labels_[0].split()) == 4
    np.testing.assert_allclose(model.term_frequency_, np.asarray(X.sum(axis=0)).ravel())


def test_fit_is_deterministic_given_seed():
    X, vocab, _, _ = planted(60)
    a = TopicModel(n_topics=4, method="lda", max_iter=5).fit((X, vocab))
    b = TopicModel(n_topics=4, method="lda", max_iter=5).fit((X, vocab))
    np.testing.assert_array_equal(a.doc_topic_, b.doc_topic_)


def test_init_only_stores_parameters():
    model = TopicModel(n_topics=3, method="lda")
    assert model.get_params()["n_topics"] == 3
    assert not hasattr(model, "doc_topic_")
    with pytest.raises(TypeError):
        TopicModel(3)  # keyword-only


def test_fit_corpus_document_and_paragraph_level():
    corpus = planted_texts()
    model = TopicModel(n_topics=4).fit(corpus)
    assert model.level_ == "document"
    assert list(model.rows_["doc_id"][:2]) == ["d000", "d001"]
    assert "outlet" in model.rows_.columns
    para = TopicModel(n_topics=4, level="paragraph").fit(corpus)
    theta, rows = para.document_topics()
    assert theta.shape == (60, 4) and "para" not in rows.columns
    np.testing.assert_allclose(theta.sum(axis=1), 1.0)


def test_document_topics_weights_paragraphs_by_tokens():
    # doc a: paragraph 1 has 1 token of topic war, paragraph 2 has 3 tokens of topic oil
    X = sparse.csr_matrix([[1, 0], [0, 3], [2, 0]])
    rows = pd.DataFrame({"doc_id": ["a", "a", "b"], "para": [0, 1, 0]})
    model = TopicModel(n_topics=2).fit(DocumentTermMatrix(X, rows, np.array(["war", "oil"], dtype=object), "paragraph"))
    theta, drows = model.document_topics()
    war = int(np.argmax(model.topic_term_[:, 0]))
    # doc a = (1 * [war] + 3 * [oil]) / 4 -> war share 0.25
    assert theta[0, war] == pytest.approx(0.25, abs=1e-3)
    assert list(drows["doc_id"]) == ["a", "b"]


def test_custom_estimator_is_cloned_and_configured():
    X, vocab, beta, _ = planted(80)
    est = NMF(init="nndsvd", max_iter=300)
    model = TopicModel(n_topics=4, method=est).fit((X, vocab))
    assert model.estimator_ is not est and model.estimator_.n_components == 4
    assert est.n_components is None or est.n_components != 4 or not hasattr(est, "components_")


def test_transform_new_documents_by_term_name():
    X, vocab, _, _ = planted(60)
    model = TopicModel(n_topics=4).fit((X, vocab))
    # same rows, columns reversed and one unknown term added: the proportions must not change
    new = sparse.hstack([X[:5, ::-1], sparse.csr_matrix(np.ones((5, 1)))]).tocsr()
    terms = np.concatenate([vocab[::-1], ["unknownword"]])
    np.testing.assert_allclose(model.transform((new, terms)), model.transform(X[:5]), atol=1e-10)
    with pytest.warns(UserWarning, match="no term of the model's vocabulary"):
        out = model.transform((sparse.csr_matrix([[1.0]]), ["unknownword"]))
    assert np.isnan(out).all()
    with pytest.raises(InputError, match="X has 3 columns but the model has 32 terms"):
        model.transform(sparse.csr_matrix(np.ones((1, 3))))


def test_transform_corpus():
    corpus = planted_texts()
    model = TopicModel(n_topics=4).fit(corpus)
    np.testing.assert_allclose(model.transform(corpus), model.doc_topic_, atol=1e-3)


def test_top_terms_frex_and_lift_by_hand():
    beta = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    # exclusivity E = beta / column sums (0.6, 0.4, 1.0): row 0 -> (0.833, 0.75, 0.2)
    # ECDF ranks in row 0: F = (3, 2, 1) / 3, E = (3, 2, 1) / 3
    # FREX(w=0.5) = 1 / (0.5/F + 0.5/E) = F here -> (1, 0.667, 0.333)
    # row 1: beta ranks (1.5, 1.5, 3)/3 = (0.5, 0.5, 1); E = (0.167, 0.25, 0.8) ranks (1, 2, 3)/3
    # FREX = 1/(0.5/0.5 + 0.5/0.333) = 0.4; 1/(0.5/0.5 + 0.5/0.667) = 0.571; 1
    frex = topic_term_scores(beta, measure="frex")
    np.testing.assert_allclose(frex, [[1, 2 / 3, 1 / 3], [0.4, 4 / 7, 1]], atol=1e-9)
    # lift = beta / (count share); counts (10, 20, 70) -> shares (0.1, 0.2, 0.7)
    lift = topic_term_scores(beta, [10, 20, 70], measure="lift")
    np.testing.assert_allclose(lift, [[5, 1.5, 0.2 / 0.7], [1, 0.5, 0.8 / 0.7]])


def test_describe_topics_table():
    X, vocab, _, _ = planted(60)
    model = TopicModel(n_topics=4).fit((X, vocab))
    table = describe_topics(model, 5)
    assert list(table.columns) == ["topic", "label", "measure", "rank", "term", "score", "prevalence"]
    assert len(table) == 4 * 3 * 5
    prob = top_terms(model, 5)
    for k, g in prob.groupby("topic"):
        assert g["score"].is_monotonic_decreasing
    rep = representative_documents(model, 2)
    assert list(rep.columns) == ["topic", "label", "rank", "doc_id", "proportion"]
    assert (rep.groupby("topic")["proportion"].diff().dropna() <= 0).all()


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_save_load_round_trip_without_pickle(tmp_path, method, monkeypatch):
    corpus = planted_texts()
    model = TopicModel(n_topics=4, method=method, max_iter=20).fit(corpus)
    path = model.save(tmp_path / "model")
    assert path.suffix == ".json" and (tmp_path / "model.npz").exists()
    meta = json.loads(path.read_text())
    assert meta["vocabulary"][:2] == list(model.vocabulary_[:2])
    calls = []
    real_load = np.load

    def spy(*args, **kwargs):
        calls.append(kwargs.get("allow_pickle"))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(np, "load", spy)
    loaded = TopicModel.load(tmp_path / "model.json")
    assert calls == [False]
    np.testing.assert_array_equal(loaded.doc_topic_, model.doc_topic_)
    np.testing.assert_array_equal(loaded.components_, model.components_)
    assert loaded.topic_labels_ == model.topic_labels_
    assert loaded.get_params() == model.get_params()
    pd.testing.assert_frame_equal(loaded.rows_[["doc_id", "outlet"]], model.rows_[["doc_id", "outlet"]])
    np.testing.assert_allclose(loaded.transform(corpus), model.transform(corpus))


def test_save_refuses_what_json_cannot_hold(tmp_path):
    X, vocab, _, _ = planted(40)
    with pytest.raises(InputError, match="only models fitted with scikit-learn's LatentDirichletAllocation or NMF"):
        TopicModel(n_topics=2, method=MiniBatchNMF(max_iter=20)).fit((X, vocab)).save(tmp_path / "m")
    model = TopicModel(n_topics=2).fit((X, vocab))
    with pytest.raises(NotFittedError, match="not fitted yet"):
        TopicModel().save(tmp_path / "m")
    with pytest.raises(InputError, match="does not exist"):
        TopicModel.load(tmp_path / "nothing")
    model.save(tmp_path / "m")
    (tmp_path / "m.json").write_text('{"format": "other"}')
    with pytest.raises(InputError, match="is not a framing-topic-model/1 file"):
        TopicModel.load(tmp_path / "m.npz")


def test_load_refuses_object_arrays(tmp_path):
    X, vocab, _, _ = planted(40)
    TopicModel(n_topics=2).fit((X, vocab)).save(tmp_path / "m")
    with np.load(tmp_path / "m.npz") as z:
        arrays = dict(z)
    arrays["components"] = np.array([object()] * 2, dtype=object)
    np.savez(tmp_path / "m.npz", **arrays)
    with pytest.raises(InputError, match=r"m\.npz: does not match m\.json"):
        TopicModel.load(tmp_path / "m")
    meta = json.loads((tmp_path / "m.json").read_text())
    del meta["arrays_sha256"]  # an older file, without the digest: np.load still refuses pickles
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(InputError, match=r"m\.npz: not a readable \.npz file .*allow_pickle"):
        TopicModel.load(tmp_path / "m")


# ------------------------------------------------------------------ bad input
def test_not_fitted():
    with pytest.raises(NotFittedError, match="not fitted yet; call model.fit"):
        TopicModel().transform(sparse.csr_matrix([[1]]))
    with pytest.raises(NotFittedError, match="not fitted yet"):
        top_terms(TopicModel())


def test_too_many_topics():
    X, vocab, _, _ = planted(5)
    with pytest.raises(InputError, match=r"n_topics=6 is larger than the number of rows \(5\)"):
        TopicModel(n_topics=6).fit((X, vocab))
    small = (sparse.csr_matrix(np.ones((10, 3))), ["aaa", "bbb", "ccc"])
    with pytest.raises(InputError, match=r"or terms \(3\)"):
        TopicModel(n_topics=4).fit(small)


@pytest.mark.parametrize(
    "value, match",
    [(-1.0, "1 negative entries"), (np.nan, "non-finite entries"), (np.inf, "non-finite entries")],
)
def test_bad_matrix_entries(value, match):
    m = np.ones((4, 3))
    m[1, 2] = value
    with pytest.raises(InputError, match=match):
        TopicModel(n_topics=2).fit((sparse.csr_matrix(m), ["aaa", "bbb", "ccc"]))


def test_empty_documents_are_reported():
    m = sparse.csr_matrix([[1, 2, 0], [0, 0, 0], [0, 3, 1], [0, 0, 0], [2, 0, 1]])
    with pytest.warns(UserWarning, match="2 of 5 rows have no term left"):
        model = TopicModel(n_topics=2).fit((m, ["aaa", "bbb", "ccc"]))
    assert model.dropped_ == ["row-1", "row-3"]
    assert model.doc_topic_.shape == (3, 2)
    with pytest.raises(InputError, match="all 2 rows are empty"):
        TopicModel(n_topics=1).fit((sparse.csr_matrix((2, 3)), ["aaa", "bbb", "ccc"]))


def test_bad_parameters():
    X, vocab, _, _ = planted(20)
    with pytest.raises(InputError, match="method must be 'lda', 'nmf'"):
        TopicModel(method="stm").fit((X, vocab))
    with pytest.raises(InputError, match=r"TopicModel: n_topics must be an int >= 1"):
        TopicModel(n_topics=0).fit((X, vocab))
    with pytest.raises(InputError, match="weighting='tfidf' does not work with method='lda'"):
        TopicModel(method="lda", weighting="tfidf").fit((X, vocab))
    with pytest.raises(InputError, match="X must be a Corpus"):
        TopicModel().fit("some text")
    with pytest.raises(InputError, match="negative weights"):
        TopicModel(n_topics=2, method=TruncatedSVD()).fit((X, vocab))
    with pytest.warns(UserWarning, match="min_df only apply when fitting a Corpus"):
        TopicModel(n_topics=2, min_df=5).fit((X, vocab))


def test_scikit_learn_conventions():
    from sklearn.base import clone
    from sklearn.utils.validation import check_is_fitted

    X, vocab, _, _ = planted(40)
    template = TopicModel(n_topics=3, method="lda", max_iter=5)
    with pytest.raises(NotFittedError):
        check_is_fitted(template)
    fitted = clone(template).fit((X, vocab))
    check_is_fitted(fitted)
    assert clone(fitted).get_params() == template.get_params()
    assert not hasattr(clone(fitted), "doc_topic_")


def test_bad_level():
    with pytest.raises(InputError, match="TopicModel: level must be one of 'document', 'paragraph', got 'sentence'"):
        TopicModel(level="sentence").fit(planted_texts(10))

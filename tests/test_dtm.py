import numpy as np
import pandas as pd
import pytest
from scipy import sparse

import framing as fr
from framing.corpus import DocumentTermMatrix
from framing.errors import EmptyVocabularyError, InputError


def _col(dtm, term):
    return np.asarray(dtm.matrix[:, list(dtm.terms).index(term)].todense()).ravel()


def test_defaults_return_stored_counts_paragraph(bundled):
    X, rows, terms = bundled.dtm(level="paragraph")
    assert (X != bundled.counts).nnz == 0
    assert list(terms) == list(bundled.vocabulary)
    assert rows[["doc_id", "para", "role"]].equals(bundled.paragraphs[["doc_id", "para", "role"]])
    assert "language" in rows.columns


def test_defaults_return_stored_counts_document(bundled):
    d = bundled.dtm()
    assert d.level == "document" and d.shape == (602, len(bundled.vocabulary))
    assert int(d.matrix.sum()) == 121_892
    np.testing.assert_array_equal(np.asarray(d.matrix.sum(axis=1)).ravel(), bundled.documents["n_tokens"].to_numpy())
    assert list(d.rows["doc_id"]) == list(bundled.doc_ids)


def test_defaults_on_text_corpus(tiny_corpus):
    d = tiny_corpus.dtm()
    # en-1: "Peace talks resume in Geneva" / "... the talks were difficult but useful." -> talks twice
    assert _col(d, "talks")[0] == 2
    assert _col(d, "Talks")[1] == 1 and _col(d, "talks")[1] == 2  # case kept by default


def test_lowercase(tiny_corpus):
    d = tiny_corpus.dtm(lowercase=True)
    assert "Talks" not in set(d.terms)
    assert _col(d, "talks")[1] == 3  # 'Talks' + 2 x 'talks'
    assert int(d.matrix.sum()) == int(tiny_corpus.counts.sum())


def test_stop_words_by_language(tiny_corpus):
    d = tiny_corpus.dtm(lowercase=True, stop_words=True)
    terms = set(d.terms)
    assert "the" not in terms and "die" not in terms and "в" not in terms
    assert "geneva" in terms and "genf" in terms
    # a named list applies to every document
    d = tiny_corpus.dtm(stop_words="en")
    assert "the" not in set(d.terms) and "The" not in set(d.terms)
    d = tiny_corpus.dtm(stop_words=["geneva"])
    assert "Geneva" not in set(d.terms)


def test_keep_words(tiny_corpus):
    assert "were" not in set(tiny_corpus.dtm(stop_words="en").terms)
    assert "said" in set(tiny_corpus.dtm(stop_words="en").terms)  # attribution verbs are not function words
    assert "said" not in set(tiny_corpus.dtm(stop_words=sorted(fr.stop_words("en", source="iso"))).terms)
    assert "were" in set(tiny_corpus.dtm(stop_words="en", keep_words=["were"]).terms)
    with pytest.raises(InputError, match="keep_words must be a collection of words, got a single str"):
        tiny_corpus.dtm(stop_words="en", keep_words="said")


def test_stem(tiny_corpus):
    d = tiny_corpus.dtm(stem=True)
    terms = set(d.terms)
    assert "deleg" in terms  # delegations (en) -> deleg
    assert "talk" in terms and "talks" not in terms
    d = tiny_corpus.dtm(stem="en")
    assert "talk" in set(d.terms)


def test_stem_language_without_stemmer_warns(tiny_texts):
    c = fr.Corpus.from_texts(tiny_texts[:2], pd.DataFrame({"language": ["en", "uk"]}))
    with pytest.warns(UserWarning, match=r"no Snowball stemmer for language\(s\) \['uk'\]"):
        c.dtm(stem=True)


def test_min_len_and_drop_numbers(tiny_corpus):
    d = tiny_corpus.dtm(min_len=3)
    assert all(len(t) >= 3 for t in d.terms)
    assert "2026" in set(tiny_corpus.dtm().terms)
    assert "2026" not in set(tiny_corpus.dtm(drop_numbers=True).terms)


def test_min_df_max_df(tiny_corpus):
    X, _, terms = tiny_corpus.dtm(min_df=3)
    df = np.diff(X.tocsc().indptr)
    assert (df >= 3).all() and "talks" in set(terms)
    X, _, terms = tiny_corpus.dtm(max_df=0.2)  # at most 1 of 5 documents
    assert (np.diff(X.tocsc().indptr) <= 1).all()
    with pytest.raises(InputError, match=r"Corpus.dtm\(\): min_df must be an int >= 0 or a number in \[0, 1\], got True"):
        tiny_corpus.dtm(min_df=True)
    with pytest.raises(InputError, match=r"max_df must be an int >= 0 or a number in \[0, 1\], got 1.5"):
        tiny_corpus.dtm(max_df=1.5)


def test_ngram_range(tiny_corpus, bundled):
    d = tiny_corpus.dtm(ngram_range=(1, 2))
    assert "the envoy" in set(d.terms) and "envoy" in set(d.terms)
    d = tiny_corpus.dtm(ngram_range=(2, 3))
    assert all(" " in t for t in d.terms)
    m, t = bundled.ngrams[3]
    d = bundled.dtm(ngram_range=(3, 3))
    assert (d.matrix != m).nnz == 0 and list(d.terms) == list(t)
    with pytest.raises(InputError, match="n-gram counts are stored per document; use level='document'"):
        tiny_corpus.dtm(level="paragraph", ngram_range=(1, 2))
    with pytest.raises(InputError, match=r"asks for 4-grams, but this corpus stores n-grams of n = \[2, 3\]"):
        tiny_corpus.dtm(ngram_range=(1, 4))
    with pytest.raises(InputError, match="ngram_range must satisfy 1 <= min_n <= max_n"):
        tiny_corpus.dtm(ngram_range=(2, 1))


def test_empty_vocabulary_names_the_filter(tiny_corpus):
    with pytest.raises(EmptyVocabularyError, match="no term is left after min_len=40"):
        tiny_corpus.dtm(min_len=40)
    only_stops = fr.Corpus.from_texts(["the and of\nit is"], pd.DataFrame({"language": ["en"]}))
    with pytest.raises(EmptyVocabularyError, match="no term is left after removing stop_words"):
        only_stops.dtm(stop_words=True)
    with pytest.raises(EmptyVocabularyError, match="no term is left after min_df=6"):
        tiny_corpus.dtm(min_df=6)


def test_bad_options(tiny_corpus):
    with pytest.raises(InputError, match="Corpus.dtm\\(\\): level must be one of 'document', 'paragraph', got 'sentence'"):
        tiny_corpus.dtm(level="sentence")
    with pytest.raises(InputError, match="min_len must be an int >= 1, got 0"):
        tiny_corpus.dtm(min_len=0)
    with pytest.raises(InputError, match="no stop-word list for language 'xx'"):
        tiny_corpus.dtm(stop_words="xx")


def test_document_term_matrix_object():
    m = DocumentTermMatrix(sparse.csr_matrix([[1, 0], [2, 3]]), pd.DataFrame({"doc_id": ["a", "b"]}),
                           np.array(["peace", "war"], dtype=object))  # fmt: skip
    X, rows, terms = m
    assert X.shape == (2, 2) and list(terms) == ["peace", "war"]
    assert m.term_index() == {"peace": 0, "war": 1}
    assert m.to_frame().to_dict("list") == {"doc_id": ["a", "b", "b"], "term": ["peace", "peace", "war"], "count": [1, 2, 3]}
    assert m.select_rows([False, True]).shape == (1, 2)
    with pytest.raises(InputError, match=r"mask has shape \(1,\), need \(2,\)"):
        m.select_rows([True])
    with pytest.raises(InputError, match="matrix shape .* does not match 3 row labels and 2 terms"):
        DocumentTermMatrix(X, pd.DataFrame({"doc_id": ["a", "b", "c"]}), terms)
    with pytest.raises(InputError, match="DocumentTermMatrix: level must be one of 'document', 'paragraph', got 'word'"):
        DocumentTermMatrix(X, rows, terms, level="word")


def test_stop_words_true_warns_for_languages_without_a_list():
    import framing as fr

    c = fr.Corpus.from_texts(["the talks", "razgovori su"], pd.DataFrame({"language": ["en", "sr"]}))
    with pytest.warns(UserWarning, match=r"no stop-word list for language\(s\) \['sr'\]"):
        c.dtm(stop_words=True)


def test_one_dtm_specification():
    """Corpus.dtm takes exactly the options of the one specification, with its defaults."""
    import inspect

    from framing.corpus._dtmspec import DTM_OPTIONS, dtm_options

    params = inspect.signature(fr.Corpus.dtm).parameters
    assert {k: p.default for k, p in params.items() if k not in ("self", "level")} == DTM_OPTIONS
    model = fr.topics.TopicModel(n_topics=2)
    assert set(dtm_options(model)) == {"lowercase", "stop_words", "stem", "min_len", "drop_numbers", "min_df", "max_df"}
    assert "min_df" not in dtm_options(model, df_limits=False)

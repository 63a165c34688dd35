"""Bad-input catalogue (issue #10), area 3: dictionary and topic-model files.

Every file error names the file and says what is wrong; a model file is
validated (known keys, shapes) before anything is set.
"""

import json
import shutil

import numpy as np
import pytest

import framing as fr
from framing.errors import InputError

# ------------------------------------------------------------ dictionaries
@pytest.mark.parametrize("pattern", ["(?i)war", "war|peace", r"\w+", "^war", "war$", "war+", "(war)"])
def test_X1_regex_looking_patterns_are_refused(pattern):
    with pytest.raises(InputError, match=r"looks like a regular expression; dictionary patterns are globs"):
        fr.Dictionary({"conflict": [pattern]})


def test_X1_glob_patterns_and_dotted_words_are_accepted():
    d = fr.Dictionary({"c": ["negotiat*", "U.S.", "e.g.", "кие?", "peace deal"]})
    assert len(d.categories["c"]) == 5


def test_X2_a_dic_with_a_duplicate_category_id_is_refused(tmp_path):
    path = tmp_path / "dup.dic"
    path.write_text("%\n1\tpeace\n1\twar\n%\npeace*\t1\nwar\t1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"dup\.dic, line 3: category id '1' is defined twice \(line 2: 'peace', line 3: 'war'\)"):
        fr.Dictionary.load(path)


def test_X2_a_dic_with_a_duplicate_category_name_is_refused(tmp_path):
    path = tmp_path / "dupname.dic"
    path.write_text("%\n1\tpeace\n2\tpeace\n%\npeace*\t1\nwar\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"dupname\.dic, line 3: category name 'peace' is used by ids '1' and '2'"):
        fr.Dictionary.load(path)


def test_X3_a_latin1_dic_names_the_file_and_line(tmp_path):
    path = tmp_path / "lat.dic"
    path.write_bytes("%\n1\tcafé\n%\ncafé\t1\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"lat\.dic: not valid UTF-8: undecodable byte b'\\xe9' at byte 7 \(line 2\); .*encoding='latin-1'"):
        fr.Dictionary.load(path)
    assert fr.Dictionary.load(path, encoding="latin-1").categories == {"café": ("café",)}


@pytest.mark.parametrize("suffix, content", [(".json", "[1, 2]"), (".yaml", "- a\n- b\n"), (".json", "{bad")])
def test_X4_dictionary_files_that_are_not_mappings(tmp_path, suffix, content):
    path = tmp_path / f"d{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=rf"d\{suffix}: (expected a mapping|not valid)"):
        fr.Dictionary.load(path)


# ------------------------------------------------------------------ models
@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    corpus = fr.load_corpus().subset(language="en")
    folder = tmp_path_factory.mktemp("models")
    for method in ("nmf", "lda"):
        fr.TopicModel(n_topics=3, method=method, random_state=0, max_iter=5).fit(corpus).save(folder / method)
    return folder


def _copy(saved, tmp_path, method="nmf"):
    for ext in (".json", ".npz"):
        shutil.copy(saved / f"{method}{ext}", tmp_path / f"m{ext}")
    return tmp_path / "m.json"


def _edit_json(path, edit):
    meta = json.loads(path.read_text(encoding="utf-8"))
    edit(meta)
    path.write_text(json.dumps(meta), encoding="utf-8")


def _edit_npz(path, edit):
    with np.load(path) as z:
        arrays = dict(z)
    edit(arrays)
    np.savez(path, **arrays)


def test_T1_a_model_file_that_is_not_json(saved, tmp_path):
    path = _copy(saved, tmp_path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"m\.json: not valid JSON \(line 1, column 2\)"):
        fr.TopicModel.load(path)


def test_T1_a_model_file_with_a_missing_key(saved, tmp_path):
    path = _copy(saved, tmp_path)
    _edit_json(path, lambda m: m.pop("vocabulary"))
    with pytest.raises(InputError, match=r"m\.json: missing key\(s\) \['vocabulary'\]"):
        fr.TopicModel.load(path)


def test_T1_a_model_file_with_an_unknown_key(saved, tmp_path):
    path = _copy(saved, tmp_path)
    _edit_json(path, lambda m: m.update(extra=1))
    with pytest.raises(InputError, match=r"m\.json: unknown key\(s\) \['extra'\]"):
        fr.TopicModel.load(path)


@pytest.mark.parametrize("content", [b"garbage", b"PK\x03\x04garbage"])
def test_T1_an_arrays_file_that_is_not_npz(saved, tmp_path, content):
    path = _copy(saved, tmp_path)
    (tmp_path / "m.npz").write_bytes(content)
    with pytest.raises(InputError, match=r"m\.npz: (not a readable \.npz file|does not match m\.json)"):
        fr.TopicModel.load(path)


def test_T2_arrays_of_the_wrong_shape_are_refused(saved, tmp_path):
    path = _copy(saved, tmp_path)
    _edit_npz(tmp_path / "m.npz", lambda a: a.update(components=a["components"][:, :5]))
    _edit_json(path, lambda m: m.pop("arrays_sha256"))
    with pytest.raises(InputError, match=r"m\.npz: array 'components' has shape \(3, 5\), expected \(3, \d+\)"):
        fr.TopicModel.load(path)


def test_T2_a_replaced_arrays_file_is_caught(saved, tmp_path):
    path = _copy(saved, tmp_path)
    _edit_npz(tmp_path / "m.npz", lambda a: a.update(doc_topic=a["doc_topic"] * 0.5))
    with pytest.raises(InputError, match=r"m\.npz: does not match m\.json \(its SHA-256 differs from the one saved with it\)"):
        fr.TopicModel.load(path)


def test_T2_a_missing_array(saved, tmp_path):
    path = _copy(saved, tmp_path)
    _edit_npz(tmp_path / "m.npz", lambda a: a.pop("doc_topic"))
    _edit_json(path, lambda m: m.pop("arrays_sha256"))
    with pytest.raises(InputError, match=r"m\.npz: missing array\(s\) \['doc_topic'\]"):
        fr.TopicModel.load(path)


@pytest.mark.parametrize("name", ["fit", "__class__", "transform", "anything_"])
def test_T3_unknown_estimator_attributes_are_refused_not_set(saved, tmp_path, name):
    path = _copy(saved, tmp_path)
    _edit_json(path, lambda m: m["estimator"]["attributes"].update({name: 1}))
    with pytest.raises(InputError, match=rf"m\.json: unknown estimator attribute\(s\) \['{name}'\] for NMF"):
        fr.TopicModel.load(path)


def test_T3_unknown_parameters_are_refused(saved, tmp_path):
    path = _copy(saved, tmp_path, "lda")
    _edit_json(path, lambda m: m["params"].update(evil=1))
    with pytest.raises(InputError, match=r"m\.json: unknown parameter\(s\) \['evil'\] of TopicModel"):
        fr.TopicModel.load(path)
    path = _copy(saved, tmp_path, "lda")
    _edit_json(path, lambda m: m["estimator"]["params"].update(evil=1))
    with pytest.raises(InputError, match=r"m\.json: unknown parameter\(s\) \['evil'\] of LatentDirichletAllocation"):
        fr.TopicModel.load(path)


def test_T3_wrong_types_are_refused(saved, tmp_path):
    path = _copy(saved, tmp_path)
    _edit_json(path, lambda m: m.update(vocabulary="not a list"))
    with pytest.raises(InputError, match=r"m\.json: 'vocabulary' must be a list of str"):
        fr.TopicModel.load(path)


def test_T4_save_does_not_overwrite_by_default(saved, tmp_path):
    model = fr.TopicModel.load(saved / "nmf")
    model.save(tmp_path / "m")
    with pytest.raises(InputError, match=r"m\.json already exists; choose another name or pass overwrite=True"):
        model.save(tmp_path / "m")
    assert model.save(tmp_path / "m", overwrite=True) == tmp_path / "m.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.npz"]


def test_T4_a_failed_save_leaves_the_old_files(saved, tmp_path, monkeypatch):
    model = fr.TopicModel.load(saved / "nmf")
    model.save(tmp_path / "m")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez_compressed", boom)
    with pytest.raises(OSError, match="disk full"):
        model.save(tmp_path / "m", overwrite=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_T5_saved_models_load_back(saved):
    for method in ("nmf", "lda"):
        m = fr.TopicModel.load(saved / method)
        assert m.doc_topic_.shape[1] == 3

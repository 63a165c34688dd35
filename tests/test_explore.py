"""framing.explore: the explorer's data for each result type, its HTML page, and the page in a real browser."""

from __future__ import annotations

import json
import os
import re
import time

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.explore import _widget

FOCUS = ["Russian state media", "Chinese state media", "Ukrainian media", "Western news agencies"]


# --------------------------------------------------------------------------- shared inputs
@pytest.fixture(scope="module")
def english(bundled):
    return bundled.subset(language="en")


@pytest.fixture(scope="module")
def en_blocs(english):
    return fr.assign_blocs(english.documents)


@pytest.fixture(scope="module")
def key_en(english, en_blocs):
    return fr.keyness(english, en_blocs, target=FOCUS, min_count=3, n_boot=200, seed=0)


@pytest.fixture(scope="module")
def key_view(key_en, english, en_blocs):
    return fr.explore(key_en, english, by=en_blocs)


@pytest.fixture(scope="module")
def naming_view(english, en_blocs):
    table = fr.naming_shares(english, "city_name", en_blocs)
    return table, fr.explore(table, english, by=en_blocs, concept="city_name")


@pytest.fixture(scope="module")
def topic_view(english, en_blocs):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # paragraphs left empty by preprocessing
        model = fr.TopicModel(n_topics=6, level="paragraph", random_state=0).fit(english)
    labels = en_blocs.reindex(model.document_topics()[1]["doc_id"]).to_numpy(dtype=object)
    prevalence = fr.topic_prevalence(model, labels, n_boot=100, seed=0)
    return model, prevalence, fr.explore(model, english, by=en_blocs, prevalence=prevalence)


# --------------------------------------------------------------------------- widget data (no browser)
def test_keyness_view_passes_the_table_through(key_view, key_en):
    data = key_view.data
    assert isinstance(key_view, fr.Explorer) and key_view.kind == "keyness"
    assert [c["group"] for c in data["comparisons"]] == FOCUS
    assert {c["reference"] for c in data["comparisons"]} == {"rest"}
    table = pd.DataFrame(data["table"])
    table["group"] = [data["comparisons"][i]["group"] for i in table["comparison"]]
    # every row is a row of the analysis table, values rounded to 4 significant digits only
    source = key_en.rename(columns={"score": "estimate"})  # the 0.1 name, before issue #9's tables
    merged = table.merge(source, on=["group", "term"], suffixes=("", "_src"))
    assert len(merged) == len(table)
    for col in ("estimate", "ci_low", "ci_high", "p_adj"):
        np.testing.assert_allclose(merged[col], merged[f"{col}_src"], rtol=1e-3)
    assert (merged["count_target"] == merged["count_target_src"]).all()
    # the 300 largest |score| of each comparison are all there
    for g in FOCUS:
        top = source[source["group"] == g].assign(a=lambda d: d["estimate"].abs()).nlargest(300, "a")["term"]
        assert set(top) <= set(table.loc[table["group"] == g, "term"])


def test_keyness_documents_of_a_term_match_the_counts(key_view, english, en_blocs):
    data = key_view.data
    dtm = english.dtm(lowercase=True)
    term = "kiev"
    col = dtm.matrix[:, list(dtm.terms).index(term)].toarray().ravel()
    using = dtm.rows["doc_id"][col > 0].tolist()
    entry = data["term_docs"][term]
    assert entry["n"] == len(using)
    ids = [data["docs"]["doc_id"][i] for i, _ in entry["docs"]]
    counts = [n for _, n in entry["docs"]]
    assert set(ids) <= set(using) and counts == sorted(counts, reverse=True)
    # occurrences and documents per group, worked out from the matrix and the blocs
    per_group = pd.DataFrame({"g": en_blocs.reindex(dtm.rows["doc_id"]).to_numpy(), "n": col})
    expect = {g: (int(s["n"].sum()), int((s["n"] > 0).sum())) for g, s in per_group.groupby("g")}
    got = {data["group_labels"][i]: (n, d) for i, n, d in data["term_groups"][term]}
    assert got == {g: v for g, v in expect.items() if v[1] > 0}
    # citation metadata for the listed documents
    i = entry["docs"][0][0]
    row = english.documents.loc[data["docs"]["doc_id"][i]]
    assert data["docs"]["title"][i] == row["title"] and data["docs"]["url"][i] == row["url"]
    assert data["docs"]["group"][i] == en_blocs[data["docs"]["doc_id"][i]]


def test_keyness_reads_document_frequency_columns_when_present(key_en, english, en_blocs):
    table = key_en.assign(n_docs_target=1, n_docs_reference=2).rename(columns={"score": "estimate"})
    data = fr.explore(table, english, by=en_blocs, n_terms=5).data
    assert data["table"]["n_docs_target"][0] == 1 and data["table"]["n_docs_reference"][0] == 2
    assert "p" not in data["table"] and "sign_stable" not in data["table"]


def test_keyness_context_where_the_corpus_has_text(tiny_corpus):
    table = fr.keyness(tiny_corpus, "language", target="en")
    data = fr.explore(table, tiny_corpus, by="language", n_terms=50).data
    assert data["has_text"]
    entry = data["term_docs"]["envoy"]
    assert entry["n"] == 2
    assert all("[envoy]" in c for c in entry["context"])


def test_naming_view_cells_list_the_documents(naming_view):
    table, view = naming_view
    data = view.data
    assert view.kind == "naming" and data["variants"] == ["Kyiv", "Kiev"]
    for r in table.itertuples():
        cell = data["cells"][f"{r.group}\u0001{r.variant}"]
        assert cell["n"] == r.n_docs  # documents that use the variant, as naming_shares counts them
        assert len(cell["docs"]) == min(r.n_docs, 50)
    share = table["estimate"] if "estimate" in table.columns else table["share"]
    np.testing.assert_allclose(data["table"]["estimate"], share, rtol=1e-3)


def test_topic_view_holds_labels_prevalence_and_representatives(topic_view):
    model, prevalence, view = topic_view
    data = view.data
    assert view.kind == "topics" and len(data["topics"]) == 6
    assert data["topics"][0]["label"] == model.topic_labels_[0]
    assert data["topics"][0]["frex"] == fr.top_terms(model, 10, measure="frex").query("topic == 0")["term"].tolist()
    np.testing.assert_allclose(data["prevalence"]["estimate"], prevalence["estimate"], rtol=1e-3)
    reps = fr.representative_documents(model, 5)
    first = data["representatives"][0]
    assert [data["docs"]["doc_id"][r["doc"]] for r in first] == reps.query("topic == 0")["doc_id"].tolist()


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda c: (pd.DataFrame({"a": [1]}), {}), "neither a keyness table"),
        (lambda c: (fr.naming_shares(c, "city_name", "language"), {"by": "language"}), "needs concept="),
        (lambda c: (fr.TopicModel(n_topics=2), {}), "not fitted"),
        (lambda c: ("words", {}), "cannot explore a str"),
        (lambda c: (fr.keyness(c, "language", target="en"), {"n_terms": 0}), r"explore\(\): n_terms must be an int >= 1, got 0"),
    ],
)
def test_explore_errors(tiny_corpus, make, match):
    result, kwargs = make(tiny_corpus)
    with pytest.raises(fr.InputError, match=match):
        fr.explore(result, tiny_corpus, **kwargs)


def test_page_is_one_self_contained_file(key_view, tmp_path):
    path = key_view.save(tmp_path / "keyness.html")
    html = path.read_text(encoding="utf-8")
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", html, flags=re.S)  # the tags, not the code
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", markup)  # nothing loaded from outside
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert html.count("</script>") == 2  # the data and the module, nothing closes early
    data = json.loads(re.search(r'id="framing-data">(.*?)</script>', html, re.S).group(1))
    assert data == json.loads(json.dumps(key_view.data))
    assert key_view.save(tmp_path / "again.html").read_bytes() == path.read_bytes()  # deterministic
    assert path.stat().st_size < 2_000_000  # small enough to e-mail
    with pytest.raises(fr.InputError, match="does not exist"):
        key_view.save(tmp_path / "missing" / "x.html")


def test_widget_module_exports_render(key_view):
    assert key_view._esm.rstrip().endswith("export default __framingExplorer;")
    assert "window.vegaEmbed" in key_view._esm
    assert ".fx-table" in key_view._css
    key_view.selected = "kiev"  # the trait the view writes when a term is clicked


# --------------------------------------------------------------------------- real browser
# ``chromium_browser`` (Debian's Chromium through Playwright, skipped without it except in CI)
# is the session fixture of tests/conftest.py: one Playwright per test session.


def _open(browser, path, *, width=1200, height=900):
    """Open a saved page; record console errors and every request, and refuse any that leaves the file."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log = {"errors": [], "requests": [], "blocked": []}
    page.on("console", lambda m: m.type in ("error", "warning") and log["errors"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: log["errors"].append(f"pageerror: {e}"))
    page.on("request", lambda r: log["requests"].append(r.url))

    def refuse(route):
        if route.request.url == path.as_uri():
            return route.continue_()
        log["blocked"].append(route.request.url)
        return route.abort()

    context.route("**/*", refuse)
    page.goto(path.as_uri())
    page.wait_for_selector(".fx-table tbody tr")
    return context, page, log


def test_keyness_page_in_chromium(chromium_browser, key_view, tmp_path):
    path = key_view.save(tmp_path / "keyness.html")
    context, page, log = _open(chromium_browser, path, height=1250)
    try:
        page.wait_for_selector(".fx-chart svg")  # Vega drew the scatter
        headers = page.locator(".fx-list thead th").all_inner_texts()
        assert {"term", "score", "interval", "p_adj", "tgt", "ref.", "docs tgt", "docs ref."} <= {h.strip(" ▲▼") for h in headers}
        terms = page.locator(".fx-list tbody tr td:first-child")
        assert terms.count() > 100
        shown = terms.all_inner_texts()
        # filtering
        page.fill(".fx-filter", "kiev")
        page.wait_for_function("document.querySelectorAll('.fx-list tbody tr').length < 10")
        filtered = page.locator(".fx-list tbody tr td:first-child").all_inner_texts()
        assert filtered and all("kiev" in t for t in filtered)
        assert page.inner_text(".fx-count").startswith(f"{len(filtered)} of")
        # clicking a term: its counts per group and the documents that use it
        page.locator(".fx-list tbody tr").first.click()
        detail = page.locator(".fx-detail")
        assert detail.locator(".fx-term").inner_text() == filtered[0]
        per_group = detail.locator("table").nth(1).locator("tbody tr").all_inner_texts()
        assert any("Russian state media" in r for r in per_group)
        titles = detail.locator(".fx-doc .fx-title").all_inner_texts()
        data = key_view.data
        first = data["term_docs"][filtered[0]]["docs"][0][0]
        assert titles and titles[0] == (data["docs"]["title"][first] or data["docs"]["doc_id"][first])
        # the significance filter and another comparison
        page.fill(".fx-filter", "")
        page.check(".fx-sig")
        page.select_option(".fx-comparison", label="Ukrainian media vs rest")
        sig = page.locator(".fx-list tbody tr td:first-child").all_inner_texts()
        assert 0 < len(sig) < len(shown)
        page.uncheck(".fx-sig")
        page.fill(".fx-filter", "")
        page.select_option(".fx-comparison", label="Russian state media vs rest")
        page.locator(".fx-list tbody tr").first.click()
        page.wait_for_timeout(300)
        shot = os.environ.get("FRAMING_EXPLORER_SCREENSHOT")
        page.screenshot(path=shot or str(tmp_path / "explorer.png"))
        assert log["errors"] == []
        assert log["blocked"] == [] and set(log["requests"]) == {path.as_uri()}
    finally:
        context.close()


def test_keyness_page_fits_a_phone(chromium_browser, key_view, tmp_path):
    path = key_view.save(tmp_path / "keyness.html")
    context, page, log = _open(chromium_browser, path, width=390, height=844)
    try:
        page.wait_for_selector(".fx-chart svg")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        assert page.evaluate("getComputedStyle(document.querySelector('.fx-grid')).gridTemplateColumns").count(" ") == 0
        assert log["errors"] == [] and log["blocked"] == []
    finally:
        context.close()


def test_naming_and_topic_pages_in_chromium(chromium_browser, naming_view, topic_view, tmp_path):
    _, nview = naming_view
    path = nview.save(tmp_path / "naming.html")
    context, page, log = _open(chromium_browser, path)
    try:
        page.locator("td.cell").first.click()
        assert page.locator(".fx-detail .fx-doc").count() >= 1
        assert log["errors"] == [] and log["blocked"] == []
    finally:
        context.close()
    *_, tview = topic_view
    path = tview.save(tmp_path / "topics.html")
    context, page, log = _open(chromium_browser, path)
    try:
        page.locator(".fx-list tbody tr").nth(1).click()
        assert page.locator(".fx-detail .fx-term").inner_text() == tview.data["topics"][1]["label"]
        assert page.locator(".fx-detail .fx-doc").count() == 5
        page.wait_for_selector(".fx-chart svg")
        assert log["errors"] == [] and log["blocked"] == []
    finally:
        context.close()

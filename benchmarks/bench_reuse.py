"""Benchmark: wire-copy reuse clustering of 10,000 generated documents.

Target (issue 3): reuse clustering of 10,000 documents in under 30 s.

Documents are built from template sentences of our own with random slot
fillers (made-up names from pools of a few hundred, numbers, days); 30 % of
the originals end with the same furniture line; 1,000 of the 7,000 original stories are republished 2-5 times
(3,000 copies), each copy verbatim, with one paragraph reworded, with
one paragraph dropped, or with a paragraph added. The template frames are
shared by all documents and the furniture line by thousands, so some
5-grams are frequent "boilerplate" that the index must skip. We time ``containment_pairs`` + ``reuse_clusters`` +
``who_republishes_whom`` and check how many planted stories were recovered
exactly as one cluster. The peer is the obvious baseline: comparing all
pairs of shingle sets with Python ``set`` intersection, timed on a random
sample of pairs and extrapolated to all 50 million pairs.

Run: python benchmarks/bench_reuse.py
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

import framing
from framing import Corpus
from framing.reuse import containment_pairs, reuse_clusters, who_republishes_whom

N_DOCS = 10_000
N_STORIES_COPIED = 1_000
SEED = 0

TEMPLATES = [
    "The {a} delegation met {b} officials in {c} on {d} to discuss {e}.",
    "A spokesperson for {a} said the talks on {e} were {f} and would resume in {g} days.",
    "Officials from {b} described the {c} meeting as {f}, citing progress on {e}.",
    "{a} and {b} agreed to exchange {n} prisoners before the next round in {c}.",
    "Analysts in {c} said the {f} tone of the {d} session surprised observers from {a}.",
    "The next round is expected in {c} within {g} weeks, according to a {b} diplomat.",
    "Negotiators from {a} raised {e}, while {b} insisted on guarantees about {e2}.",
    "The {d} session lasted {n} hours and ended without a joint statement from {a}.",
]
_SYL = ["ka", "lo", "mi", "ren", "tas", "vo", "bel", "dur", "sen", "pra", "gol", "nit", "har", "zem", "qui"]


def _names(k: int, seed: int) -> list[str]:
    """k made-up proper names of 2-3 syllables (large pools keep 5-grams rare)."""
    rng = np.random.default_rng(seed)
    return sorted({"".join(rng.choice(_SYL, size=rng.integers(2, 4))).capitalize() for _ in range(k)})


FILL = {
    "a": _names(300, 1),
    "b": _names(300, 2),
    "c": _names(200, 3),
    "d": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "e": ["energy", "ports", "grain corridors", "prisoners", "territory", "sanctions", "ceasefire lines"],
    "e2": ["security", "elections", "reconstruction", "monitoring", "airspace", "nuclear plants"],
    "f": ["constructive", "difficult", "tense", "productive", "frank", "useful", "inconclusive"],
}
BOILERPLATE = "Follow our newsroom on social media for the latest updates and analysis every day."


def _sentence(rng) -> str:
    t = TEMPLATES[rng.integers(len(TEMPLATES))]
    values = {k: v[rng.integers(len(v))] for k, v in FILL.items()}
    values["n"] = str(rng.integers(2, 400))
    values["g"] = str(rng.integers(2, 30))
    return t.format(**values)


def _paragraph(rng) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.integers(2, 4)))


def generate(n_docs: int = N_DOCS, n_copied: int = N_STORIES_COPIED, seed: int = SEED):
    rng = np.random.default_rng(seed)
    n_copies = 3 * n_copied  # 2-5 copies each, 3 on average
    copies_per = rng.multinomial(n_copies - 2 * n_copied, np.full(n_copied, 1 / n_copied)) + 2
    copies_per = np.minimum(copies_per, 5)
    n_orig = n_docs - int(copies_per.sum())
    texts, story = [], []
    for i in range(n_orig):
        paras = [_paragraph(rng) for _ in range(rng.integers(4, 8))]
        if rng.random() < 0.3:  # site furniture left in: shared by thousands of documents
            paras.append(BOILERPLATE)
        texts.append(paras)
        story.append(i)
    for i in range(n_copied):
        base = texts[i]
        for _ in range(copies_per[i]):
            kind = rng.integers(4)
            paras = list(base)
            if kind == 1:  # one paragraph reworded (a new sentence added to it)
                j = rng.integers(len(paras))
                paras[j] = paras[j] + " " + _sentence(rng)
            elif kind == 2:  # one paragraph dropped
                del paras[rng.integers(len(paras))]
            elif kind == 3:  # one paragraph added
                paras.insert(rng.integers(len(paras) + 1), _paragraph(rng))
            texts.append(paras)
            story.append(i)
    ids = [f"d{k:05d}" for k in range(len(texts))]
    meta = pd.DataFrame({"doc_id": ids, "source": [f"source-{s % 50}" for s in story],
                         "site": [f"site-{k % 400}" for k in range(len(texts))]})  # fmt: skip
    return ["\n".join(p) for p in texts], meta, np.asarray(story), n_copied


def naive_pairs_seconds(corpus, n_sample: int = 200_000, seed: int = SEED) -> float:
    """Time of all-pairs Python set intersection, extrapolated from a sample."""
    sets = {}
    for d, s in zip(corpus.shingles["doc_id"], corpus.shingles["shingles"]):
        sets.setdefault(d, set()).update(s)
    ids = list(sets)
    rng = np.random.default_rng(seed)
    a = rng.integers(len(ids), size=n_sample)
    b = rng.integers(len(ids), size=n_sample)
    t = time.perf_counter()
    for i, j in zip(a, b):
        len(sets[ids[i]] & sets[ids[j]])
    per_pair = (time.perf_counter() - t) / n_sample
    n = len(ids)
    return per_pair * n * (n - 1) / 2


def main() -> None:
    t0 = time.perf_counter()
    texts, meta, story, n_copied = generate()
    corpus = Corpus.from_texts(texts, meta, warn=False)
    t_build = time.perf_counter() - t0

    times = []
    for _ in range(2):
        t = time.perf_counter()
        pairs = containment_pairs(corpus)
        clusters = reuse_clusters(corpus, pairs=pairs)
        who = who_republishes_whom(corpus, clusters=clusters)
        times.append(time.perf_counter() - t)
    t_reuse = min(times)

    # recovery: a planted story is recovered when its documents form exactly one cluster
    story_of = pd.Series(story, index=meta["doc_id"].to_numpy())
    got = clusters.assign(story=story_of.reindex(clusters["doc_id"]).to_numpy())
    exact = 0
    for s in range(n_copied):
        members = set(story_of.index[story_of.to_numpy() == s])
        cl = got.loc[got["story"] == s, "cluster"].unique()
        if len(cl) == 1 and set(got.loc[got["cluster"] == cl[0], "doc_id"]) == members:
            exact += 1
    t_naive = naive_pairs_seconds(corpus)

    skipped = pairs.attrs["skipped"]
    lines = [
        "bench_reuse: reuse clustering of generated documents",
        f"framing {framing.__version__}, python {platform.python_version()}, {platform.machine()}",
        f"documents: {len(corpus)}, paragraphs: {len(corpus.paragraphs)}, "
        f"distinct shingles: {len({h for s in corpus.shingles['shingles'] for h in s})}",
        f"planted stories with copies: {n_copied} ({len(corpus) - int((np.bincount(story) == 1).sum())} documents in them)",
        f"corpus build (Corpus.from_texts, not timed below): {t_build:.1f} s",
        f"boilerplate shingles skipped (in > {skipped['max_df_documents']:.0f} documents): {skipped['boilerplate_shingles']}",
        f"pairs found: {len(pairs)}, clusters: {clusters['cluster'].nunique()}, who-republishes-whom rows: {len(who)}",
        f"planted stories recovered exactly as one cluster: {exact} / {n_copied}",
        "",
        f"{'step':<52}{'seconds':>10}{'ratio':>10}",
        f"{'framing: pairs + clusters + who_republishes_whom':<52}{t_reuse:>10.2f}{1.0:>10.2f}",
        f"{'peer: all-pairs Python set intersection (extrap.)':<52}{t_naive:>10.1f}{t_naive / t_reuse:>10.1f}",
        f"{'target (issue 3)':<52}{30.0:>10.2f}{30.0 / t_reuse:>10.1f}",
        "",
        f"result: {'PASS' if t_reuse < 30 else 'FAIL'} (< 30 s), best of 2 runs",
    ]
    text = "\n".join(lines)
    print(text)
    out = Path(__file__).parent / "results" / "reuse.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Topic-network frames: the Analysis of Topic Model Networks (ANTMN; Walter & Ophir 2019).

Topics that tend to appear in the same documents are linked; communities of
the resulting topic network are read as frames (packages of topics). Here:
the network's nodes are topics, an edge's weight is the cosine similarity (or
Pearson correlation) between two topics' columns of the document-topic
matrix, only positive edges are kept, and communities are found with the
Louvain algorithm (Blondel et al. 2008; networkx, seeded).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._stats import (
    as_generator,
    bootstrap_group_means,
    check_alpha,
    check_n_boot,
    cosine_similarity,
    int_seed,
    percentile_interval,
    top_k,
)
from .._validation import InstanceOf, Interval, Options, validate_params
from ..errors import InputError
from ._model import check_topic_model

__all__ = ["TopicFrames", "topic_network", "antmn_frames", "antmn_prevalence"]


@dataclass(frozen=True)
class TopicFrames:
    """Frames found as communities of the topic network (what :func:`antmn_frames` returns).

    Parameters
    ----------
    nodes : pandas.DataFrame
        One row per topic: ``topic``, ``label``, ``prevalence`` (mean
        proportion), ``strength`` (sum of edge weights), ``frame``, ``frame_label``.
    edges : pandas.DataFrame
        ``source``, ``target`` (topic numbers), ``weight``, ``within_frame`` (bool).
    frames : pandas.DataFrame
        One row per frame: ``frame`` (0 = most prevalent), ``frame_label``,
        ``n_topics``, ``topics`` (comma-separated topic numbers, most
        prevalent first), ``prevalence`` (summed mean proportion of its topics).
    modularity : float
        Weighted modularity of the partition.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> frames = antmn_frames(model)
    >>> isinstance(frames, TopicFrames), list(frames.frames.columns)
    (True, ['frame', 'frame_label', 'n_topics', 'topics', 'prevalence'])
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    frames: pd.DataFrame
    modularity: float


def _check(model):
    check_topic_model(model)


_NETWORK = {"similarity": [Options(("cosine", "correlation"))], "min_weight": [Interval(numbers.Real, 0, None)]}


@validate_params(_NETWORK)
def topic_network(model, *, similarity: str = "cosine", min_weight: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    r"""The topic network of a fitted model: nodes and positive edges as tables.

    With :math:`\theta_{\cdot k}` topic *k*'s column of the document-topic
    matrix (documents; paragraphs averaged into documents), the edge weight
    between topics *j* and *k* is
    ``'cosine'``: :math:`\frac{\theta_{\cdot j} \cdot \theta_{\cdot k}}{\lVert\theta_{\cdot j}\rVert\,\lVert\theta_{\cdot k}\rVert}`
    (Walter & Ophir 2019), or ``'correlation'``: Pearson's *r* of the two
    columns. Edges with weight at most ``min_weight`` (and never negative
    ones) are dropped.

    Parameters
    ----------
    model : TopicModel (fitted)
    similarity : {'cosine', 'correlation'}, default='cosine'
    min_weight : float, default=0.0

    Returns
    -------
    nodes : pandas.DataFrame
        ``topic``, ``label``, ``prevalence``, ``strength``.
    edges : pandas.DataFrame
        ``source``, ``target``, ``weight`` (``source < target``).

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel, or for an unknown ``similarity`` or a negative ``min_weight``.
    sklearn.exceptions.NotFittedError
        When it is not fitted.

    References
    ----------
    Walter, D., & Ophir, Y. (2019). News frame analysis: an inductive
    mixed-method computational approach. *Communication Methods and
    Measures*, 13(4), 248-266.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> nodes, edges = topic_network(model)
    >>> nodes.columns.tolist(), len(edges)  # the two topics share no document: no positive edge
    (['topic', 'label', 'prevalence', 'strength'], 0)
    """
    _check(model)
    theta, _ = model.document_topics()
    k = theta.shape[1]
    if similarity == "cosine":
        sim = cosine_similarity(theta.T)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            sim = np.nan_to_num(np.corrcoef(theta, rowvar=False), nan=0.0)
    i, j = np.triu_indices(k, 1)
    w = sim[i, j]
    keep = w > min_weight
    edges = pd.DataFrame({"source": i[keep], "target": j[keep], "weight": w[keep]})
    strength = np.zeros(k)
    np.add.at(strength, edges["source"].to_numpy(), edges["weight"].to_numpy())
    np.add.at(strength, edges["target"].to_numpy(), edges["weight"].to_numpy())
    nodes = pd.DataFrame(
        {"topic": np.arange(k), "label": model.topic_labels_, "prevalence": theta.mean(axis=0), "strength": strength}
    )
    return nodes, edges


@validate_params(
    {
        **_NETWORK,
        "resolution": [Interval(numbers.Real, 0, None, closed="neither")],
        "seed": ["seed"],
        "n_name_topics": [Interval(numbers.Integral, 1, None)],
        "n_name_terms": [Interval(numbers.Integral, 1, None)],
    }
)
def antmn_frames(
    model,
    *,
    similarity: str = "cosine",
    min_weight: float = 0.0,
    resolution: float = 1.0,
    seed=0,
    n_name_topics: int = 3,
    n_name_terms: int = 2,
) -> TopicFrames:
    r"""Frames as Louvain communities of the topic network (ANTMN).

    Builds :func:`topic_network` and partitions it with
    :func:`networkx.community.louvain_communities` (weighted, seeded), which
    greedily maximises the weighted modularity (Newman 2006; with the
    resolution :math:`\gamma` of Reichardt & Bornholdt 2006)

    .. math::
        Q = \frac{1}{2m}\sum_{i,j}\Big[A_{ij} - \gamma\frac{k_i k_j}{2m}\Big]\delta(c_i, c_j),

    with :math:`A_{ij}` the edge weight between topics *i* and *j*,
    :math:`k_i = \sum_j A_{ij}`, :math:`m = \tfrac12\sum_{ij} A_{ij}` and
    :math:`c_i` the frame of topic *i*; ``modularity`` reports :math:`Q` of
    the partition found (``networkx.community.modularity``).
    Frames are numbered by prevalence (0 = the largest summed proportion)
    and named by their most prevalent topics: ``"F0: geneva talks / prisoner exchange"``
    lists up to ``n_name_topics`` topics by their ``n_name_terms`` top terms.
    Naming is a start: read the topics and their documents before using a frame name in a paper.

    Parameters
    ----------
    model : TopicModel (fitted)
    similarity : {'cosine', 'correlation'}, default='cosine'
    min_weight : float, default=0.0
    resolution : float, default=1.0
        Louvain resolution (higher: more, smaller frames).
    seed : int, numpy Generator or None, default=0
        Seed of the Louvain communities (a Generator gives an int seed).
    n_name_topics, n_name_terms : int, default=3 and 2
        A frame is named after its first ``n_name_topics`` topics, each by its
        label when set with :func:`label_topics`, else by its top
        ``n_name_terms`` words.

    Returns
    -------
    TopicFrames
        ``nodes``, ``edges``, ``frames`` tables and ``modularity``.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel, or for a bad ``similarity``, ``min_weight``, ``resolution``, ``seed``, ``n_name_topics`` or ``n_name_terms``.
    sklearn.exceptions.NotFittedError
        When it is not fitted.

    References
    ----------
    Walter, D., & Ophir, Y. (2019). News frame analysis: an inductive
    mixed-method computational approach. *Communication Methods and Measures*, 13(4), 248-266.
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008).
    Fast unfolding of communities in large networks. *J. Stat. Mech.*, P10008.
    Newman, M. E. J. (2006). Modularity and community structure in networks.
    *PNAS*, 103(23), 8577-8582.
    Reichardt, J., & Bornholdt, S. (2006). Statistical mechanics of
    community detection. *Physical Review E*, 74(1), 016110.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> antmn_frames(model, seed=1).frames["n_topics"].tolist()  # two unconnected topics: a frame each
    [1, 1]
    """
    seed = int_seed(seed)
    nodes, edges = topic_network(model, similarity=similarity, min_weight=min_weight)
    graph = nx.Graph()
    graph.add_nodes_from(nodes["topic"].tolist())
    graph.add_weighted_edges_from(edges[["source", "target", "weight"]].itertuples(index=False, name=None))
    if graph.number_of_edges() == 0:
        communities = [{t} for t in graph.nodes]
        modularity = 0.0
    else:
        communities = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
        modularity = float(nx.community.modularity(graph, communities, weight="weight", resolution=resolution))
    prev = nodes["prevalence"].to_numpy()
    comms = [sorted(c, key=lambda t: (-prev[t], t)) for c in communities]
    comms.sort(key=lambda c: (-prev[c].sum(), c[0]))
    tt = model.topic_term_
    short = []
    for t in range(len(prev)):
        order = top_k(tt[t], n_name_terms)
        words = " ".join(str(model.vocabulary_[i]) for i in order)
        label = str(model.topic_labels_[t])
        n_default = int(getattr(model, "n_label_terms", 3))
        default_order = top_k(tt[t], n_default)
        human = label != f"{t}: " + " ".join(str(model.vocabulary_[i]) for i in default_order)
        short.append(label.split(": ", 1)[-1] if human else words)  # labels set by label_topics() win
    frame_of = np.zeros(len(prev), dtype=int)
    frame_rows = []
    for f, c in enumerate(comms):
        frame_of[c] = f
        name = f"F{f}: " + " / ".join(short[t] for t in c[: int(n_name_topics)])
        frame_rows.append((f, name, len(c), ", ".join(map(str, c)), float(prev[c].sum())))
    frames = pd.DataFrame(frame_rows, columns=["frame", "frame_label", "n_topics", "topics", "prevalence"])
    nodes = nodes.assign(frame=frame_of, frame_label=frames["frame_label"].to_numpy()[frame_of])
    edges = edges.assign(within_frame=frame_of[edges["source"].to_numpy()] == frame_of[edges["target"].to_numpy()])
    return TopicFrames(nodes=nodes, edges=edges, frames=frames, modularity=modularity)


@validate_params(
    {
        "frames": [InstanceOf(TopicFrames, "the TopicFrames from antmn_frames()")],
        "n_boot": ["n_boot"],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
def antmn_prevalence(model, frames: TopicFrames, by, *, n_boot: int = 2000, alpha: float = 0.05, seed=0) -> pd.DataFrame:
    """Mean frame proportion per group, with bootstrap intervals over documents.

    A document's frame proportion is the sum of its proportions of the
    frame's topics (Walter & Ophir 2019); the group mean and its stratified
    percentile bootstrap interval are computed as in
    :func:`framing.topics.prevalence.topic_prevalence`.

    Parameters
    ----------
    model : TopicModel (fitted)
        The model the frames were found in.
    frames : TopicFrames
    by : str or array-like
        A metadata column of the model's rows, or one label per document.
    {params.n_boot}
        Default 2000.
    {params.alpha}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``frame_label``, ``group``, ``n_docs``, ``estimate``, ``ci_low``, ``ci_high``.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel; ``frames`` that are not the TopicFrames of this model; a bad ``by``, ``n_boot``, ``alpha`` or ``seed``.
    sklearn.exceptions.NotFittedError
        When it is not fitted.

    References
    ----------
    Walter, D., & Ophir, Y. (2019). News frame analysis: an inductive
    mixed-method computational approach. *Communication Methods and
    Measures*, 13(4), 248-266.

    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
    Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> table = antmn_prevalence(model, antmn_frames(model), "side", n_boot=0)
    >>> table[["frame", "group", "n_docs"]].values.tolist()
    [[0, 'a', 3], [0, 'b', 3], [1, 'a', 3], [1, 'b', 3]]
    """
    _check(model)
    check_alpha(alpha)
    n_boot = check_n_boot(n_boot)
    theta, _ = model.document_topics()
    if len(frames.nodes) != theta.shape[1]:
        raise InputError(f"frames has {len(frames.nodes)} topics but the model has {theta.shape[1]}; use the same model")
    groups = model.document_groups(by, where="antmn_prevalence()")
    n_frames = len(frames.frames)
    member = np.zeros((theta.shape[1], n_frames))
    member[frames.nodes["topic"].to_numpy(), frames.nodes["frame"].to_numpy()] = 1.0
    values = theta @ member
    labels, sizes, means, reps = bootstrap_group_means(values, groups, n_boot, as_generator(seed))
    low, high = percentile_interval(reps, alpha, axis=0)
    out = []
    for f in range(n_frames):
        for j, lab in enumerate(labels):
            out.append((f, frames.frames["frame_label"].iloc[f], lab, int(sizes[j]), means[j, f], low[j, f], high[j, f]))
    return pd.DataFrame(out, columns=["frame", "frame_label", "group", "n_docs", "estimate", "ci_low", "ci_high"])

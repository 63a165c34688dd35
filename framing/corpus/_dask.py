"""The Dask engine: the same build and the same group statistics on a ``dask.distributed`` cluster.

Optional (``pip install "framing[dask]"``). It plugs in at the corpus layer:

* :func:`framing.build_corpus` with ``scheduler=`` sends each chunk of
  texts to the cluster as a task (:func:`framing.build.count_documents`);
  the chunks' vocabularies are merged into the shared vocabulary in input
  order on the client, so the store is byte-identical to a single-machine build;
* :meth:`framing.DiskCorpus.on_cluster` makes the corpus's group sums and
  resampled group sums run block by block on the workers (each task reads
  its rows from the store, which the workers must see at the same path);
  sums of integer counts do not depend on the split, so results are identical.

Tasks are submitted with ``retries``: a task whose worker dies is run again
elsewhere (Dask reschedules it), and the result does not change.
"""

from __future__ import annotations

import collections

import numpy as np

from .._validation import InstanceOf, check_param
from ..errors import InputError

__all__ = ["get_client", "count_chunks_on_cluster", "DaskBlocks"]

RETRIES = 3
_CLIENTS: dict = {}


def get_client(scheduler, timeout: str = "20s"):
    """A ``distributed.Client`` for a scheduler address (one per address, reused), or the client given."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the installation
        raise InputError('the Dask engine needs dask.distributed: pip install "framing[dask]"') from None
    if isinstance(scheduler, Client):
        return scheduler
    check_param("DiskCorpus.on_cluster()", "scheduler", scheduler, [InstanceOf(str, "an address such as 'tcp://10.0.0.5:8786'")])
    client = _CLIENTS.get(scheduler)
    if client is None or client.status not in ("running", "connecting"):
        try:
            client = Client(scheduler, timeout=timeout)
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from None
        _CLIENTS[scheduler] = client
    return client


def count_chunks_on_cluster(chunks, scheduler):
    """Yield ``(chunk, last record number, counts)`` in input order, each chunk counted as a task on the cluster."""
    from ._store_build import count_documents

    client = get_client(scheduler)
    in_flight = max(2, 2 * len(client.scheduler_info().get("workers", {})))
    pending: collections.deque = collections.deque()
    for chunk, last in chunks:
        texts = [c[1] for c in chunk]
        fut = client.submit(count_documents, texts, retries=RETRIES, pure=False)
        pending.append(([(c[0], None, c[2], c[3], c[4]) for c in chunk], last, fut))
        del texts
        while len(pending) > in_flight:
            c, n, f = pending.popleft()
            yield c, n, f.result()
            f.release()
    while pending:
        c, n, f = pending.popleft()
        yield c, n, f.result()
        f.release()


def _run_block(fn, path, rows, start, stop, n_vocab, mapping, *shared):
    from ._disk import read_rows

    return fn(np.arange(start, stop), read_rows(path, rows, n_vocab, mapping), *shared)


class DaskBlocks:
    """Row blocks of an on-disk corpus, each processed as a task on the cluster (see :class:`framing.corpus._blocks.LocalBlocks`)."""

    def __init__(self, client, path, rows, ranges, n_vocab, mapping):
        self.client, self.path, self.rows, self.ranges = client, path, rows, ranges
        self.n_vocab, self.mapping = n_vocab, mapping

    def map(self, fn, *shared) -> list:
        """``[fn(positions, block, *shared) for each block]`` in block order, computed on the workers."""
        c = self.client
        sent = []
        for x in shared:
            if isinstance(x, np.ndarray) and x.nbytes > 100_000:
                sent.append(c.scatter(x, broadcast=True, hash=False))
            elif isinstance(x, list) and any(isinstance(v, np.ndarray) for v in x):
                sent.append([c.scatter(v, broadcast=True, hash=False) for v in x])
            else:
                sent.append(x)
        mapping = c.scatter(self.mapping, broadcast=True, hash=False) if self.mapping is not None else None
        futures = [
            c.submit(_run_block, fn, str(self.path), self.rows[a:b], a, b, self.n_vocab, mapping, *sent,
                     retries=RETRIES, pure=False)  # fmt: skip
            for a, b in self.ranges
        ]
        out = c.gather(futures)
        del futures
        return out

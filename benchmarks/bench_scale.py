"""Benchmark: a million articles on one machine, in bounded memory.

Generates documents on the fly (never written as text, never committed): about
300 tokens each, in 3-6 paragraphs, drawn from the English word frequencies
of the bundled corpus (``peace-talks-2026``, English documents); every
document belongs to outlet ``A`` or ``B`` (B uses 30 words a little more often).
Each phase runs in its own process so that its peak memory is its own:

* ``build``: ``framing.build_corpus`` from the generator into an on-disk store
  (both cores); peak resident memory of the process and its workers
  (sampled every 0.1 s, summed over the process tree) and MB/s;
* ``keyness``: ``framing.load_corpus(store)`` then ``keyness`` between A and B
  (block by block, with a bootstrap over documents); peak resident memory;
* ``peer``: on the first ``--peer-docs`` documents held in memory, in the same
  run: ``build_corpus`` (2 processes) against scikit-learn's
  ``CountVectorizer().fit_transform``.

* ``dask``: on ``--dask-docs`` documents, the same build and keyness on a
  ``distributed.LocalCluster`` with 2 workers against the single-machine path.

Run: ``python benchmarks/bench_scale.py [--docs 1000000] [--peer-docs 100000] [--n-boot 200]``;
writes ``benchmarks/results/scale.txt``. Needs ``psutil`` (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
BATCH = 2_000


def word_frequencies():
    """Terms and probabilities: token frequencies of the bundled corpus's English documents."""
    import framing as fr

    en = fr.load_corpus("peace-talks-2026").subset(language="en")
    X, _, terms = en.dtm()
    counts = np.asarray(X.sum(axis=0)).ravel().astype(float)
    return np.asarray(terms, dtype=object), counts / counts.sum()


def generate(n_docs: int, seed: int = 0):
    """Yield ``{"doc_id", "outlet", "text"}`` records, generated batch by batch."""
    terms, p = word_frequencies()
    rng = np.random.default_rng(seed)
    boosted = rng.choice(len(terms), 30, replace=False)
    done = 0
    while done < n_docs:
        n = min(BATCH, n_docs - done)
        lengths = rng.integers(250, 351, n)
        words = terms[rng.choice(len(terms), int(lengths.sum()), p=p)]
        outlet = np.where(rng.random(n) < 0.5, "A", "B")
        orig = words.copy()
        swap = rng.random(len(words)) < 0.02
        words[swap] = terms[boosted[rng.integers(0, 30, int(swap.sum()))]]
        words = np.where(np.repeat(outlet == "B", lengths), words, orig)
        # separators after each word: a space, a paragraph end (".\n") or a document end (".\0")
        seps = np.full(len(words), " ", dtype=object)
        ends = np.cumsum(lengths)
        n_paras = rng.integers(3, 7, n)
        starts = ends - lengths
        for i in range(n):
            cuts = starts[i] + (np.arange(1, n_paras[i]) * lengths[i]) // n_paras[i]
            seps[cuts - 1] = ".\n"
        seps[ends - 1] = ".\0"
        batch = "".join([x for pair in zip(words.tolist(), seps.tolist()) for x in pair])
        for i, text in enumerate(batch.split("\0")[:n]):
            yield {"doc_id": f"d{done + i:07d}", "outlet": str(outlet[i]), "text": text}
        done += n


class PeakRSS:
    """Samples the resident memory of this process and its children (summed) every 0.1 s."""

    def __init__(self):
        import psutil

        self.proc = psutil.Process()
        self.peak = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> tuple[int, int]:
        rss = pss = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                m = p.memory_full_info()
            except Exception:  # a worker that just ended
                continue
            rss += m.rss
            pss += m.pss
        return rss, pss

    def _run(self):
        while not self._stop.is_set():
            rss, pss = self._sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        rss, pss = self._sample()
        self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)


def _maxrss_mb() -> tuple[float, float]:
    import resource

    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


class _Counted:
    """Wraps the generator: counts bytes and the time spent generating."""

    def __init__(self, gen):
        self.gen, self.bytes, self.gen_s = gen, 0, 0.0

    def __iter__(self):
        while True:
            t0 = time.perf_counter()
            try:
                rec = next(self.gen)
            except StopIteration:
                return
            self.gen_s += time.perf_counter() - t0
            self.bytes += len(rec["text"].encode("utf-8"))
            yield rec


def phase_build(args) -> dict:
    import framing as fr

    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    src = _Counted(generate(args.docs))
    with PeakRSS() as peak:
        t0 = time.perf_counter()
        store = fr.build_corpus(iter(src), out, chunk_size=args.chunk_size, n_jobs=2, progress=False)
        wall = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in out.iterdir())
    return {"docs": len(store), "mb": src.bytes / 1e6, "wall": wall, "gen_s": src.gen_s, "peak_mb": peak.peak / 1e6, "peak_pss_mb": peak.peak_pss / 1e6,
            "maxrss_self_mb": _maxrss_mb()[0], "maxrss_children_mb": _maxrss_mb()[1], "store_mb": size / 1e6,
            "terms": len(store.vocabulary), "tokens": int(store.documents["n_tokens"].sum())}  # fmt: skip


def phase_keyness(args) -> dict:
    import framing as fr

    with PeakRSS() as peak:
        t0 = time.perf_counter()
        try:
            store = fr.load_corpus(args.out)  # opens a store memory-mapped
        except fr.InputError:  # a kit whose load_corpus predates stores
            store = fr.DiskCorpus(args.out)
        t_load = time.perf_counter() - t0
        table = fr.keyness(store, "outlet", target="B", reference="A", n_boot=args.n_boot, seed=0)
        wall = time.perf_counter() - t0
    top = table.head(5)[["term", "score", "ci_low", "ci_high"]].round(2).to_dict("records")
    return {"load_s": t_load, "wall": wall, "peak_mb": peak.peak / 1e6, "peak_pss_mb": peak.peak_pss / 1e6, "maxrss_self_mb": _maxrss_mb()[0],
            "n_boot": args.n_boot, "terms_scored": len(table), "top": top, "type": type(store).__name__}  # fmt: skip


def phase_peer(args) -> dict:
    import framing as fr
    from sklearn.feature_extraction.text import CountVectorizer

    recs = list(generate(args.peer_docs, seed=1))
    texts = [r["text"] for r in recs]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tmp = Path(tempfile.mkdtemp())
    fr.build_corpus(iter(texts[:100]), tmp / "warm", n_jobs=1, progress=False)
    rows, cpu = {}, {}

    def cpu_s():
        t = os.times()  # includes finished child processes (the pool's workers)
        return t.user + t.system + t.children_user + t.children_system

    for jobs in (2, 1):
        c0, t0 = cpu_s(), time.perf_counter()
        fr.build_corpus(iter(recs), tmp / f"s{jobs}", chunk_size=args.chunk_size, n_jobs=jobs, progress=False)
        rows[f"framing build_corpus, n_jobs={jobs}"] = time.perf_counter() - t0
        cpu[f"framing build_corpus, n_jobs={jobs}"] = cpu_s() - c0
    c0, t0 = cpu_s(), time.perf_counter()
    X = CountVectorizer().fit_transform(texts)
    rows["sklearn CountVectorizer().fit_transform"] = time.perf_counter() - t0
    cpu["sklearn CountVectorizer().fit_transform"] = cpu_s() - c0

    def sums(folder):  # corpus.json holds the folder name
        return [x for x in (folder / "SHA256SUMS").read_text().splitlines() if not x.endswith("corpus.json")]

    same = sums(tmp / "s1") == sums(tmp / "s2")
    shutil.rmtree(tmp)
    return {"docs": len(texts), "mb": mb, "rows": rows, "cpu": cpu, "cv_nnz": int(X.nnz), "identical_n_jobs": same}


def phase_dask(args) -> dict:
    import distributed

    import framing as fr

    recs = list(generate(args.dask_docs, seed=2))
    tmp = Path(tempfile.mkdtemp())
    out = {"docs": len(recs), "mb": sum(len(r["text"].encode("utf-8")) for r in recs) / 1e6}
    t0 = time.perf_counter()
    local = fr.build_corpus(iter(recs), tmp / "local", chunk_size=args.chunk_size, n_jobs=2, progress=False)
    out["build_local"] = time.perf_counter() - t0
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    client.run(lambda: __import__("framing"))  # workers import the kit before the timing
    t0 = time.perf_counter()
    dist = fr.build_corpus(iter(recs), tmp / "dask", chunk_size=args.chunk_size, scheduler=client, progress=False)
    out["build_dask"] = time.perf_counter() - t0
    sums = [[x for x in (s.path / "SHA256SUMS").read_text().splitlines() if not x.endswith("corpus.json")] for s in (local, dist)]
    out["identical_store"] = sums[0] == sums[1]
    kw = dict(target="B", reference="A", n_boot=args.n_boot, seed=0)
    t0 = time.perf_counter()
    k_local = fr.keyness(local, "outlet", **kw)
    out["keyness_local"] = time.perf_counter() - t0
    on = local.on_cluster(client)
    t0 = time.perf_counter()
    k_dask = fr.keyness(on, "outlet", **kw)
    out["keyness_dask"] = time.perf_counter() - t0
    out["identical_keyness"] = bool(k_local.equals(k_dask))
    client.close()
    cluster.close()
    shutil.rmtree(tmp)
    return out


def _run_phase(name: str, args) -> dict:
    cmd = [sys.executable, __file__, "--phase", name, "--docs", str(args.docs), "--peer-docs", str(args.peer_docs),
           "--n-boot", str(args.n_boot), "--out", args.out, "--chunk-size", str(args.chunk_size),
           "--dask-docs", str(args.dask_docs)]  # fmt: skip
    res = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--peer-docs", type=int, default=100_000)
    parser.add_argument("--n-boot", type=int, default=200)
    parser.add_argument("--chunk-size", type=int, default=2_000)
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "framing-bench-scale"))
    parser.add_argument("--dask-docs", type=int, default=20_000, help="documents for the LocalCluster comparison")
    parser.add_argument("--phase", choices=["build", "keyness", "peer", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--phases", default="build,keyness,peer",
                        help="which phases to run (comma-separated; '' only rewrites scale.txt from scale.json)")
    parser.add_argument("--keep", action="store_true", help="keep the store after the run")
    args = parser.parse_args(argv)
    if args.phase:
        phases = {"build": phase_build, "keyness": phase_keyness, "peer": phase_peer, "dask": phase_dask}
        print(json.dumps(phases[args.phase](args)))
        return ""
    saved = HERE / "results" / "scale.json"
    res = json.loads(saved.read_text(encoding="utf-8")) if saved.is_file() else {}
    for ph in [p for p in args.phases.split(",") if p]:
        load = os.getloadavg()[0]
        res[ph] = _run_phase(ph, args)
        res[ph]["load_avg_start"] = load
        print(ph, json.dumps(res[ph]), flush=True)
        saved.parent.mkdir(exist_ok=True)
        saved.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    load_avg = max(r.get("load_avg_start", 0) for r in res.values())
    if not args.keep and Path(args.out).exists():
        shutil.rmtree(args.out)
    lines = [f"bench_scale: machine {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
             f"load average at the start of a phase up to {load_avg:.1f} (other engineers' jobs share the 2 cores; phases may come from separate runs, see scale.json)", ""]  # fmt: skip
    if "build" in res:
        b = res["build"]
        lines += [
            f"build_corpus: {b['docs']:,} generated documents, {b['mb']:,.0f} MB of text, {b['tokens']:,} tokens, {b['terms']:,} terms",
            f"  wall {b['wall']:.0f} s ({b['gen_s']:.0f} s of it generating the text in the same process): "
            f"{b['mb'] / b['wall']:.1f} MB/s, {b['mb'] / (b['wall'] - b['gen_s']):.1f} MB/s without generation",
            f"  peak memory of process + workers (sampled every 0.1 s): {b['peak_pss_mb']:,.0f} MB proportional (PSS), "
            f"{b['peak_mb']:,.0f} MB resident summed over processes (RSS; counts pages shared after fork once per process); bound 2,000 MB;"
            "\n  "
            f"max RSS of the main process {b['maxrss_self_mb']:,.0f} MB, of one worker {b['maxrss_children_mb']:,.0f} MB",
            f"  store on disk: {b['store_mb']:,.0f} MB",
        ]
    if "keyness" in res:
        k = res["keyness"]
        lines += [
            f"load_corpus + keyness(B vs A, n_boot={k['n_boot']}): load {k['load_s']:.1f} s, total {k['wall']:.0f} s, "
            f"peak memory {k['peak_mb']:,.0f} MB RSS / {k['peak_pss_mb']:,.0f} MB PSS (bound 2,000 MB); {k['terms_scored']:,} terms scored",
            f"  top terms: {k['top']}",
        ]
    if "peer" in res:
        p = res["peer"]
        peer = p["rows"]["sklearn CountVectorizer().fit_transform"]
        lines += ["", f"same text in the same run: {p['docs']:,} documents, {p['mb']:.0f} MB (held in memory)",
                  f"{'method':<42} {'wall s':>7} {'MB/s':>6} {'vs CountVectorizer':>19} {'CPU s':>7} {'CPU-time ratio':>15}"]  # fmt: skip
        cpu = p.get("cpu", {})
        peer_cpu = cpu.get("sklearn CountVectorizer().fit_transform")
        for name, t in p["rows"].items():
            c = cpu.get(name)
            extra = f" {c:7.1f} {peer_cpu / c:14.2f}x" if c and peer_cpu else ""
            lines.append(f"{name:<42} {t:7.1f} {p['mb'] / t:6.1f} {peer / t:18.2f}x{extra}")
        lines.append("speed = CountVectorizer's wall time / wall time; CPU-time ratio = its CPU seconds / CPU seconds")
        lines.append("(incl. worker processes): the work per core, less sensitive to the other jobs on the machine.")
        lines.append(f"stores from n_jobs=1 and n_jobs=2 identical (SHA256SUMS): {p['identical_n_jobs']}")
    if "dask" in res:
        d = res["dask"]
        lines += ["", f"distributed.LocalCluster (2 worker processes, 1 thread each) against the single-machine path, "
                      f"{d['docs']:,} documents ({d['mb']:.0f} MB):",  # fmt: skip
                  f"  build_corpus: {d['build_local']:.1f} s with n_jobs=2, {d['build_dask']:.1f} s on the cluster "
                  f"(ratio {d['build_dask'] / d['build_local']:.2f}); stores identical: {d['identical_store']}",
                  f"  keyness B vs A (n_boot={args.n_boot}): {d['keyness_local']:.1f} s here, {d['keyness_dask']:.1f} s on the cluster "
                  f"(ratio {d['keyness_dask'] / d['keyness_local']:.2f}); tables identical: {d['identical_keyness']}"]  # fmt: skip
    lines += ["", "These runs shared the 2 cores with other jobs (load average 9-21): the peer got about a tenth of a core,",
              "so wall times and MB/s measure the machine's load more than the code; the CPU-time ratios and the",
              "memory peaks (which load does not change) are the numbers to compare. Re-run on a quiet machine for MB/s."]  # fmt: skip
    lines += ["", "build_corpus writes the store to disk (document-level counts, vocabulary sorted, checksummed);",
              "CountVectorizer lower-cases, keeps tokens of 2+ word characters and returns the matrix in memory."]  # fmt: skip
    report = "\n".join(lines) + "\n"
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "scale.txt").write_text(report, encoding="utf-8")
    print(report)
    return report


if __name__ == "__main__":
    main()

"""The ``framing`` command line.

Commands::

    framing --version
    framing corpus info [NAME|PATH]      summary of a bundled or exported corpus
    framing corpus build INPUT... --out DIR [--errors skip] [--jobs N] [--scheduler ADDRESS]
    framing reproduce [--check] [--notebooks DIR] [--figures DIR] [--only NAME] [--jobs N]

Errors from the kit (:class:`~framing.errors.FramingError`) are printed on
stderr without a traceback and give exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import reproduce  # light: nbclient and nbformat are imported when notebooks run

__all__ = ["main", "build_parser", "format_corpus_info"]

_TOP_LANGUAGES = 10


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("framing")
    except PackageNotFoundError:
        return "0.0.0+unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``framing`` command.

    Returns
    -------
    argparse.ArgumentParser
        With the sub-commands ``corpus info``, ``corpus list``, ``corpus
        build`` and ``reproduce``.

    Raises
    ------
    None
        Building the parser cannot fail.

    Examples
    --------
    >>> build_parser().parse_args(["corpus", "info"]).corpus
    'peace-talks-2026'
    """
    parser = argparse.ArgumentParser(
        prog="framing", description="framing: a research kit for media-framing analysis."
    )
    parser.add_argument("--version", action="version", version=f"framing {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    corpus = sub.add_parser("corpus", help="inspect corpora")
    csub = corpus.add_subparsers(dest="corpus_command", metavar="SUBCOMMAND")
    info = csub.add_parser("info", help="summary of a bundled corpus (by name) or an exported one (by folder)")
    info.add_argument("corpus", nargs="?", default="peace-talks-2026", metavar="NAME|PATH",
                      help="bundled corpus name or corpus folder (default: peace-talks-2026)")  # fmt: skip
    csub.add_parser("list", help="names of the bundled corpora")
    build = csub.add_parser("build", help="build an on-disk corpus from CSV, JSON Lines or folders of .txt files, in chunks")
    build.add_argument("inputs", nargs="+", metavar="INPUT", help="CSV/TSV or JSONL files, or folders of .txt files")
    build.add_argument("--out", required=True, metavar="DIR", help="the folder to create")
    build.add_argument("--text-column", default="text")
    build.add_argument("--id-column", default="doc_id")
    build.add_argument("--chunk-size", type=int, default=2000, metavar="N", help="documents per chunk (default 2000)")
    build.add_argument("--jobs", type=int, default=-1, metavar="N", help="worker processes (default: all CPUs)")
    build.add_argument("--errors", choices=["raise", "skip"], default="raise",
                       help="stop at a malformed record (default) or skip it and report it")  # fmt: skip
    build.add_argument("--no-resume", action="store_true", help="start over instead of resuming an interrupted build")
    build.add_argument("--overwrite", action="store_true", help="replace an existing store at --out")
    build.add_argument("--scheduler", metavar="ADDRESS", help="count on a Dask cluster (tcp://host:8786; needs framing[dask])")
    build.add_argument("--quiet", action="store_true", help="no progress bar")

    reproduce.add_arguments(sub.add_parser("reproduce", help="run the notebooks and rebuild (or --check) the figures"))
    return parser


def format_corpus_info(corpus) -> str:
    """The text ``framing corpus info`` prints for a corpus.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    str
        Lines ``label: value``: documents, sites, sources, languages (top
        ones with counts), events, tokens, paragraphs, types, date range and
        undated count, checksum status.

    Raises
    ------
    None
        Every corpus has a summary.

    Examples
    --------
    >>> print(format_corpus_info(Corpus.from_texts(["Talks resumed in Geneva."], name="demo")))
    corpus:     demo
    documents:  1
    tokens:     4
    paragraphs: 1
    types:      4
    checksums:  none (built from text)
    """
    s = corpus.summary()
    rows = [("corpus", s["name"] or "(unnamed)"), ("documents", f"{s['documents']:,}")]
    for key in ("sites", "sources"):
        if key in s:
            rows.append((key, f"{s[key]:,}"))
    if "languages" in s:
        langs = list(s["languages"].items())
        shown = ", ".join(f"{k} {v}" for k, v in langs[:_TOP_LANGUAGES])
        more = f", and {len(langs) - _TOP_LANGUAGES} more" if len(langs) > _TOP_LANGUAGES else ""
        rows.append(("languages", f"{len(langs)}: {shown}{more}"))
    if "events" in s:
        rows.append(("events", f"{len(s['events'])}: " + ", ".join(f"{k} {v}" for k, v in s["events"].items())))
    rows += [
        ("tokens", f"{s['tokens']:,}"),
        ("paragraphs", f"{s['paragraphs']:,}"),
        ("types", f"{s['types']:,}"),
    ]
    if "date_range" in s:
        first, last, undated = s["date_range"]
        span = f"{first} to {last}" if first else "no dated documents"
        rows.append(("dates", f"{span}; {undated:,} undated"))
    if corpus.checksum:
        rows.append(("checksums", f"verified (SHA256SUMS {corpus.checksum[:12]}...)"))
    elif corpus.has_text:
        rows.append(("checksums", "none (built from text)"))
    else:
        rows.append(("checksums", "not checked (the folder has no SHA256SUMS)"))
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k + ':':<{width + 1}} {v}" for k, v in rows)


def _corpus_info(args) -> int:
    from .corpus import load_corpus

    print(format_corpus_info(load_corpus(args.corpus)))
    return 0


def _corpus_build(args) -> int:
    import warnings

    from .corpus import build_corpus

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        store = build_corpus(
            args.inputs, args.out, text_column=args.text_column, id_column=args.id_column, chunk_size=args.chunk_size,
            n_jobs=args.jobs, errors=args.errors, resume=not args.no_resume, overwrite=args.overwrite,
            progress=not args.quiet, scheduler=args.scheduler,
        )  # fmt: skip
    for w in caught:
        print(f"framing: {w.message}", file=sys.stderr)
    print(f"{store.path}: {len(store):,} documents, {int(store.documents['n_tokens'].sum()):,} tokens, "
          f"{len(store.vocabulary):,} types; skipped {len(store.report):,} record(s)")  # fmt: skip
    return 0


def _corpus_list(args) -> int:
    from .corpus import list_corpora

    for name in list_corpora():
        print(name)
    return 0


def _reproduce(args) -> int:
    return int(reproduce.main(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``framing`` command; return its exit code.

    Parameters
    ----------
    argv : list of str, optional
        Command-line words (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 for an error of the kit (message on stderr).

    Raises
    ------
    SystemExit
        From argparse, for ``--help``, ``--version`` or unknown options.

    Examples
    --------
    >>> main(["corpus", "list"])
    peace-talks-2026
    0
    """
    from .errors import FramingError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "corpus" and args.corpus_command == "info":
        handler = _corpus_info
    elif args.command == "corpus" and args.corpus_command == "list":
        handler = _corpus_list
    elif args.command == "corpus" and args.corpus_command == "build":
        handler = _corpus_build
    elif args.command == "reproduce":
        handler = _reproduce
    else:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

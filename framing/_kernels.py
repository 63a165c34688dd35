"""Running notebooks for ``framing reproduce``: each in a fresh kernel of this interpreter (nbclient).

With one job the notebooks run one after the other, the next kernel booting
while the current notebook runs; with more, each runs in its own worker
process and kernel. A failing cell becomes a :class:`NotebookError` naming
the notebook, the cell and the error.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from .errors import FramingError

__all__ = ["NotebookError", "count_code_cells", "execute", "kernel_spec_dir"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookError(FramingError):
    """A notebook cell failed (error, timeout or dead kernel) during ``framing reproduce``.

    Attributes
    ----------
    notebook : str
        The notebook's file name.
    cell : int
        1-based number of the failing cell, counting every cell (markdown too).
    ename, evalue : str
        The exception's name and message.
    """

    def __init__(self, notebook: str, cell: int, code_cell: int, source: str, ename: str, evalue: str, tb: str):
        self.notebook, self.cell, self.code_cell = notebook, cell, code_cell
        self.ename, self.evalue, self.traceback_text, self.source = ename, evalue, tb, source
        first = source.strip().splitlines()[0] if source.strip() else ""
        super().__init__(
            f"{notebook}: cell {cell} (code cell {code_cell}) failed with {ename}: {evalue}\n"
            f"  cell starts: {first[:100]}\n{tb}".rstrip()
        )


def kernel_spec_dir(root: Path) -> Path:
    """Write a ``python3`` kernelspec that runs this very interpreter (not whatever is on PATH)."""
    from ipykernel.kernelspec import write_kernel_spec

    spec = root / "kernels" / "python3"
    # log level ERROR: the kernel's start-up notices (e.g. about TCP on localhost) would
    # drown the progress bar; cell errors still reach us through nbclient.
    write_kernel_spec(str(spec), extra_arguments=["--IPKernelApp.log_level=ERROR"])
    return root / "kernels"


def _launch(path: Path, env: dict[str, str], kernel_dirs: Path, timeout: int):
    """A NotebookClient for one notebook with its kernel process launched (returns at once).

    The kernel boots while the previous notebook is still running, which hides
    its start-up time; it is still a new kernel that has run nothing.
    """
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
        shutdown_kernel="immediate",
    )
    km = client.create_kernel_manager()
    km.kernel_spec_manager = KernelSpecManager(kernel_dirs=[str(kernel_dirs)])
    client.start_new_kernel(env=env)
    return client


def _discard(client) -> None:
    """Shut down a launched kernel that will not be used (after a failure)."""
    try:
        with client.setup_kernel():
            pass
    except Exception:  # noqa: BLE001 - best effort: the kernel may already be gone
        pass


def _run_notebook(client, path: Path, timeout: int, bar) -> int:
    """Execute every code cell of a launched client's notebook; return the number of code cells run."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = client.nb
    n_code = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            n_code += 1
            try:
                client.execute_cell(cell, index, execution_count=n_code)
            except CellExecutionError as exc:
                tb = _ANSI.sub("", exc.traceback or "")
                raise NotebookError(path.name, index + 1, n_code, cell.source, exc.ename, exc.evalue, tb) from None
            except CellTimeoutError as exc:
                raise NotebookError(
                    path.name, index + 1, n_code, cell.source, "CellTimeoutError", f"{exc} (timeout={timeout} s)", ""
                ) from None
            except DeadKernelError as exc:
                raise NotebookError(
                    path.name, index + 1, n_code, cell.source, "DeadKernelError", str(exc), ""
                ) from None
            bar.update(1)
    return n_code


class _NoBar:
    """Stands in for the progress bar inside a worker process."""

    def update(self, n: int) -> None:
        pass


def _run_in_worker(path: Path, env: dict[str, str], kernel_dirs: Path, timeout: int) -> dict:
    """Run one notebook in a fresh kernel (in a worker process); errors come back as data."""
    start = time.perf_counter()
    try:
        n_code = _run_notebook(_launch(path, env, kernel_dirs, timeout), path, timeout, _NoBar())
    except NotebookError as exc:
        return {"error": (exc.notebook, exc.cell, exc.code_cell, exc.source, exc.ename, exc.evalue, exc.traceback_text)}
    return {"n_code": n_code, "seconds": time.perf_counter() - start}


def execute(notebooks: list[Path], envs: list[dict], kernel_dirs: Path, timeout: int, jobs: int, bar) -> list:
    """Run the notebooks, each in a new kernel; return (code cells, seconds) per notebook, in order.

    With ``jobs == 1`` they run one after the other, the next kernel booting
    while the current notebook runs. With more jobs, that many notebooks run
    at once, each in its own worker process and kernel; the results (and the
    first failure, in notebook order) are reported in notebook order.
    """
    results = []
    if jobs == 1:
        pending = None
        try:
            for i, path in enumerate(notebooks):
                bar.set_description(path.stem)
                start = time.perf_counter()
                client = pending if pending is not None else _launch(path, envs[i], kernel_dirs, timeout)
                pending = None
                if i + 1 < len(notebooks):  # boot the next notebook's kernel meanwhile
                    pending = _launch(notebooks[i + 1], envs[i + 1], kernel_dirs, timeout)
                n_code = _run_notebook(client, path, timeout, bar)
                results.append((n_code, time.perf_counter() - start))
        finally:
            if pending is not None:
                _discard(pending)
        return results
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(_run_in_worker, path, env, kernel_dirs, timeout) for path, env in zip(notebooks, envs)]
        for path, future in zip(notebooks, futures):
            bar.set_description(path.stem)
            result = future.result()
            if "error" in result:
                for other in futures:
                    other.cancel()
                raise NotebookError(*result["error"])
            bar.update(result["n_code"])
            results.append((result["n_code"], result["seconds"]))
    return results


def count_code_cells(path: Path) -> int:
    import nbformat

    return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)

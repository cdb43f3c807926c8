"""Mapping the unit of work over the cohorts: in this process, in worker processes or on a Dask cluster."""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from pathlib import Path
from typing import Any

from reportgen.cohorts.task import CohortTask, TaskResult, one_line, run_cohort
from reportgen.errors import ClusterError

log = logging.getLogger("reportgen.cohorts")

CONNECT_TIMEOUT_S = 10


def _failed(task: CohortTask, message: str) -> TaskResult:
    return TaskResult(task.slug, {}, None, message, 0.0)


def _result_of(future: Future[TaskResult], task: CohortTask) -> TaskResult:
    """A finished future's result; a lost worker becomes this cohort's error."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return _failed(task, "its worker process died (out of memory, or a crash) while building it")
    except Exception as exc:  # e.g. distributed's KilledWorker
        return _failed(task, f"the worker failed: {type(exc).__name__}: {one_line(exc)}")


def _map_on(executor: Executor, tasks: Sequence[CohortTask], slots: int) -> Iterator[TaskResult]:
    """Results as they finish, with at most ``slots`` tasks in flight (memory stays bounded)."""
    queue = iter(tasks)
    pending: dict[Future[TaskResult], CohortTask] = {}

    def fill() -> None:
        for task in itertools.islice(queue, max(0, slots - len(pending))):
            try:
                future = executor.submit(run_cohort, task)
            except Exception as exc:  # a broken pool refuses new work
                future = Future[TaskResult]()
                future.set_exception(exc)
            pending[future] = task

    fill()
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield _result_of(future, pending.pop(future))
        fill()


@contextlib.contextmanager
def _dask_executor(address: str, templates_dir: Path | None = None) -> Iterator[tuple[Executor, int]]:
    """An executor on the Dask cluster at ``address``, and how many tasks to keep in flight; its
    workers are warmed first, all at once (see :func:`_warm_dask_workers`)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(
            "--scheduler needs Dask's distributed package; install it with: pip install 'reportgen[cluster]'",
            address=address,
        ) from exc
    try:
        client = Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at '{address}' ({one_line(exc)}); start one with "
            "`dask scheduler` and pass the address it prints, e.g. tcp://10.0.0.5:8786",
            address=address,
        ) from exc
    try:
        _check_workers(client, address)
        threads = client.nthreads()
        if max(threads.values(), default=1) > 1:
            log.warning(
                "the Dask workers of %s run several threads each; start them with --nthreads 1 "
                "(a report renders figures and PDFs, which are not meant to share a process)",
                address,
            )
        _warm_dask_workers(client, templates_dir)
        yield client.get_executor(pure=False), 2 * max(1, sum(threads.values()))
    finally:
        client.close()


def _warm_dask_workers(client: Any, templates_dir: Path | None) -> None:
    """Have every worker load what a report uses (:func:`_load_report_libraries`) before the first
    cohort arrives, in parallel: a cold worker would spend its first cohort's time importing (2-3
    CPU-seconds) while the others build, and a long-lived worker keeps it for every later batch.
    Best effort: a worker that cannot load them now fails its cohorts with the reason later."""
    try:
        client.run(_load_report_libraries, templates_dir)
    except Exception as exc:
        log.info(
            "could not warm the Dask workers (%s); each loads what it needs with its first cohort",
            one_line(exc),
        )


def _worker_version() -> str:
    from reportgen import __version__

    return __version__


def _check_workers(client: Any, address: str) -> None:
    """The cluster has workers, and they run this version of reportgen."""
    from reportgen import __version__

    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError as exc:
        raise ClusterError(
            f"the Dask scheduler at '{address}' has no workers; start some with `dask worker {address}`",
            address=address,
        ) from exc
    try:
        versions = client.run(_worker_version)
    except Exception as exc:  # the workers cannot import reportgen
        raise ClusterError(
            f"the Dask workers of '{address}' cannot run reportgen ({one_line(exc)}); "
            f"install reportgen {__version__} on every worker",
            address=address,
        ) from exc
    wrong = sorted(f"{worker} has {found}" for worker, found in versions.items() if found != __version__)
    if wrong:
        raise ClusterError(
            f"Dask workers run another reportgen than {__version__} ({'; '.join(wrong)}); "
            "install the same version everywhere",
            address=address,
        )


# Each worker is one of ``jobs`` processes: numeric libraries must not start a thread per core too.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _single_threaded_worker(parent: int) -> None:
    """Worker-process initializer (a spawned worker runs it before numpy is imported there)."""
    import signal

    from reportgen.children import start_child

    start_child(parent)
    for name in _THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    # Ctrl-C reaches the whole process group: the main process stops the batch cleanly, so the
    # workers must not die mid-task with tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_start_method() -> str:
    """How to start worker processes: ``fork`` from a process that runs nothing else (the command
    line, a script), so that every worker starts with what this one loads once (2-3 CPU-seconds
    each spawned worker spent loading it itself); ``spawn`` elsewhere (a notebook's kernel runs
    threads, whose locks a fork would copy in whatever state they are)."""
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def _load_report_libraries(templates_dir: Path | None) -> None:
    """Import what building a report uses and compile its templates (2-3 CPU-seconds, once)."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import scipy.optimize  # noqa: F401
    import weasyprint  # noqa: F401

    import reportgen.analysis  # noqa: F401
    import reportgen.figures  # noqa: F401
    import reportgen.narrative  # noqa: F401
    import reportgen.pipeline  # noqa: F401
    from reportgen.render import compile_report_templates

    compile_report_templates(templates_dir)


def map_cohorts(
    tasks: Sequence[CohortTask], *, jobs: int, scheduler: str | None = None
) -> Iterator[TaskResult]:
    """Run :func:`run_cohort` over ``tasks``, yielding results as they finish (in any order).

    Args:
        tasks: the cohorts to build.
        jobs: worker processes; 1 builds them one by one in this process.
        scheduler: the address of a Dask scheduler to run them on instead (``jobs`` is then unused).

    Raises:
        ClusterError: the scheduler cannot be reached or its workers cannot run reportgen.
    """
    if not tasks:
        return
    if scheduler is not None:
        with _dask_executor(scheduler, tasks[0].config.templates_dir) as (executor, slots):
            yield from _map_on(executor, tasks, slots)
    elif jobs <= 1 or len(tasks) == 1:
        for task in tasks:
            yield run_cohort(task)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = min(jobs, len(tasks))
        context = multiprocessing.get_context(worker_start_method())
        if context.get_start_method() == "fork":
            _load_report_libraries(tasks[0].config.templates_dir)
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_single_threaded_worker,
            initargs=(os.getpid(),),
        )
        try:
            yield from _map_on(executor, tasks, 2 * workers)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

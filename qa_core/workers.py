"""Worker processes for `--jobs`, and the watch kept over running checks.

A small pool of our own rather than `concurrent.futures`: the parent hands one file
at a time to each worker over its own pipe, so it always knows which file a worker
holds, and each worker writes the number of the check it is running into a shared
slot, so that when a worker dies (a plugin calls `os._exit`, a segfault, the kernel's
OOM killer) the message names the file and the plugin. Workers ignore Ctrl-C (the
terminal sends it to the whole process group; the parent decides), die with their
parent (Linux `PR_SET_PDEATHSIG`, elsewhere a thread that watches the parent's id),
and are killed at once when the parent is interrupted or terminated.

`CallWatch` is the per-call time limit: the runner notes each check call on it (two
attribute writes), and a thread interrupts a call that runs past the limit; the
runner turns the interruption into a TQA001 finding naming the check and the unit.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import Any, Callable, Sequence

from qa_core.errors import TqaError, raised_at


class Terminated(BaseException):
    """Raised in the main thread when SIGTERM (or SIGHUP) arrives, so that cleanup
    code runs on the way out; the CLI turns it into exit 128 + signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame):  # noqa: ARG001 - signal handler signature
    raise Terminated(signum)


def catch_termination() -> Callable[[], None]:
    """Make SIGTERM and SIGHUP raise `Terminated` in the main thread; returns a
    function that restores the previous handlers. A no-op outside the main thread."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, _raise_terminated)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


class PluginError(TqaError):
    """A plugin ended its process or its worker instead of returning: the file it was
    checking was not (fully) checked, so the run cannot report success."""


# ---------------------------------------------------------------------------
# The time limit of one check call
# ---------------------------------------------------------------------------


class CheckTimeout(Exception):
    """Raised inside a check call that ran past the time limit."""


class CallWatch:
    """What the current check call is. The runner sets `check`, `unit` and bumps
    `calls` before each call; with a limit, a thread interrupts a call that has not
    changed for `limit` seconds. `slot` (a shared array) also tells the parent of a
    worker which check is running, in case the worker dies."""

    __slots__ = ("calls", "check", "unit", "index", "slot", "limit", "_thread", "_stop", "_target", "_fired", "_previous")

    def __init__(self, limit: float = 0.0, slot=None) -> None:
        self.calls = 0
        self.check: Any = None
        self.unit: Any = None
        self.index = -1
        self.slot = slot
        self.limit = float(limit or 0)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._target = threading.get_ident()
        self._fired = -1
        self._previous = None

    def mark(self, index: int) -> None:
        """Note that check number `index` (in the plugin manager's list) runs now."""
        self.index = index
        slot = self.slot
        if slot is not None:
            slot[1] = index

    def start(self) -> "CallWatch":
        if self.limit > 0 and self._thread is None:
            self._target = threading.get_ident()
            if threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_kill"):
                # a signal also interrupts a check blocked in a system call (sleep, read)
                self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            self._thread = threading.Thread(target=self._watch, name="tqa-time-limit", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
            if self._previous is not None:
                signal.signal(signal.SIGALRM, self._previous)
                self._previous = None

    def fired(self) -> bool:
        """Whether the limit interrupted the current call (and not an earlier one)."""
        return self._fired == self.calls

    def _on_alarm(self, signum, frame):  # noqa: ARG002
        if self._fired == self.calls and self.check is not None:
            raise CheckTimeout()

    def _watch(self) -> None:
        step = min(1.0, max(0.05, self.limit / 4))
        seen, since = -1, time.monotonic()
        while not self._stop.wait(step):
            calls = self.calls
            now = time.monotonic()
            if calls != seen or self.check is None:
                seen, since = calls, now
                continue
            if now - since < self.limit or self._fired == calls:
                continue
            self._fired = calls
            if self._previous is not None:
                signal.pthread_kill(self._target, signal.SIGALRM)
            else:
                import ctypes

                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._target), ctypes.py_object(CheckTimeout))


# ---------------------------------------------------------------------------
# The pool
# ---------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:  # other systems (and a belt to the braces above)
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="tqa-parent-watch", daemon=True).start()


def _worker_main(conn, slot, parent: int, setup: Callable, setup_args: tuple, task: Callable) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    try:
        state = setup(*setup_args)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, one line
        conn.send(("setup", -1, _one_line(error)))
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        number, item = message
        slot[0] = number
        slot[1] = -1
        try:
            outcome = ("ok", number, task(state, item, slot))
        except TqaError as error:
            outcome = ("error", number, error)
        except BaseException as error:  # noqa: BLE001 - SystemExit too: the parent decides
            outcome = ("crash", number, (slot[1], _one_line(error)))
        slot[0] = -1
        try:
            conn.send(outcome)
        except Exception as error:  # noqa: BLE001 - e.g. a finding that cannot be pickled
            conn.send(("crash", number, (-1, f"the result could not be sent back: {_one_line(error)}")))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}{': ' + text if text else ''}{raised_at(error)}"


def run_in_workers(
    items: Sequence[Any],
    jobs: int,
    setup: Callable,
    setup_args: tuple,
    task: Callable,
    describe_death: Callable[[int, int, str], TqaError],
    on_result: Callable[[int, str, Any], None],
) -> None:
    """Run `task(state, item, slot)` for every item in `jobs` worker processes, where
    `state = setup(*setup_args)` is built once per worker. `on_result(number, kind,
    value)` receives ("ok", result), ("error", TqaError) or ("crash", (check index,
    message)) per item. A worker that dies ends the run: `describe_death(number,
    check_index, how)` makes the error raised. Ctrl-C and SIGTERM kill the workers at
    once and propagate."""
    with Pool(jobs, setup, setup_args, task, describe_death, on_result) as pool:
        pool.start(items)
        pool.finish()


class Pool:
    """The worker processes of `run_in_workers`, for a parent that also works: `start`
    hands out the first items and returns; `pump()` (cheap, never blocks) takes the
    results that arrived and hands out more, so a parent busy with its own share of a
    file keeps the workers fed by calling it now and then; `finish()` waits for the
    rest. Leaving the `with` block kills whatever still runs."""

    def __init__(self, jobs: int, setup: Callable, setup_args: tuple, task: Callable,
                 describe_death: Callable[[int, int, str], TqaError], on_result: Callable[[int, str, Any], None]) -> None:
        self.jobs = jobs
        self.setup = setup
        self.setup_args = setup_args
        self.task = task
        self.describe_death = describe_death
        self.on_result = on_result
        self.workers: list[dict] = []
        self.busy: list[dict] = []
        self.pending: list = []
        #: a worker died or could not start: the run ends (set before the error is raised)
        self.failed = False

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close(kill=True)

    def start(self, items: Sequence[Any]) -> None:
        import multiprocessing

        context = multiprocessing.get_context()
        parent = os.getpid()
        self.pending = list(enumerate(items))
        self.pending.reverse()
        for _ in range(min(self.jobs, len(items))):
            here, there = context.Pipe()
            slot = context.RawArray("i", [-1, -1])
            process = context.Process(
                target=_worker_main,
                args=(there, slot, parent, self.setup, self.setup_args, self.task),
                name="tqa-worker",
                daemon=True,
            )
            process.start()
            there.close()
            worker = {"process": process, "conn": here, "slot": slot, "item": None}
            self.workers.append(worker)
            if self.pending:
                worker["item"] = self.pending.pop()
                here.send(worker["item"])
        self.busy = [w for w in self.workers if w["item"] is not None]

    def pump(self, timeout: float | None = 0) -> None:
        """Take the results that are ready (waiting up to `timeout` seconds for one;
        None waits), and give each worker that finished its next item."""
        from multiprocessing.connection import wait

        if not self.busy:
            return
        ready = wait([w["conn"] for w in self.busy] + [w["process"].sentinel for w in self.busy], timeout)
        if not ready:
            return
        for worker in list(self.busy):
            conn, process = worker["conn"], worker["process"]
            message = None
            if conn in ready or process.sentinel in ready:
                try:
                    if conn.poll():
                        message = conn.recv()
                except (EOFError, OSError):  # the worker died: its end of the pipe closed
                    message = None
            if message is None:
                if process.sentinel in ready or not process.is_alive():
                    process.join(5)
                    code = process.exitcode
                    how = f"exit code {code}" if code is None or code >= 0 else f"signal {signal.Signals(-code).name}"
                    number = worker["item"][0] if worker["item"] is not None else worker["slot"][0]
                    self.failed = True
                    raise self.describe_death(number, worker["slot"][1], how)
                continue
            kind, number, value = message
            if kind == "setup":
                self.failed = True
                raise TqaError(f"a worker could not start: {value}")
            self.on_result(number, kind, value)
            worker["item"] = self.pending.pop() if self.pending else None
            if worker["item"] is not None:
                conn.send(worker["item"])
            else:
                self.busy.remove(worker)

    def finish(self) -> None:
        """Wait until every item is done, then let the workers go."""
        while self.busy:
            self.pump(None)
        self.close(kill=False)

    def close(self, kill: bool = True) -> None:
        workers, self.workers, self.busy = self.workers, [], []
        if not kill:
            for worker in workers:
                try:
                    worker["conn"].send(None)
                except OSError:
                    pass
            for worker in workers:
                worker["process"].join(5)
        for worker in workers:
            process = worker["process"]
            if process.is_alive():
                process.kill()
        for worker in workers:
            worker["process"].join()
            worker["conn"].close()

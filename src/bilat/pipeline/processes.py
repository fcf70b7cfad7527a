"""The life of a build's other processes (its reader, its workers): whether they may be
forked, and how each ends with the build's process.

Kept apart from the executors so that the reader, forked before the build's process
imports the extraction's libraries, imports none of them itself.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading


def can_fork() -> bool:
    """Whether workers may be forked: on Linux (macOS's system libraries are not safe to
    use in a forked child, and Windows has no fork); ``BILAT_WORKER_START=spawn`` asks for
    spawned workers anyway."""
    return (sys.platform.startswith("linux")
            and os.environ.get("BILAT_WORKER_START", "fork").lower() != "spawn")


_PR_SET_PDEATHSIG = 1  # prctl option, linux/prctl.h


def end_with_parent() -> None:
    """End this (worker) process when its parent ends, however it ends: a build killed with
    SIGKILL runs no clean-up that would stop its pool, and its workers would otherwise
    live on, holding their memory, blocked on a queue nobody writes to again.

    On Linux the kernel sends SIGKILL at the parent's death (``PR_SET_PDEATHSIG``), which
    also stops a worker deep in a parse; everywhere, a thread waits on the parent's
    sentinel (the pipe or handle multiprocessing gives a spawned child, ready once the
    parent is gone) and ends the process."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        _kill_me_with_parent()
        if os.getppid() != parent.pid:  # died before the request was made
            os._exit(1)
    threading.Thread(target=_exit_when_ready, args=(parent.sentinel,), daemon=True,
                     name="bilat-parent-watch").start()


def _kill_me_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the sentinel thread is enough
        pass


def _exit_when_ready(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)  # no clean-up to run: the build that would use this worker is gone

"""A reader/closer gate: calls run side by side, and closing waits for the calls inside.

A ``Retriever`` may be used from several threads; closing its SQLite connection while another
thread is inside ``ask`` could crash the process. Every public call enters the gate; ``close``
refuses new calls, waits until the calls inside have left, and only then lets the caller release
the files. A call made inside another (``ask`` embedding its question) passes even while a close
waits, so a call in flight always finishes.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Gate:
    """Counts the calls inside an object; ``close`` waits for them and refuses new ones.

    Args:
        closed: the error a call made after ``close`` raises.
    """

    def __init__(self, closed: Callable[[], Exception]) -> None:
        self._closed_error = closed
        self._condition = threading.Condition()
        self._inside = 0
        self._closed = False
        self._local = threading.local()

    @contextmanager
    def entered(self) -> Iterator[None]:
        """A block counted as a call inside.

        Raises:
            the ``closed`` error: the gate is closed and this thread is not already inside.
        """
        depth: int = getattr(self._local, "depth", 0)
        with self._condition:
            if self._closed and depth == 0:
                raise self._closed_error()
            self._inside += 1
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            with self._condition:
                self._inside -= 1
                self._condition.notify_all()

    def close(self) -> bool:
        """Refuse new calls and wait for the calls inside to leave (but this thread's own).

        Returns:
            True the first time, when the caller should release what the calls used.
        """
        own: int = getattr(self._local, "depth", 0)
        with self._condition:
            first = not self._closed
            self._closed = True
            self._condition.wait_for(lambda: self._inside <= own)
        return first


class Gated(Protocol):
    """An object whose public calls go through its ``_gate``."""

    _gate: Gate


G = TypeVar("G", bound=Gated)


def gated(method: Callable[Concatenate[G, P], R]) -> Callable[Concatenate[G, P], R]:
    """``method`` run as a call inside its object's gate."""

    @functools.wraps(method)
    def wrapper(self: G, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._gate.entered():
            return method(self, *args, **kwargs)

    return wrapper

"""Atomic builds: a build writes into a folder beside the site and takes its place only when it
succeeded, so a failed or interrupted build (Ctrl-C) leaves the last good site as it was. One
build at a time in a checkout: a second one is refused with a clear message.

    stage = Staging(site_dir, lock_dir=checkout_root)
    stage.start()     # -> the folder to build into (raises BuildLocked if a build is running)
    stage.commit()    # the finished build replaces site_dir
    stage.abort()     # a failed build: its folder is removed, site_dir untouched
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import threading
from pathlib import Path

LOCK_FILE = ".build.lock"


class BuildLocked(Exception):
    """Another build holds the checkout's lock."""


class Staging:
    def __init__(self, site_dir: Path, lock_dir: Path):
        self.site = Path(site_dir).absolute()
        self.partial = self.site.with_name(f".{self.site.name}.partial")
        self.old = self.site.with_name(f".{self.site.name}.old")
        self.lock_path = Path(lock_dir) / LOCK_FILE
        self._lock: int | None = None

    def start(self) -> Path:
        """Take the checkout's build lock (BuildLocked if another build holds it) and return the
        empty folder to build into."""
        self._acquire()
        for leftover in (self.partial, self.old):  # from a build that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        self.partial.mkdir(parents=True)
        return self.partial

    def commit(self) -> None:
        """Swap the finished build in. Ctrl-C is held back for the two renames it takes."""
        held = threading.current_thread() is threading.main_thread()
        if held:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            if self.site.exists():
                self.site.rename(self.old)
            self.partial.rename(self.site)
        finally:
            if held:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        shutil.rmtree(self.old, ignore_errors=True)
        self._release()

    def abort(self) -> None:
        """Drop the unfinished build (the last good site stays) and release the lock."""
        shutil.rmtree(self.partial, ignore_errors=True)
        self._release()

    def _acquire(self) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise BuildLocked(
                f"another build is running in this checkout (process {holder}); "
                f"wait for it to finish, or end it (the lock is {self.lock_path.name})"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock = fd

    def _release(self) -> None:
        if self._lock is not None:  # the lock ends with the process too (Ctrl-C, kill)
            os.ftruncate(self._lock, 0)
            os.close(self._lock)
            self._lock = None

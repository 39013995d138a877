"""`python -m mkdocs build`, run the way the tests need it many times: in a process forked from
one that has already imported MkDocs, Material, the Markdown extensions and jieba's dictionary.

Each build is still a process of its own, with its own arguments, environment, working folder and
copy of the project (its hooks/ and sitegen come from that copy, never from this checkout), and its
output and exit status are captured as subprocess.run would capture them. What is saved is the
interpreter's start, ~25 imports and jieba's dictionary: about 2 of a fixture build's 3 to 4 CPU s.

A fork shares one thing a fresh interpreter would not: the hash seed. A test that shows builds are
reproducible across processes builds with `fresh=True` (tests/conftest.py's build())."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Imported once by the server; a module missing here is imported by the build itself, as usual.
WARM = [
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs.structure.pages",
    "material.templates",
    "material.plugins.search.plugin",
    "markdown",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.emoji",
    "pymdownx.details",
    "pymdownx.tabbed",
    "pymdownx.snippets",
    "pymdownx.inlinehilite",
    "jinja2",
    "yaml",
    "pydantic",
    "PIL.Image",
    "babel.dates",
    "pygments.formatters.html",
    "pathspec",
    "backrefs",
    "pkg_resources",
    "jieba",
]

# The server: imports WARM, loads jieba's dictionary, then for each request (one JSON line on its
# stdin) forks a child that runs MkDocs' command line as `python -m mkdocs` would, and answers
# with the child's exit status (one JSON line). Started with a bare environment path, so nothing
# of this checkout is imported into it; it ends when the test process closes its stdin or ends.
SERVER = r"""
import json, os, signal, sys, traceback
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the builds and the tests; this ends with its stdin
for name in WARM:
    try:
        __import__(name)
    except Exception:
        pass
try:
    import jieba
    jieba.setLogLevel(30)
    jieba.initialize()
except Exception:
    pass
BASE = sys.path[1:]  # after the working folder, which `python -m` puts first

def child(argv, env, cwd, out, err):
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a new interpreter
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, out), (2, err)):
        f = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(f, fd)
        os.close(f)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.path[:] = [cwd, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep)), *BASE]
    sys.argv = [os.path.join(os.path.dirname(__import__("mkdocs").__file__), "__main__.py"), *argv]
    code = 1
    try:
        from mkdocs.__main__ import cli
        cli.main(args=argv, prog_name="python -m mkdocs")
        code = 0
    except SystemExit as stop:  # what `python -m` makes of it
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        child(**request)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""

_server: subprocess.Popen | None = None


def _running() -> subprocess.Popen:
    global _server
    if _server is None or _server.poll() is not None:
        code = f"WARM = {WARM!r}\n{SERVER}"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        _server = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        atexit.register(_stop, _server)
    return _server


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.stdin.close()
        server.wait(timeout=30)


def mkdocs(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """`python -m mkdocs *argv` with exactly `env`, in `cwd`: its exit status, stdout and stderr."""
    server = _running()
    with tempfile.TemporaryDirectory(prefix="gates-build-") as tmp:
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        request = {"argv": argv, "env": env, "cwd": str(cwd), "out": str(out), "err": str(err)}
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        answer = server.stdout.readline()
        if not answer:
            raise RuntimeError(f"the build server ended (exit status {server.wait()}); its errors are above")
        return subprocess.CompletedProcess(
            [sys.executable, "-m", "mkdocs", *argv],
            json.loads(answer),
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
        )

"""Notebook kernels that start warm: forks of one process that has done the notebooks' imports.

A cold kernel spends 3-5 seconds importing pandas, matplotlib, scikit-learn
and the workbench before its first cell does any work, and every kernel of a
run pays it again. A *kernel server* (``python -m kinerja.run.warm_kernels
FD MODULE ...``, :func:`shared_server`) imports what the run's notebooks
import, once, while the runner opens the data and evaluates the quarter;
each kernel is then a fork of it, ready in a fraction of a second. A process
has one server, started by its first run (or by ``kinerja run`` before it
imports the runner) and kept for its next runs, which ask it for the
modules they need beyond those it has.

The kernelspec of the run starts :mod:`kinerja.run.warm_kernel_client`, a
standard-library script that asks the server for a kernel on Jupyter's
connection file and stands for it towards Jupyter: it forwards signals
(interrupt, terminate) to the kernel and exits with the kernel's exit code.
So papermill still executes the notebooks as before, and timeouts, a kernel
that dies and Ctrl-C behave as with cold kernels. When the client is killed,
the server kills its kernel; a run stops the kernels still running when it
ends; when the process that started the server goes away, the server stops
its kernels and ends. If the server cannot be reached, the client starts a
cold kernel instead.

The server imports modules and starts no thread, no database and no event
loop before it forks, so a fork holds nothing a forked process cannot use.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import gc
import importlib
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

KERNEL_NAME = "kinerja-run"
"""The name of the kernelspec whose kernels are forks of the server."""
CLIENT = Path(__file__).with_name("warm_kernel_client.py")
"""The script a run's kernelspec starts (by path, so that it imports nothing of the workbench)."""
KERNEL_OPTIONS = ("--log-level=CRITICAL",)
"""Options of every kernel: the kernels' own log is not the user's business (a failing cell reaches the run
through papermill)."""
ALWAYS = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ibis.backends.duckdb", "pyarrow.dataset")
"""Modules every kernel imports: to start, and when it opens the data (Ibis loads its DuckDB backend, and pandas
pyarrow's dataset reader, on first use)."""
_REQUEST_LIMIT = 1 << 20


def notebook_imports(paths: Iterable[Path]) -> list[str]:
    """Return the modules the code cells of the notebooks at ``paths`` import, in order of first appearance.

    ``from package import name`` gives ``package`` and ``package.name``, as
    the name may be a submodule (``from kinerja.present import report``); a
    name that is no module fails to import in the server, which passes over
    it. A cell that is not plain Python (an IPython magic) is passed over.
    The notebooks are read as plain JSON (nbformat 4), so that the server,
    which imports this module, does not import nbformat: no kernel needs it.
    """
    modules: dict[str, None] = {}
    for path in paths:
        for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse("".join(cell["source"]))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules.update(dict.fromkeys(alias.name for alias in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules[node.module] = None
                    modules.update(dict.fromkeys(f"{node.module}.{alias.name}" for alias in node.names))
    return list(modules)


def kernel_argv(socket_path: Path) -> list[str]:
    """The ``argv`` of a kernelspec whose kernels are forks of the server listening on ``socket_path``."""
    return [sys.executable, str(CLIENT), str(socket_path), "{connection_file}", *KERNEL_OPTIONS]


@dataclass
class KernelServer:
    """A running kernel server: its process and the folder of its socket and kernelspec."""

    process: subprocess.Popen
    folder: Path
    """Holds ``server.sock`` and ``kernels/<KERNEL_NAME>/kernel.json``: put it on ``JUPYTER_PATH``."""

    @property
    def socket_path(self) -> Path:
        """The Unix socket the server listens on."""
        return self.folder / "server.sock"

    def alive(self) -> bool:
        """Whether the server still runs."""
        return self.process.poll() is None

    def preload(self, modules: Sequence[str]) -> None:
        """Ask the server to import ``modules`` before it forks the next kernel; return at once.

        A server that has gone meanwhile is not asked: its clients start cold kernels.
        """
        if modules:
            with contextlib.suppress(OSError):
                self._send({"preload": list(modules)}).close()

    def wait_ready(self) -> None:
        """Return once the server has done the imports asked for so far (the next kernel forks at once)."""
        with self._send({"ping": True}) as connection:
            connection.recv(16)

    def stop_kernels(self) -> None:
        """Kill the kernels the server forked that still run; return once they are gone."""
        with contextlib.suppress(OSError), self._send({"stop_kernels": True}) as connection:
            connection.recv(16)  # the server answers once it has reaped them

    def stop(self) -> None:
        """Stop the server, and with it its kernels; remove its folder."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _send(self, request: dict) -> socket.socket:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(str(self.socket_path))
        body = json.dumps(request).encode()
        connection.sendall(len(body).to_bytes(4, "big") + body)
        return connection


_SHARED: list[KernelServer] = []
"""The process's kernel server, once started."""


def shared_server(modules: Sequence[str] = ()) -> KernelServer:
    """Return the process's kernel server, started on first use (or after it died), and ask it for ``modules``.

    It stops when the process ends (or :func:`stop_shared_server`).
    """
    if not _SHARED or not _SHARED[0].alive():
        if _SHARED:
            _SHARED.pop().stop()
        else:
            atexit.register(stop_shared_server)
        _SHARED.append(_start_server(modules))
    else:
        _SHARED[0].preload(modules)
    return _SHARED[0]


def stop_shared_server() -> None:
    """Stop the process's kernel server, if one runs; the next run starts a new one."""
    if _SHARED:
        _SHARED.pop().stop()


def _start_server(modules: Sequence[str]) -> KernelServer:
    """Start a kernel server that imports ``modules``, with its kernelspec, in a new temporary folder.

    The socket listens from the start, so a kernel asked for while the
    server still imports waits for it; once the server is gone, the socket
    refuses, and a client starts a cold kernel.
    """
    folder = Path(tempfile.mkdtemp(prefix="kinerja-kernel-"))
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": kernel_argv(folder / "server.sock"), "display_name": "kinerja (run)", "language": "python"}))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(folder / "server.sock"))
    listener.listen(64)
    with listener:
        process = subprocess.Popen(
            [sys.executable, "-m", "kinerja.run.warm_kernels", str(listener.fileno()), *modules],
            pass_fds=[listener.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    return KernelServer(process, folder)


def serve(listener_fd: int, modules: Sequence[str]) -> None:
    """Import ``modules``, then fork a kernel for every request on the listening Unix socket ``listener_fd``.

    Runs until SIGTERM or until its parent (the runner) is gone; then kills
    the kernels still running. A module that cannot be imported is left for
    the kernel that needs it to import (and fail on) itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the runner's to handle
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    parent = os.getppid()
    listener = socket.socket(fileno=listener_fd)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
    _import([*ALWAYS, *modules])
    kernels: dict[int, socket.socket] = {}
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    while not stopping and os.getppid() == parent:
        for key, _ in selector.select(timeout=0.2):
            if key.fileobj is listener:
                _answer(listener, selector, kernels)
            elif not _read_or_eof(key.fileobj):  # the client is gone (killed): so goes its kernel
                selector.unregister(key.fileobj)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(key.data, signal.SIGKILL)
        _reap(kernels, selector)
    for pid in kernels:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _import(modules: Sequence[str]) -> None:
    """Import ``modules`` (passing over those that fail) and keep what they made out of the garbage collector.

    It is never garbage, and a kernel's collections would otherwise walk
    (and so copy) the memory the kernel shares with the server.
    """
    for name in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    gc.collect()
    gc.freeze()


def _answer(listener: socket.socket, selector: selectors.BaseSelector, kernels: dict[int, socket.socket]) -> None:
    """Accept one request: import modules, stop the kernels, or fork the kernel a client asks for."""
    connection, _ = listener.accept()
    try:
        request, fds = _receive(connection)
    except (OSError, ValueError):
        connection.close()
        return
    if "preload" in request:
        connection.close()
        _import(request["preload"])
    elif request.get("ping"):
        _done(connection)
    elif request.get("stop_kernels"):
        for pid in kernels:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _reap(kernels, selector, wait=True)
        _done(connection)
    elif len(fds) == 3:
        _fork_kernel(listener, connection, request, fds, selector, kernels)
    else:
        for fd in fds:
            os.close(fd)
        connection.close()


def _done(connection: socket.socket) -> None:
    """Tell the asker that its request is done (everything it sent before is too)."""
    with contextlib.suppress(OSError):
        connection.sendall(b"ok\n")
    connection.close()


def _fork_kernel(listener: socket.socket, connection: socket.socket, request: dict, fds: list[int],
                 selector: selectors.BaseSelector, kernels: dict[int, socket.socket]) -> None:
    """Fork the kernel a client asked for; its connection tells the client the kernel's id and exit code."""
    pid = os.fork()
    if pid == 0:
        _become_kernel(request, fds, [listener, connection, *kernels.values()])
    for fd in fds:
        os.close(fd)
    connection.sendall(f"{pid}\n".encode())
    kernels[pid] = connection
    selector.register(connection, selectors.EVENT_READ, pid)


def _receive(connection: socket.socket) -> tuple[dict, list[int]]:
    """Read a request: a 4-byte length, then JSON; with a kernel's, standard input, output and error come along."""
    data, fds, _, _ = socket.recv_fds(connection, 65536, 3)
    try:
        if len(data) < 4 or len(fds) not in (0, 3):
            raise ValueError("not a request")
        size = int.from_bytes(data[:4], "big")
        if size > _REQUEST_LIMIT:
            raise ValueError("request too large")
        body = data[4:]
        while len(body) < size:
            more = connection.recv(size - len(body))
            if not more:
                raise ValueError("request cut short")
            body += more
        return json.loads(body), fds
    except (OSError, ValueError):
        for fd in fds:
            os.close(fd)
        raise


def _become_kernel(request: dict, fds: list[int], inherited: list[socket.socket]) -> None:
    """In the forked child: take the client's environment, directory and standard streams, and run the kernel."""
    code = 1
    try:
        os.setsid()  # like a cold kernel: in a session of its own, out of reach of the terminal's Ctrl-C
        for sock in inherited:
            sock.close()
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
            os.close(fd)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL)
        os.chdir(request["cwd"])
        sys.path[0] = request["cwd"]  # as for ``python -m ipykernel_launcher`` started there
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"], *request["options"]]
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=sys.argv[1:])
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel's own error goes to its standard error, and it exits 1
        traceback.print_exc()
    finally:
        atexit._run_exitfuncs()  # what the kernel registered (IPython's history), not the server's loop
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _read_or_eof(connection: socket.socket) -> bool:
    """Drain what a client sent; False when it closed its end."""
    try:
        return bool(connection.recv(4096))
    except OSError:
        return False


def _reap(kernels: dict[int, socket.socket], selector: selectors.BaseSelector, *, wait: bool = False) -> None:
    """Tell the client of every kernel that ended its exit code; with ``wait``, wait for them all to end."""
    while kernels:
        try:
            pid, status = os.waitpid(-1, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = kernels.pop(pid, None)
        if connection is None:
            continue
        with contextlib.suppress(KeyError, ValueError):
            selector.unregister(connection)
        with contextlib.suppress(OSError):
            connection.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
        connection.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2:])

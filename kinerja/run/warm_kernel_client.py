"""Stand for a warm kernel towards Jupyter: ask the run's kernel server to fork one, relay signals, exit as it exits.

Started by the run's kernelspec as ``python warm_kernel_client.py SOCKET
CONNECTION_FILE [KERNEL OPTIONS]`` (see :mod:`kinerja.run.warm_kernels`).
It uses the standard library only, so it starts in milliseconds. When the
server cannot be reached, it becomes a cold kernel (``ipykernel_launcher``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

RELAYED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)
"""Signals Jupyter may send the kernel's process: passed on to the kernel."""


def main(argv: list[str]) -> int:
    """Start the kernel ``argv`` describes and return its exit code."""
    socket_path, connection_file, *options = argv
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.connect(socket_path)
    except OSError:
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file, *options])
    request = json.dumps({"connection_file": os.path.abspath(connection_file), "options": options,
                          "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    socket.send_fds(server, [len(request).to_bytes(4, "big") + request], [0, 1, 2])
    replies = server.makefile("r", encoding="ascii")
    first = replies.readline()
    if not first.strip().isdigit():
        return 1  # the server ended before forking: Jupyter sees a kernel that died at start
    kernel = int(first)
    for signum in RELAYED:
        signal.signal(signum, lambda number, _frame: _relay(kernel, number))
    last = replies.readline()  # "exit N" when the kernel ends; nothing when the server is gone
    code = int(last.split()[1]) if last.startswith("exit ") else 1
    return code if code >= 0 else 128 - code


def _relay(kernel: int, signum: int) -> None:
    try:
        os.kill(kernel, signum)
    except ProcessLookupError:
        pass  # it has just ended; its exit code is on its way


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

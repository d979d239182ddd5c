"""Milliseconds from exec of the service to its first 200 on /health (median of several starts)."""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def first_200_ms(binary, port, env):
    start = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        return (time.perf_counter() - start) * 1000
            except OSError:
                time.sleep(0.0005)
            if proc.poll() is not None:
                raise SystemExit("service exited during start")
    finally:
        proc.terminate()
        proc.wait()


def main():
    binary, port, static_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else ""
    runs = []
    for _ in range(7):
        with tempfile.TemporaryDirectory() as data:
            env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", SQLITE_PATH=f"{data}/db.sqlite",
                       SHUTDOWN_GRACE_SECONDS="0", STATIC_DIR=static_dir)
            runs.append(first_200_ms(binary, port, env))
    print(f"{statistics.median(runs):.1f}")


if __name__ == "__main__":
    main()

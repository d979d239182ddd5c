"""`portfolio-api healthcheck`, the container's HEALTHCHECK: exit 0 on a healthy service, exit 1 in
time (its two-second deadline covers connect, write and read) on one that accepts and never answers."""

import os
import socket
import subprocess
import time
import unittest

from service import BINARY, SLOWDOWN, Service


def healthcheck(port, timeout):
    env = dict(os.environ, PORT=str(port))
    started = time.monotonic()
    done = subprocess.run([BINARY, "healthcheck"], env=env, capture_output=True, text=True, timeout=timeout)
    return done, time.monotonic() - started


class HealthcheckCommandTest(unittest.TestCase):
    def test_healthy_service_passes(self):
        with Service() as service:
            done, _ = healthcheck(service.port, timeout=10 * SLOWDOWN)
            self.assertEqual(done.returncode, 0, done.stderr)

    def test_nothing_listening_fails(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        done, _ = healthcheck(port, timeout=10 * SLOWDOWN)
        self.assertEqual(done.returncode, 1)
        self.assertIn("connect", done.stderr)

    def test_silent_server_fails_within_the_deadline(self):
        # Accepts (the kernel completes the handshake from the backlog) and never reads or answers.
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(4)
            try:
                done, elapsed = healthcheck(listener.getsockname()[1], timeout=10 * SLOWDOWN)
            except subprocess.TimeoutExpired:
                self.fail("healthcheck hung on a server that never answers")
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("read from", done.stderr)
        self.assertIn("timeout", done.stderr)
        # The two-second deadline, not the test's own ten-second limit, ended it.
        self.assertLess(elapsed, 6 * SLOWDOWN)


if __name__ == "__main__":
    unittest.main()

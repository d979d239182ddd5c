"""Connections at the limits: draining on SIGTERM without failing a request, and the connection cap."""

import http.client
import resource
import socket
import threading
import time
import unittest

from service import Service


def read_response(sock):
    """Reads one HTTP response from a raw socket: (status, headers as a lower-case dict, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the body")
        body += chunk
    return int(lines[0].split(" ")[1]), headers, body


class DrainTest(unittest.TestCase):
    def test_sigterm_under_load_fails_no_request(self):
        """64 keep-alive clients that honour Connection: close see no failed request through SIGTERM."""
        service = Service(env={"SHUTDOWN_GRACE_SECONDS": "2", "SHUTDOWN_TIMEOUT_SECONDS": "10"}).start()
        stop = threading.Event()
        terminated = threading.Event()
        lock = threading.Lock()
        stats = {"ok": 0, "closes": 0, "refused": 0, "failures": []}

        def worker():
            while not stop.is_set():
                conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
                try:
                    conn.connect()
                except OSError:
                    with lock:
                        if terminated.is_set():
                            stats["refused"] += 1  # not accepting any more: the request never reached it
                        else:
                            stats["failures"].append("connect refused before SIGTERM")
                    if terminated.is_set():
                        return
                    continue
                try:
                    while not stop.is_set():
                        conn.request("GET", "/health")
                        response = conn.getresponse()
                        response.read()
                        with lock:
                            stats["ok"] += 1 if response.status == 200 else 0
                            if response.status != 200:
                                stats["failures"].append(f"status {response.status}")
                        if response.getheader("Connection", "").lower() == "close":
                            with lock:
                                stats["closes"] += 1
                            break
                except (OSError, http.client.HTTPException) as error:
                    with lock:
                        stats["failures"].append(f"{type(error).__name__}: {error}")
                finally:
                    conn.close()

        threads = [threading.Thread(target=worker) for _ in range(64)]
        try:
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 10
            while stats["ok"] < 500 and time.monotonic() < deadline:
                time.sleep(0.01)
            self.assertGreaterEqual(stats["ok"], 500, "the load did not start")
            before = stats["closes"]
            terminated.set()
            code = service.terminate(timeout=30)
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            self.assertEqual(code, 0, service.logs()[-2000:])
            self.assertEqual(stats["failures"], [], stats)
            self.assertGreater(stats["closes"], before, "responses during the grace period carry Connection: close")
        finally:
            stop.set()
            service.stop()

    def test_grace_period_responses_say_close(self):
        service = Service(env={"SHUTDOWN_GRACE_SECONDS": "5"}).start()
        try:
            api = service.client()
            self.assertNotEqual(api.get("/health").header("connection"), "close")
            service.process.send_signal(15)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                r = api.get("/health")
                self.assertEqual(r.status, 200)
                if r.header("connection") == "close":
                    break
            self.assertEqual(r.header("connection"), "close")
            self.assertEqual(service.process.wait(timeout=30), 0)
        finally:
            service.stop()


class ConnectionCapTest(unittest.TestCase):
    def test_excess_connections_get_503_while_health_answers(self):
        """At a descriptor limit of 256, 300 clients: the excess gets 503, /health keeps answering."""

        def limit_descriptors():
            resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

        service = Service()
        original = __import__("subprocess").Popen

        def popen(*args, **kwargs):
            kwargs["preexec_fn"] = limit_descriptors
            return original(*args, **kwargs)

        __import__("subprocess").Popen = popen
        try:
            service.start()
        finally:
            __import__("subprocess").Popen = original
        sockets = []
        try:
            api = service.client()
            self.assertEqual(api.get("/health").status, 200)
            statuses = []
            for _ in range(300):
                s = socket.create_connection(("127.0.0.1", service.port), timeout=15)
                s.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                sockets.append(s)
            for s in sockets:
                try:
                    status, headers, body = read_response(s)
                except (OSError, ConnectionError):
                    status, headers, body = None, {}, b""
                statuses.append(status)
                if status == 503:
                    self.assertIn(b'"error_code":"SERVICE_UNAVAILABLE"', body)
                    self.assertEqual(headers.get("connection"), "close")
                    self.assertEqual(headers.get("retry-after"), "1")
            self.assertGreaterEqual(statuses.count(200), 150, statuses)
            self.assertGreaterEqual(statuses.count(503), 50, statuses)
            self.assertEqual(statuses.count(200) + statuses.count(503), 300, statuses)
            # Existing connections keep answering, health checks included.
            self.assertEqual(api.get("/health").status, 200)
            for s in sockets[:10]:
                if statuses[sockets.index(s)] == 200:
                    s.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                    self.assertEqual(read_response(s)[0], 200)
            accept_failures = [l for l in service.log_lines() if l.get("msg") == "accept failed"]
            self.assertLessEqual(len(accept_failures), 3, accept_failures)
        finally:
            for s in sockets:
                s.close()
            service.stop()


if __name__ == "__main__":
    unittest.main()

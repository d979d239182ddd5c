"""Starts the real portfolio-api binary on a free loopback port and talks HTTP to it."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import uuid

BINARY = os.environ.get("PORTFOLIO_API_BIN", "build/release/src/app/portfolio-api")
# sqlite (default), memory or dynamodb (then DYNAMODB_ENDPOINT names the emulator).
STORAGE = os.environ.get("E2E_STORAGE", "sqlite")
# How much slower than a release build the binary is (a ThreadSanitizer build: 4); deadlines scale.
SLOWDOWN = float(os.environ.get("E2E_SLOWDOWN", "1"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class Client:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, port, timeout=10):
        self.port = port
        self.timeout = timeout * SLOWDOWN
        self.conn = None

    def request(self, method, path, body=None, headers=None, raw=None):
        headers = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                payload = r.read()
                result = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, payload.decode("utf-8", "replace"))
                if r.getheader("Connection", "").lower() == "close":
                    self.close()
                return result
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 1:
                    raise

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Service:
    """The service under test, with its own data directory (and its own tables on DynamoDB)."""

    def __init__(self, env=None, data_dir=None, args=(), stderr=subprocess.STDOUT):
        self.port = free_port()
        self.owns_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="portfolio-e2e-")
        self.env = dict(os.environ)
        self.env.update({
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "STORAGE": STORAGE,
            "SQLITE_PATH": os.path.join(self.data_dir, "portfolio.db"),
            "SHUTDOWN_GRACE_SECONDS": "0",
            "RATE_LIMIT_ENABLED": "false",
            "IO_THREADS": "2",
        })
        if STORAGE == "dynamodb":
            prefix = "e2e" + uuid.uuid4().hex[:8]
            for var, name in (("DYNAMODB_USERS_TABLE", "users"), ("DYNAMODB_UNIQUES_TABLE", "uniques"),
                              ("DYNAMODB_METRICS_TABLE", "metrics"), ("DYNAMODB_DEVICES_TABLE", "devices")):
                self.env.setdefault(var, f"{prefix}-{name}")
        self.env.update(env or {})
        self.args = list(args)
        self.stderr = stderr
        self.process = None
        self.log_path = os.path.join(self.data_dir, f"service-{self.port}.log")

    def start(self, wait=True):
        if self.env["STORAGE"] == "dynamodb" and not getattr(self, "_tables", False):
            subprocess.run([BINARY, "create-tables"], env=self.env, check=True, stdout=subprocess.DEVNULL, timeout=60)
            self._tables = True
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen([BINARY, *self.args], env=self.env, stdout=self.log, stderr=self.stderr)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=15):
        deadline = time.monotonic() + timeout * SLOWDOWN
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"service exited with {self.process.returncode}:\n{self.logs()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    pass
                probe = Client(self.port)
                try:
                    if probe.get("/health").status == 200:
                        return
                finally:
                    probe.close()
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("service did not become ready:\n" + self.logs())

    def client(self):
        return Client(self.port)

    def logs(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def wait_for_log(self, predicate, timeout=10):
        """The parsed log lines for which predicate(line) holds, polled until there is one or the
        deadline passes (then an empty list): the logger writes from a background thread, in batches."""
        deadline = time.monotonic() + timeout * SLOWDOWN
        while True:
            lines = [line for line in self.log_lines() if predicate(line)]
            if lines or time.monotonic() >= deadline:
                return lines
            time.sleep(0.02)

    def log_lines(self):
        lines = []
        for line in self.logs().splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                pass
        return lines

    def terminate(self, timeout=30):
        """SIGTERM and wait; returns the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        """Stops a running service with SIGTERM; one that then exits non-zero (a sanitizer's report,
        a crash while draining) fails the test that stops it."""
        status = 0
        if self.process and self.process.poll() is None:
            try:
                status = self.terminate(timeout=10 * SLOWDOWN)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "log", None):
            self.log.close()
        logs = self.logs() if status != 0 else ""
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if status != 0:
            raise RuntimeError(f"service exited with {status} after SIGTERM:\n{logs[-4000:]}")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class ServiceTestCase(unittest.TestCase):
    """Tests that share one service (started once per class) and check the documented error shape."""

    service_env = None

    @classmethod
    def setUpClass(cls):
        cls.service = Service(env=cls.service_env).start()
        cls.api = cls.service.client()

    @classmethod
    def tearDownClass(cls):
        cls.api.close()
        cls.service.stop()

    def assert_error(self, response, status, code):
        self.assertEqual(response.status, status, response)
        body = response.json()
        self.assertEqual(body["error_code"], code, body)
        for key in ("error", "message", "timestamp", "request_id", "details"):
            self.assertIn(key, body)
        self.assertEqual(body["request_id"], response.header("x-request-id"))
        return body


def reading(device="sensor-1", ts=None, **overrides):
    body = {"device_id": device, "temperature": 21.5, "humidity": 40.0, "status": "active"}
    if ts is not None:
        body["timestamp"] = ts
    body.update(overrides)
    return body


def now_ms():
    return int(time.time() * 1000)

"""Storage that fails: every such request is a 503 STORAGE_UNAVAILABLE whose body says nothing about
the store, and whose cause (the store's error, the AWS error type and message) is one `error` line in
the log with the request id. /health/db is "degraded" while writes fail.

- SQLite on a full file system (a small tmpfs mounted for the test; needs root).
- DynamoDB that rejects the credentials: moto_server with its IAM authentication switched on
  (E2E_STORAGE=dynamodb; the test starts its own moto so that no other test sees the switch).
- DynamoDB without the operation: dynalite has no TransactWriteItems, on which user creation is built
  (DYNALITE_ENDPOINT, set by scripts/ci/30-dynamodb.sh).
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request
import uuid

from service import STORAGE, Service, free_port, now_ms, reading

# Words of a cause that must never reach a client.
INTERNALS = ("sqlite", "SQLite", "disk", "full", "DynamoDB", "Exception", "InvalidClientTokenId", "token",
             "TransactWriteItems", "/tmp", "127.0.0.1")


def new_user():
    suffix = uuid.uuid4().hex[:10]
    return {"username": f"user_{suffix}", "email": f"user.{suffix}@example.com"}


class StorageFailureAssertions(unittest.TestCase):

    def assert_storage_unavailable(self, response, request_id):
        self.assertEqual(response.status, 503, response)
        body = response.json()
        self.assertEqual(body["error_code"], "STORAGE_UNAVAILABLE", body)
        self.assertEqual(body["request_id"], request_id)
        self.assertEqual(set(body), {"error", "error_code", "message", "timestamp", "request_id", "details"})
        text = response.body.replace(request_id, "")
        for word in INTERNALS:
            self.assertNotIn(word, text)

    def cause_line(self, request_id, timeout=10):
        """The error line that records why request `request_id` failed (the log is written from a
        background thread, so poll it)."""
        lines = self.service.wait_for_log(
            lambda line: line.get("request_id") == request_id and line.get("msg") == "request failed", timeout)
        if not lines:
            self.fail(f"no cause logged for {request_id}:\n{self.service.logs()[-3000:]}")
        return lines[0]

    def assert_cause(self, request_id, status, *words):
        line = self.cause_line(request_id)
        self.assertEqual(line["level"], "error")
        self.assertEqual(line["status"], status)
        for word in words:
            self.assertIn(word, line["cause"])
        return line

    def health(self):
        return self.api.get("/health/db")


@unittest.skipUnless(STORAGE == "sqlite", "SQLite back end only")
class SqliteDiskFullTest(StorageFailureAssertions):
    """SQLITE_PATH on a 4 MiB tmpfs; a filler file takes the rest of it."""

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("mounting a tmpfs needs root")
        cls.mount = tempfile.mkdtemp(prefix="portfolio-e2e-full-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", cls.mount], check=True)
        try:
            cls.service = Service(env={"SQLITE_PATH": os.path.join(cls.mount, "portfolio.db")}).start()
        except Exception:
            cls.unmount()
            raise
        cls.api = cls.service.client()

    @classmethod
    def tearDownClass(cls):
        cls.api.close()
        cls.service.stop()
        cls.unmount()

    @classmethod
    def unmount(cls):
        subprocess.run(["umount", "-l", cls.mount], check=False)
        os.rmdir(cls.mount)

    def fill(self):
        path = os.path.join(self.mount, "filler")
        with open(path, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        return path

    def test_disk_full(self):
        self.assertEqual(self.api.post("/api/v1/metrics", reading("full-1", ts=now_ms() - 5000)).status, 201)
        filler = self.fill()
        try:
            # The WAL may still have room for a few frames; the first write that needs a new block fails.
            failed = None
            for i in range(200):
                rid = f"disk-full-{i}"
                r = self.api.post("/api/v1/metrics", reading("full-1", ts=now_ms() - 4000 + i),
                                  headers={"X-Request-Id": rid})
                if r.status != 201:
                    failed = (r, rid)
                    break
            self.assertIsNotNone(failed, "no write failed on a full file system")
            self.assert_storage_unavailable(*failed)
            self.assert_cause(failed[1], 503, "full")

            r = self.api.post("/api/v1/users", new_user(), headers={"X-Request-Id": "disk-full-user"})
            self.assert_storage_unavailable(r, "disk-full-user")
            self.assert_cause("disk-full-user", 503)

            health = self.health()
            self.assertEqual(health.status, 200, health)
            body = health.json()
            self.assertEqual(body["status"], "degraded")
            self.assertEqual(body["database"], "connected")
            self.assertEqual(body["writes"]["status"], "failing")
            self.assertGreaterEqual(body["writes"]["failures"], 2)

            # A batch whose every reading is rejected is a 200 that stored nothing: still degraded.
            r = self.api.post("/api/v1/metrics/batch", {"readings": [{"device_id": "full-1"}]})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["accepted"], 0)
            self.assertEqual(self.health().json()["status"], "degraded")
        finally:
            os.unlink(filler)
        # Room again: the next write succeeds and the store is healthy again.
        r = self.api.post("/api/v1/metrics", reading("full-1", ts=now_ms() - 1000))
        self.assertEqual(r.status, 201, r)
        body = self.health().json()
        self.assertEqual(body["status"], "healthy")
        self.assertEqual(body["writes"], {"status": "ok", "failing_since": None, "failures": 0})


@unittest.skipUnless(STORAGE == "dynamodb" and shutil.which("moto_server"), "DynamoDB stage (moto) only")
class DynamoDbRejectsCredentialsTest(StorageFailureAssertions):
    """moto_server with IAM authentication on: the service's keys are unknown to it (AWS would answer
    UnrecognizedClientException; moto answers 403 InvalidClientTokenId)."""

    @classmethod
    def setUpClass(cls):
        cls.logs = tempfile.TemporaryFile()
        port = free_port()
        cls.moto_url = f"http://127.0.0.1:{port}"
        cls.moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                                    stdout=cls.logs, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(cls.moto_url + "/", timeout=1).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or cls.moto.poll() is not None:
                        raise RuntimeError("moto_server did not start")
                    time.sleep(0.1)
            # Tables first (create-tables runs in Service.start), then authentication on.
            cls.service = Service(env={"DYNAMODB_ENDPOINT": cls.moto_url}).start()
            cls.api = cls.service.client()
            request = urllib.request.Request(cls.moto_url + "/moto-api/reset-auth", data=b"0", method="POST",
                                             headers={"Content-Type": "text/plain"})
            json.loads(urllib.request.urlopen(request, timeout=10).read())
        except Exception:
            cls.stop_moto()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.api.close()
        cls.service.stop()
        cls.stop_moto()

    @classmethod
    def stop_moto(cls):
        cls.moto.terminate()
        cls.moto.wait(timeout=30)
        cls.logs.close()

    def test_rejected_credentials(self):
        r = self.api.post("/api/v1/users", new_user(), headers={"X-Request-Id": "rejected-user"})
        self.assert_storage_unavailable(r, "rejected-user")
        self.assert_cause("rejected-user", 503, "InvalidClientTokenId", "security token")

        r = self.api.post("/api/v1/metrics", reading("rejected-1"), headers={"X-Request-Id": "rejected-metric"})
        self.assert_storage_unavailable(r, "rejected-metric")
        self.assert_cause("rejected-metric", 503, "InvalidClientTokenId")

        r = self.api.get("/api/v1/users", headers={"X-Request-Id": "rejected-list"})
        self.assert_storage_unavailable(r, "rejected-list")
        self.assert_cause("rejected-list", 503, "InvalidClientTokenId")

        r = self.api.get("/health/db", headers={"X-Request-Id": "rejected-health"})
        self.assertEqual(r.status, 503, r)
        self.assertEqual(r.json()["database"], "unavailable")
        self.assertEqual(r.json()["writes"]["status"], "failing")
        self.assert_cause("rejected-health", 503, "InvalidClientTokenId")


@unittest.skipUnless(STORAGE == "dynamodb" and os.environ.get("DYNALITE_ENDPOINT"),
                     "needs DYNALITE_ENDPOINT (scripts/ci/30-dynamodb.sh)")
class DynamoDbWithoutTransactionsTest(StorageFailureAssertions):
    """dynalite answers TransactWriteItems with UnknownOperationException."""

    @classmethod
    def setUpClass(cls):
        cls.service = Service(env={"DYNAMODB_ENDPOINT": os.environ["DYNALITE_ENDPOINT"]}).start()
        cls.api = cls.service.client()

    @classmethod
    def tearDownClass(cls):
        cls.api.close()
        cls.service.stop()

    def test_missing_operation(self):
        r = self.api.post("/api/v1/users", new_user(), headers={"X-Request-Id": "no-transactions"})
        self.assert_storage_unavailable(r, "no-transactions")
        self.assert_cause("no-transactions", 503, "TransactWriteItems", "UnknownOperationException")
        body = self.health().json()
        self.assertEqual(body["status"], "degraded")
        self.assertEqual(body["database"], "connected")
        self.assertEqual(body["writes"]["status"], "failing")


if __name__ == "__main__":
    unittest.main()

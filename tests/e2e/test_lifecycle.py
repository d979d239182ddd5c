"""Durability and shutdown: what got a 2xx stays, and a SIGTERM under load fails nothing in flight."""

import threading
import unittest
import uuid

from service import SLOWDOWN, STORAGE, Client, Service, now_ms, reading


def wait_for(condition, predicate, what, timeout=30):
    """Waits on a threading.Condition (held by the caller) until predicate() holds, or fails."""
    if not condition.wait_for(predicate, timeout=timeout * SLOWDOWN):
        raise AssertionError(f"timed out waiting for {what}")


def poll_logs(service, message, timeout=30):
    """Polls the service's log until a line with this msg appears; fails after the deadline."""
    if not service.wait_for_log(lambda line: line.get("msg") == message, timeout):
        raise AssertionError(f"the service never logged {message!r}:\n{service.logs()[-2000:]}")


class LifecycleTest(unittest.TestCase):
    @unittest.skipUnless(STORAGE == "sqlite", "kill -9 durability is a property of the embedded store")
    def test_kill_9_during_ingestion_loses_no_acknowledged_reading(self):
        service = Service().start()
        acknowledged = []
        lock = threading.Condition()
        stop = threading.Event()
        base = now_ms() - 60_000

        def writer(n):
            client = service.client()
            i = 0
            while not stop.is_set():
                ts = base + n * 1_000_000 + i
                i += 1
                try:
                    r = client.post("/api/v1/metrics", reading(f"kill-{n}", ts))
                except OSError:
                    return
                if r.status == 201:
                    with lock:
                        acknowledged.append((f"kill-{n}", ts))
                        lock.notify_all()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        # Killed mid-flight, once many writes have been acknowledged.
        with lock:
            wait_for(lock, lambda: len(acknowledged) >= 200, "200 acknowledged writes")
        service.kill()  # SIGKILL: no flush, no shutdown
        stop.set()
        for t in threads:
            t.join()

        restarted = Service(data_dir=service.data_dir)
        restarted.owns_dir = True
        restarted.start()
        try:
            api = restarted.client()
            stored = set()
            for n in range(8):
                cursor = None
                while True:
                    path = f"/api/v1/metrics/kill-{n}?limit=1000&order=asc" + (f"&cursor={cursor}" if cursor else "")
                    r = api.get(path)
                    if r.status == 404:
                        break
                    page = r.json()
                    stored.update((x["device_id"], x["timestamp"]) for x in page["items"])
                    cursor = page["next_cursor"]
                    if not cursor:
                        break
            missing = [a for a in acknowledged if a not in stored]
            self.assertEqual(missing, [], f"{len(missing)} of {len(acknowledged)} acknowledged readings lost")
        finally:
            restarted.stop()

    def test_sigterm_under_load_fails_no_request_and_exits_0(self):
        grace = 2 * SLOWDOWN
        service = Service(env={"SHUTDOWN_GRACE_SECONDS": str(grace), "SHUTDOWN_TIMEOUT_SECONDS": "30"}).start()
        failures = []
        successes = [0]
        lock = threading.Condition()
        stop = threading.Event()

        def worker(n):
            client = service.client()
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r = client.post("/api/v1/metrics", reading(f"term-{n}", now_ms() - i))
                except (ConnectionRefusedError, ConnectionResetError):
                    # Refused after the listener closed: the request was never accepted, which is fine.
                    return
                except Exception as e:  # noqa: BLE001 - any other failure is what we look for
                    with lock:
                        failures.append(repr(e))
                    return
                with lock:
                    if r.status == 201:
                        successes[0] += 1
                    else:
                        failures.append(r.status)
                    lock.notify_all()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        # The signal comes with requests in flight.
        with lock:
            wait_for(lock, lambda: successes[0] >= 20, "20 acknowledged writes")
        service.process.send_signal(15)
        # Once the service has taken the signal, it still answers new connections (the grace period).
        poll_logs(service, "shutdown requested")
        probe_id = "grace-probe-" + uuid.uuid4().hex
        self.assertEqual(Client(service.port).get("/health", headers={"X-Request-Id": probe_id}).status, 200)
        code = service.process.wait(timeout=30 * SLOWDOWN)
        stop.set()
        for t in threads:
            t.join()
        lines = service.log_lines()
        service.stop()
        self.assertEqual(code, 0)
        self.assertEqual(failures, [])
        messages = [line.get("msg") for line in lines]
        requested = messages.index("shutdown requested")
        probe = next(i for i, line in enumerate(lines) if line.get("request_id") == probe_id)
        self.assertLess(requested, probe, "the probe was answered after the signal was taken")
        self.assertLess(probe, messages.index("draining"), "and before the grace period ended")
        self.assertNotIn("shutdown deadline reached; closing busy connections", messages,
                         "the drain closes idle keep-alive connections instead of waiting them out")
        self.assertEqual(messages[-1], "stopped")

    @unittest.skipUnless(STORAGE == "sqlite", "another process can lock the embedded store's file")
    def test_storage_outage_gives_503_and_recovers_by_itself(self):
        import sqlite3
        with Service() as service:
            api = service.client()
            self.assertEqual(api.post("/api/v1/metrics", reading("outage")).status, 201)
            # Another process takes the write lock and keeps it: writes cannot commit.
            blocker = sqlite3.connect(service.env["SQLITE_PATH"], isolation_level=None, timeout=1)
            blocker.execute("BEGIN EXCLUSIVE")
            try:
                r = api.post("/api/v1/metrics", reading("outage"))
                self.assertEqual(r.status, 503, r)
                body = r.json()
                self.assertEqual(body["error_code"], "STORAGE_UNAVAILABLE")
                self.assertNotIn("SQLITE", body["message"].upper())
                self.assertEqual(api.get("/health").status, 200, "liveness never depends on storage")
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
            self.assertEqual(api.post("/api/v1/metrics", reading("outage")).status, 201)
            self.assertEqual(api.get("/health/db").status, 200)

    @unittest.skipUnless(STORAGE == "sqlite", "about the embedded store's file")
    def test_unusable_database_path_fails_start_with_a_clear_message(self):
        bad = Service(env={"SQLITE_PATH": "/proc/no-such-dir/portfolio.db"})
        with self.assertRaises(RuntimeError) as ctx:
            bad.start()
        self.assertIn("exited with 1", str(ctx.exception))
        self.assertIn("/proc/no-such-dir/portfolio.db", str(ctx.exception))
        bad.stop()


if __name__ == "__main__":
    unittest.main()

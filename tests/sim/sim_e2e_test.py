#!/usr/bin/env python3
"""End-to-end tests of portfolio-sim against the real portfolio-api binary.

Each test starts the service on a free loopback port (SQLite or the in-memory store), runs the
simulator as a user would, and then asks the API what it stored. Binaries come from the environment:
PORTFOLIO_API_BIN and PORTFOLIO_SIM_BIN, and EMF_LINT_BIN for the CloudWatch metrics check (set by CTest).
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

# One end-to-end scaffold: tests/e2e/service.py starts, probes and stops the real service.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from service import Service, free_port, now_ms  # noqa: E402

API_BIN = os.environ.get("PORTFOLIO_API_BIN", "")
SIM_BIN = os.environ.get("PORTFOLIO_SIM_BIN", "")
EMF_LINT_BIN = os.environ.get("EMF_LINT_BIN", "")
HOUR_MS = 3_600_000
DEVICE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
STATUSES = {"active", "inactive", "error", "maintenance"}


def this_hour_ms():
    """The start of the current hour, from one reading of the clock: two could straddle a millisecond
    and put it 1 ms before the hour."""
    now = now_ms()
    return now - now % HOUR_MS


class ApiServer(Service):
    """The real service on a free port (the e2e scaffold), in-memory unless told otherwise, with the
    queries these tests make. Its log is stdout alone: what the awslogs driver ships to CloudWatch,
    EMF lines included."""

    def __init__(self, workdir, **env):
        settings = {"STORAGE": "memory", "LOG_LEVEL": "warn"}
        settings.update({k: str(v) for k, v in env.items()})
        super().__init__(env=settings, data_dir=workdir, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        self.start()
        self.api = self.client()

    def get(self, path):
        r = self.api.get(path)
        return r.status, json.loads(r.body or "null")

    def readings(self, device_id, **query):
        """Every stored reading of a device, following cursors, oldest first."""
        items, cursor = [], None
        while True:
            params = dict(query, limit=1000, order="asc")
            if cursor:
                params["cursor"] = cursor
            status, page = self.get(f"/api/v1/metrics/{device_id}?" + urllib.parse.urlencode(params))
            if status == 404:
                return []
            assert status == 200, (status, page)
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    def devices(self):
        items, cursor = [], None
        while True:
            path = "/api/v1/devices?limit=1000" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            status, page = self.get(path)
            assert status == 200, (status, page)
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    def output(self):
        return self.logs()

    def stop(self):
        self.api.close()
        super().stop()


def run_sim(*args, env=None, timeout=120):
    environment = dict(os.environ)
    environment.pop("PORTFOLIO_API_KEY", None)
    environment.update(env or {})
    return subprocess.run([SIM_BIN, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=environment, stdin=subprocess.DEVNULL)


class SimulatorEndToEnd(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="portfolio-sim-e2e-")
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            server.stop()

    def start_api(self, **env):
        server = ApiServer(self.workdir, **env)
        self.servers.append(server)
        return server

    def assert_plausible(self, reading):
        self.assertRegex(reading["device_id"], DEVICE_ID)
        self.assertGreaterEqual(reading["temperature"], -10)
        self.assertLessEqual(reading["temperature"], 50)
        self.assertGreaterEqual(reading["humidity"], 0)
        self.assertLessEqual(reading["humidity"], 100)
        self.assertIn(reading["status"], STATUSES)
        if "battery_level" in reading:
            self.assertGreaterEqual(reading["battery_level"], 0)
            self.assertLessEqual(reading["battery_level"], 100)
        self.assertLessEqual(len(reading.get("location", "")), 64)

    def test_backfill_stores_every_reading_of_every_device(self):
        api = self.start_api(STORAGE="sqlite", SQLITE_PATH=os.path.join(self.workdir, "backfill.db"))
        end = this_hour_ms()
        result = run_sim("--api-url", api.url, "--mode", "backfill", "--devices", 3, "--days", 1,
                         "--interval", "1h", "--seed", 42, "--batch-size", 10, "--end-time", end)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("72 of 72 readings sent for 3 devices", result.stdout)
        self.assertIn("72 accepted, 0 rejected", result.stdout)
        self.assertRegex(result.stdout, r"\d+ readings/s")
        # Not a terminal: plain progress lines, no carriage returns.
        self.assertIn("backfill: 100% 72/72 readings", result.stderr)
        self.assertNotIn("\r", result.stderr)

        devices = api.devices()
        self.assertEqual(sorted(d["device_id"] for d in devices), ["sensor-001", "sensor-002", "sensor-003"])
        expected_times = [end - HOUR_MS * k for k in range(23, -1, -1)]
        for device in devices:
            readings = api.readings(device["device_id"])
            self.assertEqual([r["timestamp"] for r in readings], expected_times, device["device_id"])
            for reading in readings:
                self.assert_plausible(reading)
            self.assertEqual(device["last_seen"], end)
        # Temperatures vary over the day rather than repeating one value.
        temperatures = [r["temperature"] for r in api.readings("sensor-001")]
        self.assertGreater(max(temperatures) - min(temperatures), 2)

    def test_the_same_seed_sends_the_same_readings(self):
        api = self.start_api()
        end = this_hour_ms()
        for prefix, seed in (("a-", 7), ("b-", 7), ("c-", 8)):
            result = run_sim("--api-url", api.url, "--mode", "backfill", "--devices", 2, "--days", 0.5,
                             "--interval", "30m", "--seed", seed, "--device-prefix", prefix, "--end-time", end)
            self.assertEqual(result.returncode, 0, result.stderr)

        def without_id(readings):
            return [{k: v for k, v in r.items() if k != "device_id"} for r in readings]

        first, same, other = (without_id(api.readings(f"{p}002")) for p in ("a-", "b-", "c-"))
        self.assertEqual(len(first), 24)
        self.assertEqual(first, same)
        self.assertNotEqual(first, other)

    def test_live_mode_reports_every_interval_for_the_given_duration(self):
        api = self.start_api(STORAGE="sqlite", SQLITE_PATH=os.path.join(self.workdir, "live.db"))
        started = now_ms()
        result = run_sim("--api-url", api.url, "--devices", 2, "--interval", "1s", "--duration", "3s",
                         "--seed", 3, timeout=60)
        finished = now_ms()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("6 readings stored from 2 devices in 3 ticks", result.stdout)
        for device_id in ("sensor-001", "sensor-002"):
            readings = api.readings(device_id)
            self.assertEqual(len(readings), 3, device_id)
            for reading in readings:
                self.assert_plausible(reading)
                self.assertGreaterEqual(reading["timestamp"], started - 1000)
                self.assertLessEqual(reading["timestamp"], finished)
            gaps = [b["timestamp"] - a["timestamp"] for a, b in zip(readings, readings[1:])]
            self.assertTrue(all(500 <= gap <= 2500 for gap in gaps), gaps)
        status, latest = api.get("/api/v1/metrics/latest")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(r["device_id"] for r in latest["items"]), ["sensor-001", "sensor-002"])

    def test_live_mode_stops_cleanly_on_sigterm(self):
        api = self.start_api()
        sim = subprocess.Popen([SIM_BIN, "--api-url", api.url, "--devices", "2", "--interval", "1s"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and len(api.readings("sensor-002")) < 2:
                time.sleep(0.1)
            self.assertGreaterEqual(len(api.readings("sensor-002")), 2)
            sim.send_signal(signal.SIGTERM)
            out, err = sim.communicate(timeout=10)
        finally:
            if sim.poll() is None:
                sim.kill()
                sim.wait()
        self.assertEqual(sim.returncode, 0, err)
        self.assertRegex(out, r"live: \d+ readings stored from 2 devices")

    def test_an_unreachable_api_is_a_clear_error(self):
        url = f"http://127.0.0.1:{free_port()}"
        for mode in ("live", "backfill"):
            result = run_sim("--api-url", url, "--mode", mode, "--devices", 1, timeout=60)
            self.assertEqual(result.returncode, 3, result.stderr)
            self.assertIn(f"cannot reach the API at {url}", result.stderr)

    def test_readings_the_api_rejects_are_reported_with_its_error_code(self):
        api = self.start_api()
        # Two days ahead of the server's clock: the API refuses readings from the future.
        result = run_sim("--api-url", api.url, "--mode", "backfill", "--devices", 2, "--days", 1,
                         "--interval", "1h", "--end-time", now_ms() + 2 * 24 * HOUR_MS)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("rejected: VALIDATION_ERROR", result.stderr)
        self.assertIn("0 accepted, 48 rejected", result.stdout)
        self.assertEqual(api.devices(), [])

    def test_api_keys_are_sent_when_the_api_requires_them(self):
        api = self.start_api(API_KEYS="first-key,second-key")
        refused = run_sim("--api-url", api.url, "--devices", 1, "--interval", "1s", "--duration", "1s")
        self.assertEqual(refused.returncode, 1, refused.stderr)
        self.assertIn("HTTP 401 UNAUTHORIZED", refused.stderr)
        self.assertEqual(api.devices(), [])

        accepted = run_sim("--api-url", api.url, "--devices", 1, "--interval", "1s", "--duration", "1s",
                           env={"PORTFOLIO_API_KEY": "second-key"})
        self.assertEqual(accepted.returncode, 0, accepted.stderr)
        self.assertEqual(len(api.readings("sensor-001")), 1)

    def test_the_service_reports_the_sims_traffic_as_cloudwatch_emf(self):
        api = self.start_api(METRICS_FLUSH_SECONDS=1)
        end = this_hour_ms()
        result = run_sim("--api-url", api.url, "--mode", "backfill", "--devices", 2, "--days", 1,
                         "--interval", "1h", "--batch-size", 8, "--end-time", end)
        self.assertEqual(result.returncode, 0, result.stderr)
        api.stop()  # the last interval is flushed on shutdown at the latest
        log = api.output()

        lint = subprocess.run([EMF_LINT_BIN], input=log, capture_output=True, text=True, timeout=30)
        self.assertEqual(lint.returncode, 0, lint.stdout)

        documents = [json.loads(line) for line in log.splitlines() if line.startswith("{") and '"_aws"' in line]
        batches = [d for d in documents if d.get("Route") == "POST /api/v1/metrics/batch"]
        self.assertTrue(batches, log[-2000:])
        # 48 readings in batches of 8: six requests, all 200, each with a latency sample.
        self.assertEqual(sum(d["Requests"] for d in batches), 6)
        self.assertEqual(sum(d["Errors4xx"] + d["Errors5xx"] for d in batches), 0)
        self.assertEqual(sum(sum(d["Latency"]["Counts"]) for d in batches), 6)
        for document in documents:
            self.assertEqual(document["Service"], "portfolio-api")
            directive = document["_aws"]["CloudWatchMetrics"][0]
            self.assertEqual(directive["Namespace"], "Portfolio/API")
            self.assertEqual(directive["Dimensions"], [["Service"], ["Service", "Route"]])


if __name__ == "__main__":
    if not all(os.access(path, os.X_OK) for path in (API_BIN, SIM_BIN, EMF_LINT_BIN)):
        raise SystemExit("set PORTFOLIO_API_BIN, PORTFOLIO_SIM_BIN and EMF_LINT_BIN to the built binaries")
    unittest.main(verbosity=2)

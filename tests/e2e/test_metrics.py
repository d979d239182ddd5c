import unittest
import uuid

from service import ServiceTestCase, Service, now_ms, reading

DAY = 86_400_000


def device():
    return "dev-" + uuid.uuid4().hex[:10]


class MetricsTest(ServiceTestCase):


    def ingest(self, body):
        r = self.api.post("/api/v1/metrics", body)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def test_ingest_returns_the_stored_reading(self):
        d = device()
        ts = now_ms() - 1000
        stored = self.ingest(reading(d, ts, battery_level=80.5, location="lab"))
        self.assertEqual(stored, {"device_id": d, "timestamp": ts, "temperature": 21.5, "humidity": 40.0,
                                  "status": "active", "battery_level": 80.5, "location": "lab"})
        history = self.api.get(f"/api/v1/metrics/{d}").json()
        self.assertEqual(history["items"], [stored])

    def test_missing_timestamp_uses_the_server_clock(self):
        before = now_ms()
        stored = self.ingest(reading(device()))
        self.assertGreaterEqual(stored["timestamp"], before)
        self.assertLessEqual(stored["timestamp"], now_ms())

    def test_timestamp_rules(self):
        seconds = now_ms() // 1000
        body = self.assert_error(self.api.post("/api/v1/metrics", reading(device(), seconds)), 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"][0]["field"], "timestamp")
        self.assertIn("seconds", body["details"][0]["message"])
        self.assert_error(self.api.post("/api/v1/metrics", reading(device(), now_ms() + 6 * 60_000)), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.post("/api/v1/metrics", reading(device(), 1.5e12)), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.post("/api/v1/metrics", reading(device(), "1700000000000")), 400, "VALIDATION_ERROR")
        self.ingest(reading(device(), now_ms() + 4 * 60_000))

    def test_range_and_type_rules_name_every_field(self):
        bad = {"device_id": "bad id!", "temperature": 101, "humidity": -1, "status": "on fire",
               "battery_level": 150, "location": "x" * 65, "extra": 1}
        body = self.assert_error(self.api.post("/api/v1/metrics", bad), 400, "VALIDATION_ERROR")
        fields = {d["field"] for d in body["details"]}
        # The shape is checked first (unknown fields, types, enumerations): those errors are reported
        # alone, and the range rules run once the body has the right shape (the cases below).
        self.assertEqual(fields, {"status", "extra"})
        body = self.assert_error(self.api.post("/api/v1/metrics", {"device_id": "ok", "temperature": 1, "humidity": 1,
                                                                   "status": "active", "battery_level": 150, "location": "x" * 65}),
                                 400, "VALIDATION_ERROR")
        self.assertEqual({d["field"] for d in body["details"]}, {"battery_level", "location"})
        body = self.assert_error(self.api.post("/api/v1/metrics", {"device_id": "x" * 65, "temperature": -51, "humidity": 100.5, "status": "active"}),
                                 400, "VALIDATION_ERROR")
        self.assertEqual({d["field"] for d in body["details"]}, {"device_id", "temperature", "humidity"})
        body = self.assert_error(self.api.post("/api/v1/metrics", {}), 400, "VALIDATION_ERROR")
        self.assertEqual({d["field"] for d in body["details"]}, {"device_id", "temperature", "humidity", "status"})
        self.assert_error(self.api.post("/api/v1/metrics", {"device_id": "d", "temperature": "hot", "humidity": 1, "status": "active"}), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.post("/api/v1/metrics", [1, 2]), 400, "VALIDATION_ERROR")

    def test_same_key_replaces(self):
        d = device()
        ts = now_ms() - 5000
        self.ingest(reading(d, ts, temperature=10))
        self.ingest(reading(d, ts, temperature=30))
        items = self.api.get(f"/api/v1/metrics/{d}").json()["items"]
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0]["temperature"], 30)

    def test_history_window_order_and_pages(self):
        d = device()
        base = now_ms() - 10 * 60_000
        for i in range(25):
            self.ingest(reading(d, base + i * 1000, temperature=i))
        r = self.api.get(f"/api/v1/metrics/{d}?order=asc&limit=10")
        page = r.json()
        self.assertEqual([x["temperature"] for x in page["items"]], list(range(10)))
        collected = list(page["items"])
        while page["next_cursor"]:
            page = self.api.get(f"/api/v1/metrics/{d}?order=asc&limit=10&cursor={page['next_cursor']}").json()
            collected += page["items"]
        self.assertEqual([x["temperature"] for x in collected], list(range(25)))
        desc = self.api.get(f"/api/v1/metrics/{d}?limit=3").json()
        self.assertEqual([x["temperature"] for x in desc["items"]], [24, 23, 22])
        window = self.api.get(f"/api/v1/metrics/{d}?from={base + 5000}&to={base + 7000}&order=asc").json()
        self.assertEqual([x["temperature"] for x in window["items"]], [5, 6, 7])
        self.assertIsNone(window["next_cursor"])
        # A cursor is bound to its query.
        cursor = self.api.get(f"/api/v1/metrics/{d}?order=asc&limit=10").json()["next_cursor"]
        self.assert_error(self.api.get(f"/api/v1/metrics/{d}?order=desc&limit=10&cursor={cursor}"), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.get(f"/api/v1/metrics/{device()}?cursor={cursor}"), 400, "VALIDATION_ERROR")
        # An empty window of a known device is an empty page, not a 404.
        empty = self.api.get(f"/api/v1/metrics/{d}?from=1000000000000&to=1000000001000")
        self.assertEqual(empty.status, 200)
        self.assertEqual(empty.json()["items"], [])

    def test_history_parameter_errors(self):
        d = device()
        self.ingest(reading(d))
        for query in ("limit=0", "limit=1001", "limit=x", "order=up", "from=-1", "from=5&to=4",
                      "from=99999999999999999999", "to=1e3"):
            self.assert_error(self.api.get(f"/api/v1/metrics/{d}?{query}"), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.get("/api/v1/metrics/bad%20id"), 400, "VALIDATION_ERROR")

    def test_unknown_device_is_404(self):
        self.assert_error(self.api.get(f"/api/v1/metrics/{device()}"), 404, "DEVICE_NOT_FOUND")

    def test_batch_stores_valid_and_reports_rejected(self):
        d = device()
        ts = now_ms() - 60_000
        readings = [reading(d, ts + i) for i in range(5)]
        readings.insert(2, reading(d, ts, temperature=500))
        readings.append({"device_id": d})
        r = self.api.post("/api/v1/metrics/batch", {"readings": readings})
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body["accepted"], 5)
        self.assertEqual(body["rejected"], 2)
        self.assertEqual([e["index"] for e in body["errors"]], [2, 6])
        self.assertEqual(body["errors"][0]["error_code"], "VALIDATION_ERROR")
        self.assertEqual(body["errors"][0]["details"][0]["field"], "temperature")
        self.assertEqual(self.api.get(f"/api/v1/metrics/{d}").json()["count"], 5)

    def test_batch_limits(self):
        self.assert_error(self.api.post("/api/v1/metrics/batch", {"readings": []}), 400, "VALIDATION_ERROR")
        too_many = [reading(device()) for _ in range(501)]
        self.assert_error(self.api.post("/api/v1/metrics/batch", {"readings": too_many}), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.post("/api/v1/metrics/batch", {"items": []}), 400, "VALIDATION_ERROR")
        self.assert_error(self.api.post("/api/v1/metrics/batch", [reading()]), 400, "VALIDATION_ERROR")
        full = [reading(device(), now_ms() - i) for i in range(500)]
        r = self.api.post("/api/v1/metrics/batch", {"readings": full})
        self.assertEqual(r.json()["accepted"], 500)

    def test_latest_devices_and_summary(self):
        service = Service().start()
        try:
            api = service.client()
            base = now_ms() - 30 * 60_000
            for i, t in enumerate([10.0, 20.0, 30.0]):
                api.post("/api/v1/metrics", reading("alpha", base + i * 1000, temperature=t, humidity=50 + i))
            api.post("/api/v1/metrics", reading("beta", base + 500, status="error", temperature=-5))
            # An out-of-order older reading does not become the latest.
            api.post("/api/v1/metrics", reading("alpha", base - 60_000, temperature=99))

            latest = api.get("/api/v1/metrics/latest").json()
            by_device = {x["device_id"]: x for x in latest["items"]}
            self.assertEqual(latest["count"], 2)
            self.assertEqual(by_device["alpha"]["temperature"], 30.0)
            self.assertEqual(by_device["beta"]["status"], "error")

            devices = api.get("/api/v1/devices").json()
            self.assertEqual([x["device_id"] for x in devices["items"]], ["alpha", "beta"])
            self.assertEqual(devices["items"][1]["status"], "error")
            self.assertEqual(devices["items"][0]["last_seen"], base + 2000)
            self.assertEqual(devices["items"][0]["latest"]["temperature"], 30.0)
            page = api.get("/api/v1/devices?limit=1").json()
            self.assertEqual(len(page["items"]), 1)
            rest = api.get(f"/api/v1/devices?limit=1&cursor={page['next_cursor']}").json()
            self.assertEqual(rest["items"][0]["device_id"], "beta")
            self.assertIsNone(rest["next_cursor"])

            summary = api.get(f"/api/v1/metrics/summary?from={base - 1}&to={now_ms()}").json()
            alpha = next(x for x in summary["items"] if x["device_id"] == "alpha")
            self.assertEqual(alpha["count"], 3)
            self.assertEqual(alpha["temperature"], {"min": 10.0, "max": 30.0, "avg": 20.0})
            self.assertEqual(alpha["humidity"]["max"], 52.0)
            self.assertEqual(alpha["latest_status"], "active")
            self.assertEqual(alpha["latest_timestamp"], base + 2000)
            only_beta = api.get(f"/api/v1/metrics/summary?device_id=beta&from={base - 1}").json()
            self.assertEqual([x["device_id"] for x in only_beta["items"]], ["beta"])
            self.assertEqual(only_beta["items"][0]["latest_status"], "error")
            self.assertEqual(api.get("/api/v1/metrics/summary?from=10&to=5").status, 400)
        finally:
            service.stop()


if __name__ == "__main__":
    unittest.main()

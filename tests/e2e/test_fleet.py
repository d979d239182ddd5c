"""Fleet endpoints against the real binary: device filters and connectivity, fleet totals, latest
and summary paged by device, series buckets, and the 400s for bad filters, buckets and cursors."""
import unittest

from service import Service, ServiceTestCase, now_ms, reading

HOUR = 3_600_000
DAY = 24 * HOUR


class FleetTest(ServiceTestCase):
    # A fresh service per class: the devices listing sees only this class's devices.

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = now_ms()
        cls.now = now
        fleet = [
            reading("lab-1", now - 1000, battery_level=90),
            reading("lab-2", now - HOUR, status="error", battery_level=10),
            reading("lab-3", now - 5 * 60_000),
            reading("roof-1", now - 2000, status="maintenance", battery_level=19.5),
            reading("roof-2", now - DAY, battery_level=20, location="north"),
            reading("yard", now - 2 * HOUR, status="inactive", battery_level=5),
        ]
        r = cls.api.post("/api/v1/metrics/batch", {"readings": fleet})
        assert r.status == 200 and r.json()["accepted"] == 6, r

    def ids(self, query):
        r = self.api.get("/api/v1/devices" + query)
        self.assertEqual(r.status, 200, r)
        return [d["device_id"] for d in r.json()["items"]]

    def test_device_items_carry_connectivity_and_battery(self):
        items = {d["device_id"]: d for d in self.api.get("/api/v1/devices").json()["items"]}
        self.assertEqual(items["lab-1"]["connectivity"], "online")
        self.assertEqual(items["lab-2"]["connectivity"], "offline")
        self.assertEqual(items["lab-2"]["low_battery"], True)
        self.assertEqual(items["lab-2"]["battery_level"], 10)
        self.assertEqual(items["lab-3"]["low_battery"], False)
        self.assertNotIn("battery_level", items["lab-3"])
        self.assertEqual(items["roof-2"]["location"], "north")
        self.assertEqual(items["roof-2"]["last_seen"], self.now - DAY)
        self.assertEqual(items["roof-2"]["latest"]["timestamp"], self.now - DAY)

    def test_filters_combine_with_and(self):
        self.assertEqual(self.ids("?status=active"), ["lab-1", "lab-3", "roof-2"])
        self.assertEqual(self.ids("?connectivity=online"), ["lab-1", "lab-3", "roof-1"])
        self.assertEqual(self.ids("?connectivity=offline"), ["lab-2", "roof-2", "yard"])
        self.assertEqual(self.ids("?prefix=ro"), ["roof-1", "roof-2"])
        self.assertEqual(self.ids("?low_battery=true"), ["lab-2", "roof-1", "yard"])
        self.assertEqual(self.ids("?status=active&connectivity=online&prefix=lab"), ["lab-1", "lab-3"])

    def test_filtered_pages_and_foreign_cursors(self):
        first = self.api.get("/api/v1/devices?connectivity=offline&limit=2").json()
        self.assertEqual([d["device_id"] for d in first["items"]], ["lab-2", "roof-2"])
        rest = self.api.get(f"/api/v1/devices?connectivity=offline&limit=2&cursor={first['next_cursor']}").json()
        self.assertEqual([d["device_id"] for d in rest["items"]], ["yard"])
        self.assertIsNone(rest["next_cursor"])
        # The same cursor with another filter is refused.
        body = self.assert_error(self.api.get(f"/api/v1/devices?connectivity=online&limit=2&cursor={first['next_cursor']}"),
                                 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"][0]["field"], "cursor")

    def test_unknown_filter_values_name_the_field(self):
        for query, field in (("status=broken", "status"), ("connectivity=maybe", "connectivity"),
                             ("low_battery=yes", "low_battery"), ("prefix=bad%20id", "prefix"),
                             ("limit=0", "limit"), ("limit=1001", "limit")):
            body = self.assert_error(self.api.get("/api/v1/devices?" + query), 400, "VALIDATION_ERROR")
            self.assertEqual(body["details"][0]["field"], field, query)

    def test_stats(self):
        stats = self.api.get("/api/v1/devices/stats").json()
        self.assertEqual(stats["devices"], 6)
        self.assertEqual(stats["by_status"], {"active": 3, "inactive": 1, "error": 1, "maintenance": 1})
        self.assertEqual(stats["by_connectivity"], {"online": 3, "offline": 3})
        self.assertEqual(stats["low_battery"], 3)
        self.assertEqual(stats["offline_after_seconds"], 900)
        self.assertTrue(stats["timestamp"].endswith("Z"))

    def test_latest_is_paged_by_device(self):
        seen = []
        cursor = ""
        for _ in range(10):
            page = self.api.get("/api/v1/metrics/latest?limit=4" + cursor).json()
            self.assertLessEqual(page["count"], 4)
            seen += [x["device_id"] for x in page["items"]]
            if page["next_cursor"] is None:
                break
            cursor = "&cursor=" + page["next_cursor"]
        self.assertEqual(seen, ["lab-1", "lab-2", "lab-3", "roof-1", "roof-2", "yard"])
        self.assert_error(self.api.get("/api/v1/metrics/latest?limit=1001"), 400, "VALIDATION_ERROR")

    def test_summary_is_paged_and_carries_battery_min(self):
        base = f"/api/v1/metrics/summary?from={self.now - 2 * DAY}&to={self.now}&limit=4"
        first = self.api.get(base).json()
        self.assertIsNotNone(first["next_cursor"])
        rest = self.api.get(base + "&cursor=" + first["next_cursor"]).json()
        items = first["items"] + rest["items"]
        self.assertEqual([x["device_id"] for x in items], ["lab-1", "lab-2", "lab-3", "roof-1", "roof-2", "yard"])
        by_id = {x["device_id"]: x for x in items}
        self.assertEqual(by_id["lab-2"]["battery_min"], 10)
        self.assertIsNone(by_id["lab-3"]["battery_min"])
        body = self.assert_error(self.api.get(f"/api/v1/metrics/summary?from=1&to=2&cursor={first['next_cursor']}"),
                                 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"][0]["field"], "cursor")


class SeriesTest(ServiceTestCase):

    def test_buckets_and_auto(self):
        now = now_ms()
        start = (now - 3 * HOUR) // HOUR * HOUR
        readings = [reading("series-1", start + m * 60_000, temperature=10 + m, battery_level=100 - m)
                    for m in (1, 2, 61, 62, 63)]
        readings.append(reading("series-1", start + 2 * 60_000, temperature=40))  # resend: replaces
        self.assertEqual(self.api.post("/api/v1/metrics/batch", {"readings": readings}).json()["accepted"], 6)
        r = self.api.get(f"/api/v1/metrics/series-1/series?from={start}&to={start + 2 * HOUR - 1}&bucket=1h")
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual((body["bucket"], body["bucket_ms"]), ("1h", HOUR))
        self.assertEqual([b["start"] for b in body["items"]], [start, start + HOUR])
        self.assertEqual(body["items"][0]["count"], 2)
        self.assertEqual(body["items"][0]["temperature"], {"min": 11, "avg": 25.5, "max": 40})
        self.assertEqual(body["items"][0]["battery_min"], 99)
        self.assertEqual(body["items"][1]["count"], 3)
        # auto over the default 24 hours: 5-minute buckets (288 of them at most).
        auto = self.api.get("/api/v1/metrics/series-1/series").json()
        self.assertEqual((auto["bucket"], auto["bucket_ms"]), ("5m", 300_000))
        self.assertEqual(sum(b["count"] for b in auto["items"]), 5)

    def test_errors(self):
        self.api.post("/api/v1/metrics", reading("series-2", now_ms() - 1000))
        body = self.assert_error(self.api.get("/api/v1/metrics/series-2/series?bucket=2m"), 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"][0]["field"], "bucket")
        body = self.assert_error(self.api.get(f"/api/v1/metrics/series-2/series?bucket=1m&from=0&to={now_ms()}"),
                                 400, "VALIDATION_ERROR")
        self.assertEqual(body["details"][0]["field"], "bucket")
        self.assertIn("1000", body["details"][0]["message"])
        self.assert_error(self.api.get("/api/v1/metrics/never-seen/series"), 404, "DEVICE_NOT_FOUND")

    def test_null_optional_fields_mean_absent(self):
        r = self.api.post("/api/v1/metrics", reading("series-3", now_ms() - 1000, battery_level=None, location=None))
        self.assertEqual(r.status, 201, r)
        self.assertNotIn("battery_level", r.json())
        self.assertNotIn("location", r.json())


class OfflineAfterTest(unittest.TestCase):

    def test_offline_after_is_configurable(self):
        with Service(env={"DEVICE_OFFLINE_AFTER_SECONDS": "3600", "LOW_BATTERY_PERCENT": "50"}) as service:
            api = service.client()
            api.post("/api/v1/metrics", reading("cfg-1", now_ms() - 30 * 60_000, battery_level=40))
            device = api.get("/api/v1/devices").json()["items"][0]
            self.assertEqual(device["connectivity"], "online")
            self.assertTrue(device["low_battery"])
            self.assertEqual(api.get("/api/v1/devices/stats").json()["offline_after_seconds"], 3600)
            api.close()


if __name__ == "__main__":
    unittest.main()

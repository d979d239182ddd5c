-- One new reading per request: 100 devices, strictly increasing timestamps, so every POST is a
-- fresh durable write (not a replace of the same key).
local counter = 0
local base = os.time() * 1000 - 4 * 60 * 1000

request = function()
  counter = counter + 1
  local body = string.format(
    '{"device_id":"bench-%d","timestamp":%d,"temperature":21.5,"humidity":40.2,"status":"active"}',
    counter % 100, base + counter)
  return wrk.format("POST", "/api/v1/metrics", {["Content-Type"] = "application/json"}, body)
end

#include "storage/rollup_query.hpp"

#include <map>

namespace portfolio::storage {
namespace {

using domain::kDayMs;
using domain::kHourMs;
using domain::Rollup;
using Source = WindowPiece::Source;

std::int64_t floor_to(std::int64_t t, std::int64_t width) {
  return domain::bucket_start(t, width);
}

std::int64_t ceil_to(std::int64_t t, std::int64_t width) {
  const auto floor = floor_to(t, width);
  return floor == t ? t : floor + width;
}

void add_piece(std::vector<WindowPiece>& pieces, Source source, std::int64_t from, std::int64_t to) {
  if (from < to) pieces.push_back({source, from, to});
}

// Whole hours of [from, to) as hour pieces, the rest as raw pieces.
void plan_hours(std::vector<WindowPiece>& pieces, std::int64_t from, std::int64_t to) {
  const auto h0 = ceil_to(from, kHourMs);
  const auto h1 = floor_to(to, kHourMs);
  if (h0 >= h1) {
    add_piece(pieces, Source::raw, from, to);
    return;
  }
  add_piece(pieces, Source::raw, from, h0);
  add_piece(pieces, Source::hour, h0, h1);
  add_piece(pieces, Source::raw, h1, to);
}

}  // namespace

std::vector<WindowPiece> plan_window(std::int64_t from_ms, std::int64_t to_ms, bool days) {
  std::vector<WindowPiece> pieces;
  if (from_ms > to_ms) return pieces;
  // Far ends of the time line: no whole bucket arithmetic that could overflow.
  constexpr std::int64_t kEdge = INT64_MAX - 2 * kDayMs;
  if (from_ms < -kEdge || to_ms >= kEdge) {
    const auto from = std::max(from_ms, -kEdge);
    const auto to = std::min(to_ms, kEdge - 1) + 1;
    if (from >= to) return pieces;
    return plan_window(from, to - 1, days);
  }
  const auto from = from_ms;
  const auto to = to_ms + 1;  // half-open from here on
  if (days) {
    const auto d0 = ceil_to(from, kDayMs);
    const auto d1 = floor_to(to, kDayMs);
    if (d0 < d1) {
      plan_hours(pieces, from, d0);
      add_piece(pieces, Source::day, d0, d1);
      plan_hours(pieces, d1, to);
      return pieces;
    }
  }
  plan_hours(pieces, from, to);
  return pieces;
}

std::vector<WindowPiece> plan_query(std::int64_t from_ms, std::int64_t to_ms, std::int64_t bucket_ms) {
  if (bucket_ms != 0 && bucket_ms < kHourMs) {
    if (from_ms > to_ms) return {};
    return {{Source::raw, from_ms, to_ms == INT64_MAX ? INT64_MAX : to_ms + 1}};
  }
  return plan_window(from_ms, to_ms, bucket_ms == 0 || bucket_ms % kDayMs == 0);
}

Result<std::vector<Rollup>> aggregate_window(RollupSource& source, std::string_view device_id,
                                             std::int64_t from_ms, std::int64_t to_ms,
                                             std::int64_t bucket_ms) {
  std::map<std::int64_t, Rollup> buckets;
  const auto key_of = [bucket_ms](std::int64_t t) { return bucket_ms == 0 ? 0 : floor_to(t, bucket_ms); };
  const auto add = [&](const Rollup& rollup) {
    const auto key = key_of(rollup.start_ms);
    auto [it, fresh] = buckets.try_emplace(key);
    if (fresh) it->second.start_ms = key;
    it->second.merge(rollup);
  };
  const auto pieces = plan_query(from_ms, to_ms, bucket_ms);
  for (const auto& piece : pieces) {
    if (piece.source == Source::raw) {
      auto readings = source.readings_between(device_id, piece.from_ms, piece.to_ms);
      if (!readings) return readings.error();
      for (const auto& reading : *readings) {
        Rollup one;
        one.add(reading);
        one.start_ms = reading.timestamp_ms;
        add(one);
      }
      continue;
    }
    const auto grain = piece.source == Source::hour ? RollupGrain::hour : RollupGrain::day;
    auto rollups = source.rollups_between(device_id, grain, piece.from_ms, piece.to_ms);
    if (!rollups) return rollups.error();
    for (const auto& rollup : *rollups) add(rollup);
  }
  std::vector<Rollup> out;
  out.reserve(buckets.size());
  for (auto& [start, rollup] : buckets) {
    if (!rollup.empty()) out.push_back(rollup);
  }
  return out;
}

Result<std::optional<domain::DeviceSummary>> summarize_device(RollupSource& source,
                                                              std::string_view device_id,
                                                              std::int64_t from_ms, std::int64_t to_ms) {
  auto whole = aggregate_window(source, device_id, from_ms, to_ms, 0);
  if (!whole) return whole.error();
  if (whole->empty()) return std::optional<domain::DeviceSummary>{};
  return std::optional<domain::DeviceSummary>{domain::to_summary(std::string(device_id), whole->front())};
}

Result<std::vector<domain::SeriesBucket>> series_of(RollupSource& source, const SeriesQuery& query) {
  auto buckets = aggregate_window(source, query.device_id, query.from_ms, query.to_ms, query.bucket_ms);
  if (!buckets) return buckets.error();
  std::vector<domain::SeriesBucket> out;
  out.reserve(buckets->size());
  for (const auto& rollup : *buckets) out.push_back(domain::to_series_bucket(rollup));
  return out;
}

Rollup rollup_of(std::int64_t start_ms, const std::vector<domain::Reading>& readings) {
  Rollup rollup;
  for (const auto& reading : readings) rollup.add(reading);
  rollup.start_ms = start_ms;
  return rollup;
}

}  // namespace portfolio::storage

#include "observability/emf_aggregator.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

#include "emf_validator.hpp"

namespace portfolio::observability {
namespace {

namespace json = boost::json;

constexpr std::int64_t kNow = 1'764'324'000'000;
constexpr std::string_view kUserRoute = "GET /api/v1/users/{user_id}";
constexpr std::string_view kIngestRoute = "POST /api/v1/metrics";

// Parses every line after checking it against the EMF specification's required structure.
std::vector<json::object> parse_valid(const std::vector<std::string>& lines) {
  std::vector<json::object> documents;
  for (const auto& line : lines) {
    const auto problems = testing::emf_violations(line);
    EXPECT_TRUE(problems.empty()) << line
                                  << "\nfirst problem: " << (problems.empty() ? "" : problems.front());
    documents.push_back(json::parse(line).as_object());
  }
  return documents;
}

const json::object* find_route(const std::vector<json::object>& documents, std::string_view route) {
  for (const auto& document : documents) {
    if (document.at("Route").as_string() == route) {
      return &document;
    }
  }
  return nullptr;
}

double total_count(const json::object& latency) {
  double total = 0;
  for (const auto& count : latency.at("Counts").as_array()) {
    total += count.to_number<double>();
  }
  return total;
}

TEST(EmfAggregator, NothingRecordedMeansNothingToFlush) {
  EmfAggregator aggregator;
  EXPECT_TRUE(aggregator.flush(kNow).empty());
}

TEST(EmfAggregator, DeclaresTheSharedNamespaceDimensionsAndMetrics) {
  EmfAggregator aggregator;
  aggregator.record(kUserRoute, 200, 1.5);
  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 1u);
  const auto& document = documents.front();

  const auto& metadata = document.at("_aws").as_object();
  EXPECT_EQ(metadata.at("Timestamp").to_number<std::int64_t>(), kNow);
  const auto& directives = metadata.at("CloudWatchMetrics").as_array();
  ASSERT_EQ(directives.size(), 1u);
  const auto& directive = directives.front().as_object();
  EXPECT_EQ(directive.at("Namespace").as_string(), "Portfolio/API");
  EXPECT_EQ(json::serialize(directive.at("Dimensions")), R"([["Service"],["Service","Route"]])");
  EXPECT_EQ(json::serialize(directive.at("Metrics")),
            R"([{"Name":"Requests","Unit":"Count"},{"Name":"Errors4xx","Unit":"Count"},)"
            R"({"Name":"Errors5xx","Unit":"Count"},{"Name":"Latency","Unit":"Milliseconds"}])");
  EXPECT_EQ(document.at("Service").as_string(), "portfolio-api");
  EXPECT_EQ(document.at("Route").as_string(), kUserRoute);
}

TEST(EmfAggregator, CountsRequestsAndErrorClassesPerRoute) {
  EmfAggregator aggregator;
  for (unsigned status : {200u, 201u, 204u, 304u, 400u, 404u, 429u, 499u, 500u, 503u}) {
    aggregator.record(kUserRoute, status, 2.0);
  }
  aggregator.record(kIngestRoute, 201, 0.8);
  aggregator.record(kIngestRoute, 413, 0.1);

  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 2u);
  // Sorted by route, so consecutive flushes of the same traffic read alike.
  EXPECT_EQ(documents[0].at("Route").as_string(), kUserRoute);
  EXPECT_EQ(documents[1].at("Route").as_string(), kIngestRoute);

  const auto* users = find_route(documents, kUserRoute);
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->at("Requests").to_number<int>(), 10);
  EXPECT_EQ(users->at("Errors4xx").to_number<int>(), 4);
  EXPECT_EQ(users->at("Errors5xx").to_number<int>(), 2);

  const auto* ingest = find_route(documents, kIngestRoute);
  ASSERT_NE(ingest, nullptr);
  EXPECT_EQ(ingest->at("Requests").to_number<int>(), 2);
  EXPECT_EQ(ingest->at("Errors4xx").to_number<int>(), 1);
  EXPECT_EQ(ingest->at("Errors5xx").to_number<int>(), 0);
}

TEST(EmfAggregator, LatencyDistributionKeepsExactStatisticsAndBucketedValues) {
  EmfAggregator aggregator;
  const std::vector<double> latencies = {0.25, 0.3, 0.95, 1.0, 7.5, 120.0, 950.0};
  for (double latency : latencies) {
    aggregator.record(kUserRoute, 200, latency);
  }

  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 1u);
  const auto& latency = documents.front().at("Latency").as_object();
  EXPECT_DOUBLE_EQ(latency.at("Min").to_number<double>(), 0.25);
  EXPECT_DOUBLE_EQ(latency.at("Max").to_number<double>(), 950.0);
  EXPECT_DOUBLE_EQ(latency.at("Sum").to_number<double>(),
                   std::accumulate(latencies.begin(), latencies.end(), 0.0));
  EXPECT_EQ(latency.at("Count").to_number<int>(), 7);
  EXPECT_EQ(total_count(latency), 7);

  // 0.95 and 1.0 share a bucket; every other latency has one of its own, within 10 % of the truth.
  const auto& values = latency.at("Values").as_array();
  ASSERT_EQ(values.size(), 6u);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double value = values[i].to_number<double>();
    const bool near_one = std::any_of(latencies.begin(), latencies.end(),
                                      [&](double l) { return std::abs(value - l) / l < 0.10; });
    EXPECT_TRUE(near_one) << value;
    if (i > 0) {
      EXPECT_GT(value, values[i - 1].to_number<double>());
    }
  }
}

TEST(EmfAggregator, WidelySpreadLatenciesStayWithinAHundredValues) {
  EmfAggregator aggregator;
  // Latencies from 1 us to over 400 s, 1 % apart: far more distinct values than buckets.
  const int recorded = 2000;
  double latency_ms = 0.001;
  for (int i = 0; i < recorded; ++i, latency_ms *= 1.01) {
    aggregator.record(kUserRoute, 200, latency_ms);
  }
  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 1u);
  const auto& latency = documents.front().at("Latency").as_object();
  EXPECT_EQ(latency.at("Values").as_array().size(), 100u);
  EXPECT_EQ(total_count(latency), recorded);
}

TEST(EmfAggregator, FlushStartsAFreshInterval) {
  EmfAggregator aggregator;
  aggregator.record(kUserRoute, 500, 3.0);
  ASSERT_EQ(aggregator.flush(kNow).size(), 1u);
  EXPECT_TRUE(aggregator.flush(kNow + 60'000).empty());

  aggregator.record(kIngestRoute, 201, 1.0);
  const auto documents = parse_valid(aggregator.flush(kNow + 120'000));
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents.front().at("Route").as_string(), kIngestRoute);
  EXPECT_EQ(documents.front().at("Requests").to_number<int>(), 1);
  EXPECT_EQ(documents.front().at("Errors5xx").to_number<int>(), 0);
  EXPECT_DOUBLE_EQ(documents.front().at("Latency").at("Min").to_number<double>(), 1.0);
}

TEST(EmfAggregator, RoutesBeyondTheCapAreCountedAsOther) {
  EmfAggregator aggregator({.service = "portfolio-api", .max_routes = 3});
  for (int i = 0; i < 10; ++i) {
    aggregator.record("GET /raw/path/" + std::to_string(i), 200, 1.0);
  }
  // A route seen before the cap was reached keeps its own line.
  aggregator.record("GET /raw/path/0", 404, 1.0);

  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 4u);
  const auto* other = find_route(documents, EmfAggregator::kOverflowRoute);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->at("Requests").to_number<int>(), 7);
  const auto* first = find_route(documents, "GET /raw/path/0");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->at("Requests").to_number<int>(), 2);
  EXPECT_EQ(first->at("Errors4xx").to_number<int>(), 1);
}

TEST(EmfAggregator, EmptyOrOverlongRoutesAreCountedAsOther) {
  EmfAggregator aggregator;
  aggregator.record("", 200, 1.0);
  aggregator.record(std::string(EmfAggregator::kMaxRouteLength + 1, 'x'), 200, 1.0);
  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents.front().at("Route").as_string(), EmfAggregator::kOverflowRoute);
  EXPECT_EQ(documents.front().at("Requests").to_number<int>(), 2);
}

TEST(EmfAggregator, RoutesNeedingJsonEscapesStayValid) {
  EmfAggregator aggregator;
  aggregator.record("GET /a\"b\\c\n", 200, 1.0);
  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents.front().at("Route").as_string(), "GET /a\"b\\c\n");
}

TEST(EmfAggregator, ImpossibleLatenciesStillGiveValidFiniteJson) {
  EmfAggregator aggregator;
  aggregator.record(kUserRoute, 200, std::numeric_limits<double>::quiet_NaN());
  aggregator.record(kUserRoute, 200, -4.0);
  aggregator.record(kUserRoute, 200, std::numeric_limits<double>::infinity());
  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 1u);
  const auto& latency = documents.front().at("Latency").as_object();
  EXPECT_DOUBLE_EQ(latency.at("Min").to_number<double>(), 0.0);
  EXPECT_TRUE(std::isfinite(latency.at("Max").to_number<double>()));
  EXPECT_TRUE(std::isfinite(latency.at("Sum").to_number<double>()));
  EXPECT_EQ(total_count(latency), 3);
}

TEST(EmfAggregator, ServiceNameComesFromTheOptions) {
  EmfAggregator aggregator({.service = "portfolio-api-canary", .max_routes = 8});
  aggregator.record(kUserRoute, 200, 1.0);
  const auto documents = parse_valid(aggregator.flush(kNow));
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents.front().at("Service").as_string(), "portfolio-api-canary");
}

TEST(EmfAggregator, ConcurrentRecordsAndFlushesLoseNothing) {
  EmfAggregator aggregator;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20'000;
  std::atomic<bool> done{false};
  std::vector<std::string> flushed;
  std::thread flusher([&] {
    while (!done.load()) {
      for (auto& line : aggregator.flush(kNow)) {
        flushed.push_back(std::move(line));
      }
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> workers;
  workers.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&aggregator, t] {
      const std::string route = t % 2 ? std::string(kUserRoute) : std::string(kIngestRoute);
      for (int i = 0; i < kPerThread; ++i) {
        aggregator.record(route, i % 10 == 0 ? 500 : 200, i % 50);
      }
    });
  }
  for (auto& worker : workers) {
    worker.join();
  }
  done = true;
  flusher.join();
  for (auto& line : aggregator.flush(kNow)) {
    flushed.push_back(std::move(line));
  }

  std::int64_t requests = 0;
  std::int64_t errors = 0;
  std::int64_t counted = 0;
  for (const auto& document : parse_valid(flushed)) {
    requests += document.at("Requests").to_number<std::int64_t>();
    errors += document.at("Errors5xx").to_number<std::int64_t>();
    counted += static_cast<std::int64_t>(total_count(document.at("Latency").as_object()));
  }
  EXPECT_EQ(requests, kThreads * kPerThread);
  EXPECT_EQ(errors, kThreads * kPerThread / 10);
  EXPECT_EQ(counted, requests);
}

}  // namespace
}  // namespace portfolio::observability

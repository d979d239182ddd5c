#include "app/process_limits.hpp"

#include <gtest/gtest.h>

namespace portfolio::app {
namespace {

TEST(CpuMax, UnlimitedQuotaGivesNoLimit) {
  EXPECT_EQ(cpus_from_cpu_max("max 100000"), std::nullopt);
}

TEST(CpuMax, AFractionOfACpuRoundsUpToOne) {
  // A 0.25-vCPU Fargate task.
  EXPECT_EQ(cpus_from_cpu_max("25000 100000"), 1U);
}

TEST(CpuMax, QuotasRoundUpToWholeCpus) {
  EXPECT_EQ(cpus_from_cpu_max("100000 100000"), 1U);
  EXPECT_EQ(cpus_from_cpu_max("150000 100000"), 2U);
  EXPECT_EQ(cpus_from_cpu_max("200000 100000"), 2U);
  EXPECT_EQ(cpus_from_cpu_max("400000 50000"), 8U);
}

TEST(CpuMax, UnreadableTextGivesNoLimit) {
  EXPECT_EQ(cpus_from_cpu_max(""), std::nullopt);
  EXPECT_EQ(cpus_from_cpu_max("100000"), std::nullopt);
  EXPECT_EQ(cpus_from_cpu_max("abc 100000"), std::nullopt);
  EXPECT_EQ(cpus_from_cpu_max("100000 0"), std::nullopt);
  EXPECT_EQ(cpus_from_cpu_max("-1 100000"), std::nullopt);
  EXPECT_EQ(cpus_from_cpu_max("100000 100000x"), std::nullopt);
}

TEST(UsableCpus, IsAtLeastOne) {
  EXPECT_GE(usable_cpu_count(), 1U);
}

TEST(MaxConnections, KeepsAnEighthOfTheDescriptorsInReserveAndAtLeast64) {
  EXPECT_EQ(default_max_connections(256), 192U);
  EXPECT_EQ(default_max_connections(1024), 896U);
  EXPECT_EQ(default_max_connections(65536), 57344U);
}

TEST(MaxConnections, ATinyLimitStillServesSixteen) {
  EXPECT_EQ(default_max_connections(64), 16U);
  EXPECT_EQ(default_max_connections(80), 16U);
  EXPECT_EQ(default_max_connections(81), 17U);
}

TEST(MaxRefusing, TakesHalfOfTheDescriptorsTheCapLeavesFree) {
  EXPECT_EQ(default_max_refusing(256, default_max_connections(256)), 32U);
  EXPECT_EQ(default_max_refusing(1024, 1000), 12U);
}

TEST(MaxRefusing, IsAtMost64AndAtLeast1) {
  EXPECT_EQ(default_max_refusing(65536, default_max_connections(65536)), 64U);
  EXPECT_EQ(default_max_refusing(1024, 1024), 1U);
  EXPECT_EQ(default_max_refusing(1024, 5000), 1U);
}

}  // namespace
}  // namespace portfolio::app

#include "sim/progress_reporter.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace portfolio::sim {
namespace {

TEST(ProgressReporter, WritesAPlainLineAtEveryTenthWhenNotOnATerminal) {
  std::ostringstream out;
  ProgressReporter progress(out, 1000, false);
  for (std::size_t done = 50; done <= 1000; done += 50) {
    progress.update(done);
  }
  progress.finish();
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 10);
  EXPECT_EQ(text.find('\r'), std::string::npos) << "no terminal control in logs";
  EXPECT_NE(text.find("100% 1000/1000 readings"), std::string::npos) << text;
}

TEST(ProgressReporter, RedrawsOneBarInPlaceOnATerminal) {
  std::ostringstream out;
  ProgressReporter progress(out, 10, true);
  progress.update(5);
  progress.finish();
  const std::string text = out.str();
  EXPECT_EQ(text.front(), '\r');
  EXPECT_NE(text.find("[###############...............] 50%"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace portfolio::sim

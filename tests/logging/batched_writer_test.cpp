#include "logging/batched_writer.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

namespace portfolio::logging {
namespace {

class Pipe {
 public:
  Pipe() { EXPECT_EQ(::pipe(fds_), 0); }
  ~Pipe() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int write_end() const { return fds_[1]; }
  // Everything readable now (the writer has flushed before this is called).
  std::string drain() const {
    std::string out;
    char buffer[4096];
    for (;;) {
      pollfd p{fds_[0], POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0) return out;
      const auto n = ::read(fds_[0], buffer, sizeof buffer);
      if (n <= 0) return out;
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fds_[2]{};
};

TEST(BatchedWriter, FlushWritesEveryLineInOrder) {
  Pipe pipe;
  BatchedWriter writer({pipe.write_end(), 1 << 20, 1 << 20, std::chrono::milliseconds(10'000)});
  writer.append("one");
  writer.append("two");
  writer.flush();
  EXPECT_EQ(pipe.drain(), "one\ntwo\n");
}

TEST(BatchedWriter, TheIntervalWritesWithoutAFlush) {
  Pipe pipe;
  BatchedWriter writer({pipe.write_end(), 1 << 20, 1 << 20, std::chrono::milliseconds(20)});
  writer.append("later");
  std::string seen;
  for (int i = 0; i < 200 && seen.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    seen = pipe.drain();
  }
  EXPECT_EQ(seen, "later\n");
}

TEST(BatchedWriter, LinesFromManyThreadsAreNeitherLostNorInterleaved) {
  // 400 lines of about 100 bytes: they all fit in the pipe's 64 KiB, so no reader has to run
  // alongside, and a torn line (one thread's bytes inside another's) shows in the contents.
  constexpr int kThreads = 4;
  constexpr int kLines = 100;
  const auto line = [](int t, int i) {
    return "thread-" + std::to_string(t) + "-line-" + std::to_string(i) + "-" +
           std::string(80, static_cast<char>('a' + t));
  };
  Pipe pipe;
  std::string all;
  {
    BatchedWriter writer({pipe.write_end(), 512, 1 << 20, std::chrono::milliseconds(5)});
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&writer, &line, t] {
        for (int i = 0; i < kLines; ++i) writer.append(line(t, i));
      });
    }
    for (auto& t : threads) t.join();
    writer.flush();
    all = pipe.drain();
  }
  ASSERT_FALSE(all.empty());
  ASSERT_EQ(all.back(), '\n');
  // Every line is one of the lines written, whole; each thread's lines arrive in the order written.
  std::vector<int> next(kThreads, 0);
  std::size_t begin = 0;
  int lines = 0;
  while (begin < all.size()) {
    const auto end = all.find('\n', begin);
    const auto got = all.substr(begin, end - begin);
    begin = end + 1;
    ++lines;
    const int t = got.size() > 7 ? got[7] - '0' : -1;
    ASSERT_TRUE(t >= 0 && t < kThreads) << "not a written line: " << got;
    ASSERT_LT(next[t], kLines) << "more lines than thread " << t << " wrote: " << got;
    ASSERT_EQ(got, line(t, next[t])) << "line " << lines << " is torn or out of order";
    ++next[t];
  }
  EXPECT_EQ(lines, kThreads * kLines);
  EXPECT_EQ(next, std::vector<int>(kThreads, kLines));
}

TEST(BatchedWriter, ABoundedBufferDropsAndReportsTheDrops) {
  Pipe pipe;
  BatchedWriter writer({pipe.write_end(), 1 << 20, 16, std::chrono::milliseconds(10'000)});
  writer.append("0123456789");  // 11 bytes with the newline: kept
  writer.append("0123456789");  // would pass 16: dropped
  EXPECT_EQ(writer.dropped(), 1U);
  writer.flush();
  const auto out = pipe.drain();
  EXPECT_EQ(out.find("0123456789\n"), 0U);
  EXPECT_NE(out.find("\"dropped_total\":1"), std::string::npos);
}

}  // namespace
}  // namespace portfolio::logging

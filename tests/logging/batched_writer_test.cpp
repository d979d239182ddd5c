#include "logging/batched_writer.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
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
  Pipe pipe;
  std::string all;
  {
    BatchedWriter writer({pipe.write_end(), 512, 1 << 20, std::chrono::milliseconds(5)});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&writer, t] {
        for (int i = 0; i < 100; ++i)
          writer.append("thread-" + std::to_string(t) + "-line-" + std::to_string(i));
      });
    }
    std::thread reader([&] {
      for (int i = 0; i < 400 && std::count(all.begin(), all.end(), '\n') < 400; ++i) {
        all += pipe.drain();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
    for (auto& t : threads) t.join();
    writer.flush();
    reader.join();
    all += pipe.drain();
  }
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 400);
  EXPECT_NE(all.find("thread-3-line-99\n"), std::string::npos);
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

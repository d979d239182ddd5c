#include "storage/images/local_image_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <optional>
#include <random>
#include <sstream>
#include <system_error>

#include "storage/images/image_index.hpp"

namespace portfolio::storage::images {
namespace {

namespace fs = std::filesystem;
using domain::Error;
using domain::Result;

constexpr std::string_view kMagic = "PIMG1";
constexpr std::string_view kFilePrefix = "i-";  // so that ids such as "." or ".." are plain names
constexpr std::string_view kTempPrefix = ".tmp-";
constexpr std::size_t kMaxHeader = 512;

Error io_error(std::string_view what, const fs::path& path, int error = errno) {
  return Error::unavailable(std::string(what) + " " + path.string() + ": " +
                            std::generic_category().message(error));
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&&) = delete;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_;
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string header_line(const ImageInfo& info) {
  std::ostringstream out;
  out << kMagic << ' ' << info.content_type << ' ' << info.bytes << ' ' << info.width << ' ' << info.height
      << ' ' << info.etag << '\n';
  return out.str();
}

std::optional<ImageInfo> parse_header(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::string magic;
  ImageInfo info;
  if (!(in >> magic >> info.content_type >> info.bytes >> info.width >> info.height >> info.etag) ||
      magic != kMagic) {
    return std::nullopt;
  }
  return info;
}

std::string random_suffix() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::ostringstream out;
  out << std::hex << random();
  return out.str();
}

class LocalReader : public ImageReader {
 public:
  LocalReader(Fd fd, ImageInfo info, fs::path path)
      : fd_(std::move(fd)), info_(std::move(info)), path_(std::move(path)) {}
  const ImageInfo& info() const override { return info_; }

  Result<std::size_t> read(std::span<char> buffer) override {
    for (;;) {
      const auto n = ::read(fd_.get(), buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return io_error("cannot read", path_);
      return static_cast<std::size_t>(n);
    }
  }

 private:
  Fd fd_;
  ImageInfo info_;
  fs::path path_;
};

class LocalImageStore : public ImageStore {
 public:
  explicit LocalImageStore(fs::path root) : root_(std::move(root)) {}

  // Indexes every image with its ETag (one header read each); a file without a valid header is
  // left out of the index (GET reports it).
  Result<void> start() {
    std::vector<std::pair<std::string, std::string>> entries;
    for (auto kind : {OwnerKind::device, OwnerKind::user}) {
      const auto folder = root_ / kind_folder(kind);
      std::error_code ec;
      fs::create_directories(folder, ec);
      if (ec) return Error::unavailable("cannot create " + folder.string() + ": " + ec.message());
      for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const auto file = entry.path().filename().string();
        if (file.starts_with(kTempPrefix)) {
          fs::remove(entry.path(), ec);  // left by a crash mid-upload; never linked
        } else if (file.starts_with(kFilePrefix)) {
          const ImageKey key{kind, file.substr(kFilePrefix.size())};
          auto reader = open(key);
          if (reader && *reader) entries.emplace_back(key.name(), unquoted_etag((*reader)->info().etag));
        }
      }
      if (ec) return Error::unavailable("cannot list " + folder.string() + ": " + ec.message());
    }
    index_.replace_all(std::move(entries));
    return {};
  }

  std::string_view backend() const override { return "local"; }

  Result<void> put(const ImageKey& key, std::string_view bytes, const ImageInfo& info) override {
    const auto folder = root_ / kind_folder(key.kind);
    const auto target = path_of(key);
    const auto temp = folder / (std::string(kTempPrefix) + random_suffix());
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd) return io_error("cannot create", temp);
    const bool written = write_all(fd.get(), header_line(info)) && write_all(fd.get(), bytes);
    if (!written || ::fsync(fd.get()) != 0) {
      const auto saved = errno;
      ::unlink(temp.c_str());
      return io_error("cannot write", temp, saved);
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
      const auto saved = errno;
      ::unlink(temp.c_str());
      return io_error("cannot rename onto", target, saved);
    }
    if (auto synced = sync_folder(folder); !synced) return synced;
    index_.insert(key.name(), unquoted_etag(info.etag));
    return {};
  }

  Result<std::unique_ptr<ImageReader>> open(const ImageKey& key) override {
    const auto path = path_of(key);
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
      if (errno == ENOENT) return std::unique_ptr<ImageReader>();
      return io_error("cannot open", path);
    }
    std::array<char, kMaxHeader> head{};
    const auto n = ::pread(fd.get(), head.data(), head.size(), 0);
    if (n < 0) return io_error("cannot read", path);
    const std::string_view text(head.data(), static_cast<std::size_t>(n));
    const auto end = text.find('\n');
    auto info = end == std::string_view::npos ? std::nullopt : parse_header(text.substr(0, end));
    if (!info) return Error::internal("image file " + path.string() + " has no valid header");
    if (::lseek(fd.get(), static_cast<off_t>(end + 1), SEEK_SET) < 0) return io_error("cannot seek", path);
    return std::unique_ptr<ImageReader>(std::make_unique<LocalReader>(std::move(fd), std::move(*info), path));
  }

  Result<bool> remove(const ImageKey& key) override {
    const auto path = path_of(key);
    if (::unlink(path.c_str()) != 0) {
      if (errno == ENOENT) {
        index_.erase(key.name());
        return false;
      }
      return io_error("cannot remove", path);
    }
    index_.erase(key.name());
    if (auto synced = sync_folder(root_ / kind_folder(key.kind)); !synced) return synced.error();
    return true;
  }

  std::optional<std::string> version(const ImageKey& key) const override {
    return index_.version(key.name());
  }

 private:
  fs::path path_of(const ImageKey& key) const {
    return root_ / kind_folder(key.kind) / (std::string(kFilePrefix) + key.owner_id);
  }

  static Result<void> sync_folder(const fs::path& folder) {
    Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || ::fsync(dir.get()) != 0) return io_error("cannot fsync", folder);
    return {};
  }

  fs::path root_;
  ImageIndex index_;
};

}  // namespace

Result<std::unique_ptr<ImageStore>> open_local_image_store(const fs::path& root) {
  auto store = std::make_unique<LocalImageStore>(root);
  if (auto started = store->start(); !started) return started.error();
  return std::unique_ptr<ImageStore>(std::move(store));
}

}  // namespace portfolio::storage::images

#include "storage/images/s3_image_store.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "aws/s3_client.hpp"
#include "storage/images/image_index.hpp"

namespace portfolio::storage::images {
namespace {

using aws::AwsError;
using domain::Error;
using domain::Result;

Error to_error(const AwsError& error) {
  if (error.kind == AwsError::Kind::service || error.kind == AwsError::Kind::protocol) {
    return Error::internal("S3 " + error.type + ": " + error.message);
  }
  return Error::unavailable("S3: " + error.message);
}

// A response header's value (names in lower case), or empty when absent.
std::string_view header_of(const aws::HttpResponse& response, std::string_view lower_case_name) {
  const std::string* value = response.header(lower_case_name);
  return value != nullptr ? std::string_view(*value) : std::string_view{};
}

std::uint64_t to_number(std::string_view text) {
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// "bytes 0-1048575/5242880" -> 5242880
std::optional<std::uint64_t> total_of(std::string_view content_range) {
  const auto slash = content_range.rfind('/');
  if (slash == std::string_view::npos || slash + 1 >= content_range.size()) return std::nullopt;
  return to_number(content_range.substr(slash + 1));
}

class S3Reader : public ImageReader {
 public:
  S3Reader(aws::S3Client& client, std::string bucket, std::string key, ImageInfo info, std::string s3_etag,
           std::string version_id, std::string first, std::size_t piece_bytes)
      : client_(client),
        bucket_(std::move(bucket)),
        key_(std::move(key)),
        info_(std::move(info)),
        s3_etag_(std::move(s3_etag)),
        version_id_(std::move(version_id)),
        buffer_(std::move(first)),
        fetched_(buffer_.size()),
        piece_bytes_(piece_bytes) {}

  const ImageInfo& info() const override { return info_; }

  Result<std::size_t> read(std::span<char> out) override {
    if (consumed_ == buffer_.size()) {
      if (fetched_ >= info_.bytes) return std::size_t{0};
      const auto last = std::min<std::uint64_t>(fetched_ + piece_bytes_, info_.bytes) - 1;
      aws::S3GetOptions options;
      options.range = std::make_pair(fetched_, last);
      options.if_match = s3_etag_;
      options.version_id = version_id_;  // a versioned bucket keeps serving the version we started
      auto piece = client_.get_object(bucket_, key_, options);
      if (!piece) return to_error(piece.error());
      buffer_ = std::move(piece->body);
      consumed_ = 0;
      fetched_ += buffer_.size();
      if (buffer_.empty()) return Error::unavailable("S3 returned an empty range of " + key_);
    }
    const auto n = std::min(out.size(), buffer_.size() - consumed_);
    std::memcpy(out.data(), buffer_.data() + consumed_, n);
    consumed_ += n;
    return n;
  }

 private:
  aws::S3Client& client_;
  std::string bucket_;
  std::string key_;
  ImageInfo info_;
  std::string s3_etag_;
  std::string version_id_;
  std::string buffer_;
  std::size_t consumed_ = 0;
  std::uint64_t fetched_ = 0;
  std::size_t piece_bytes_;
};

class S3ImageStore : public ImageStore {
 public:
  explicit S3ImageStore(S3ImageStoreOptions options)
      : options_(std::move(options)), client_(client_options(options_), options_.credentials) {}

  ~S3ImageStore() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (refresher_.joinable()) refresher_.join();
  }
  S3ImageStore(const S3ImageStore&) = delete;
  S3ImageStore& operator=(const S3ImageStore&) = delete;

  Result<void> start() {
    if (auto listed = refresh_index(); !listed) return listed;
    refresher_ = std::thread([this] { refresh_periodically(); });
    return {};
  }

  std::string_view backend() const override { return "s3"; }

  Result<void> put(const ImageKey& key, std::string_view bytes, const ImageInfo& info) override {
    aws::S3PutOptions put;
    put.content_type = info.content_type;
    put.kms_key_id = options_.kms_key_id;
    put.metadata = {{"width", std::to_string(info.width)},
                    {"height", std::to_string(info.height)},
                    {"etag", info.etag.substr(1, info.etag.size() - 2)}};
    auto stored = client_.put_object(options_.bucket, object_key(key), bytes, put);
    if (!stored) return to_error(stored.error());
    index_.insert(key.name(), unquoted_etag(header_of(*stored, "etag")));
    return {};
  }

  Result<std::unique_ptr<ImageReader>> open(const ImageKey& key) override {
    aws::S3GetOptions get;
    get.range = std::make_pair(std::uint64_t{0}, std::uint64_t{options_.piece_bytes - 1});
    auto first = client_.get_object(options_.bucket, object_key(key), get);
    if (!first) {
      if (first.error().http_status == 404) {
        index_.erase(key.name());
        return std::unique_ptr<ImageReader>();
      }
      return to_error(first.error());
    }
    ImageInfo info;
    info.content_type = std::string(header_of(*first, "content-type"));
    info.width = static_cast<std::uint32_t>(to_number(header_of(*first, "x-amz-meta-width")));
    info.height = static_cast<std::uint32_t>(to_number(header_of(*first, "x-amz-meta-height")));
    info.etag = '"' + std::string(header_of(*first, "x-amz-meta-etag")) + '"';
    const auto total = first->status == 206 ? total_of(header_of(*first, "content-range"))
                                            : std::optional<std::uint64_t>(first->body.size());
    if (!total) return Error::internal("S3 answered a ranged GET without Content-Range");
    info.bytes = *total;
    std::string s3_etag(header_of(*first, "etag"));
    std::string version_id(header_of(*first, "x-amz-version-id"));
    if (version_id == "null") version_id.clear();  // an unversioned bucket
    index_.insert(key.name(), unquoted_etag(s3_etag));
    return std::unique_ptr<ImageReader>(std::make_unique<S3Reader>(
        client_, options_.bucket, object_key(key), std::move(info), std::move(s3_etag), std::move(version_id),
        std::move(first->body), options_.piece_bytes));
  }

  Result<bool> remove(const ImageKey& key) override {
    // DeleteObject answers 204 whether or not the object existed: ask first.
    aws::S3GetOptions probe;
    probe.range = std::make_pair(std::uint64_t{0}, std::uint64_t{0});
    auto existing = client_.get_object(options_.bucket, object_key(key), probe);
    if (!existing) {
      if (existing.error().http_status != 404) return to_error(existing.error());
      index_.erase(key.name());
      return false;
    }
    auto deleted = client_.delete_object(options_.bucket, object_key(key));
    if (!deleted) return to_error(deleted.error());
    index_.erase(key.name());
    return true;
  }

  // S3's ETag of the object (from ListObjectsV2, PutObject and GetObject alike), so every instance
  // links the same URL for the same object.
  std::optional<std::string> version(const ImageKey& key) const override {
    return index_.version(key.name());
  }

 private:
  static aws::S3ClientOptions client_options(const S3ImageStoreOptions& options) {
    aws::S3ClientOptions out;
    out.region = options.region;
    out.endpoint = options.endpoint;
    return out;
  }

  std::string object_key(const ImageKey& key) const { return options_.prefix + key.name(); }

  Result<void> refresh_index() {
    std::vector<std::pair<std::string, std::string>> entries;
    std::optional<std::string> token;
    do {
      auto page = client_.list_objects(options_.bucket, options_.prefix, token);
      if (!page) return to_error(page.error());
      if (page->etags.size() != page->keys.size())
        return Error::internal("S3 listed keys without their ETags");
      for (std::size_t i = 0; i < page->keys.size(); ++i) {
        const auto& object = page->keys[i];
        if (object.starts_with(options_.prefix)) {
          entries.emplace_back(object.substr(options_.prefix.size()), unquoted_etag(page->etags[i]));
        }
      }
      token = page->next_token;
    } while (token);
    index_.replace_all(std::move(entries));
    return {};
  }

  void refresh_periodically() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, options_.index_refresh, [this] { return stopping_; })) {
      lock.unlock();
      (void)refresh_index();  // on failure the old index stays; the next refresh tries again
      lock.lock();
    }
  }

  S3ImageStoreOptions options_;
  aws::S3Client client_;
  ImageIndex index_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread refresher_;
};

}  // namespace

Result<std::unique_ptr<ImageStore>> open_s3_image_store(S3ImageStoreOptions options) {
  if (options.bucket.empty()) return Error::validation("IMAGES_BUCKET must be set");
  if (!options.credentials) options.credentials = aws::default_credentials_chain();
  auto store = std::make_unique<S3ImageStore>(std::move(options));
  if (auto started = store->start(); !started) return started.error();
  return std::unique_ptr<ImageStore>(std::move(store));
}

}  // namespace portfolio::storage::images

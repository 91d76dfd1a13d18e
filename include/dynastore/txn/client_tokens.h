// ClientTokens: TransactWriteItems' ClientRequestToken (API Reference,
// TransactWriteItems): "multiple identical calls have the same effect as one
// single call". A token is valid for 10 minutes after the first request that
// used it completed:
//
//   same token, same request, completed  -> success again, nothing applied twice
//   same token, other parameters         -> IdempotentParameterMismatchException
//   same token while the first still runs -> TransactionInProgressException
//   older than 10 minutes                -> a new request
//
// A completed token is a record in the system column, written in the same
// engine write as the transaction's items (plan_completion), so it exists
// exactly when the transaction was applied, also across a crash, and tokens
// survive a restart. A cancelled transaction records nothing: retrying its
// token runs it again. purge_expired() removes records past the window.
//
// Record (frozen, docs/storage-format.md): key "txn/token/<token>",
// value: version byte 1 | completion time, ms since the epoch (8 bytes,
// big-endian) | the request's digest (what the caller passes, 32 bytes).
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "dynastore/common/status.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::txn {

class ClientTokens {
 public:
  static constexpr double kValiditySeconds = 600;

  explicit ClientTokens(storage::KvEngine& engine) : engine_(engine) {}
  ClientTokens(const ClientTokens&) = delete;
  ClientTokens& operator=(const ClientTokens&) = delete;

  enum class Verdict {
    kRun,         // run the transaction; the claim holds the token until it ends
    kReplay,      // the same request completed within the window: answer success
    kMismatch,    // the token completed another request within the window
    kInProgress,  // another request with the token is running now
  };

  // Holds a token while its transaction runs (kRun); releases it when
  // destroyed. Movable, not copyable.
  class Claim {
   public:
    Claim(Claim&& other) noexcept : tokens_(other.tokens_), token_(std::move(other.token_)), verdict_(other.verdict_) {
      other.tokens_ = nullptr;
    }
    Claim& operator=(Claim&&) = delete;
    ~Claim();
    Verdict verdict() const { return verdict_; }

   private:
    friend class ClientTokens;
    Claim(ClientTokens* tokens, std::string token, Verdict verdict)
        : tokens_(tokens), token_(std::move(token)), verdict_(verdict) {}
    ClientTokens* tokens_;  // set while the claim holds the token
    std::string token_;
    Verdict verdict_;
  };

  // Looks `token` up for a request whose parameters hash to `digest`, at
  // `now` (epoch seconds). Errors: the engine's.
  Result<Claim> claim(std::string_view token, std::string_view digest, double now);

  // Adds the token's completion record to `batch`, which must commit with
  // the transaction's items (partition::ItemStore::write's `also`).
  static void plan_completion(std::string_view token, std::string_view digest, double now,
                              storage::WriteBatch& batch);

  // Removes the records older than the validity window at `now`; returns
  // how many it removed.
  Result<std::size_t> purge_expired(double now);

 private:
  void release(const std::string& token);

  storage::KvEngine& engine_;
  std::mutex mutex_;                         // guards running_
  std::unordered_set<std::string> running_;  // tokens whose transaction runs now
};

}  // namespace dynastore::txn

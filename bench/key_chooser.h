// Which key the next request touches: uniform, or YCSB's scrambled zipfian
// (theta 0.99) so that a few keys are hot but the hot keys are spread over
// the key space rather than clustered at its start.
//
// Thread-safety: a KeyChooser is immutable after construction and may be
// shared; each connection brings its own Rng.
#pragma once

#include <cstdint>
#include <utility>

namespace dynastore::bench {

// splitmix64: tiny, fast, and plenty for picking keys.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, 1).
  double next_double() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); n > 0.
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t state_;
};

enum class KeyDistribution { kUniform, kZipfian };

class KeyChooser {
 public:
  static constexpr double kZipfianTheta = 0.99;  // YCSB's default

  // Keys are 0..key_count-1; key_count > 0. Zipfian setup is O(key_count).
  KeyChooser(KeyDistribution distribution, std::uint64_t key_count);

  std::uint64_t next(Rng& rng) const;
  // Two different keys, each drawn from the distribution (a hot key is hot in
  // either place); with one key, both are 0. The second is redrawn at most 64
  // times, then it is the key after the first.
  std::pair<std::uint64_t, std::uint64_t> next_pair(Rng& rng) const;
  std::uint64_t key_count() const { return key_count_; }

 private:
  // Rank 0 is the most popular (Gray et al., "Quickly generating
  // billion-record synthetic databases", as implemented by YCSB).
  std::uint64_t zipfian_rank(Rng& rng) const;

  KeyDistribution distribution_;
  std::uint64_t key_count_;
  double zeta_n_ = 0;
  double alpha_ = 0;
  double eta_ = 0;
  double half_pow_theta_ = 0;
};

// Keys that no run has written before, for the insert workloads: counter
// values of one connection (`stream`) offset by a per-run nonce, through a
// bijective 64-bit mix, so every key of a run is distinct and they land at
// random places of the key space (a bulk load in random key order). Runs
// with different nonces collide with a chance of about 2^-18.
class NewKeys {
 public:
  NewKeys(std::uint64_t run_nonce, std::uint64_t stream) : next_(run_nonce + (stream << 40)) {}
  std::uint64_t next() { return mix(next_++); }
  // A bijection of the 64-bit values (splitmix64's finalizer).
  static std::uint64_t mix(std::uint64_t x);

 private:
  std::uint64_t next_;
};

}  // namespace dynastore::bench

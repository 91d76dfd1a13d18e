#include "key_chooser.h"

#include <cmath>

namespace dynastore::bench {

namespace {

double zeta(std::uint64_t n, double theta) {
  double sum = 0;
  for (std::uint64_t i = 1; i <= n; ++i) sum += 1.0 / std::pow(static_cast<double>(i), theta);
  return sum;
}

// FNV-1a over the rank's bytes, as YCSB's ScrambledZipfianGenerator does, so
// rank order and key order are unrelated.
std::uint64_t fnv1a(std::uint64_t value) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (int i = 0; i < 8; ++i) {
    hash ^= value & 0xff;
    hash *= 0x100000001b3ULL;
    value >>= 8;
  }
  return hash;
}

}  // namespace

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

KeyChooser::KeyChooser(KeyDistribution distribution, std::uint64_t key_count)
    : distribution_(distribution), key_count_(key_count == 0 ? 1 : key_count) {
  if (distribution_ != KeyDistribution::kZipfian) return;
  const double theta = kZipfianTheta;
  const double n = static_cast<double>(key_count_);
  zeta_n_ = zeta(key_count_, theta);
  const double zeta_2 = zeta(2, theta);
  alpha_ = 1.0 / (1.0 - theta);
  eta_ = (1.0 - std::pow(2.0 / n, 1.0 - theta)) / (1.0 - zeta_2 / zeta_n_);
  half_pow_theta_ = std::pow(0.5, theta);
}

std::uint64_t KeyChooser::zipfian_rank(Rng& rng) const {
  const double u = rng.next_double();
  const double uz = u * zeta_n_;
  if (uz < 1.0) return 0;
  if (uz < 1.0 + half_pow_theta_) return key_count_ > 1 ? 1 : 0;
  const auto rank =
      static_cast<std::uint64_t>(static_cast<double>(key_count_) * std::pow(eta_ * u - eta_ + 1.0, alpha_));
  return rank < key_count_ ? rank : key_count_ - 1;
}

std::uint64_t KeyChooser::next(Rng& rng) const {
  if (distribution_ == KeyDistribution::kUniform) return rng.below(key_count_);
  return fnv1a(zipfian_rank(rng)) % key_count_;
}

std::pair<std::uint64_t, std::uint64_t> KeyChooser::next_pair(Rng& rng) const {
  constexpr int kMaxRedraws = 64;
  const std::uint64_t first = next(rng);
  if (key_count_ == 1) return {first, first};
  for (int i = 0; i < kMaxRedraws; ++i) {
    const std::uint64_t second = next(rng);
    if (second != first) return {first, second};
  }
  return {first, (first + 1) % key_count_};
}

std::uint64_t NewKeys::mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace dynastore::bench

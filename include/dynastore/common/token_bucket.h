// TokenBucket: a budget of units that refills at a rate up to a capacity,
// for throughput limits (api/throughput_limiter.h). The rate and the
// capacity are given at every refill, so a limit changed elsewhere (an
// UpdateTable) applies from the next call on. Time is whatever monotonic
// seconds the caller passes: tests drive it without sleeping.
//
// The balance may go below zero: a request is let in while the balance
// holds its least possible cost and then pays what it turned out to cost (a
// read's cost is known only once the item has been read), so a large
// request leaves a debt that later refills pay off, and over time no more
// than the rate gets through.
//
// Thread-safety: none; the owner serialises calls.
#pragma once

namespace dynastore {

class TokenBucket {
 public:
  // Full: `capacity` units, as of `now`.
  TokenBucket(double capacity, double now) : balance_(capacity), last_(now) {}

  // Adds `rate` units per second since the last refill, up to `capacity`
  // (a balance above a lowered capacity drops to it). Time going backwards
  // adds nothing.
  void refill(double rate, double capacity, double now) {
    if (now > last_) {
      balance_ += rate * (now - last_);
      last_ = now;
    }
    if (balance_ > capacity) balance_ = capacity;
  }

  // Whether a request that costs at least `units` may start.
  bool admits(double units) const { return balance_ >= units; }
  void take(double units) { balance_ -= units; }
  double balance() const { return balance_; }

 private:
  double balance_;
  double last_;
};

}  // namespace dynastore

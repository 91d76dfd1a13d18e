// Prometheus's text exposition format (version 0.0.4), written by hand: a
// family's HELP and TYPE lines, then its samples, one per line, label values
// escaped as the format asks.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace dynastore::metrics {

using Label = std::pair<std::string_view, std::string_view>;

class PrometheusText {
 public:
  // HELP and TYPE ("counter", "gauge", "histogram") of the family `name`.
  void family(std::string_view name, std::string_view type, std::string_view help);
  // One sample: name{label="value",...} value.
  void sample(std::string_view name, std::initializer_list<Label> labels, double value);
  void sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value);
  // A sample with one more label after `labels` (a histogram's "le").
  void sample(std::string_view name, std::initializer_list<Label> labels, Label extra, std::uint64_t value);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void labels(std::initializer_list<Label> labels, const Label* extra);

  std::string out_;
};

}  // namespace dynastore::metrics

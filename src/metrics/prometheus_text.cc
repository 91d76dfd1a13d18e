#include "dynastore/metrics/prometheus_text.h"

#include <charconv>
#include <cmath>

namespace dynastore::metrics {

namespace {

// Label values: backslash, double quote and line feed are escaped; HELP
// text: backslash and line feed.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char digits[32];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, ec == std::errc() ? end : digits);
  }
}

void append_number(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_escaped(out_, help, /*quote=*/false);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void PrometheusText::labels(std::initializer_list<Label> labels, const Label* extra) {
  if (labels.size() == 0 && extra == nullptr) return;
  out_ += '{';
  bool first = true;
  auto one = [&](const Label& label) {
    if (!first) out_ += ',';
    first = false;
    out_ += label.first;
    out_ += "=\"";
    append_escaped(out_, label.second, /*quote=*/true);
    out_ += '"';
  };
  for (const Label& label : labels) one(label);
  if (extra != nullptr) one(*extra);
  out_ += '}';
}

void PrometheusText::sample(std::string_view name, std::initializer_list<Label> labels, double value) {
  out_ += name;
  this->labels(labels, nullptr);
  out_ += ' ';
  append_number(out_, value);
  out_ += '\n';
}

void PrometheusText::sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value) {
  out_ += name;
  this->labels(labels, nullptr);
  out_ += ' ';
  append_number(out_, value);
  out_ += '\n';
}

void PrometheusText::sample(std::string_view name, std::initializer_list<Label> labels, Label extra,
                            std::uint64_t value) {
  out_ += name;
  this->labels(labels, &extra);
  out_ += ' ';
  append_number(out_, value);
  out_ += '\n';
}

}  // namespace dynastore::metrics

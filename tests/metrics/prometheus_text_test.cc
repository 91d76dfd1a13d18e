#include "dynastore/metrics/prometheus_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace dynastore::metrics {
namespace {

TEST(PrometheusTextTest, FamilyAndSamplesInTheTextFormat) {
  PrometheusText out;
  out.family("dynastore_requests_total", "counter", "Requests.\nAll of them \\ here.");
  out.sample("dynastore_requests_total", {{"operation", "PutItem"}, {"table", "t"}}, std::uint64_t{3});
  out.sample("dynastore_up", {}, 1.5);
  EXPECT_EQ(out.text(),
            "# HELP dynastore_requests_total Requests.\\nAll of them \\\\ here.\n"
            "# TYPE dynastore_requests_total counter\n"
            "dynastore_requests_total{operation=\"PutItem\",table=\"t\"} 3\n"
            "dynastore_up 1.5\n");
}

TEST(PrometheusTextTest, LabelValuesAreEscaped) {
  PrometheusText out;
  out.sample("m", {{"table", "a\"b\\c\nd"}}, std::uint64_t{1});
  EXPECT_EQ(out.text(), "m{table=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(PrometheusTextTest, ExtraLabelAndSpecialValues) {
  PrometheusText out;
  out.sample("h_bucket", {{"op", "x"}}, {"le", "+Inf"}, std::uint64_t{7});
  out.sample("g", {}, std::numeric_limits<double>::infinity());
  out.sample("g", {}, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(out.text(), "h_bucket{op=\"x\",le=\"+Inf\"} 7\ng +Inf\ng NaN\n");
}

}  // namespace
}  // namespace dynastore::metrics

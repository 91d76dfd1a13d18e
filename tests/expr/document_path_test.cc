#include "dynastore/expr/document_path.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

TEST(DocumentPath, Rendering) {
  EXPECT_EQ(path_to_string({PathElement::member("a")}), "[a]");
  EXPECT_EQ(path_to_string({PathElement::member("a"), PathElement::member("b"), PathElement::list_index(3),
                            PathElement::member("x.y")}),
            "[a, b, [3], x.y]");
}

TEST(DocumentPath, Resolution) {
  model::Item item = parse_item("{a:{b:[N1,{c:Sx}]},l:[N5]}");
  auto at = [&](DocumentPath p) { const auto* v = resolve_path(item, p); return v ? to_text(*v) : "missing"; };
  using E = PathElement;
  EXPECT_EQ(at({E::member("a"), E::member("b"), E::list_index(1), E::member("c")}), "Sx");
  EXPECT_EQ(at({E::member("a"), E::member("b"), E::list_index(2)}), "missing");
  EXPECT_EQ(at({E::member("a"), E::list_index(0)}), "missing");
  EXPECT_EQ(at({E::member("l"), E::member("x")}), "missing");
  EXPECT_EQ(at({E::member("zz")}), "missing");
  EXPECT_EQ(at({}), "missing");
}

}  // namespace
}  // namespace dynastore::expr

#include "dynastore/expr/projection.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

struct ProjectCase {
  const char* expression;
  const char* expected;  // projected item, or the error message (without prefix)
};

// scylladb test_projection_expression.py's item: {p, a: {b: [2, 4, {x: hi, y: yo}], c: 5}, b: hello}
constexpr const char* kItem = "{p:Sk,a:{b:[N2,N4,{x:Shi,y:Syo}],c:N5},b:Shello,x.y:Sdot}";

class ProjectionTest : public ::testing::TestWithParam<ProjectCase> {};

TEST_P(ProjectionTest, Row) {
  const ProjectCase& c = GetParam();
  Placeholders ph({{"#n", "a"}, {"#b", "b"}, {"#dot", "x.y"}}, {});
  auto projection = parse_projection(c.expression, ph);
  if (std::string(c.expected).starts_with("{")) {
    ASSERT_TRUE(projection.is_ok()) << c.expression << ": " << projection.status().message();
    EXPECT_EQ(to_text(project(projection.value(), parse_item(kItem))), to_text(parse_item(c.expected)))
        << c.expression;
  } else {
    ASSERT_FALSE(projection.is_ok()) << c.expression;
    EXPECT_EQ(projection.status().message(), std::string("Invalid ProjectionExpression: ") + c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ProjectionTest, ::testing::Values(
    ProjectCase{"a", "{a:{b:[N2,N4,{x:Shi,y:Syo}],c:N5}}"},
    ProjectCase{"a.b", "{a:{b:[N2,N4,{x:Shi,y:Syo}]}}"},
    ProjectCase{"a.b[0]", "{a:{b:[N2]}}"},
    ProjectCase{"a.b[2]", "{a:{b:[{x:Shi,y:Syo}]}}"},
    ProjectCase{"a.b[2].y", "{a:{b:[{y:Syo}]}}"},
    ProjectCase{"x", "{}"},
    ProjectCase{"a.b[3]", "{}"},
    ProjectCase{"a.x", "{}"},
    ProjectCase{"a.x.y", "{}"},
    ProjectCase{"a.b[3].x", "{}"},
    ProjectCase{"a.b.x", "{}"},
    ProjectCase{"a[0]", "{}"},
    ProjectCase{"a.b[0].x", "{}"},
    ProjectCase{"a.b[0][0]", "{}"},
    ProjectCase{"a.b[0],a.b[1]", "{a:{b:[N2,N4]}}"},
    ProjectCase{"a.b[1],a.b[0]", "{a:{b:[N2,N4]}}"},   // index order, not request order
    ProjectCase{"a.b[2],a.b[0]", "{a:{b:[N2,{x:Shi,y:Syo}]}}"},
    ProjectCase{"a.b[0],a.c", "{a:{b:[N2],c:N5}}"},
    ProjectCase{"a.c,b", "{a:{c:N5},b:Shello}"},
    ProjectCase{"a.x, a.b[0], x, a.b[3].x", "{a:{b:[N2]}}"},
    ProjectCase{" p  ,   b  ", "{p:Sk,b:Shello}"},
    ProjectCase{"#n.#b[0]", "{a:{b:[N2]}}"},
    ProjectCase{"#dot", "{x.y:Sdot}"},
    ProjectCase{"", "The expression can not be empty;"},
    ProjectCase{"a,", "Syntax error; token: \"<EOF>\", near: \",\""},
    ProjectCase{",a", "Syntax error; token: \",\", near: \",a\""},
    ProjectCase{"a,,b", "Syntax error; token: \",\", near: \",,b\""},
    ProjectCase{"(a)", "Syntax error; token: \"(\", near: \"(a\""},
    ProjectCase{"a = b", "Syntax error; token: \"=\", near: \"a = b\""},
    ProjectCase{"name", "Attribute name is a reserved keyword; reserved keyword: name"},
    ProjectCase{"a.#zz", "An expression attribute name used in the document path is not defined; attribute name: #zz"},
    ProjectCase{"a,a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
    ProjectCase{"a, a.b[2].c", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b, [2], c]"},
    ProjectCase{"a.b.d, a.b", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b, d], path two: [a, b]"},
    ProjectCase{"a.b, a[1]", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"},
    ProjectCase{"a.b, a.c[2], a[1], b", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"}
));

TEST(Projection, ReportsTopLevelNames) {
  Placeholders ph;
  auto p = parse_projection("a.b, c, d[1]", ph);
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->top_level_names(), (std::set<std::string>{"a", "c", "d"}));
  EXPECT_EQ(p->nested_top_level_names(), (std::set<std::string>{"a", "d"}));
}

}  // namespace
}  // namespace dynastore::expr

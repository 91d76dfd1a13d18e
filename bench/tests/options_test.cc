#include "options.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace dynastore::bench {
namespace {

ParsedOptions parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv = {"dynastore-bench"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

TEST(OptionsTest, Defaults) {
  const ParsedOptions parsed = parse({});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.workload, Workload::kGet);
  EXPECT_EQ(parsed.options.table_size, 10000u);
  EXPECT_EQ(parsed.options.connections, 32);
  EXPECT_EQ(parsed.options.table_prefix, "bench");
  EXPECT_EQ(parsed.options.stream_view_type, "");  // no stream
  EXPECT_FALSE(parsed.options.vary_data);
}

TEST(OptionsTest, EveryWorkloadByName) {
  for (const Workload w : {Workload::kPut, Workload::kGet, Workload::kQuery, Workload::kMixed, Workload::kUpdate,
                           Workload::kScan, Workload::kTransfer, Workload::kPutNew, Workload::kBatchLoad,
                           Workload::kMixedNew}) {
    const std::string name(workload_name(w));
    const ParsedOptions parsed = parse({"--workload", name.c_str()});
    ASSERT_EQ(parsed.error, "") << name;
    EXPECT_EQ(parsed.options.workload, w) << name;
    // And in --help.
    EXPECT_NE(help_text().find(" " + name + " "), std::string_view::npos) << name;
  }
  EXPECT_EQ(parse({"--workload=transfer"}).options.workload, Workload::kTransfer);
  EXPECT_EQ(parse({"--workload", "transfers"}).error, "invalid value for --workload: 'transfers'");
}

TEST(OptionsTest, TransferWithZipfianKeysAndSetup) {
  const ParsedOptions parsed =
      parse({"--workload", "transfer", "--keys", "zipfian", "--table-size", "1000", "--setup", "--duration", "2"});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.workload, Workload::kTransfer);
  EXPECT_EQ(parsed.options.keys, KeyDistribution::kZipfian);
  EXPECT_EQ(parsed.options.table_size, 1000u);
  EXPECT_TRUE(parsed.options.setup);
  EXPECT_FALSE(parsed.options.setup_only);
  EXPECT_DOUBLE_EQ(parsed.options.duration_s, 2);
}

TEST(OptionsTest, TransferNeedsTwoAccounts) {
  EXPECT_EQ(parse({"--workload", "transfer", "--table-size", "1"}).error,
            "--workload transfer needs --table-size of at least 2");
  EXPECT_EQ(parse({"--table-size", "1", "--workload", "transfer"}).error,
            "--workload transfer needs --table-size of at least 2");
  EXPECT_EQ(parse({"--workload", "transfer", "--table-size", "2"}).error, "");
  EXPECT_EQ(parse({"--workload", "update", "--table-size", "1"}).error, "");
}

TEST(OptionsTest, StreamViewType) {
  for (const char* type : {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"}) {
    const ParsedOptions parsed = parse({"--workload", "put", "--setup", "--stream-view-type", type});
    ASSERT_EQ(parsed.error, "") << type;
    EXPECT_EQ(parsed.options.stream_view_type, type);
    EXPECT_NE(help_text().find(type), std::string_view::npos) << type;
  }
  EXPECT_EQ(parse({"--stream-view-type=NEW_IMAGE"}).options.stream_view_type, "NEW_IMAGE");
  EXPECT_NE(help_text().find("--stream-view-type TYPE"), std::string_view::npos);
  // DynamoDB's names, exactly.
  EXPECT_EQ(parse({"--stream-view-type", "new_and_old_images"}).error,
            "invalid value for --stream-view-type: 'new_and_old_images'");
  EXPECT_EQ(parse({"--stream-view-type", ""}).error, "invalid value for --stream-view-type: ''");
  EXPECT_EQ(parse({"--stream-view-type"}).error, "missing value for --stream-view-type");
}

TEST(OptionsTest, VaryData) {
  EXPECT_TRUE(parse({"--workload", "put", "--vary-data"}).options.vary_data);
  EXPECT_EQ(parse({"--vary-data=1"}).error, "unknown option: --vary-data=1");
  EXPECT_NE(help_text().find("--vary-data"), std::string_view::npos);
}

TEST(OptionsTest, BadCommandLines) {
  EXPECT_EQ(parse({"--bogus"}).error, "unknown option: --bogus");
  EXPECT_EQ(parse({"--workload"}).error, "missing value for --workload");
  EXPECT_EQ(parse({"--table-size", "0"}).error, "invalid value for --table-size: '0'");
  EXPECT_EQ(parse({"--keys", "normal"}).error, "invalid value for --keys: 'normal'");
}

TEST(OptionsTest, RequestsWithoutDurationRaiseTheBound) {
  EXPECT_DOUBLE_EQ(parse({"--requests", "100"}).options.duration_s, 600);
  EXPECT_DOUBLE_EQ(parse({"--requests", "100", "--duration", "5"}).options.duration_s, 5);
}

}  // namespace
}  // namespace dynastore::bench

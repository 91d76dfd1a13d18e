#include "dynastore/streams/stream_names.h"

#include <gtest/gtest.h>

#include "dynastore/streams/shard_iterator.h"

namespace dynastore::streams {
namespace {

TEST(StreamNamesTest, LabelIsTheUtcCreationTimeWithMilliseconds) {
  EXPECT_EQ(stream_label(0), "1970-01-01T00:00:00.000");
  EXPECT_EQ(stream_label(1796589311.112), "2026-12-06T20:35:11.111");  // floor of the binary fraction
  EXPECT_EQ(stream_label(1796589311.5), "2026-12-06T20:35:11.500");
}

TEST(StreamNamesTest, ArnsRoundTripAndOthersAreRefused) {
  const auto arn = stream_arn("eu-west-1", "123456789012", "my.table-1", "2026-12-06T20:35:11.111");
  EXPECT_EQ(arn, "arn:aws:dynamodb:eu-west-1:123456789012:table/my.table-1/stream/2026-12-06T20:35:11.111");
  const auto parsed = parse_stream_arn(arn);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->table, "my.table-1");
  EXPECT_EQ(parsed->label, "2026-12-06T20:35:11.111");
  EXPECT_FALSE(parse_stream_arn("arn:aws:dynamodb:eu-west-1:1:table/t").has_value());
  EXPECT_FALSE(parse_stream_arn("arn:aws:dynamodb:eu-west-1:1:table/t/stream/").has_value());
  EXPECT_FALSE(parse_stream_arn("table/t/stream/x").has_value());
}

TEST(StreamNamesTest, ShardIdsHaveDynamoDbsShapeAndDifferAcrossShardsAndStreams) {
  const auto first = shard_id(1796589311.112, "label-a", 0);
  EXPECT_EQ(first.size(), 37u);  // botocore: 28..65
  EXPECT_TRUE(first.starts_with("shardId-00000001796589311112-"));
  EXPECT_NE(first, shard_id(1796589311.112, "label-a", 1));
  EXPECT_NE(first, shard_id(1796589311.112, "label-b", 0));
  EXPECT_EQ(first, shard_id(1796589311.112, "label-a", 0));
}

TEST(StreamNamesTest, SequenceNumbersAreAtLeast21DigitsAndParseBack) {
  EXPECT_EQ(sequence_number_text(42), "000000000000000000042");
  EXPECT_EQ(sequence_number_text(UINT64_MAX), "018446744073709551615");
  EXPECT_EQ(parse_sequence_number("000000000000000000042"), 42u);
  EXPECT_EQ(parse_sequence_number("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(parse_sequence_number("18446744073709551616").has_value());
  EXPECT_FALSE(parse_sequence_number("").has_value());
  EXPECT_FALSE(parse_sequence_number("12a").has_value());
  EXPECT_FALSE(parse_sequence_number(std::string(41, '1')).has_value());
}

TEST(ShardIteratorTest, RoundTripsAndRefusesWhatItDidNotMake) {
  const ShardIterator iterator{"scope_us-east-1/orders", "2026-12-06T20:35:11.111", "shardId-00000001796589311112-fe9c863d",
                               12345, 1796589311112};
  const auto text = encode_shard_iterator(iterator);
  EXPECT_LE(text.size(), 2048u);
  const auto back = decode_shard_iterator(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->table_key, iterator.table_key);
  EXPECT_EQ(back->label, iterator.label);
  EXPECT_EQ(back->shard_id, iterator.shard_id);
  EXPECT_EQ(back->position, iterator.position);
  EXPECT_EQ(back->issued_ms, iterator.issued_ms);
  EXPECT_FALSE(decode_shard_iterator("").has_value());
  EXPECT_FALSE(decode_shard_iterator("zz").has_value());
  EXPECT_FALSE(decode_shard_iterator(text.substr(0, text.size() / 2)).has_value());  // fields missing
  EXPECT_FALSE(decode_shard_iterator(text.substr(0, text.size() - 1)).has_value());  // half a byte
  EXPECT_FALSE(decode_shard_iterator("32").has_value());  // "2": not this format
}

}  // namespace
}  // namespace dynastore::streams

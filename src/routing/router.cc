#include "dynastore/routing/router.h"

#include "dynastore/json/json.h"

namespace dynastore::routing {

namespace {

// The operation of an X-Amz-Target ("DynamoDB_20120810.GetItem" -> "GetItem").
std::string_view operation_of(std::string_view target) {
  const auto dot = target.rfind('.');
  return dot == std::string_view::npos ? target : target.substr(dot + 1);
}

bool is_streams_target(std::string_view target) { return target.substr(0, 16) == "DynamoDBStreams_"; }

// Reads of one item or a key range, whose ConsistentRead picks the replica.
bool is_item_read(std::string_view operation) {
  return operation == "GetItem" || operation == "Query" || operation == "Scan" || operation == "BatchGetItem";
}

// Answers that are the same on every node: no table state in them.
bool is_static_read(std::string_view operation) {
  return operation == "DescribeLimits" || operation == "DescribeEndpoints";
}

bool consistent_true(const json::Value& object) {
  if (!object.IsObject()) return false;
  auto it = object.FindMember("ConsistentRead");
  return it != object.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

// Whether the body asks for a consistent read; a body that does not parse
// is answered where it is (the error is the same on every node).
bool asks_consistent_read(std::string_view operation, std::string_view body) {
  if (body.find("ConsistentRead") == std::string_view::npos) return false;
  json::Document document;
  if (!json::parse(body, document).empty() || !document.IsObject()) return false;
  if (operation != "BatchGetItem") return consistent_true(document);
  auto items = document.FindMember("RequestItems");
  if (items == document.MemberEnd() || !items->value.IsObject()) return false;
  for (const auto& table : items->value.GetObject()) {
    if (consistent_true(table.value)) return true;
  }
  return false;
}

}  // namespace

PartitionMap PartitionMap::single_group(const std::vector<replication::ClusterMember>& members) {
  PartitionMap map;
  Partition whole;
  whole.group = 1;
  for (const auto& member : members) whole.replicas.push_back(member.id);
  map.partitions_.push_back(std::move(whole));
  return map;
}

const Partition& PartitionMap::partition_of(std::uint64_t hash) const {
  for (const auto& partition : partitions_) {
    if (hash >= partition.first_hash && hash <= partition.last_hash) return partition;
  }
  return partitions_.back();  // unreachable: the partitions cover every hash
}

bool readable_from_any_replica(std::string_view target, std::string_view body) {
  // DynamoDB Streams: the leader, whose catalog has every stream a client
  // was just told about (ListStreams, DescribeStream and GetShardIterator
  // read stream metadata, and GetRecords follows from them).
  if (is_streams_target(target)) return false;
  const auto operation = operation_of(target);
  // Table metadata (DescribeTable, ListTables, ...) is eventually
  // consistent in DynamoDB too, but clients wait for a table they just
  // created by describing it: the leader, which applied the creation
  // before acknowledging it, answers them without a window of "not found".
  if (is_static_read(operation)) return true;
  return is_item_read(operation) && !asks_consistent_read(operation, body);
}

bool needs_confirmed_leader(std::string_view target, std::string_view body) {
  if (is_streams_target(target)) return false;
  const auto operation = operation_of(target);
  if (operation == "TransactGetItems") return true;
  return is_item_read(operation) && asks_consistent_read(operation, body);
}

Router::Decision Router::decide(std::string_view target, std::string_view body, bool body_encoded,
                                bool forwarded) const {
  // Phase 1: the map has one partition, so every request belongs to the one
  // group this node replicates (docs/replication.md); with more groups the
  // partition key's hash picks the group, and its leader here.
  Decision decision;
  const bool any_replica = !body_encoded && readable_from_any_replica(target, body);
  if (replica_.is_serving_leader()) {
    const auto operation = operation_of(target);
    decision.confirm_leadership = body_encoded ? is_item_read(operation) || operation == "TransactGetItems"
                                               : needs_confirmed_leader(target, body);
    return decision;
  }
  if (any_replica) return decision;
  const auto leader = replica_.leader_api_address();
  if (forwarded || leader.empty()) {
    decision.kind = Decision::kNoLeader;
    return decision;
  }
  decision.kind = Decision::kForward;
  decision.forward_to = leader;
  return decision;
}

}  // namespace dynastore::routing

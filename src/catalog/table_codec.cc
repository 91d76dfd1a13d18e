#include "catalog/table_codec.h"

#include "dynastore/json/json.h"

namespace dynastore::catalog {

namespace {

void put_string(json::Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  json::write_string(w, value);
}

void put_key_attribute(json::Writer& w, const char* key, const model::KeyAttribute& attribute) {
  w.Key(key);
  w.StartObject();
  put_string(w, "name", attribute.name);
  w.Key("type");
  w.Int(static_cast<int>(attribute.type));
  w.EndObject();
}

std::string get_string(const json::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string();
}

std::int64_t get_int(const json::Value& v, const char* key, std::int64_t fallback = 0) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : fallback;
}

double get_double(const json::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsNumber() ? it->value.GetDouble() : 0.0;
}

bool scalar_type_from(std::int64_t raw, model::ScalarType& out) {
  if (raw < 1 || raw > 3) return false;
  out = static_cast<model::ScalarType>(raw);
  return true;
}

bool get_key_attribute(const json::Value& v, const char* key, model::KeyAttribute& out) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsObject()) return false;
  out.name = get_string(it->value, "name");
  return scalar_type_from(get_int(it->value, "type"), out.type);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string from_hex(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  return out;
}

void put_key_list(json::Writer& w, const char* key, const std::vector<model::KeyAttribute>& keys) {
  w.Key(key);
  w.StartArray();
  for (const auto& k : keys) {
    w.StartObject();
    put_string(w, "name", k.name);
    w.Key("type");
    w.Int(static_cast<int>(k.type));
    w.EndObject();
  }
  w.EndArray();
}

bool get_key_list(const json::Value& v, const char* key, std::vector<model::KeyAttribute>& out) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsArray()) return false;
  for (const auto& k : it->value.GetArray()) {
    model::KeyAttribute attribute;
    attribute.name = get_string(k, "name");
    if (!scalar_type_from(get_int(k, "type"), attribute.type)) return false;
    out.push_back(std::move(attribute));
  }
  return true;
}

void encode_index(json::Writer& w, const IndexInfo& index) {
  const auto& s = index.schema;
  w.StartObject();
  put_string(w, "name", s.name);
  w.Key("kind");
  w.Int(static_cast<int>(s.kind));
  w.Key("id");
  w.Uint(s.index_id);
  put_key_list(w, "hash", s.hash_keys);
  put_key_list(w, "range", s.range_keys);
  w.Key("projection");
  w.Int(static_cast<int>(s.projection));
  w.Key("non_key");
  w.StartArray();
  for (const auto& name : s.non_key_attributes) json::write_string(w, name);
  w.EndArray();
  w.Key("status");
  w.Int(static_cast<int>(index.status));
  w.Key("backfilling");
  w.Bool(index.backfilling);
  w.Key("status_until");
  w.Double(index.status_until);
  put_string(w, "resume", to_hex(index.backfill_resume_key));  // binary storage key
  w.Key("rcu");
  w.Int64(index.throughput.read_capacity_units);
  w.Key("wcu");
  w.Int64(index.throughput.write_capacity_units);
  w.Key("max_rru");
  w.Int64(index.on_demand.max_read_request_units);
  w.Key("max_wru");
  w.Int64(index.on_demand.max_write_request_units);
  w.EndObject();
}

bool decode_index(const json::Value& v, IndexInfo& index) {
  auto& s = index.schema;
  s.name = get_string(v, "name");
  s.kind = get_int(v, "kind") == 2 ? model::IndexKind::kLocal : model::IndexKind::kGlobal;
  s.index_id = static_cast<std::uint32_t>(get_int(v, "id"));
  if (!get_key_list(v, "hash", s.hash_keys) || !get_key_list(v, "range", s.range_keys)) return false;
  const auto projection = get_int(v, "projection");
  if (projection < 1 || projection > 3) return false;
  s.projection = static_cast<model::ProjectionType>(projection);
  auto non_key = v.FindMember("non_key");
  if (non_key != v.MemberEnd() && non_key->value.IsArray()) {
    for (const auto& name : non_key->value.GetArray()) {
      if (name.IsString()) s.non_key_attributes.emplace_back(name.GetString(), name.GetStringLength());
    }
  }
  const auto status = get_int(v, "status");
  if (status < 0 || status > 3) return false;
  index.status = static_cast<IndexStatus>(status);
  auto backfilling = v.FindMember("backfilling");
  index.backfilling = backfilling != v.MemberEnd() && backfilling->value.IsBool() && backfilling->value.GetBool();
  index.backfill_resume_key = from_hex(get_string(v, "resume"));
  index.status_until = get_double(v, "status_until");
  index.throughput.read_capacity_units = get_int(v, "rcu");
  index.throughput.write_capacity_units = get_int(v, "wcu");
  index.on_demand.max_read_request_units = get_int(v, "max_rru", -1);
  index.on_demand.max_write_request_units = get_int(v, "max_wru", -1);
  return true;
}

void encode_stream(json::Writer& w, const StreamInfo& stream) {
  w.StartObject();
  w.Key("id");
  w.Uint(stream.stream_id);
  put_string(w, "label", stream.label);
  w.Key("view");
  w.Int(static_cast<int>(stream.view_type));
  w.Key("status");
  w.Int(static_cast<int>(stream.status));
  w.Key("created");
  w.Double(stream.created);
  w.Key("disabled");
  w.Double(stream.disabled);
  w.Key("end");
  w.Uint64(stream.end_sequence);
  w.Key("trimmed");
  w.Uint64(stream.trimmed_before);
  w.Key("shards");
  w.StartArray();
  for (const auto& shard : stream.shards) {
    w.StartObject();
    put_string(w, "id", shard.shard_id);
    w.Key("start");
    w.Uint64(shard.start_sequence);
    w.Key("created");
    w.Double(shard.created);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::uint64_t get_uint64(const json::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsUint64() ? it->value.GetUint64() : 0;
}

bool decode_stream(const json::Value& v, StreamInfo& stream) {
  if (!v.IsObject()) return false;
  stream.stream_id = static_cast<std::uint32_t>(get_int(v, "id"));
  stream.label = get_string(v, "label");
  const auto view = get_int(v, "view");
  const auto status = get_int(v, "status");
  if (view < 1 || view > 4 || status < 0 || status > 3) return false;
  stream.view_type = static_cast<StreamViewType>(view);
  stream.status = static_cast<StreamStatus>(status);
  stream.created = get_double(v, "created");
  stream.disabled = get_double(v, "disabled");
  stream.end_sequence = get_uint64(v, "end");
  stream.trimmed_before = get_uint64(v, "trimmed");
  auto shards = v.FindMember("shards");
  if (shards == v.MemberEnd() || !shards->value.IsArray()) return false;
  for (const auto& s : shards->value.GetArray()) {
    stream.shards.push_back({get_string(s, "id"), get_uint64(s, "start"), get_double(s, "created")});
  }
  return true;
}

}  // namespace

std::string encode_table(const TableInfo& info) {
  json::StringBuffer buffer;
  json::Writer w(buffer);
  w.StartObject();
  put_string(w, "name", info.name);
  if (!info.scope.empty()) put_string(w, "scope", info.scope);
  w.Key("id");
  w.Uint(info.table_id);
  put_string(w, "uuid", info.table_uuid);
  put_key_attribute(w, "hash", info.key_schema.hash);
  if (info.key_schema.range) put_key_attribute(w, "range", *info.key_schema.range);
  w.Key("attributes");
  w.StartArray();
  for (const auto& def : info.attribute_definitions) {
    w.StartObject();
    put_string(w, "name", def.name);
    w.Key("type");
    w.Int(static_cast<int>(def.type));
    w.EndObject();
  }
  w.EndArray();
  w.Key("billing");
  w.Int(static_cast<int>(info.billing_mode));
  w.Key("billing_time");
  w.Double(info.billing_mode_update_time);
  w.Key("rcu");
  w.Int64(info.throughput.read_capacity_units);
  w.Key("wcu");
  w.Int64(info.throughput.write_capacity_units);
  w.Key("increase_time");
  w.Double(info.throughput.last_increase_time);
  w.Key("decrease_time");
  w.Double(info.throughput.last_decrease_time);
  w.Key("decreases_today");
  w.Int64(info.throughput.decreases_today);
  w.Key("max_rru");
  w.Int64(info.on_demand.max_read_request_units);
  w.Key("max_wru");
  w.Int64(info.on_demand.max_write_request_units);
  w.Key("created");
  w.Double(info.creation_time);
  w.Key("status");
  w.Int(static_cast<int>(info.status));
  w.Key("status_until");
  w.Double(info.status_until);
  w.Key("deletion_protection");
  w.Bool(info.deletion_protection);
  put_string(w, "class", info.table_class);
  w.Key("tags");
  w.StartArray();
  for (const auto& tag : info.tags) {
    w.StartObject();
    put_string(w, "key", tag.key);
    put_string(w, "value", tag.value);
    w.EndObject();
  }
  w.EndArray();
  w.Key("indexes");
  w.StartArray();
  for (const auto& index : info.indexes) encode_index(w, index);
  w.EndArray();
  // Written only when there is something to say, so the entries of tables
  // without streams or TTL stay as they were.
  if (!info.streams.empty()) {
    w.Key("streams");
    w.StartArray();
    for (const auto& stream : info.streams) encode_stream(w, stream);
    w.EndArray();
  }
  if (info.ttl.status != TtlStatus::kDisabled || !info.ttl.attribute.empty()) {
    w.Key("ttl");
    w.StartObject();
    w.Key("status");
    w.Int(static_cast<int>(info.ttl.status));
    put_string(w, "attribute", info.ttl.attribute);
    w.Key("index");
    w.Uint(info.ttl.index_id);
    w.Key("indexing");
    w.Bool(info.ttl.indexing);
    put_string(w, "resume", to_hex(info.ttl.indexing_resume_key));
    w.EndObject();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<TableInfo> decode_table(std::string_view text) {
  json::Document parsed;
  if (!json::parse(text, parsed).empty() || !parsed.IsObject()) return Status::corruption("catalog entry is not JSON");
  const json::Value& doc = parsed;  // const: one MemberIterator type to compare (C++20, clang)
  TableInfo info;
  info.name = get_string(doc, "name");
  info.scope = get_string(doc, "scope");
  info.table_id = static_cast<std::uint32_t>(get_int(doc, "id"));
  info.table_uuid = get_string(doc, "uuid");
  if (!get_key_attribute(doc, "hash", info.key_schema.hash)) return Status::corruption("catalog entry has no hash key");
  model::KeyAttribute range;
  if (get_key_attribute(doc, "range", range)) info.key_schema.range = range;
  auto attrs = doc.FindMember("attributes");
  if (attrs != doc.MemberEnd() && attrs->value.IsArray()) {
    for (const auto& a : attrs->value.GetArray()) {
      AttributeDefinition def;
      def.name = get_string(a, "name");
      if (!scalar_type_from(get_int(a, "type"), def.type)) return Status::corruption("bad attribute type in catalog");
      info.attribute_definitions.push_back(std::move(def));
    }
  }
  info.billing_mode = get_int(doc, "billing") == static_cast<int>(BillingMode::kPayPerRequest)
                          ? BillingMode::kPayPerRequest
                          : BillingMode::kProvisioned;
  info.billing_mode_update_time = get_double(doc, "billing_time");
  info.throughput.read_capacity_units = get_int(doc, "rcu");
  info.throughput.write_capacity_units = get_int(doc, "wcu");
  info.throughput.last_increase_time = get_double(doc, "increase_time");
  info.throughput.last_decrease_time = get_double(doc, "decrease_time");
  info.throughput.decreases_today = get_int(doc, "decreases_today");
  info.on_demand.max_read_request_units = get_int(doc, "max_rru", -1);
  info.on_demand.max_write_request_units = get_int(doc, "max_wru", -1);
  info.creation_time = get_double(doc, "created");
  // Entries written before table statuses were kept have none: ACTIVE.
  const auto status = get_int(doc, "status", static_cast<int>(TableStatus::kActive));
  if (status < 0 || status > 3) return Status::corruption("bad table status in catalog entry of " + info.name);
  info.status = static_cast<TableStatus>(status);
  info.status_until = get_double(doc, "status_until");
  auto dp = doc.FindMember("deletion_protection");
  info.deletion_protection = dp != doc.MemberEnd() && dp->value.IsBool() && dp->value.GetBool();
  info.table_class = get_string(doc, "class");
  if (info.table_class.empty()) info.table_class = "STANDARD";
  auto tags = doc.FindMember("tags");
  if (tags != doc.MemberEnd() && tags->value.IsArray()) {
    for (const auto& t : tags->value.GetArray()) info.tags.push_back({get_string(t, "key"), get_string(t, "value")});
  }
  auto indexes = doc.FindMember("indexes");
  if (indexes != doc.MemberEnd() && indexes->value.IsArray()) {
    for (const auto& v : indexes->value.GetArray()) {
      IndexInfo index;
      if (!decode_index(v, index)) return Status::corruption("bad index in catalog entry of " + info.name);
      info.indexes.push_back(std::move(index));
    }
  }
  auto streams = doc.FindMember("streams");
  if (streams != doc.MemberEnd() && streams->value.IsArray()) {
    for (const auto& v : streams->value.GetArray()) {
      StreamInfo stream;
      if (!decode_stream(v, stream)) return Status::corruption("bad stream in catalog entry of " + info.name);
      info.streams.push_back(std::move(stream));
    }
  }
  auto ttl = doc.FindMember("ttl");
  if (ttl != doc.MemberEnd() && ttl->value.IsObject()) {
    const auto status = get_int(ttl->value, "status");
    if (status < 0 || status > 1) return Status::corruption("bad TTL status in catalog entry of " + info.name);
    info.ttl.status = static_cast<TtlStatus>(status);
    info.ttl.attribute = get_string(ttl->value, "attribute");
    info.ttl.index_id = static_cast<std::uint32_t>(get_int(ttl->value, "index"));
    auto indexing = ttl->value.FindMember("indexing");
    info.ttl.indexing = indexing != ttl->value.MemberEnd() && indexing->value.IsBool() && indexing->value.GetBool();
    info.ttl.indexing_resume_key = from_hex(get_string(ttl->value, "resume"));
  }
  return info;
}

}  // namespace dynastore::catalog

// expr/: DynamoDB's expression languages — ConditionExpression, FilterExpression,
// KeyConditionExpression, UpdateExpression and ProjectionExpression — plus builders that
// express the legacy parameters (Expected, QueryFilter/ScanFilter, KeyConditions,
// AttributeUpdates) through the same evaluator.
//
// Key types: Placeholders (ExpressionAttributeNames/Values of one request), Condition
// (condition.h), UpdatePlan (update.h), Projection (projection.h), KeyCondition
// (key_condition.h). Every error is a Status::invalid_argument whose message is DynamoDB's
// full text; the api layer wraps it into a ValidationException unchanged.
//
// Grammar: DynamoDB's own, as shipped in the DAX client (DynamoDbGrammar.g4 / Tokens.g4 in
// amazon-dax-client); semantic checks and their order follow dynalite's parsers, whose test
// suite was recorded against live DynamoDB; message texts and limits come from DynamoDB
// Local's DbValidationError / DbConfig (see each message's comment in src/expr/messages.h).
#pragma once

#include <cstddef>
#include <string_view>

namespace dynastore::expr {

enum class ExpressionKind { kCondition, kFilter, kKeyCondition, kUpdate, kProjection };

// The request parameter's name, as DynamoDB puts it in "Invalid <name>: ..." messages:
// "ConditionExpression", "FilterExpression", "KeyConditionExpression", "UpdateExpression",
// "ProjectionExpression".
std::string_view expression_parameter_name(ExpressionKind kind);

// Limits (DynamoDB Local DbConfig defaults, which match the Developer Guide's "Expression
// parameters" limits: 4 KB per expression string, 300 operators, IN with up to 100 operands,
// document paths up to 32 levels).
inline constexpr std::size_t kMaxExpressionSize = 4096;     // bytes of the expression string
inline constexpr std::size_t kMaxOperatorCount = 300;       // per expression
inline constexpr std::size_t kMaxInOperands = 100;          // right-hand side of IN
inline constexpr std::size_t kMaxPathDepth = 32;            // elements of one document path

}  // namespace dynastore::expr

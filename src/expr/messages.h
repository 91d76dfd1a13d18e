// Every message text the expression module produces, in one place, with where each was
// confirmed. DynamoDB formats a validation error as "<text>;" followed by " key: value" pairs
// joined by "," (DynamoDB Local DbEnv.throwValidationError; seen verbatim in AWS responses such
// as "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"+ 1\"").
//
// Sources:
//  [G]  DynamoDB Local's DbValidationError enum (decompiled copy in public repositories):
//       the canonical texts of every parse/validation error below.
//  [D]  dynalite db/*.pegjs + validations/index.js, with test/*.js recorded against AWS:
//       the key: value details and the order in which errors are reported.
//  [M]  moto tests (assert_raise_syntax_error) and scylladb test/alternator comments quoting
//       AWS responses: the token/near rule of syntax errors.
//  [Z]  zio-dynamodb comment quoting an AWS response: the ", typeSet: ..." tail of ADD/DELETE
//       operand errors.
//  [E]  ExtendDB tests (AWS-probed): "expression size: N" only for Condition/Filter.
#pragma once

#include <string>
#include <string_view>

namespace dynastore::expr::msg {

// Parse / validation errors; the caller prefixes "Invalid <parameter>: ".
inline constexpr std::string_view kEmpty = "The expression can not be empty;";                // [G][D]
inline constexpr std::string_view kSizeExceeded =
    "Expression size has exceeded the maximum allowed size;";                                  // [G][E]
inline constexpr std::string_view kRedundantParens = "The expression has redundant parentheses;";  // [G][D]
inline constexpr std::string_view kSyntaxError = "Syntax error;";                             // [G][M]
inline constexpr std::string_view kReservedKeyword = "Attribute name is a reserved keyword;";  // [G][D]
inline constexpr std::string_view kInvalidFunction = "Invalid function name;";                // [G][D]
inline constexpr std::string_view kFunctionNotInCondition =
    "The function is not allowed in a condition expression;";                                  // [G]
inline constexpr std::string_view kFunctionNotInUpdate =
    "The function is not allowed in an update expression;";                                    // [G]
inline constexpr std::string_view kFunctionMisused =
    "The function is not allowed to be used this way in an expression;";                       // [G][D]
inline constexpr std::string_view kNameUndefined =
    "An expression attribute name used in the document path is not defined;";                  // [G][D]
inline constexpr std::string_view kValueUndefined =
    "An expression attribute value used in expression is not defined;";                        // [G][D]
inline constexpr std::string_view kOperandCount =
    "Incorrect number of operands for operator or function;";                                  // [G][D]
inline constexpr std::string_view kOperandType = "Incorrect operand type for operator or function;";  // [G][D]
inline constexpr std::string_view kPathRequired = "Operator or function requires a document path;";   // [G][D]
inline constexpr std::string_view kAttributeTypeName = "Invalid attribute type name found;";  // [G][D]
inline constexpr std::string_view kNotDistinct =
    "The first operand must be distinct from the remaining operands for this operator or function;";  // [G][D]
inline constexpr std::string_view kBetweenTypes =
    "The BETWEEN operator requires same data type for lower and upper bounds;";                // [G][D]
inline constexpr std::string_view kBetweenOrder =
    "The BETWEEN operator requires upper bound to be greater than or equal to lower bound;";   // [G][D]
inline constexpr std::string_view kTooManyInOperands = "The IN operator is provided with too many operands;";  // [G]
inline constexpr std::string_view kTooManyOperators = "The expression contains too many operators;";          // [G]
inline constexpr std::string_view kPathTooDeep = "The document path has too many nesting levels;";            // [G]
inline constexpr std::string_view kListIndexRange = "List index is not within the allowable range;";          // [G]
inline constexpr std::string_view kPathOverlap =
    "Two document paths overlap with each other; must remove or rewrite one of these paths;";  // [G][D]
inline constexpr std::string_view kPathConflict =
    "Two document paths conflict with each other; must remove or rewrite one of these paths;"; // [G][D]
// The valid attribute_type() names in the order AWS lists them [D].
inline constexpr std::string_view kValidTypeNames = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}";
// How a path operand's type is shown where a value's type would be [D].
inline constexpr std::string_view kAnyTypeNames = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";

// Update application errors: no prefix (dynalite test/updateItem.js, AWS-recorded).
inline constexpr std::string_view kMissingAttribute =
    "The provided expression refers to an attribute that does not exist in the item";
inline constexpr std::string_view kIncorrectDataType =
    "An operand in the update expression has an incorrect data type";
inline constexpr std::string_view kInvalidUpdatePath =
    "The document path provided in the update expression is invalid for update";
inline constexpr std::string_view kLegacyTypeMismatch = "Type mismatch for attribute to update";

// "<message> key1: value1, key2: value2" — DynamoDB's detail formatting.
std::string with_details(std::string_view message, std::string_view key1, std::string_view value1);
std::string with_details(std::string_view message, std::string_view key1, std::string_view value1,
                         std::string_view key2, std::string_view value2);
std::string with_details(std::string_view message, std::string_view key1, std::string_view value1,
                         std::string_view key2, std::string_view value2, std::string_view key3,
                         std::string_view value3);

}  // namespace dynastore::expr::msg

// The stable codes of problems in user input, defined here and nowhere else.
//
// Every Problem (core/base/problem.h) carries one of these beside its
// message. Messages are for people and may be reworded; a code never changes
// once released, so programs (the page, editors, CI scripts) can act on it:
// a code names what the user must do, not which parser noticed. README,
// "Error codes", lists every code with the meaning given here; a test
// (tests/vocabulary_test.cc) keeps the two in step and checks that every
// constant below is in kProblemCodes.
//
//   check_.Add(problem_code::kMissingField, pointer + "/next", "'next' is required");
//   if (problem.code == problem_code::kUnknownField) ...
//
// The codes of a failed API call (the envelope around the problems that
// crossed the WebAssembly boundary) are kFailureCodes, further down.
#pragma once

namespace flowproof {
namespace problem_code {

// The JSON text itself.
inline constexpr char kInvalidJson[] = "invalid_json";
inline constexpr char kTooLarge[] = "too_large";
inline constexpr char kTooDeep[] = "too_deep";
inline constexpr char kDuplicateName[] = "duplicate_name";
// The shape of a document.
inline constexpr char kWrongFormat[] = "wrong_format";
inline constexpr char kWrongType[] = "wrong_type";
inline constexpr char kMissingField[] = "missing_field";
inline constexpr char kUnknownField[] = "unknown_field";
inline constexpr char kConflictingFields[] = "conflicting_fields";
// Values.
inline constexpr char kEmptyValue[] = "empty_value";
inline constexpr char kUnknownValue[] = "unknown_value";
inline constexpr char kOutOfRange[] = "out_of_range";
inline constexpr char kReservedName[] = "reserved_name";
inline constexpr char kUnknownChannel[] = "unknown_channel";
inline constexpr char kUnknownTimeZone[] = "unknown_time_zone";
inline constexpr char kNotADuration[] = "not_a_duration";
inline constexpr char kNotATimestamp[] = "not_a_timestamp";
inline constexpr char kNotATimeOfDay[] = "not_a_time_of_day";
// Names that must name something.
inline constexpr char kBadReference[] = "bad_reference";
inline constexpr char kChannelMismatch[] = "channel_mismatch";
inline constexpr char kUnreadableFile[] = "unreadable_file";
// Conditions and templates.
inline constexpr char kUnknownOperation[] = "unknown_operation";
inline constexpr char kInvalidCondition[] = "invalid_condition";
inline constexpr char kLiquidSyntax[] = "liquid_syntax";
// Imports (flowproof import).
inline constexpr char kLoopWithoutWait[] = "loop_without_wait";
// Warnings (a workflow with them is valid).
inline constexpr char kUnreachableNode[] = "unreachable_node";
// Not the user's fault.
inline constexpr char kInternalError[] = "internal_error";

}  // namespace problem_code

// A code and its meaning in one line, as README "Error codes" shows it.
struct CodeMeaning {
  const char* code;
  const char* meaning;
};

// Every problem code, in the order README lists them.
inline constexpr CodeMeaning kProblemCodes[] = {
    {problem_code::kInvalidJson, "the text is not JSON; line and column say where"},
    {problem_code::kTooLarge, "over a documented size or count limit (README \"Limits\"): the input, a string, an id, the number of triggers"},
    {problem_code::kTooDeep, "nested deeper than the limit: JSON arrays and objects, or a JsonLogic rule"},
    {problem_code::kDuplicateName, "a name given twice where names must be unique: a field of one JSON object, a contact id, a branch or variant label"},
    {problem_code::kWrongFormat, "'format' names another format or version, or a workflow was given where a fixture belongs"},
    {problem_code::kWrongType, "the value has the wrong JSON type (a number where a string belongs, an array where an object belongs, ...)"},
    {problem_code::kMissingField, "a required field is absent (or none of the fields of which one is required is there)"},
    {problem_code::kUnknownField, "a field flowproof does not define in this place; the message suggests the closest name"},
    {problem_code::kConflictingFields, "fields that do not go together: two where one is allowed, or a field without the one it belongs with"},
    {problem_code::kEmptyValue, "a text, list or object that must not be empty is empty"},
    {problem_code::kUnknownValue, "text that is not one of the names this field accepts (a node or trigger type, a day, a mode); the message lists them"},
    {problem_code::kOutOfRange, "a number, duration or moment outside what the field accepts: negative, zero, too large, outside the clock"},
    {problem_code::kReservedName, "a name flowproof keeps for itself: 'else' as a branch label, '*' as a contact id, a contact's 'id' as an attribute to set"},
    {problem_code::kUnknownChannel, "not one of the channels email, sms, push, ad_audience, webhook"},
    {problem_code::kUnknownTimeZone, "not an IANA time zone name such as \"America/New_York\""},
    {problem_code::kNotADuration, "not a duration such as \"2d\", \"1d12h\" or \"PT2H\""},
    {problem_code::kNotATimestamp, "not a moment: a timestamp such as \"2026-11-27T09:00:00Z\" or, in a fixture, \"+2d\" after the clock start"},
    {problem_code::kNotATimeOfDay, "not a local time of day such as \"09:00\""},
    {problem_code::kBadReference, "a name that names nothing: a node in 'start', 'next', 'else' or 'on_timeout', a template, a snippet, a contact"},
    {problem_code::kChannelMismatch, "a send node's channel is not the channel of the template it sends"},
    {problem_code::kUnreadableFile, "a file the fixture names (its workflow) cannot be read"},
    {problem_code::kUnknownOperation, "a JsonLogic operation that does not exist (often a typo, or an object meant as a literal)"},
    {problem_code::kInvalidCondition, "a JsonLogic rule that cannot be evaluated: wrong arguments, or an object that is not exactly one operation"},
    {problem_code::kLiquidSyntax, "a template or snippet is not valid Liquid; the message gives its line and column"},
    {problem_code::kLoopWithoutWait, "import: the exported workflow loops back without a delay or wait on the way, so a contact would loop forever"},
    {problem_code::kUnreachableNode, "a warning: no path from 'start' reaches the node (often a forgotten 'next')"},
    {problem_code::kInternalError, "a bug in flowproof, not in the input; please report it"},
};

// The codes of a failed call across the WebAssembly boundary: the envelope
// {ok: false, code, errors: [...]} carries one of these as `code` (the class
// of the failure), and each of its errors carries its problem's own code.
// JavaScript mirrors them in ERROR_CODES (web/src/api/errors.js; the test
// tests/js/vocabulary.test.mjs keeps both in step through `flowproof
// vocabulary`).
namespace failure_code {
inline constexpr char kInvalidInput[] = "invalid_input";
inline constexpr char kNotLoaded[] = "not_loaded";
inline constexpr char kInvalidArgument[] = "invalid_argument";
inline constexpr char kInternalError[] = "internal_error";
inline constexpr char kOutOfMemory[] = "out_of_memory";
inline constexpr char kUnknownContact[] = "unknown_contact";
inline constexpr char kUnknownTemplate[] = "unknown_template";
inline constexpr char kRenderFailed[] = "render_failed";
}  // namespace failure_code

inline constexpr CodeMeaning kFailureCodes[] = {
    {failure_code::kInvalidInput, "the fixture or workflow has problems (one error each, with its code and JSON Pointer)"},
    {failure_code::kNotLoaded, "no fixture is loaded"},
    {failure_code::kInvalidArgument, "an argument of the call is malformed (a duration, a node id list)"},
    {failure_code::kInternalError, "a C++ exception escaped the core (a bug); the fixture was unloaded"},
    {failure_code::kOutOfMemory, "the module ran out of memory; the fixture was unloaded"},
    {failure_code::kUnknownContact, "render: no contact of that id in the fixture"},
    {failure_code::kUnknownTemplate, "render: no template of that name in the workflow"},
    {failure_code::kRenderFailed, "render: the template could not be rendered for the contact (the message says why)"},
};

}  // namespace flowproof

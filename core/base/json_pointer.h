// JSON Pointer (RFC 6901) building: every located problem in the core names
// its place this way ("/nodes/a~1b/next" for the field `next` of node "a/b").
//
//   std::string here = "/nodes/" + PointerToken(node_id);
#pragma once

#include <string>
#include <string_view>

namespace flowproof {

// One reference token escaped for a pointer: '~' becomes "~0" and '/' becomes
// "~1"; everything else is kept as it is.
std::string PointerToken(std::string_view token);

}  // namespace flowproof

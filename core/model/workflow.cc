// Names of the workflow enums, as FORMAT.md spells them.
#include "core/model/workflow.h"

namespace flowproof {

const char* NodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::kSend: return "send";
    case NodeType::kUpdate: return "update";
    case NodeType::kBranch: return "branch";
    case NodeType::kSplit: return "split";
    case NodeType::kWait: return "wait";
    case NodeType::kWaitEvent: return "wait_event";
    case NodeType::kWaitUntil: return "wait_until";
    case NodeType::kExit: return "exit";
    case NodeType::kEnroll: return "enroll";
    case NodeType::kUnenroll: return "unenroll";
  }
  return "exit";
}

}  // namespace flowproof

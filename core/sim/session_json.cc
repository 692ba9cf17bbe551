#include "core/sim/session_json.h"

#include "core/time/timestamp.h"

namespace flowproof {

Json SessionStatusJson(const Session& session) {
  return {{"now", FormatTimestamp(session.now())},
          {"start", FormatTimestamp(session.start())},
          {"until", FormatTimestamp(session.until())},
          {"nowSeconds", session.now()},
          {"startSeconds", session.start()},
          {"untilSeconds", session.until()},
          {"finished", session.finished()},
          {"steps", session.steps_taken()},
          {"traceSize", session.trace_size()}};
}

Json FixtureOutlineJson(const Fixture& fixture) {
  Json contacts = Json::array(), nodes = Json::array(), templates = Json::array();
  for (const ContactDef& contact : fixture.contacts) contacts.push_back(contact.id);
  for (const Node& node : fixture.workflow->nodes) nodes.push_back(node.id);
  for (const auto& [name, unused] : fixture.workflow->templates) templates.push_back(name);
  Json outline = {{"name", fixture.name},
                  {"workflowId", fixture.workflow->id},
                  {"workflowName", fixture.workflow->name},
                  {"contacts", contacts},
                  {"nodes", nodes},
                  {"templates", templates}};
  if (fixture.is_portfolio()) {  // v1.1: the ids of every workflow, in order
    Json ids = Json::array();
    for (const auto& workflow : fixture.workflows) ids.push_back(workflow->id);
    outline["workflows"] = std::move(ids);
  }
  return outline;
}

}  // namespace flowproof

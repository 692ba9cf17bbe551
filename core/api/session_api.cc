#include "core/api/session_api.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "core/api/envelope.h"
#include "core/base/json_dump.h"
#include "core/base/problem_codes.h"
#include "core/expect/coverage.h"
#include "core/expect/coverage_of_fixtures.h"
#include "core/expect/expectations_report.h"
#include "core/json/json_input.h"
#include "core/model/memory_file_loader.h"
#include "core/sim/session_json.h"
#include "core/time/duration.h"
#include "core/time/timestamp.h"
#include "core/validate/validate_document.h"

namespace flowproof::api {
namespace {

constexpr std::size_t kEnd = Session::kToEnd;

// A forward move of the clock ("2d"), or the reason there is none.
std::optional<Duration> ForwardDuration(const std::string& text, std::string* error) {
  std::optional<Duration> d = ParseDuration(text, error);
  if (d && *d < 0) *error = "the clock only moves forward; use stepBack or reset";
  return d && *d >= 0 ? d : std::nullopt;
}

// JavaScript's indexes: a negative one counts as 0.
std::size_t Index(int i) { return i < 0 ? 0 : static_cast<std::size_t>(i); }

// {"ok", "errors", "warnings"} of a check, plus the failure class when not ok.
Json CheckJson(const Problems& problems, const Problems& warnings) {
  Json out = {{"ok", problems.empty()}, {"errors", ProblemsJson(problems)}, {"warnings", ProblemsJson(warnings)}};
  if (!problems.empty()) out["code"] = failure_code::kInvalidInput;
  return out;
}

}  // namespace

template <typename Body>
std::string SessionApi::Read(Body&& body) {
  return session_ ? Guard(std::forward<Body>(body)) : Failure(failure_code::kNotLoaded, "no fixture is loaded");
}

template <typename Body>
std::string SessionApi::Move(Body&& body) {
  return session_ ? Guard(std::forward<Body>(body), [this] { session_.reset(); })
                  : Failure(failure_code::kNotLoaded, "no fixture is loaded");
}

Json SessionApi::StatusWith(const char* key, const Json& value) const {
  Json status = SessionStatusJson(*session_);
  status[key] = value;
  return status;
}

std::string SessionApi::Load(const std::string& fixture_json, const std::string& files_json) {
  return Guard([&] {
    session_.reset();
    JsonInputResult files = ParseJsonText(files_json.empty() ? "{}" : files_json);
    if (!files.ok() || !files.value.is_object()) {
      return Failure(failure_code::kInvalidArgument, "the files argument must be a JSON object of path to text");
    }
    SessionLoadResult loaded = Session::Load(fixture_json, "", MemoryFileLoader(files.value));
    Json out = CheckJson(loaded.problems, loaded.warnings);
    if (loaded.ok()) {
      session_ = std::move(loaded.session);
      out["status"] = SessionStatusJson(*session_);
      out["fixture"] = FixtureOutlineJson(session_->fixture());
    }
    return DumpJson(out);
  }, [this] { session_.reset(); });
}

std::string SessionApi::Status() { return Read([&] { return Ok(SessionStatusJson(*session_)); }); }

std::string SessionApi::Step() { return Move([&] { return Ok(StatusWith("stepped", session_->Step())); }); }

std::string SessionApi::StepMany(int max_steps) {
  return Move([&] {
    int stepped = 0;
    while (stepped < max_steps && session_->Step()) ++stepped;
    return Ok(StatusWith("stepped", stepped));
  });
}

std::string SessionApi::AdvanceBy(const std::string& duration) {
  return Move([&] {
    std::string error;
    std::optional<Duration> d = ForwardDuration(duration, &error);
    if (!d) return Failure(failure_code::kInvalidArgument, error);
    session_->AdvanceBy(*d);
    return Ok(SessionStatusJson(*session_));
  });
}

std::string SessionApi::TargetOf(const std::string& duration) {
  return Read([&] {
    std::string error;
    std::optional<Duration> d = ForwardDuration(duration, &error);
    if (!d) return Failure(failure_code::kInvalidArgument, error);
    Instant target = std::min(session_->now() + *d, session_->until());
    return Ok(Json{{"seconds", target}, {"t", FormatTimestamp(target)}});
  });
}

std::string SessionApi::AdvanceTo(const std::string& timestamp) {
  return Move([&] {
    std::string error;
    std::optional<Instant> t = ParseTimestamp(timestamp, &error);
    if (!t) return Failure(failure_code::kInvalidArgument, error);
    session_->AdvanceTo(*t);
    return Ok(SessionStatusJson(*session_));
  });
}

std::string SessionApi::AdvanceToSeconds(double seconds) {
  return Move([&] {
    if (!std::isfinite(seconds) || std::floor(seconds) != seconds || std::fabs(seconds) > 1e15) {
      return Failure(failure_code::kInvalidArgument, "seconds must be a whole number");
    }
    session_->AdvanceTo(static_cast<Instant>(seconds));
    return Ok(SessionStatusJson(*session_));
  });
}

std::string SessionApi::RunToEnd() {
  return Move([&] {
    session_->RunToEnd();
    return Ok(SessionStatusJson(*session_));
  });
}

std::string SessionApi::RunToBreakpoint(const std::string& node_ids_json, int max_steps) {
  return Move([&] {
    JsonInputResult parsed = ParseJsonText(node_ids_json);
    bool strings = parsed.ok() && parsed.value.is_array() &&
                   std::all_of(parsed.value.begin(), parsed.value.end(), [](const Json& id) { return id.is_string(); });
    if (!strings) return Failure(failure_code::kInvalidArgument, "node ids must be a JSON array of strings");
    std::size_t before = session_->steps_taken();
    bool hit = session_->RunToBreakpoint(parsed.value.get<std::vector<std::string>>(),
                                         max_steps <= 0 ? kEnd : Index(max_steps));
    Json status = StatusWith("hit", hit);
    status["stepped"] = session_->steps_taken() - before;
    return Ok(status);
  });
}

std::string SessionApi::Trace(int from) { return Read([&] { return OkText(session_->TraceJsonArray(Index(from))); }); }

std::string SessionApi::TraceJsonl(int from) { return Read([&] { return Ok(session_->TraceJsonl(Index(from))); }); }

std::string SessionApi::TraceText() { return Read([&] { return Ok(session_->TraceText()); }); }

std::string SessionApi::Fixture() {
  return Read([&] {
    Json out = FixtureOutlineJson(session_->fixture());
    out["workflow"] = session_->fixture().workflow->source;
    if (session_->fixture().is_portfolio()) {  // v1.1: every workflow, and the portfolio's settings
      Json workflows = Json::array();
      for (const auto& workflow : session_->fixture().workflows) workflows.push_back(workflow->source);
      out["workflows"] = std::move(workflows);
      out["portfolio"] = {{"priority", session_->fixture().portfolio.priority}};
    }
    return Ok(out);
  });
}

std::string SessionApi::Contacts() { return Read([&] { return Ok(session_->Contacts()); }); }

std::string SessionApi::ContactsSummary(const std::string& selected_id) {
  return Read([&] {
    Json selected = selected_id.empty() ? Json() : session_->Contact(selected_id);
    return Ok(Json{{"contacts", session_->ContactSummaries()}, {"selected", std::move(selected)}});
  });
}

std::string SessionApi::Contact(const std::string& id) {
  return Read([&] {
    Json contact = session_->Contact(id);
    return contact.is_null() ? Failure(failure_code::kUnknownContact, "no contact '" + id + "' in this fixture")
                             : Ok(contact);
  });
}

std::string SessionApi::NodeCounts() { return Read([&] { return Ok(session_->NodeCounts()); }); }

std::string SessionApi::Messages() { return Read([&] { return Ok(session_->Messages()); }); }

std::string SessionApi::MessagesBetween(int from, int to) {
  return Read([&] {
    Json items = session_->Messages(Index(from), to < 0 ? kEnd : Index(to));
    return Ok(Json{{"total", session_->message_count()}, {"items", std::move(items)}});
  });
}

std::string SessionApi::Coverage() {
  return Read([&] {
    // A portfolio: one report per workflow, as CoverageOf gives them.
    if (session_->fixture().is_portfolio()) return Ok(CoverageByWorkflow({{session_->fixture().name, session_.get()}}));
    return Ok(flowproof::Coverage(*session_->fixture().workflow, {session_.get()}, {session_->fixture().name}));
  });
}

std::string SessionApi::Expectations() { return Read([&] { return Ok(ExpectationsReport(*session_)); }); }

std::string SessionApi::Render(const std::string& contact_id, const std::string& template_name) {
  return Read([&] {
    MessageRenderResult r = session_->Render(contact_id, template_name);
    return r.ok() ? Ok(r.message) : Failure(r.code, r.error);
  });
}

std::string CoverageOf(const std::string& fixtures_json) {
  return Guard([&] {
    JsonInputResult parsed = ParseJsonText(fixtures_json);
    if (!parsed.ok() || !parsed.value.is_array() || parsed.value.empty()) {
      return Failure(failure_code::kInvalidArgument, "fixtures must be a non-empty JSON array of {name, text, files}");
    }
    std::vector<FixtureSource> sources;
    for (const Json& item : parsed.value) {
      if (!item.is_object() || !item.contains("text") || !item["text"].is_string()) {
        return Failure(failure_code::kInvalidArgument, "each fixture is {name, text, files}");
      }
      sources.push_back({item.value("name", std::string("fixture")), item["text"].get<std::string>(), "",
                         MemoryFileLoader(item.value("files", Json::object()))});
    }
    FixturesCoverage coverage = CoverageOfFixtures(sources);
    if (!coverage.ok()) return InvalidInput(coverage.problems);
    return Ok(coverage.reports.at(0));
  });
}

std::string ValidateWorkflow(const std::string& workflow_json) {
  return Guard([&] {
    DocumentOptions options;
    options.kind = DocumentKind::kWorkflow;
    DocumentCheck check = ValidateDocumentText(workflow_json, options);
    return DumpJson(CheckJson(check.problems, check.warnings));
  });
}

}  // namespace flowproof::api

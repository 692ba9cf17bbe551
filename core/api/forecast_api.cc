#include "core/api/forecast_api.h"

#include <utility>

#include "core/api/envelope.h"
#include "core/base/json_dump.h"
#include "core/base/problem_codes.h"
#include "core/forecast/forecast.h"
#include "core/forecast/forecast_output.h"
#include "core/json/json_input.h"
#include "core/model/memory_file_loader.h"
#include "core/sim/simulator.h"
#include "core/validate/validate_document.h"

namespace flowproof::api {
namespace {

// {"contacts", "runs", "render_sample"}: whole numbers within their limits,
// or a failure with the option's pointer.
std::optional<std::string> ReadOptions(const std::string& text, ForecastOptions* options) {
  JsonInputResult parsed = ParseJsonText(text.empty() ? "{}" : text);
  if (!parsed.ok() || !parsed.value.is_object()) {
    return Failure(failure_code::kInvalidArgument, "the options must be a JSON object {contacts, runs, render_sample}");
  }
  auto whole = [&](const char* key, std::uint64_t low, std::uint64_t high, std::uint64_t* out) -> std::optional<std::string> {
    auto it = parsed.value.find(key);
    if (it == parsed.value.end() || it->is_null()) return std::nullopt;
    bool ok = it->is_number() && it->get<double>() >= static_cast<double>(low) && it->get<double>() <= static_cast<double>(high) &&
              it->get<double>() == static_cast<double>(static_cast<std::uint64_t>(it->get<double>()));
    if (!ok) {
      Json error = ErrorJson(failure_code::kInvalidArgument, std::string("/") + key,
                             std::string("'") + key + "' must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
      return DumpJson(Json{{"ok", false}, {"code", failure_code::kInvalidArgument}, {"errors", Json::array({error})}});
    }
    *out = static_cast<std::uint64_t>(it->get<double>());
    return std::nullopt;
  };
  std::uint64_t n = 0;
  if (parsed.value.contains("contacts") && !parsed.value["contacts"].is_null()) {
    if (auto failure = whole("contacts", 0, kMaxPopulationCount, &n)) return failure;
    options->contacts = n;
  }
  n = 1;
  if (auto failure = whole("runs", 1, kMaxForecastRuns, &n)) return failure;
  options->runs = static_cast<int>(n);
  n = static_cast<std::uint64_t>(options->render_sample);
  if (auto failure = whole("render_sample", 0, 1000000, &n)) return failure;
  options->render_sample = static_cast<int>(n);
  return std::nullopt;
}

}  // namespace

ForecastApi::ForecastApi() = default;
ForecastApi::~ForecastApi() = default;

std::string ForecastApi::Start(const std::string& fixture_json, const std::string& files_json, const std::string& options_json) {
  return Guard([&] {
    run_.reset();
    ForecastOptions options;
    if (std::optional<std::string> failure = ReadOptions(options_json, &options)) return *failure;
    JsonInputResult files = ParseJsonText(files_json.empty() ? "{}" : files_json);
    if (!files.ok() || !files.value.is_object()) {
      return Failure(failure_code::kInvalidArgument, "the files argument must be a JSON object of path to text");
    }
    JsonInputResult doc = ParseJsonText(fixture_json);
    if (!doc.ok()) return InvalidInput({*doc.problem});
    DocumentOptions check_options;
    check_options.kind = DocumentKind::kFixture;
    check_options.loader = MemoryFileLoader(files.value);
    check_options.max_triggers = kMaxTriggers;
    DocumentCheck check = ValidateDocument(doc.value, check_options);
    if (!check.problems.empty()) return InvalidInput(check.problems);
    std::string wrong = CheckForecastOptions(*check.fixture, options);
    if (!wrong.empty()) return Failure(failure_code::kInvalidArgument, wrong);
    run_ = std::make_unique<ForecastRun>(check.fixture, options);
    return Ok(Json{{"progress", run_->progress()}, {"done", run_->done()}});
  }, [this] { run_.reset(); });
}

std::string ForecastApi::Advance(int max_steps) {
  if (!run_) return Failure(failure_code::kNotLoaded, "no forecast is running; call start first");
  return Guard([&] {
    double progress = run_->Advance(static_cast<std::size_t>(max_steps < 1 ? 1 : max_steps));
    return Ok(Json{{"progress", progress}, {"done", run_->done()}});
  }, [this] { run_.reset(); });
}

std::string ForecastApi::Result() {
  if (!run_) return Failure(failure_code::kNotLoaded, "no forecast is running; call start first");
  if (!run_->done()) return Failure(failure_code::kInvalidArgument, "the forecast is not finished; advance until done");
  return Guard([&] { return Ok(run_->Result()); });
}

void ForecastApi::Cancel() { run_.reset(); }

std::string Forecast(const std::string& fixture_json, const std::string& files_json, const std::string& options_json) {
  ForecastApi api;
  std::string started = api.Start(fixture_json, files_json, options_json);
  if (started.rfind("{\"ok\":true", 0) != 0) return started;
  for (;;) {
    std::string step = api.Advance(1 << 20);
    if (step.rfind("{\"ok\":true", 0) != 0) return step;
    if (step.find("\"done\":true") != std::string::npos) break;
  }
  return api.Result();
}

std::string ForecastFormat(const std::string& result_json, const std::string& format) {
  return Guard([&] {
    JsonInputResult parsed = ParseJsonText(result_json);
    if (!parsed.ok() || !parsed.value.is_object()) {
      return Failure(failure_code::kInvalidArgument, "the forecast result must be the JSON object a forecast returned");
    }
    if (format == "csv") return Ok(ForecastCsv(parsed.value));
    if (format == "html") return Ok(ForecastHtml(parsed.value, "Forecast"));
    if (format == "text") return Ok(ForecastText(parsed.value));
    if (format == "json") return Ok(DumpJson(parsed.value));
    return Failure(failure_code::kInvalidArgument, "the format must be csv, html, text or json");
  });
}

}  // namespace flowproof::api

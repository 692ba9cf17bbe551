#include "core/expect/expectations_report.h"

#include "core/expect/expectations.h"

namespace flowproof {

Json ExpectationsReport(const Session& session) {
  Json results = Json::array();
  int passed = 0;
  for (const ExpectationResult& result : CheckExpectations(session.fixture(), session)) {
    if (result.passed) ++passed;
    results.push_back(ExpectationResultJson(result));
  }
  int failed = static_cast<int>(results.size()) - passed;
  return {{"finished", session.finished()}, {"passed", passed}, {"failed", failed}, {"results", std::move(results)}};
}

}  // namespace flowproof

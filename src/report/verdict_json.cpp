// JSON serialisation of verdicts with nlohmann::json (invalid UTF-8 replaced, never thrown).
#include "report/verdict_json.hpp"

#include <nlohmann/json.hpp>

namespace pm {

std::string verdict_json_line(const std::string& file, const Verdict& verdict)
{
    nlohmann::ordered_json line;
    line["file"] = file;
    line["verdict"] = std::string(to_string(verdict.action));
    line["protocols"] = verdict.protocols;
    line["violations"] = nlohmann::ordered_json::array();
    for (const Violation& v : verdict.violations) {
        nlohmann::ordered_json item;
        item["code"] = std::string(to_string(v.code));
        item["protocol"] = v.protocol_id;
        item["part"] = v.part;
        item["detail"] = v.detail;
        if (!v.evidence.empty()) {
            item["evidence"] = v.evidence;
        }
        line["violations"].push_back(std::move(item));
    }
    if (verdict.action == Action::tempfail) {
        line["error"] = verdict.error;
    }
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace pm

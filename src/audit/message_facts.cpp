#include "audit/message_facts.hpp"

#include "core/digest.hpp"

namespace pm::audit {

void add_message_facts(Record& record, const mime::MessageTree& tree)
{
    std::string_view id = tree.header("Message-ID");
    while (!id.empty() && (id.front() == ' ' || id.front() == '\t')) {
        id.remove_prefix(1);
    }
    while (!id.empty() && (id.back() == ' ' || id.back() == '\t' || id.back() == '\r' || id.back() == '\n')) {
        id.remove_suffix(1);
    }
    record.message_id_sha256 = id.empty() ? std::string() : sha256_hex(id);
    record.attachment_count = 0;
    record.attachment_sha256.clear();
    for (const mime::Part& part : tree.leaves) {
        if (part.is_body || part.path == "subject") {
            continue;
        }
        ++record.attachment_count;
        record.attachment_sha256.push_back(sha256_hex(part.data));
    }
}

} // namespace pm::audit

// libFuzzer target: label headers, CMS, compound files and message protection on arbitrary bytes.
#include "protection/document_encryption.hpp"
#include "protection/labels.hpp"
#include "protection/message_protection.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

/// The input as header lines ("name: value"), for the one-header-per-attribute label form.
std::vector<pm::mime::Header> as_header_lines(std::string_view input)
{
    std::vector<pm::mime::Header> headers{{"msip_labels", std::string(input)}};
    while (!input.empty() && headers.size() < 64) {
        const auto end = input.find('\n');
        const std::string_view line = input.substr(0, end);
        input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
        if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            headers.push_back({std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
        }
    }
    return headers;
}

/// A tree whose one interesting leaf holds the input, in the shape each detector looks for.
pm::mime::MessageTree tree_around(std::string_view input, std::uint8_t shape)
{
    pm::mime::MessageTree tree;
    pm::mime::Part leaf;
    leaf.data = std::string(input);
    switch (shape % 3) {
    case 0:  // RMS
        tree.headers = {{"Content-Class", "rpmsg.message"}, {"Content-Type", "multipart/mixed; boundary=x"}};
        leaf.path = "1";
        leaf.depth = 1;
        leaf.content_type = "application/x-microsoft-rpmsg-message";
        leaf.filename = "message.rpmsg";
        tree.leaves.push_back(leaf);
        break;
    case 1:  // S/MIME
        tree.headers = {{"Content-Type", "application/pkcs7-mime; smime-type=enveloped-data"}};
        leaf.path = "1";
        leaf.content_type = "application/pkcs7-mime";
        tree.leaves.push_back(leaf);
        break;
    default: {  // PGP/MIME
        tree.headers = {{"Content-Type", "multipart/encrypted; protocol=\"application/pgp-encrypted\"; b=x"}};
        pm::mime::Part control;
        control.path = "1";
        control.depth = 1;
        control.content_type = "application/pgp-encrypted";
        control.data = "Version: 1";
        tree.leaves.push_back(control);
        leaf.path = "2";
        leaf.depth = 1;
        leaf.content_type = "application/octet-stream";
        tree.leaves.push_back(leaf);
        break;
    }
    }
    return tree;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const auto labels = pm::protection::read_labels(as_header_lines(input));
    for (const auto& label : labels) {
        volatile std::size_t sum = label.guid.size() + label.name.size() + label.site_id.size();
        (void)sum;
    }

    if (const auto oid = pm::protection::cms_content_encryption_oid(input)) {
        volatile bool strong = pm::protection::is_aes256_content_encryption(*oid);
        (void)strong;
    }

    volatile auto office = pm::protection::office_encryption(input);
    (void)office;

    const std::uint8_t shape = size == 0 ? 0 : data[size - 1];
    const auto result = pm::protection::detect_message_protection(tree_around(input, shape));
    volatile std::size_t count = result.problems.size() + result.container_paths.size();
    (void)count;
    return 0;
}

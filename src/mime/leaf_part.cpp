// Reading one GMime leaf part into an owned Part: declared metadata and decoded bytes.
#include "mime/leaf_part.hpp"

#include "core/address.hpp"
#include "mime/utf8_text.hpp"

namespace pm::mime {

namespace {

// Bounds on what a header may put in a label: names longer than any file system allows are
// hostile, and everything here may end up in an SMTP reply line.
constexpr std::size_t max_filename_bytes = 512;
constexpr std::size_t max_token_bytes = 128;
constexpr std::size_t max_content_id_bytes = 998;  // RFC 5322 line length

std::string borrowed_text(const char* text)
{
    return text == nullptr ? std::string{} : std::string(text);
}

/// RFC 2183 section 2.8: an unrecognised disposition type is treated as "attachment".
std::string normalised_disposition(const char* value)
{
    const std::string disposition = ascii_lower(borrowed_text(value));
    if (disposition.empty() || disposition == "inline") {
        return disposition;
    }
    return "attachment";
}

} // namespace

std::string declared_content_type(GMimeObject* object)
{
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (type == nullptr) {
        return "application/octet-stream";
    }
    const GCharPtr mime_type(g_mime_content_type_get_mime_type(type));
    return to_label_text(ascii_lower(borrowed_text(mime_type.get())), max_token_bytes);
}

Part describe_leaf(GMimePart* part, std::string path, unsigned depth)
{
    auto* object = GMIME_OBJECT(part);
    Part leaf;
    leaf.path = std::move(path);
    leaf.depth = depth;
    leaf.content_type = declared_content_type(object);
    if (GMimeContentType* type = g_mime_object_get_content_type(object); type != nullptr) {
        const char* charset = g_mime_content_type_get_parameter(type, "charset");
        leaf.charset = to_label_text(ascii_lower(borrowed_text(charset)), max_token_bytes);
    }
    leaf.filename = to_label_text(borrowed_text(g_mime_part_get_filename(part)), max_filename_bytes);
    leaf.disposition = normalised_disposition(g_mime_object_get_disposition(object));
    leaf.content_id
        = to_label_text(borrowed_text(g_mime_object_get_content_id(object)), max_content_id_bytes);
    leaf.is_body = (leaf.content_type == "text/plain" || leaf.content_type == "text/html")
        && leaf.disposition != "attachment" && leaf.filename.empty();
    return leaf;
}

std::optional<std::string> decode_content(GMimePart* part)
{
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (content == nullptr) {
        return std::string{};
    }
    const auto sink = adopt(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(content, sink.get()) < 0) {
        return std::nullopt;
    }
    const GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(sink.get()));
    if (bytes == nullptr || bytes->len == 0) {
        return std::string{};
    }
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

} // namespace pm::mime

// Test-side message builder: real messages made with GMime's own API, serialised to bytes.
#include "support/mime_builder.hpp"

#include "mime/gmime_parse.hpp"
#include "mime/gobject_ptr.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace pm::test {

namespace {

using mime::adopt;
using mime::GObjectPtr;

GMimeContentEncoding to_gmime(TransferEncoding encoding)
{
    switch (encoding) {
    case TransferEncoding::seven_bit: return GMIME_CONTENT_ENCODING_7BIT;
    case TransferEncoding::eight_bit: return GMIME_CONTENT_ENCODING_8BIT;
    case TransferEncoding::binary: return GMIME_CONTENT_ENCODING_BINARY;
    case TransferEncoding::base64: return GMIME_CONTENT_ENCODING_BASE64;
    case TransferEncoding::quoted_printable: return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
    case TransferEncoding::uuencode: return GMIME_CONTENT_ENCODING_UUENCODE;
    }
    return GMIME_CONTENT_ENCODING_DEFAULT;
}

std::pair<std::string, std::string> split_type(const std::string& content_type)
{
    const auto slash = content_type.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == content_type.size()) {
        throw std::runtime_error("content type must be type/subtype: " + content_type);
    }
    return {content_type.substr(0, slash), content_type.substr(slash + 1)};
}

template <class T>
GObjectPtr<GMimeObject> as_object(GObjectPtr<T> typed)
{
    return GObjectPtr<GMimeObject>(GMIME_OBJECT(typed.release()));
}

void set_param_method(GMimeParamList* params, const char* name, GMimeParamEncodingMethod method)
{
    if (params == nullptr) {
        return;
    }
    if (GMimeParam* param = g_mime_param_list_get_parameter(params, name); param != nullptr) {
        g_mime_param_set_encoding_method(param, method);
    }
}

/// Disposition, file name (with its encoding method) and content id shared by leaves and
/// message/rfc822 parts.
void set_presentation(GMimeObject* object, const MimeNode& node)
{
    if (!node.disposition.empty()) {
        g_mime_object_set_disposition(object, node.disposition.c_str());
    }
    if (!node.filename.empty()) {
        if (node.disposition.empty()) {
            g_mime_object_set_disposition(object, "attachment");
        }
        g_mime_object_set_content_disposition_parameter(object, "filename", node.filename.c_str());
        g_mime_object_set_content_type_parameter(object, "name", node.filename.c_str());
        const auto method = node.name_encoding == NameEncoding::rfc2231
            ? GMIME_PARAM_ENCODING_METHOD_RFC2231
            : GMIME_PARAM_ENCODING_METHOD_RFC2047;
        GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
        set_param_method(g_mime_content_disposition_get_parameters(disposition), "filename", method);
        GMimeContentType* type = g_mime_object_get_content_type(object);
        set_param_method(g_mime_content_type_get_parameters(type), "name", method);
    }
    if (!node.content_id.empty()) {
        g_mime_object_set_content_id(object, node.content_id.c_str());
    }
}

GObjectPtr<GMimeObject> build_node(const MimeNode& node, int& multiparts);

GObjectPtr<GMimeObject> build_multipart(const MimeNode& node, const std::string& subtype, int& multiparts)
{
    auto multipart = adopt(g_mime_multipart_new_with_subtype(subtype.c_str()));
    // GMime would pick random boundaries; fixed ones keep every built message reproducible.
    const std::string boundary = "=-pm-test-" + std::to_string(++multiparts);
    g_mime_multipart_set_boundary(multipart.get(), boundary.c_str());
    for (const MimeNode& child : node.children) {
        const GObjectPtr<GMimeObject> built = build_node(child, multiparts);
        g_mime_multipart_add(multipart.get(), built.get());  // takes its own reference
    }
    return as_object(std::move(multipart));
}

GObjectPtr<GMimeObject> build_message_part(const MimeNode& node, const std::string& subtype)
{
    mime::ensure_gmime_initialised();
    const auto stream = adopt(
        g_mime_stream_mem_new_with_buffer(node.embedded_message.data(), node.embedded_message.size()));
    const auto parser = adopt(g_mime_parser_new_with_stream(stream.get()));
    const auto inner = adopt(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!inner) {
        throw std::runtime_error("GMime could not parse the embedded message");
    }
    auto part = adopt(g_mime_message_part_new_with_message(subtype.c_str(), inner.get()));
    auto object = as_object(std::move(part));
    set_presentation(object.get(), node);
    return object;
}

GObjectPtr<GMimeObject> build_leaf(const MimeNode& node, const std::string& type, const std::string& subtype)
{
    auto part = adopt(g_mime_part_new_with_type(type.c_str(), subtype.c_str()));
    const auto stream = adopt(g_mime_stream_mem_new_with_buffer(node.bytes.data(), node.bytes.size()));
    const auto content
        = adopt(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part.get(), content.get());
    g_mime_part_set_content_encoding(part.get(), to_gmime(node.encoding));
    auto object = as_object(std::move(part));
    if (!node.charset.empty()) {
        g_mime_object_set_content_type_parameter(object.get(), "charset", node.charset.c_str());
    }
    set_presentation(object.get(), node);
    return object;
}

GObjectPtr<GMimeObject> build_node(const MimeNode& node, int& multiparts)
{
    const auto [type, subtype] = split_type(node.content_type);
    if (type == "multipart") {
        return build_multipart(node, subtype, multiparts);
    }
    if (type == "message" && subtype == "rfc822" && !node.embedded_message.empty()) {
        return build_message_part(node, subtype);
    }
    return build_leaf(node, type, subtype);
}

void add_addresses(InternetAddressList* target, const std::string& text)
{
    if (text.empty()) {
        return;
    }
    const auto parsed = adopt(internet_address_list_parse(nullptr, text.c_str()));
    if (!parsed) {
        throw std::runtime_error("not an address list: " + text);
    }
    internet_address_list_append(target, parsed.get());
}

} // namespace

std::string build_message(const MessageHeaders& headers, const MimeNode& body)
{
    mime::ensure_gmime_initialised();
    const auto message = adopt(g_mime_message_new(TRUE));
    add_addresses(g_mime_message_get_from(message.get()), headers.from);
    add_addresses(g_mime_message_get_to(message.get()), headers.to);
    add_addresses(g_mime_message_get_cc(message.get()), headers.cc);
    g_mime_message_set_subject(message.get(), headers.subject.c_str(), "utf-8");
    GDateTime* date = g_date_time_new_utc(2024, 3, 1, 9, 30, 0);
    g_mime_message_set_date(message.get(), date);
    g_date_time_unref(date);
    g_mime_message_set_message_id(message.get(), "test-message@example.org");
    GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(message.get()));
    for (const auto& [name, value] : headers.extra) {
        g_mime_header_list_append(list, name.c_str(), "", nullptr);
        GMimeHeader* added = g_mime_header_list_get_header_at(list, g_mime_header_list_get_count(list) - 1);
        // Verbatim: GMime's own formatter would fold long tokens into encoded words.
        g_mime_header_set_raw_value(added, (" " + value + "\n").c_str());
    }
    int multiparts = 0;
    const GObjectPtr<GMimeObject> root = build_node(body, multiparts);
    g_mime_message_set_mime_part(message.get(), root.get());

    const mime::FormatOptionsPtr options(g_mime_format_options_new());
    g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
    g_mime_format_options_set_param_encoding_method(options.get(), GMIME_PARAM_ENCODING_METHOD_RFC2231);
    const mime::GCharPtr text(g_mime_object_to_string(GMIME_OBJECT(message.get()), options.get()));
    if (!text) {
        throw std::runtime_error("GMime could not serialise the message");
    }
    return std::string(text.get());
}

MimeNode text_part(std::string text)
{
    MimeNode node;
    node.content_type = "text/plain";
    node.charset = "utf-8";
    node.bytes = std::move(text);
    node.encoding = TransferEncoding::quoted_printable;
    return node;
}

MimeNode html_part(std::string html)
{
    MimeNode node = text_part(std::move(html));
    node.content_type = "text/html";
    return node;
}

MimeNode attachment(std::string filename, std::string content_type, std::string bytes,
    TransferEncoding encoding, NameEncoding name_encoding)
{
    MimeNode node;
    node.content_type = std::move(content_type);
    node.bytes = std::move(bytes);
    node.encoding = encoding;
    node.filename = std::move(filename);
    node.name_encoding = name_encoding;
    node.disposition = "attachment";
    return node;
}

MimeNode multipart(std::string subtype, std::vector<MimeNode> children)
{
    MimeNode node;
    node.content_type = "multipart/" + subtype;
    node.children = std::move(children);
    return node;
}

MimeNode rfc822_attachment(std::string message_bytes, std::string filename)
{
    MimeNode node;
    node.content_type = "message/rfc822";
    node.embedded_message = std::move(message_bytes);
    node.filename = std::move(filename);
    node.disposition = "attachment";
    return node;
}

std::string build_plain_message(const MessageHeaders& headers, std::string text)
{
    return build_message(headers, text_part(std::move(text)));
}

std::string build_mixed_message(
    const MessageHeaders& headers, std::string text, std::vector<MimeNode> attachments)
{
    std::vector<MimeNode> children;
    children.push_back(text_part(std::move(text)));
    std::ranges::move(attachments, std::back_inserter(children));
    return build_message(headers, multipart("mixed", std::move(children)));
}

std::string build_alternative_message(const MessageHeaders& headers, std::string text, std::string html,
    std::vector<MimeNode> attachments)
{
    MimeNode alternative = multipart("alternative", {text_part(std::move(text)), html_part(std::move(html))});
    if (attachments.empty()) {
        return build_message(headers, alternative);
    }
    std::vector<MimeNode> children;
    children.push_back(std::move(alternative));
    std::ranges::move(attachments, std::back_inserter(children));
    return build_message(headers, multipart("mixed", std::move(children)));
}

std::string build_forward_message(
    const MessageHeaders& headers, std::string text, std::string embedded_message)
{
    std::vector<MimeNode> attachments;
    attachments.push_back(rfc822_attachment(std::move(embedded_message), "doorgestuurd.eml"));
    return build_mixed_message(headers, std::move(text), std::move(attachments));
}

} // namespace pm::test

#include "delivery/outgoing_message.hpp"

#include "mime/gmime_parse.hpp"
#include "mime/gobject_ptr.hpp"

#include <array>
#include <fmt/format.h>
#include <openssl/rand.h>

namespace pm::delivery {
namespace {

using mime::adopt;
using mime::GObjectPtr;

bool needs_qp(const std::string& text)
{
    std::size_t line = 0;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') {
            return true;
        }
        line = c == '\n' ? 0 : line + 1;
        if (line > 900) {
            return true;
        }
    }
    return false;
}

GObjectPtr<GMimeObject> make_leaf(const OutgoingPart& part)
{
    GObjectPtr<GMimePart> leaf = adopt(g_mime_part_new_with_type(part.type.c_str(), part.subtype.c_str()));
    const auto stream = adopt(g_mime_stream_mem_new_with_buffer(part.content.data(), part.content.size()));
    const auto wrapper = adopt(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(leaf.get(), wrapper.get());
    GMimeObject* object = GMIME_OBJECT(leaf.get());
    if (part.type == "text") {
        g_mime_object_set_content_type_parameter(object, "charset", "utf-8");
        g_mime_part_set_content_encoding(
            leaf.get(), needs_qp(part.content) ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE : GMIME_CONTENT_ENCODING_7BIT);
    } else if (part.type == "message") {
        // message/* may only be 7bit, 8bit or binary (RFC 2046 5.2.1).
        g_mime_part_set_content_encoding(
            leaf.get(), needs_qp(part.content) ? GMIME_CONTENT_ENCODING_8BIT : GMIME_CONTENT_ENCODING_7BIT);
    } else {
        g_mime_part_set_content_encoding(leaf.get(), GMIME_CONTENT_ENCODING_BASE64);
    }
    for (const auto& [name, value] : part.parameters) {
        g_mime_object_set_content_type_parameter(object, name.c_str(), value.c_str());
    }
    if (!part.filename.empty()) {
        g_mime_object_set_disposition(object, "attachment");
        g_mime_object_set_content_disposition_parameter(object, "filename", part.filename.c_str());
    }
    return GObjectPtr<GMimeObject>(GMIME_OBJECT(leaf.release()));
}

std::string random_token()
{
    std::array<unsigned char, 8> bytes {};
    RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
    std::string out;
    for (const unsigned char b : bytes) {
        out += fmt::format("{:02x}", b);
    }
    return out;
}

} // namespace

std::string rfc5322_date(Instant at)
{
    const auto day = std::chrono::floor<std::chrono::days>(at);
    const std::chrono::year_month_day ymd { day };
    const std::chrono::hh_mm_ss hms { at - day };
    static constexpr std::array<const char*, 7> weekdays = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static constexpr std::array<const char*, 12> months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
        "Sep", "Oct", "Nov", "Dec" };
    const std::chrono::weekday weekday { day };
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", weekdays[weekday.c_encoding()],
        static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
        hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

Result<std::string> serialise(const OutgoingMessage& message)
{
    if (message.parts.empty()) {
        return fail(ErrorKind::internal, "an outgoing message needs a part");
    }
    mime::ensure_gmime_initialised();
    const auto out = adopt(g_mime_message_new(TRUE));
    InternetAddressList* from = g_mime_message_get_from(out.get());
    internet_address_list_add(from, adopt(internet_address_mailbox_new(message.from_name.empty() ? nullptr : message.from_name.c_str(), message.from.c_str())).get());
    InternetAddressList* to = g_mime_message_get_to(out.get());
    for (const std::string& address : message.to) {
        internet_address_list_add(to, adopt(internet_address_mailbox_new(nullptr, address.c_str())).get());
    }
    g_mime_message_set_subject(out.get(), message.subject.c_str(), "utf-8");
    const auto seconds = message.date.time_since_epoch().count();
    GDateTime* date = g_date_time_new_from_unix_utc(seconds);
    g_mime_message_set_date(out.get(), date);
    g_date_time_unref(date);
    std::string id = message.message_id;
    if (id.empty()) {
        const auto at = message.from.rfind('@');
        id = fmt::format("{}.{}@{}", seconds, random_token(), at == std::string::npos ? "localhost" : message.from.substr(at + 1));
    }
    g_mime_message_set_message_id(out.get(), id.c_str());
    GMimeObject* as_object = GMIME_OBJECT(out.get());
    for (const auto& [name, value] : message.headers) {
        g_mime_object_append_header(as_object, name.c_str(), value.c_str(), nullptr);
    }
    if (message.parts.size() == 1) {
        const auto leaf = make_leaf(message.parts.front());
        g_mime_message_set_mime_part(out.get(), leaf.get());
    } else {
        const auto multipart = adopt(g_mime_multipart_new_with_subtype(message.multipart_subtype.c_str()));
        for (const auto& [name, value] : message.multipart_parameters) {
            g_mime_object_set_content_type_parameter(GMIME_OBJECT(multipart.get()), name.c_str(), value.c_str());
        }
        for (const OutgoingPart& part : message.parts) {
            g_mime_multipart_add(multipart.get(), make_leaf(part).get());
        }
        g_mime_message_set_mime_part(out.get(), GMIME_OBJECT(multipart.get()));
    }
    const mime::FormatOptionsPtr options(g_mime_format_options_new());
    g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_UNIX);
    const mime::GCharPtr text(g_mime_object_to_string(as_object, options.get()));
    if (!text) {
        return fail(ErrorKind::internal, "GMime could not serialise the message");
    }
    return std::string(text.get());
}

} // namespace pm::delivery

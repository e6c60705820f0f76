// Classification by magic bytes, never by name or declared type: a zip named scan.pdf is a zip.
#include "inspect/attachments.hpp"

#include "archive/seven_zip_reader.hpp"
#include "archive/zip_reader.hpp"
#include "core/byte_reader.hpp"
#include "protection/document_encryption.hpp"
#include "text/document_text.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace pm {

namespace {

constexpr std::size_t max_decoration_bytes = 256 * 1024;

bool is_image(mime::SniffedType t)
{
    return t == mime::SniffedType::png || t == mime::SniffedType::jpeg || t == mime::SniffedType::gif;
}

bool contains_nocase(std::string_view haystack, std::string_view needle)
{
    return !std::ranges::search(haystack, needle, [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    }).empty();
}

bool referenced_from_html(const mime::MessageTree& tree, const std::string& content_id)
{
    if (content_id.empty()) {
        return false;
    }
    const std::string needle = "cid:" + content_id;
    return std::ranges::any_of(tree.leaves, [&](const mime::Part& p) {
        return p.is_body && !p.in_embedded_message && p.content_type == "text/html"
            && contains_nocase(p.data, needle);
    });
}

// Encryption by a mechanism other than an archive, recognised from the declared type: the bytes of
// a CMS or PGP blob have no magic the sniffer would name.
std::optional<EncryptionMechanism> declared_encryption(const mime::Part& part)
{
    const std::string& type = part.content_type;
    if (type == "application/pkcs7-mime" || type == "application/x-pkcs7-mime"
        || part.filename.ends_with(".p7m")) {
        return EncryptionMechanism::smime;
    }
    if (type == "application/pgp-encrypted" || part.data.starts_with("-----BEGIN PGP MESSAGE-----")) {
        return EncryptionMechanism::pgp;
    }
    if (type == "application/x-microsoft-rpmsg-message" || part.filename.ends_with(".rpmsg")) {
        return EncryptionMechanism::rms;
    }
    return std::nullopt;
}

/// What the MIME headers say about a part's text (members of archives have none).
struct TextHints {
    std::string_view declared_type;
    std::string_view charset;
};

class Classifier {
public:
    Classifier(const Limits& limits, Inspection& inspection, AttachmentScan& scan, std::uint64_t& text_budget)
        : m_limits(limits), m_inspection(inspection), m_scan(scan), m_text_budget(text_budget)
    {
        m_archive_limits.max_extract_bytes = std::min<std::uint64_t>(
            m_archive_limits.max_extract_bytes, limits.max_decoded_bytes);
    }

    void leaf(const mime::Part& part)
    {
        ++m_inspection.attachment_count;
        if (const auto mechanism = declared_encryption(part)) {
            add(part.label(), ForeignEncryption{*mechanism});
            return;
        }
        content(part.label(), part.data, part.sniffed, TextHints{part.content_type, part.charset}, 0);
    }

private:
    void add(const std::string& label, FindingFacts facts)
    {
        m_inspection.findings.push_back(Finding{label, std::move(facts), {}, 1.0});
    }

    void content(const std::string& label, std::string_view bytes, mime::SniffedType type, const TextHints& hints,
        unsigned depth)
    {
        switch (type) {
        case mime::SniffedType::seven_zip: archive(label, bytes, ArchiveFormat::seven_zip, depth); return;
        case mime::SniffedType::zip: archive(label, bytes, ArchiveFormat::zip, depth); return;
        case mime::SniffedType::ole_cfb:
            if (!document(label, protection::office_encryption(bytes), EncryptionMechanism::office, "ole_cfb")) {
                return;
            }
            break;
        case mime::SniffedType::pdf:
            if (!document(label, protection::pdf_encryption(bytes), EncryptionMechanism::pdf, "pdf")) {
                return;
            }
            break;
        default: break;
        }
        // A member of a readable archive is readable because its archive is, which the
        // archive's own finding already says; its content still counts (texts, nested archives).
        if (depth == 0) {
            add(label, ReadableAttachment{std::string(mime::to_string(type))});
        }
        read_text(label, bytes, type, hints);
    }

    // Readable text of a readable part, for the detectors and the password candidates. A document
    // that should have text but cannot be read is not skipped: it cannot be judged.
    void read_text(const std::string& label, std::string_view bytes, mime::SniffedType type, const TextHints& hints)
    {
        text::TextLimits limits;
        limits.max_text_bytes = m_text_budget;
        text::TextResult text = text::extract_text(bytes, type, hints.declared_type, hints.charset, limits);
        if (!text) {
            add(label, UnverifiableContainer{"document text cannot be read: " + text.error()});
            return;
        }
        if (text->text.empty()) {
            return;
        }
        m_text_budget -= std::min<std::uint64_t>(m_text_budget, text->text.size());
        if (text->truncated || m_text_budget == 0) {
            add(label, LimitExceeded{"max_text_bytes", m_limits.max_text_bytes, m_limits.max_text_bytes});
        }
        m_scan.texts.push_back(ReadableText{label, std::move(text->text)});
    }

    /// False when the document is encrypted or cannot be read: it has no text to read then.
    bool document(const std::string& label, protection::DocumentEncryption state, EncryptionMechanism mechanism,
        std::string_view sniffed)
    {
        switch (state) {
        case protection::DocumentEncryption::encrypted: add(label, ForeignEncryption{mechanism}); return false;
        case protection::DocumentEncryption::none: return true;
        case protection::DocumentEncryption::unknown:
            add(label, UnverifiableContainer{fmt::format("the {} document's structure cannot be read", sniffed)});
            return false;
        }
        return false;
    }

    void archive(const std::string& label, std::string_view bytes, ArchiveFormat format, unsigned depth)
    {
        const auto data = as_byte_span(bytes);
        const bool seven = format == ArchiveFormat::seven_zip;
        const archive::ArchiveRead read
            = seven ? archive::read_seven_zip(data, m_archive_limits) : archive::read_zip(data, m_archive_limits);
        if (!read) {
            add(label, UnverifiableContainer{read.error()});
            return;
        }
        const ArchiveFacts& facts = read->facts;
        add(label, facts);
        if (facts.coverage != Coverage::none) {
            auto check = seven ? archive::seven_zip_password_check(data, m_archive_limits)
                               : archive::zip_password_check(data, m_archive_limits);
            if (check) {
                m_scan.encrypted.push_back(EncryptedArchive{label, std::move(check)});
            }
        }
        // A plain archive is a readable container; so are the plain members of a partly
        // encrypted zip. Their members are judged in turn.
        if (facts.coverage == Coverage::all || (seven && facts.coverage == Coverage::partial)) {
            return;
        }
        if (depth + 1 > m_limits.max_container_depth) {
            add(label, LimitExceeded{"max_container_depth", depth + 1, m_limits.max_container_depth});
            return;
        }
        archive::ArchiveExtract members
            = seven ? archive::extract_seven_zip(data, m_archive_limits) : archive::extract_zip(data, m_archive_limits);
        if (!members) {
            add(label, UnverifiableContainer{"members cannot be unpacked: " + members.error()});
            return;
        }
        for (archive::ExtractedMember& member : *members) {
            const std::string& stored = m_scan.owned.emplace_back(std::move(member.data));
            content(label + "/" + member.name, stored, mime::sniff(stored), TextHints{}, depth + 1);
        }
    }

    const Limits& m_limits;
    archive::ArchiveLimits m_archive_limits;
    Inspection& m_inspection;
    AttachmentScan& m_scan;
    std::uint64_t& m_text_budget;  ///< UTF-8 bytes of text still to be read for this message
};

} // namespace

AttachmentScan classify_attachments(const mime::MessageTree& tree, const std::vector<std::string>& protected_paths,
    const Limits& limits, std::uint64_t& text_budget, Inspection& inspection)
{
    AttachmentScan scan;
    Classifier classifier(limits, inspection, scan, text_budget);
    for (const mime::Part& part : tree.leaves) {
        // The text of a forwarded message is part of an attachment, not of this message's body.
        if (part.is_body && !part.in_embedded_message) {
            continue;
        }
        if (std::ranges::find(protected_paths, part.path) != protected_paths.end()) {
            continue;
        }
        if (is_image(part.sniffed) && part.data.size() < max_decoration_bytes
            && referenced_from_html(tree, part.content_id)) {
            continue;
        }
        classifier.leaf(part);
    }
    return scan;
}

} // namespace pm

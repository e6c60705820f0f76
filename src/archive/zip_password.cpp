// Proving that a candidate password decrypts a zip member: WinZip AE-x (PBKDF2 + HMAC-SHA1
// authentication code) and traditional PKWARE encryption (APPNOTE 6.3.x 6.1 + CRC-32).
#include "archive/zip_directory.hpp"
#include "archive/zip_inflate.hpp"
#include "archive/zip_reader.hpp"
#include "archive/zip_traditional_cipher.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace pm::archive {

namespace {

constexpr int aes_pbkdf2_iterations = 1000;  // AE-x notes: "Key Generation"
constexpr std::uint64_t zipcrypto_min_plain = 4;  // below this a CRC-32 match proves < 32 bits
constexpr std::size_t max_cached_verdicts = 4096;  // candidates per message are bounded upstream

using MacPtr = std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)>;
using MacContextPtr = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

std::size_t aes_key_length(Cipher cipher)
{
    switch (cipher) {
    case Cipher::aes128: return 16;
    case Cipher::aes192: return 24;
    case Cipher::aes256: return 32;
    default: return 0;
    }
}

// Key material wiped when it goes out of scope.
class SecretBytes {
public:
    explicit SecretBytes(std::size_t size)
        : m_bytes(size)
    {
    }
    ~SecretBytes() { OPENSSL_cleanse(m_bytes.data(), m_bytes.size()); }
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
    unsigned char* data() { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }

private:
    std::vector<unsigned char> m_bytes;
};

const unsigned char* as_uchar(std::span<const std::byte> bytes)
{
    return reinterpret_cast<const unsigned char*>(bytes.data());
}

class ZipPasswordCheck final : public PasswordCheck {
public:
    ZipPasswordCheck(std::span<const std::byte> data, std::optional<ZipEntry> target, std::string reason,
        const ArchiveLimits& limits)
        : m_data(data)
        , m_target(std::move(target))
        , m_reason(std::move(reason))
        , m_limits(limits)
    {
    }

    bool opens(std::string_view candidate) override
    {
        if (!m_target) {
            return false;
        }
        const std::string key(candidate);
        if (const auto cached = m_verdicts.find(key); cached != m_verdicts.end()) {
            return cached->second;
        }
        const bool proved
            = m_target->cipher == Cipher::zipcrypto ? prove_zipcrypto(candidate) : prove_aes(candidate);
        if (m_verdicts.size() < max_cached_verdicts) {
            m_verdicts.emplace(key, proved);
        }
        return proved;
    }

    std::string_view unprovable_reason() const override { return m_reason; }

private:
    // AE-x member data: salt, 2-byte password verification value, encrypted data, 10-byte
    // authentication code. read_zip_directory checked the data is at least salt + 12 bytes.
    bool prove_aes(std::string_view candidate) const
    {
        const std::size_t key_length = aes_key_length(m_target->cipher);
        const std::size_t salt_length = aes_salt_length(m_target->cipher);
        const auto stored = m_target->stored_bytes(m_data);
        const auto salt = stored.first(salt_length);
        const auto verifier = stored.subspan(salt_length, aes_verifier_length);
        const auto encrypted = stored.subspan(salt_length + aes_verifier_length,
            stored.size() - salt_length - aes_verifier_length - aes_mac_length);
        const auto code = stored.last(aes_mac_length);

        // AE-x "Key Generation": PBKDF2-HMAC-SHA1, 1000 iterations, giving the encryption key, the
        // authentication key (same length) and the 2-byte verifier, in that order.
        if (candidate.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
            return false;  // OpenSSL takes an int length
        }
        SecretBytes derived(2 * key_length + aes_verifier_length);
        if (PKCS5_PBKDF2_HMAC(candidate.data(), static_cast<int>(candidate.size()), as_uchar(salt),
                static_cast<int>(salt.size()), aes_pbkdf2_iterations, EVP_sha1(),
                static_cast<int>(derived.size()), derived.data())
            != 1) {
            return false;
        }
        if (CRYPTO_memcmp(derived.data() + 2 * key_length, verifier.data(), aes_verifier_length) != 0) {
            return false;  // the verifier filters: a match alone is not a proof
        }
        // AE-x "Authentication code": HMAC-SHA1 over the encrypted data, first 10 bytes.
        std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
        const auto mac_length = hmac_sha1(derived.data() + key_length, key_length, encrypted, mac);
        return mac_length >= aes_mac_length && CRYPTO_memcmp(mac.data(), code.data(), aes_mac_length) == 0;
    }

    static std::size_t hmac_sha1(const unsigned char* key, std::size_t key_length,
        std::span<const std::byte> message, std::array<unsigned char, EVP_MAX_MD_SIZE>& out)
    {
        const MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr), &EVP_MAC_free);
        if (!mac) {
            return 0;
        }
        const MacContextPtr context(EVP_MAC_CTX_new(mac.get()), &EVP_MAC_CTX_free);
        char digest[] = "SHA1";
        const std::array<OSSL_PARAM, 2> params = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
        std::size_t length = 0;
        if (!context || EVP_MAC_init(context.get(), key, key_length, params.data()) != 1
            || EVP_MAC_update(context.get(), as_uchar(message), message.size()) != 1
            || EVP_MAC_final(context.get(), out.data(), &length, out.size()) != 1) {
            return 0;
        }
        return length;
    }

    // APPNOTE 6.1: 12-byte encryption header, then the encrypted (compressed) data.
    bool prove_zipcrypto(std::string_view candidate) const
    {
        const auto stored = m_target->stored_bytes(m_data);
        TraditionalCipher cipher(candidate);
        std::uint8_t last = 0;
        for (std::size_t i = 0; i < zipcrypto_header_length; ++i) {
            last = cipher.decrypt(static_cast<std::uint8_t>(stored[i]));
        }
        // 6.1.6: the last header byte is the CRC's high byte. With a data descriptor (bit 3) the
        // CRC is not known when the header is written, and Info-ZIP uses the high byte of the DOS
        // time instead; other writers keep the CRC. Either is only a 1-in-256 filter.
        const auto crc_check = static_cast<std::uint8_t>(m_target->crc32 >> 24);
        const auto time_check = static_cast<std::uint8_t>(m_target->local_mod_time >> 8);
        const bool deferred = (m_target->flags & zip_flag::data_descriptor) != 0;
        if (last != crc_check && !(deferred && last == time_check)) {
            return false;
        }
        std::vector<std::byte> plain(stored.size() - zipcrypto_header_length);
        for (std::size_t i = 0; i < plain.size(); ++i) {
            plain[i] = static_cast<std::byte>(
                cipher.decrypt(static_cast<std::uint8_t>(stored[zipcrypto_header_length + i])));
        }
        // The proof: the decrypted data unpacks to the declared size with the declared CRC-32.
        return unpack_member(plain, m_target->actual_method, m_target->uncompressed_size, m_target->crc32,
            m_limits.max_member_bytes, nullptr)
            .has_value();
    }

    std::span<const std::byte> m_data;
    std::optional<ZipEntry> m_target;
    std::string m_reason;
    ArchiveLimits m_limits;
    std::unordered_map<std::string, bool> m_verdicts;
};

// Why `entry` cannot carry a proof, or nullopt when it can.
std::optional<std::string> unprovable(const ZipEntry& entry, const ArchiveLimits& limits)
{
    if (entry.compressed_size > zip_max_proof_bytes) {
        return "not proved: member too large";
    }
    if (entry.cipher != Cipher::zipcrypto) {
        return std::nullopt;  // AES: the authentication code proves the key whatever the size
    }
    if (entry.actual_method != zip_method::stored && entry.actual_method != zip_method::deflated) {
        return "not proved: unsupported compression method";
    }
    if (entry.uncompressed_size > limits.max_member_bytes) {
        return "not proved: member too large";
    }
    if (entry.uncompressed_size < zipcrypto_min_plain) {
        return "not proved: ZipCrypto member too small (under 4 bytes) to prove a password";
    }
    return std::nullopt;
}

} // namespace

std::unique_ptr<PasswordCheck> zip_password_check(
    std::span<const std::byte> data, const ArchiveLimits& limits)
{
    const auto entries = read_zip_directory(data, limits);
    if (!entries) {
        return nullptr;
    }
    std::optional<ZipEntry> target;
    std::string reason;
    bool any_encrypted = false;
    for (const ZipEntry& entry : *entries) {
        if (!entry.encrypted() || !entry.has_data) {
            continue;
        }
        any_encrypted = true;
        if (auto why = unprovable(entry, limits)) {
            if (reason.empty()) {
                reason = std::move(*why);
            }
            continue;
        }
        if (!target || entry.compressed_size < target->compressed_size) {
            target = entry;
        }
    }
    if (!any_encrypted) {
        return nullptr;
    }
    if (target) {
        reason.clear();
    }
    return std::make_unique<ZipPasswordCheck>(data, std::move(target), std::move(reason), limits);
}

} // namespace pm::archive

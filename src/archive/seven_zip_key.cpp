// 7zAES key derivation (7-Zip's iterated SHA-256) and AES-256-CBC decryption through OpenSSL EVP.
#include "archive/seven_zip_key.hpp"

#include "archive/seven_zip_coders.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <vector>

namespace pm::archive::seven_zip {

namespace {

using MdContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

/// Bytes hashed per EVP_DigestUpdate call: many rounds at once keep the per-call cost away.
constexpr std::size_t batch_bytes = 16 * 1024;

} // namespace

std::optional<AesKey> derive_key(
    std::span<const std::byte> salt, unsigned cycles_power, std::string_view password)
{
    AesKey key {};
    if (cycles_power == cycles_power_no_stretching) {
        std::size_t at = 0;
        for (std::size_t i = 0; i < salt.size() && at < key.size(); ++i) {
            key[at++] = static_cast<unsigned char>(salt[i]);
        }
        for (std::size_t i = 0; i < password.size() && at < key.size(); ++i) {
            key[at++] = static_cast<unsigned char>(password[i]);
        }
        return key;
    }
    if (cycles_power > 62) {
        return std::nullopt;
    }
    // One round's input is salt || password || counter; a batch holds `batch` consecutive rounds
    // with only their counters differing, so the rounds are hashed as one long message.
    const std::size_t unit = salt.size() + password.size() + 8;
    const std::uint64_t rounds = std::uint64_t { 1 } << cycles_power;
    std::uint64_t batch = 1;
    while (batch * 2 <= rounds && batch * 2 * unit <= batch_bytes) {
        batch *= 2; // a power of two no larger than `rounds`, so batches divide the rounds exactly
    }
    std::vector<unsigned char> buffer(static_cast<std::size_t>(batch) * unit);
    for (std::size_t b = 0; b < batch; ++b) {
        unsigned char* round = buffer.data() + b * unit;
        // std::copy, not memcpy: an empty salt's data() may be null.
        std::copy(salt.begin(), salt.end(), reinterpret_cast<std::byte*>(round));
        std::copy(password.begin(), password.end(), round + salt.size());
    }
    const MdContext md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!md || EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr) != 1) {
        return std::nullopt;
    }
    for (std::uint64_t first = 0; first < rounds; first += batch) {
        for (std::size_t b = 0; b < batch; ++b) {
            unsigned char* counter = buffer.data() + b * unit + unit - 8;
            const std::uint64_t value = first + b;
            for (unsigned i = 0; i < 8; ++i) {
                counter[i] = static_cast<unsigned char>(value >> (8 * i));
            }
        }
        if (EVP_DigestUpdate(md.get(), buffer.data(), buffer.size()) != 1) {
            return std::nullopt;
        }
    }
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(md.get(), key.data(), &length) != 1 || length != key.size()) {
        return std::nullopt;
    }
    return key;
}

std::optional<std::string> aes256_cbc_decrypt(
    const AesKey& key, const std::array<unsigned char, 16>& iv, std::span<const std::byte> cipher)
{
    const std::size_t length = cipher.size() - cipher.size() % 16;
    if (length > static_cast<std::size_t>(std::numeric_limits<int>::max() - 16)) {
        return std::nullopt; // EVP takes int lengths; callers decrypt a few MiB at most
    }
    std::string plain(length, '\0');
    if (length == 0) {
        return plain;
    }
    const CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    int written = 0;
    int last = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv.data()) != 1
        || EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1
        || EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &written,
               reinterpret_cast<const unsigned char*>(cipher.data()), static_cast<int>(length))
            != 1
        || EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + written, &last)
            != 1
        || static_cast<std::size_t>(written + last) != length) {
        return std::nullopt;
    }
    return plain;
}

} // namespace pm::archive::seven_zip

#include "quarantine/cms_box.hpp"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace pm::quarantine {
namespace {

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CmsFree {
    void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
};
struct X509StackFree {
    void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string openssl_error()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "unknown OpenSSL error";
    }
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

BioPtr memory_bio(std::string_view bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

std::string bio_contents(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

} // namespace

Result<std::string> encrypt_to_certificate(const std::filesystem::path& certificate_pem, std::string_view plaintext)
{
    BioPtr cert_file(BIO_new_file(certificate_pem.c_str(), "r"));
    if (!cert_file) {
        ERR_clear_error();
        return fail(ErrorKind::io, fmt::format("cannot read certificate {}", certificate_pem.string()));
    }
    std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(cert_file.get(), nullptr, nullptr, nullptr));
    if (!cert) {
        return fail(ErrorKind::config, fmt::format("{} holds no PEM certificate: {}", certificate_pem.string(), openssl_error()));
    }
    std::unique_ptr<STACK_OF(X509), X509StackFree> recipients(sk_X509_new_null());
    if (!recipients || sk_X509_push(recipients.get(), cert.get()) == 0) {
        return fail(ErrorKind::resource, "out of memory");
    }
    cert.release();  // owned by the stack now
    if (plaintext.size() > static_cast<std::size_t>(INT32_MAX)) {
        return fail(ErrorKind::resource, "message too large to encrypt");
    }
    BioPtr in = memory_bio(plaintext);
    std::unique_ptr<CMS_ContentInfo, CmsFree> cms(
        CMS_encrypt(recipients.get(), in.get(), EVP_aes_256_cbc(), CMS_BINARY));
    if (!cms) {
        return fail(ErrorKind::internal, fmt::format("CMS encryption failed: {}", openssl_error()));
    }
    BioPtr out(BIO_new(BIO_s_mem()));
    if (!out || i2d_CMS_bio(out.get(), cms.get()) != 1) {
        return fail(ErrorKind::internal, fmt::format("CMS encoding failed: {}", openssl_error()));
    }
    return bio_contents(out.get());
}

Result<std::string> decrypt_with_key(const std::filesystem::path& key_pem, std::string_view der)
{
    BioPtr key_file(BIO_new_file(key_pem.c_str(), "r"));
    if (!key_file) {
        ERR_clear_error();
        return fail(ErrorKind::io, fmt::format("cannot read key file {}", key_pem.string()));
    }
    // No passphrase callback: an encrypted key is refused instead of prompting.
    std::unique_ptr<EVP_PKEY, PkeyFree> key(
        PEM_read_bio_PrivateKey(key_file.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
    if (!key) {
        ERR_clear_error();
        return fail(ErrorKind::usage,
            fmt::format("{} holds no unencrypted PEM private key (decrypt it first: openssl pkey -in F -out G)", key_pem.string()));
    }
    BioPtr in = memory_bio(der);
    std::unique_ptr<CMS_ContentInfo, CmsFree> cms(d2i_CMS_bio(in.get(), nullptr));
    if (!cms) {
        return fail(ErrorKind::io, fmt::format("the stored message is not CMS data: {}", openssl_error()));
    }
    BioPtr out(BIO_new(BIO_s_mem()));
    // CMS_DEBUG_DECRYPT: a key that fits no recipient is an error, not a random content key.
    if (!out || CMS_decrypt(cms.get(), key.get(), nullptr, nullptr, out.get(), CMS_BINARY | CMS_DEBUG_DECRYPT) != 1) {
        ERR_clear_error();
        return fail(ErrorKind::usage, fmt::format("{} is not the key this message was encrypted to", key_pem.string()));
    }
    return bio_contents(out.get());
}

} // namespace pm::quarantine

// Encryption at rest: CMS EnvelopedData (AES-256-CBC) to the DPO's certificate (OpenSSL CMS API).
#pragma once

#include "core/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace pm::quarantine {

/// DER CMS EnvelopedData of `plaintext` for the certificate in `certificate_pem`. Thread-safe.
Result<std::string> encrypt_to_certificate(const std::filesystem::path& certificate_pem, std::string_view plaintext);

/// The plaintext of a DER EnvelopedData, decrypted with the PEM private key in `key_pem`
/// (unencrypted PEM). A key that is not the recipient's gives ErrorKind::usage
/// ("wrong key"); an unreadable key file ErrorKind::io.
Result<std::string> decrypt_with_key(const std::filesystem::path& key_pem, std::string_view der);

} // namespace pm::quarantine

// Test-side archives made at test time with the real `zip` and `7zz` tools.
#include "support/archive_tool.hpp"

#include "support/process.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace pm::test {

namespace {

void write_file(const std::filesystem::path& path, const std::string& bytes)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void run_or_throw(const std::string& command)
{
    const ProcessResult result = run_command(command);
    if (result.status != 0) {
        throw std::runtime_error(command + " failed: " + result.err);
    }
}

void write_members(const std::filesystem::path& input, const std::vector<ArchiveMember>& members)
{
    std::filesystem::create_directories(input);
    for (const ArchiveMember& member : members) {
        if (member.name.ends_with('/')) {
            std::filesystem::create_directories(input / member.name);
        } else {
            write_file(input / member.name, member.bytes);
        }
    }
}

// Adds members one by one with Info-ZIP zip; `options` go before the archive name.
void zip_members(const std::filesystem::path& input, const std::filesystem::path& archive,
    const std::vector<ArchiveMember>& members, const std::string& options)
{
    for (const ArchiveMember& member : members) {
        run_or_throw("cd " + shell_quote(input.string()) + " && zip -q -X -nw " + options
            + (member.stored ? "-0 " : "") + shell_quote(archive.string()) + " " + shell_quote(member.name));
    }
}

} // namespace

std::string make_zip(const std::vector<ArchiveMember>& members)
{
    const TempDir dir;
    const auto input = dir.path() / "in";
    const auto archive = dir.path() / "out.zip";
    write_members(input, members);
    zip_members(input, archive, members, "");
    return read_file(archive);
}

std::string make_zip_with_password(
    const std::vector<ArchiveMember>& members, const std::string& password, ZipEncryption encryption)
{
    return add_to_zip_with_password({}, members, password, encryption);
}

std::string add_to_zip_with_password(const std::string& bytes, const std::vector<ArchiveMember>& members,
    const std::string& password, ZipEncryption encryption)
{
    const TempDir dir;
    const auto input = dir.path() / "in";
    const auto archive = dir.path() / "out.zip";
    write_members(input, members);
    if (!bytes.empty()) {
        write_file(archive, bytes);
    }
    if (encryption == ZipEncryption::zipcrypto) {
        zip_members(input, archive, members, shell_quote("-P" + password) + " ");
        return read_file(archive);
    }
    const char* method = encryption == ZipEncryption::zipcrypto_7zz ? "ZipCrypto"
        : encryption == ZipEncryption::aes128                       ? "AES128"
        : encryption == ZipEncryption::aes192                       ? "AES192"
                                                                    : "AES256";
    for (const ArchiveMember& member : members) {
        // A UTF-8 locale for non-ASCII names (7zz refuses a non-ASCII zip password anyway).
        run_or_throw("cd " + shell_quote(input.string()) + " && LC_ALL=C.UTF-8 7zz a -tzip -bso0 -bsp0 -mem="
            + method + (member.stored ? " -mm=Copy " : " -mm=Deflate ") + shell_quote("-p" + password)
            + " " + shell_quote(archive.string()) + " -- " + shell_quote(member.name));
    }
    return read_file(archive);
}

std::string add_to_zip(
    const std::string& bytes, const std::vector<ArchiveMember>& members, const std::string& password)
{
    const TempDir dir;
    const auto input = dir.path() / "in";
    const auto archive = dir.path() / "out.zip";
    write_members(input, members);
    write_file(archive, bytes);
    zip_members(input, archive, members, password.empty() ? "" : shell_quote("-P" + password) + " ");
    return read_file(archive);
}

std::string make_zip64(const std::vector<ArchiveMember>& members)
{
    const TempDir dir;
    const auto input = dir.path() / "in";
    const auto archive = dir.path() / "out.zip";
    write_members(input, members);
    zip_members(input, archive, members, "-fz ");
    return read_file(archive);
}

std::string make_self_extractor(const std::string& stub, const std::string& bytes)
{
    const TempDir dir;
    const auto archive = dir.path() / "sfx.zip";
    write_file(archive, stub + bytes);
    run_or_throw("zip -q -A " + shell_quote(archive.string()));
    return read_file(archive);
}

std::string make_7z(
    const std::vector<ArchiveMember>& members, const std::string& password, bool encrypt_names)
{
    const TempDir dir;
    const auto input = dir.path() / "in";
    const auto archive = dir.path() / "out.7z";
    std::filesystem::create_directories(input);
    std::string command = "cd " + shell_quote(input.string()) + " && 7zz a -t7z -bso0 -bsp0";
    if (!password.empty()) {
        command += ' ';
        command += shell_quote("-p" + password);
        command += encrypt_names ? " -mhe=on" : " -mhe=off";
    }
    command += ' ';
    command += shell_quote(archive.string());
    command += " --";
    for (const ArchiveMember& member : members) {
        write_file(input / member.name, member.bytes);
        command += ' ';
        command += shell_quote(member.name);
    }
    run_or_throw(command);
    return read_file(archive);
}

namespace {

std::string run_7zz_add(const std::string& existing, const std::vector<ArchiveMember>& members,
    const SevenZipOptions& options)
{
    const TempDir dir;
    const auto input = dir.path() / "in";
    const auto archive = dir.path() / "out.7z";
    std::filesystem::create_directories(input);
    write_members(input, members);
    if (!existing.empty()) {
        write_file(archive, existing);
    }
    std::string command = "cd " + shell_quote(input.string()) + " && LC_ALL=C.UTF-8 7zz a -t7z -bso0 -bsp0";
    if (!options.password.empty()) {
        command += ' ' + shell_quote("-p" + options.password);
        command += options.encrypt_names ? " -mhe=on" : " -mhe=off";
    }
    if (!options.method.empty()) {
        command += " -m0=" + options.method;
    }
    if (!options.compress_header) {
        command += " -mhc=off";
    }
    if (!options.filter.empty()) {
        command += " -mf=" + options.filter;
    }
    command += ' ' + shell_quote(archive.string());
    if (!members.empty()) {
        command += " --";
        for (const ArchiveMember& member : members) {
            std::string name = member.name;
            if (name.ends_with('/')) {
                name.pop_back();
            }
            command += ' ' + shell_quote(name);
        }
    }
    run_or_throw(command);
    return read_file(archive);
}

} // namespace

std::string make_7z_with(const std::vector<ArchiveMember>& members, const SevenZipOptions& options)
{
    return run_7zz_add({}, members, options);
}

std::string add_to_7z(const std::string& archive, const std::vector<ArchiveMember>& members,
    const SevenZipOptions& options)
{
    return run_7zz_add(archive, members, options);
}

} // namespace pm::test

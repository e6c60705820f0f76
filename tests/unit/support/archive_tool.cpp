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

} // namespace

std::string make_zip(const std::vector<ArchiveMember>& members)
{
    const TempDir dir;
    const auto input = dir.path() / "in";
    const auto archive = dir.path() / "out.zip";
    std::filesystem::create_directories(input);
    for (const ArchiveMember& member : members) {
        write_file(input / member.name, member.bytes);
    }
    for (const ArchiveMember& member : members) {
        run_or_throw("cd " + shell_quote(input.string()) + " && zip -q -X -nw " + (member.stored ? "-0 " : "")
            + shell_quote(archive.string()) + " " + shell_quote(member.name));
    }
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

} // namespace pm::test

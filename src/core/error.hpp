// Errors as values: Result<T> = std::expected<T, Error> across the whole library.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace pm {

/// The failure class of an Error. It decides what the daemon does with a message we could not
/// judge (see milter/): input problems become verdicts elsewhere; these are *our* failures or the
/// operator's.
enum class ErrorKind {
    io,        ///< a file or socket operation failed (tempfail)
    config,    ///< a rule or gateway file is invalid (refuse to start / keep old policy)
    usage,     ///< a command-line mistake (exit 2)
    resource,  ///< time budget or memory exhausted while judging (tempfail)
    internal,  ///< a bug or an unexpected library failure (tempfail)
};

struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message)
{
    return std::unexpected(Error{kind, std::move(message)});
}

} // namespace pm

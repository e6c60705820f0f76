// Ownership of GLib/GMime results inside src/mime: transfer-full references only.
#pragma once

#include <gmime/gmime.h>

#include <memory>

namespace pm::mime {

/// Drops one GObject reference. Used only for results the GMime docs mark "transfer full";
/// borrowed ("transfer none") pointers stay raw and must not outlive their owner.
struct GObjectUnref {
    void operator()(gpointer object) const noexcept
    {
        if (object != nullptr) {
            g_object_unref(object);
        }
    }
};

/// A GObject we hold one reference to. Not thread-safe: GMime objects stay on their thread.
template <class T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

/// Takes over a transfer-full reference (may be null).
template <class T>
GObjectPtr<T> adopt(T* object) noexcept
{
    return GObjectPtr<T>(object);
}

/// Frees a transfer-full `char*` (g_free).
struct GFree {
    void operator()(gpointer memory) const noexcept { g_free(memory); }
};

/// A GLib-allocated string we own.
using GCharPtr = std::unique_ptr<char, GFree>;

/// Frees GMimeParserOptions (a boxed type, not a GObject).
struct ParserOptionsFree {
    void operator()(GMimeParserOptions* options) const noexcept
    {
        if (options != nullptr) {
            g_mime_parser_options_free(options);
        }
    }
};

using ParserOptionsPtr = std::unique_ptr<GMimeParserOptions, ParserOptionsFree>;

/// Frees GMimeFormatOptions (a boxed type, not a GObject).
struct FormatOptionsFree {
    void operator()(GMimeFormatOptions* options) const noexcept
    {
        if (options != nullptr) {
            g_mime_format_options_free(options);
        }
    }
};

using FormatOptionsPtr = std::unique_ptr<GMimeFormatOptions, FormatOptionsFree>;

} // namespace pm::mime

// A minimal PDF serialiser for tests: numbered objects, a correct xref table and trailer.
#pragma once

#include <string>
#include <vector>

namespace pm::test {

/// A PDF 1.4 file whose object N (1-based) is `objects[N-1]`; object 1 must be the catalog.
std::string pdf_from_objects(const std::vector<std::string>& objects);

} // namespace pm::test

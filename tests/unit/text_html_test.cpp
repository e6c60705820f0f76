// HTML bodies read as a person (or a copy-paste) would read them.
#include "text/html_text.hpp"

#include <catch2/catch.hpp>

using pm::text::html_to_text;

TEST_CASE("text split across inline tags reads as one string", "[text][html]")
{
    CHECK(html_to_text("<p>INSZ <b>85.07.30</b>-033.28</p>") == "INSZ 85.07.30-033.28\n");
    CHECK(html_to_text("<span>Zomer</span><span>-Lint</span>") == "Zomer-Lint");
}

TEST_CASE("block tags end lines and entities are decoded", "[text][html]")
{
    CHECK(html_to_text("Beste<br>Jan&nbsp;&amp;&#233;&#xE9;&eacute;<div>x</div>")
        == "Beste\nJan &\xC3\xA9\xC3\xA9\xC3\xA9\nx\n");
}

TEST_CASE("script, style and comments are dropped, hidden text is kept", "[text][html]")
{
    CHECK(html_to_text("<style>p{color:red}</style><script>var a='<b>';</script><!-- x -->"
                       "<span style=\"display:none\">verborgen</span>")
        == "verborgen");
}

TEST_CASE("soft hyphens do not split what the reader sees whole", "[text][html]")
{
    CHECK(html_to_text("85.07&shy;.30") == "85.07.30");
}

TEST_CASE("malformed HTML does not loop or read past the end", "[text][html]")
{
    CHECK(html_to_text("<b") == "");
    CHECK(html_to_text("&#99999999999;x") == "&#99999999999;x");
    CHECK(html_to_text("<script>never closed") == "");
    CHECK(html_to_text("a &unknown; b") == "a &unknown; b");
}

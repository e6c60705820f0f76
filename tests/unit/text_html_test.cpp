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

TEST_CASE("HTML table cells are TAB-separated and rows end lines, as in documents", "[text][html]")
{
    // Regression: every cell used to be its own line, so "Naam" and its value were no label pair.
    CHECK(html_to_text("<p>Gegevens</p><table><tr><td><p class=MsoNormal>Naam</p></td>"
                       "<td><p class=MsoNormal>Sarah<br>Janssens</p></td></tr>\n"
                       "<tr><th>INSZ</th><td>85.07.30-033.28</td><td></td></tr></table><p>Einde</p>")
        == "Gegevens\nNaam\tSarah Janssens\nINSZ\t85.07.30-033.28\nEinde\n");
    CHECK(html_to_text("<table><tr><td>a<td>b</table>") == "a\tb\n");
    CHECK(html_to_text("-- <br>Ann") == "-- \nAnn");
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

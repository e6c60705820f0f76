#include "mime/gmime_parse.hpp"
#include "mime/message_tree.hpp"
#include <catch2/catch.hpp>
#include <iostream>
namespace {
extern "C" void print_warning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer) {
    std::cout << "   warn code=" << code << " offset=" << offset << " item=" << (item ? item : "(null)") << "\n";
}
void show(const char* name, const std::string& raw) {
    std::cout << "== " << name << "\n";
    pm::mime::ensure_gmime_initialised();
    GMimeStream* s = g_mime_stream_mem_new_with_buffer(raw.data(), raw.size());
    GMimeParser* p = g_mime_parser_new_with_stream(s);
    GMimeParserOptions* o = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(o, print_warning, nullptr);
    GMimeMessage* m = g_mime_parser_construct_message(p, o);
    std::cout << "   message=" << (m ? "yes" : "NULL") << "\n";
    if (m) g_object_unref(m);
    g_object_unref(p); g_object_unref(s); g_mime_parser_options_free(o);
    auto t = pm::mime::parse_message(raw, {});
    for (auto& f : t->problems) { if (auto* u = std::get_if<pm::Unparseable>(&f.facts)) std::cout << "   problem: [" << f.part << "] " << u->reason << "\n"; if (auto* l = std::get_if<pm::LimitExceeded>(&f.facts)) std::cout << "   limit: " << l->limit << "\n";}
    for (auto& l : t->leaves) std::cout << "   leaf " << l.path << " " << l.content_type << " " << l.data.size() << " bytes\n";
}
}
TEST_CASE("scratch", "[scratch]") {
    const std::string h = "From: a@example.org\r\nTo: b@example.net\r\nSubject: x\r\n";
    show("no trailing newline", h + "\r\nbody without newline");
    show("headers only with CRLF", h);
    show("headers only without final CRLF", "From: a@example.org\r\nSubject: x");
    show("empty", "");
    show("one newline", "\r\n");
    show("multipart no CRLF after close", h + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--");
    show("trailing semicolon", h + "Content-Type: text/plain;\r\n\r\nx\r\n");
    show("8bit header", h + "X-Naam: Cli\xEBnt\r\n\r\nx\r\n");
    show("mbox From line", "From a@example.org Mon Jan  1 00:00:00 2024\r\n" + h + "\r\nx\r\n");
    show("invalid header line", h + "this is not a header\r\nX-After: y\r\n\r\nx\r\n");
    show("same Content-Type twice", h + "Content-Type: text/plain\r\nContent-Type: text/plain\r\n\r\nx\r\n");
    show("multipart empty", h + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b--\r\n");
    show("part without headers", h + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n");
    show("part headers ended by boundary", h + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n--b--\r\n");
    show("nested ends with parent boundary", h + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n");
    show("invalid content type", h + "Content-Type: text\r\n\r\nx\r\n");
    show("bad rfc2047 subject", "From: a@example.org\r\nSubject: =?utf-8?q?broken\r\n\r\nx\r\n");
    show("bad address list", "From: <<<@@@>>>\r\nTo: ,,,\r\n\r\nx\r\n");
    show("garbage", std::string("\x01\x02\x03 garbage \xff\xfe no colon here\r\nmore garbage\r\n", 40));
    show("rfc822 empty", h + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n--b--\r\n");
}

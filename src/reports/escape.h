/*
 * escape.h - internal to src/reports: writing repository and rule text into
 * XML, HTML and SVG. Repository text may be any bytes; these documents must
 * be well-formed UTF-8 without control characters, so ill-formed sequences
 * and characters XML 1.0 forbids become U+FFFD.
 */
#ifndef READYCHECK_REPORTS_ESCAPE_H
#define READYCHECK_REPORTS_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0. */
size_t esc_utf8_len(const unsigned char *p);
/* s with & < > " ' as character references (safe in text and in quoted
 * attributes); NULL writes nothing. */
void esc_xml(FILE *out, const char *s);
/* The first n bytes of s (stops early at a NUL). */
void esc_xml_n(FILE *out, const char *s, size_t n);
/* Like esc_xml, but at most max bytes of s, then "..." when cut. */
void esc_xml_clipped(FILE *out, const char *s, size_t max);

#endif

#ifndef READYCHECK_DISOWN_H
#define READYCHECK_DISOWN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * disown - does the code around a matched value say the value is not a
 * real one? A secret rule's match counts unless one of these says so:
 *
 *   - the comment block above the line (up to a blank line, at most eight
 *     lines): "fake", "dummy", "not a real", "used in tests", "expired"...
 *   - the heading of the section the line sits in (comment lines above
 *     it, across blank lines, up to the first line of code, at most eight
 *     lines) says its settings are "unsuitable for production" (Django's
 *     startproject template);
 *   - a comment after the value on its own line (`"ghp_..." // expired`),
 *     or a secret scanner's allow marker there (`// gitleaks:allow`,
 *     `# pragma: allowlist secret`, `trufflehog:ignore`, `ggignore`; not a
 *     linter's general `# nosec`), or detect-secrets' `pragma: allowlist
 *     nextline secret` on the line above;
 *   - the name the value is given on its line: an identifier with a word
 *     test, fake, dummy, example, sample or mock (`TEST_FAKE_RSA_KEY_0 =`,
 *     `TestValue::Single(`), split at '_' and camelCase humps;
 *   - the value lies inside a Markdown code fence (``` or ~~~ lines), an
 *     example in documentation text such as a settings schema's
 *     `details: |` block;
 *   - in Python, the value lies in a triple-quoted docstring;
 *   - in Rust, the value lies in a `#[cfg(test)]` module (unit tests'
 *     fixtures, compiled only for `cargo test`).
 *
 * data[0..len) is the file, [bol, eol) the matched line and [at, end) the
 * match within it (its first line, for a match across lines).
 */
enum rc_source_lang { RC_LANG_OTHER, RC_LANG_PYTHON, RC_LANG_RUST };

/* The language a file's name says, as far as rc_disowned() cares. */
enum rc_source_lang rc_source_lang_of(const char *path);

bool rc_disowned(const char *data, size_t len, size_t bol, size_t eol,
                 size_t at, size_t end, enum rc_source_lang lang);

#endif

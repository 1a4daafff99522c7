/*
 * keyfile.h - whether a committed private key is a secret, by its own
 * text and the certificate beside it.
 *
 * A PEM block headed PRIVATE KEY is not always a key anybody can use:
 *
 * - an encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`, or a legacy block
 *   with `Proc-Type: 4,ENCRYPTED`) is useless without its passphrase -
 *   but the passphrase may be committed too (a PASS_PHRASE in an .env
 *   file), so it is told apart rather than cleared;
 * - a block whose DER is cut short - fewer bytes than its outer SEQUENCE
 *   declares - with its text stopping at a '.' or '…' is a sample quoted
 *   in prose, a schema or an API description
 *   (`MIIEpQIBAAKCAQEAuyf/lNrH9ck8DmNyo3fGgvCI1l9s+cmBY3WIz+cUDqmxiieR.`);
 *   a short body that runs to its END line says nothing of the kind (a
 *   stand-in shortened by hand, a file cut by a copy), so it may be one;
 * - a key whose own certificate (a certificate in the key's file or in
 *   its folder whose public key is the key's) names a test identity -
 *   the word "test" in its subject or its issuer (`O=Test`,
 *   `CN=Samba Test CA`, `CN=test@xs.com`), or a host under a name
 *   reserved for tests and examples (RFC 2606 and 6761: .test, .example,
 *   .invalid, example.com/.net/.org) - belongs to a test fixture: a
 *   certificate nobody trusts outside the tests;
 * - a key whose certificate is for this machine only (every common name
 *   and subjectAltName is localhost, a host under .localhost or a
 *   loopback address) is a development certificate's: it impersonates
 *   no host, though a deployment serving it is still misconfigured;
 * - a key whose folder's README forbids deploying what it holds ("Do NOT
 *   use these in any real deployments") is test material by the
 *   project's own word (a test CA for a trust-store feature).
 *
 * - a key whose folder's README calls its contents samples or defaults
 *   to replace ("for testing and local development only", "replace them
 *   with your own in production") is a documented sample: an install left
 *   at its defaults may serve it, but nobody holds it as a credential.
 *
 * The first two and the one whose README forbids deploying are no secret
 * at all (RC_KEY_NO_SECRET); an encrypted key and a documented sample are
 * told apart (RC_KEY_LIMITED) for a check to warn of rather than block on,
 * and so is a localhost key (RC_KEY_LOCAL), which matters only where a
 * deployment serves it.
 *
 * A word counts only whole ("tester", "osptestserver" and "contest" are
 * not "test"). The key text may be quoted in a JSON or YAML string
 * (`\n` escapes, quotes, indentation). Anything not read as one of
 * these (an OpenSSH or PGP block, a key in a form OpenSSL cannot load,
 * a key without its certificate) may be a secret.
 *
 * Cost: the key's file and the certificate files of its folder (.crt,
 * .cer, .cert, .pem; at most 256 KiB each, 64 of them) are read once per
 * key asked about.
 */
#ifndef READYCHECK_KEYFILE_H
#define READYCHECK_KEYFILE_H

struct rc_arena;
struct rc_index;

/* What a private key is, for a check to treat it. */
enum rc_key_kind {
  RC_KEY_SECRET,   /* may be a secret */
  RC_KEY_LIMITED,  /* encrypted (as safe as its passphrase, which may be
                      committed too), a sample its folder's README says
                      to replace, or one on a commented-out line */
  RC_KEY_LOCAL,    /* certified for localhost only: impersonates no host */
  RC_KEY_NO_SECRET /* cut short, or a test fixture's */
};

/* What the private key whose BEGIN line is at line (1-based) of the
 * indexed file path is; for a key that is not RC_KEY_SECRET, *why says
 * so, in a ("an encrypted key (...)..."). RC_KEY_SECRET when the file
 * cannot be read. */
enum rc_key_kind rc_key_judge(struct rc_index *idx, struct rc_arena *a,
                              const char *path, unsigned line,
                              const char **why);

#endif

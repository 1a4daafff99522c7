/*
 * test_mask.c - the secret masker, as a table of (input, expected output):
 * what must be hidden, and what must stay readable.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readycheck/buf.h"
#include "readycheck/mask.h"

struct mcase {
  const char *in;
  const char *out;
};

static const struct mcase hidden[] = {
    /* a passphrase of content words is still a secret */
    {"password: correct horse battery staple", "password: ****"},
    {"password: Correct (horse) battery staple.", "password: ****"},
    {"password: (Xk9 is the key)", "password: ****"},
    /* assignments whose key names a secret */
    {"PASSWORD=hunter2", "PASSWORD=****"},
    {"DB_PASSWORD=\"s3cr3t value\"", "DB_PASSWORD=\"****\""},
    {"export API_KEY=abc123", "export API_KEY=****"},
    {"api_key: abcdef", "api_key: ****"},
    {"apiKey: 'abcdef'", "apiKey: '****'"},
    {"x-api-key: abcdef", "x-api-key: ****"},
    {"  \"password\": \"hunter2\",", "  \"password\": \"****\","},
    /* a quoted key that holds more than the name (a setup file's
     * "admin:password", a path-like "db/password") */
    {"{\"admin:password\": \"hAN3Eg8W\", \"x\": 1}",
     "{\"admin:password\": \"****\", \"x\": 1}"},
    {"'db/password': 'hAN3Eg8W'", "'db/password': '****'"},
    {"{\"user\":\"bob\",\"password\":\"x1\",\"token\":null}",
     "{\"user\":\"bob\",\"password\":\"****\",\"token\":null}"},
    {"JWT_SECRET='single'", "JWT_SECRET='****'"},
    {"client_secret = \"abc\"", "client_secret = \"****\""},
    {"AWS_ACCESS_KEY_ID=abc", "AWS_ACCESS_KEY_ID=****"},
    {"privateKey: abc", "privateKey: ****"},
    {"SESSION_KEY=abc", "SESSION_KEY=****"},
    {"GOOGLE_CREDENTIALS=abc", "GOOGLE_CREDENTIALS=****"},
    {"DB_PWD=abc", "DB_PWD=****"},
    /* under an auth key, words that are not a sentence are a credential */
    {"proxy_auth: alice s3cr3t", "proxy_auth: ****"},
    {"BASIC_AUTH=admin:hunter2", "BASIC_AUTH=****"},
    /* a strong key keeps the strict sentence test */
    {"password: not my secret", "password: ****"},
    {"DB_PASSWD=abc", "DB_PASSWD=****"},
    {"db_pass: abc", "db_pass: ****"},
    {"basic_auth: abc", "basic_auth: ****"},
    {"Authorization: Bearer abc.def.ghi", "Authorization: Bearer ****"},
    {"ENV DB_PASSWORD supersecret", "ENV DB_PASSWORD ****"},
    {"env DB_PASSWORD super secret words", "env DB_PASSWORD ****"},
    {"ENV DB_PASSWORD=supersecret", "ENV DB_PASSWORD=****"},
    {"ENV A=1 DB_PASSWORD=x", "ENV A=1 DB_PASSWORD=****"},
    {"ARG NPM_TOKEN=abc", "ARG NPM_TOKEN=****"},
    {"password: two words # note", "password: **** # note"},
    {"PASSWORD=abc # comment", "PASSWORD=**** # comment"},
    {"password: 'it''s secret'", "password: '****'"},
    {"password = \"a\\\"b\"", "password = \"****\""},
    {"Server=db;User Id=sa;Password=Pa55w0rd;Encrypt=true",
     "Server=db;User Id=sa;Password=****;Encrypt=true"},
    {"?user=x&token=abc&page=2", "?user=x&token=****&page=2"},
    {"--password hunter2 --user bob", "--password **** --user bob"},
    {"--token=abc", "--token=****"},
    {"machine api.example.com login me password abc",
     "machine api.example.com login me password ****"},
    {"<password>hunter2</password>", "<password>****</password>"},
    {"cfg[\"password\"] = \"hunter2\"", "cfg[\"password\"] = \"****\""},
    {"$password = 'hunter2';", "$password = '****';"},
    {"tokens: [\"abc\", \"def\"]", "tokens: [\"****\", \"****\"]"},
    {"auth: {user: bob, pass: hunter2}", "auth: {user: ****, pass: ****}"},
    {"SENTRY_DSN=https://abc@o1.ingest.sentry.io/4", "SENTRY_DSN=****"},
    {"PASSWORD=pa$$word", "PASSWORD=****"},
    {"PASSWORD=$ecretPass", "PASSWORD=****"},
    {"password := \"x\"", "password := \"****\""},
    {"password => 'x'", "password => '****'"},
    {"if (password == \"hunter2\")", "if (password == \"****\")"},
    /* references stay, inline defaults do not */
    {"PASSWORD=${DB_PASSWORD:-hunter2}", "PASSWORD=${DB_PASSWORD:-****}"},
    {"PASSWORD=${X:-hunter2}", "PASSWORD=${X:-****}"},
    {"image: pg ${POSTGRES_PASSWORD:-devpass} x",
     "image: pg ${POSTGRES_PASSWORD:-****} x"},
    {"- \"${DB_PASSWORD-devpass}\"", "- \"${DB_PASSWORD-****}\""},
    {"TOKEN=prefix${SUFFIX}", "TOKEN=****${SUFFIX}"},
    /* code reading a secret: the literal default is hidden */
    {"password = os.getenv(\"DB_PASSWORD\", \"hunter2\")",
     "password = os.getenv(\"DB_PASSWORD\", \"****\")"},
    {"token: process.env.TOKEN || 'dev-token'",
     "token: process.env.TOKEN || '****'"},
    /* ... also when nothing on the line names a secret key */
    {"const db = process.env.DB_PASSWORD || 'hunter2';",
     "const db = process.env.DB_PASSWORD || '****';"},
    {"conn = os.getenv(\"DB_PASSWORD\", \"hunter2\")",
     "conn = os.getenv(\"DB_PASSWORD\", \"****\")"},
    {"x = os.environ.get('API_TOKEN', 'abc')",
     "x = os.environ.get('API_TOKEN', '****')"},
    {"k = ENV.fetch(\"SECRET_KEY_BASE\", \"abc\")",
     "k = ENV.fetch(\"SECRET_KEY_BASE\", \"****\")"},
    {"const p = Deno.env.get(\"DB_PASS\") ?? \"x1\";",
     "const p = Deno.env.get(\"DB_PASS\") ?? \"****\";"},
    {"f(process.env['AUTH_TOKEN'] || `tok`)",
     "f(process.env['AUTH_TOKEN'] || `****`)"},
    /* a name that is not a secret's: only harmless defaults stay */
    {"hook = process.env.SLACK_HOOK ?? 'https://hooks.slack.com/T0/B0/x1'",
     "hook = process.env.SLACK_HOOK ?? '****'"},
    {"u = os.getenv(\"UPSTREAM\", \"Mixed-Case-Value\")",
     "u = os.getenv(\"UPSTREAM\", \"****\")"},
    /* a plain word stays only below 16 characters */
    {"u = os.getenv(\"UPSTREAM\", \"abcdefghijklmnop\")",
     "u = os.getenv(\"UPSTREAM\", \"****\")"},
    /* thresholds, at the first length that is hidden */
    {"ghp_aaaaaaaaaaaaaaaaaaaa", "****"},
    {"AKIAIOSFODNN7EXAMPLE", "****"},
    {"xoxb-1234567890", "****"},
    {"sk_live_abcdefghij", "****"},
    {"sk-aaaaaaaaaaaaaaaaaaaa", "****"},
    {"glpat-aaaaaaaaaaaaaaaaaaaa", "****"},
    {"npm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "****"},
    {"AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "****"},
    {"aB3dE5fG7hJ9kL1mN3pQrS5t", "****"},
    {"https://abcdef0123456789@sentry.io/1", "https://****@sentry.io/1"},
    /* credentials in URLs */
    {"DATABASE_URL=postgres://user:pa55@db:5432/app",
     "DATABASE_URL=postgres://user:****@db:5432/app"},
    {"REDIS_URL=redis://:secretpass@host:6379",
     "REDIS_URL=redis://:****@host:6379"},
    {"url: \"mongodb+srv://admin:p%40ss@c0.example.net/db\"",
     "url: \"mongodb+srv://admin:****@c0.example.net/db\""},
    {"https://x-access-token:abcdef@github.com/o/r",
     "https://x-access-token:****@github.com/o/r"},
    {"https://abcdef0123456789abcd@sentry.io/1", "https://****@sentry.io/1"},
    /* token shapes, anywhere */
    {"AKIAIOSFODNN7EXAMPLE", "****"},
    {"id ASIAIOSFODNN7EXAMPLE.", "id ****."},
    {"key ghp_abcdefghijklmnopqrstuvwxyz0123456789 end", "key **** end"},
    {"gho_abcdefghijklmnopqrstuvwxyz", "****"},
    {"github_pat_11ABCDEFG0abcdefghij_klmnopqrstuvwxyz", "****"},
    {"xoxb-123456789012-abcdefghij", "****"},
    {"xoxp-1234567890-abcd", "****"},
    {"sk_live_abcdefghij1234567890", "****"},
    {"stripe(\"sk_test_abcdefghij123\")", "stripe(\"****\")"},
    {"rk_live_abcdefghij1234567890", "****"},
    {"AIzaSyA1234567890abcdefghijklmnopqrstuv", "****"},
    {"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_nature-x",
     "Bearer ****"},
    {"glpat-abcdefghijklmnopqrst", "****"},
    {"npm_abcdefghijklmnopqrstuvwxyz0123456789", "****"},
    {"sk-abcdefghijklmnopqrstuvwxyz", "****"},
    /* PEM private keys */
    {"\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg"
     "\\n-----END PRIVATE KEY-----\\n\",",
     "\"private_key\": \"****\","},
    {"k = \"-----BEGIN RSA PRIVATE KEY-----\\nMIIEvQIBADA\\n-----END RSA "
     "PRIVATE KEY-----\"",
     "k = \"-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE "
     "KEY-----\""},
    {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA\n"
     "-----END OPENSSH PRIVATE KEY-----\nafter",
     "-----BEGIN OPENSSH PRIVATE KEY-----\n****\n****\n"
     "-----END OPENSSH PRIVATE KEY-----\nafter"},
    /* long random-looking strings */
    {"value aB3dE5fG7hJ9kL1mN3pQrS5tU7vW9 end", "value **** end"},
    {"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXaMPLeKEY", "****"},
    {"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "****"},
    {"secret: Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==",
     "secret: ****"},
    {"c2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTBhYmNkZWY=", "****"},
};

static const struct mcase kept[] = {
    /* a URL "user" with no letter or digit is no token (fuzz_mask) */
    {"x://@@\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
     "\xff@@@@host",
     NULL},
    /* a sentence about a service whose name says auth is not a secret */
    {"services.auth-mongodb: database without a named volume or host "
     "folder for its data",
     NULL},
    {"services.auth-service: no healthcheck (in compose or its Dockerfile)",
     NULL},
    /* "auth" in an app's name is a weak sign: a short sentence stays */
    {"services.2fauth: no restart policy", NULL},
    {"services.2fauth: no resource limits (deploy.resources.limits or "
     "mem_limit/cpus)",
     NULL},
    {"services.2fauth: bind mount source './2fauth' does not exist", NULL},
    {"server '2fAuth': server_tokens is not set (default on: the version is "
     "shown)",
     NULL},
    {"PASSWORD=${DB_PASSWORD}", NULL},
    {"PASSWORD=$DB_PASSWORD", NULL},
    {"password: ${{ secrets.DB_PASSWORD }}", NULL},
    {"Authorization: Bearer ${TOKEN}", NULL},
    {"x ${HOST:-localhost} y", NULL},
    {"DB_PASSWORD=${DB_PASSWORD:?must be set}", NULL},
    {"PASSWORD=${DB_PASSWORD:-changeme}", NULL},
    {"postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app", NULL},
    {"PASSWORD=changeme", NULL},
    {"PASSWORD=CHANGE_ME", NULL},
    {"PASSWORD=<your-password>", NULL},
    {"API_KEY=your_api_key_here", NULL},
    {"API_KEY=put-your-key-here", NULL},
    {"API_KEY=xxx", NULL},
    {"API_KEY=xxxx-xxxx", NULL},
    {"API_KEY=", NULL},
    {"API_KEY=\"\"", NULL},
    {"token: null", NULL},
    {"auth: true", NULL},
    {"password: {{ .Values.password }}", NULL},
    {"password: ****", NULL},
    {"password:", NULL},
    {"tokens:", NULL},
    {"password: |", NULL},
    {"The quick brown fox jumps over the lazy dog", NULL},
    {"password", NULL},
    {"the password is wrong", NULL},
    {"SECRET_KEY", NULL},
    {"JWT_SECRET is shorter than 32 characters", NULL},
    {"key 'DB_PASSWORD' is empty (line 3)", NULL},
    {"no file matches 'config/secrets.yaml'", NULL},
    {"-----BEGIN RSA PRIVATE KEY-----", NULL},
    {"-----BEGIN PUBLIC KEY-----", NULL},
    {"-----BEGIN CERTIFICATE-----", NULL},
    {"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7aB3dE5fG7hJ9kL1mN3pQ user@host",
     NULL},
    {"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9aB3dE5fG7hJ9kL1mN3pQ me", NULL},
    {"pk_live_51H8aB3dE5fG7hJ9kL1mN3pQrS5tU7vW9", NULL},
    {"src/components/UserProfile2.tsx", NULL},
    {"Version2ConfigurationDocument", NULL},
    {"src/main/java/com/example/UserService2Impl.java", NULL},
    {"author: John Smith", NULL},
    {"authority: example.org", NULL},
    {"git commit 3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a", NULL},
    {"uuid 123e4567-e89b-12d3-a456-426614174000", NULL},
    {"ssh://git@github.com/org/repo.git", NULL},
    {"https://user@example.com/path", NULL},
    {"https://example.com/a?b=c", NULL},
    {"token = os.getenv(\"API_TOKEN\")", NULL},
    {"const secret = process.env.JWT_SECRET;", NULL},
    {"Token::new(x)", NULL},
    {"AKIA_NOT_A_KEY", NULL},
    {"const port = process.env.PORT || '3000';", NULL},
    {"const env = process.env.NODE_ENV || 'development';", NULL},
    {"level = os.getenv(\"LOG_LEVEL\", \"info\")", NULL},
    {"u = os.getenv(\"UPSTREAM\", \"abcdefghijklmno\")", NULL},
    {"x = process.env.NAME || 'changeme'", NULL},
    /* thresholds, one character short of hidden */
    {"ghp_aaaaaaaaaaaaaaaaaaa", NULL},
    {"AKIAIOSFODNN7EXAMPL", NULL},
    {"xoxb-123456789", NULL},
    {"sk_live_abcdefghi", NULL},
    {"sk-aaaaaaaaaaaaaaaaaaa", NULL},
    {"glpat-aaaaaaaaaaaaaaaaaaa", NULL},
    {"npm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL},
    {"AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL},
    {"aB3dE5fG7hJ9kL1mN3pQrS5", NULL},
    {"https://abcdef012345678@sentry.io/1", NULL},
    {"", NULL},
    {"\xff\xfe binary \x80 bytes", NULL},
};

static void check_case(const struct mcase *c)
{
  const char *want = c->out ? c->out : c->in;
  char *got = rc_mask_dup(c->in);
  if (strcmp(got, want) != 0) {
    char msg[1024];
    snprintf(msg, sizeof(msg), "mask(%s)\n  got:  %s\n  want: %s", c->in, got,
             want);
    free(got);
    fail_msg("%s", msg);
  }
  /* Masking twice changes nothing more. */
  char *again = rc_mask_dup(want);
  assert_string_equal(again, want);
  free(again);
  free(got);
}

static void test_hidden(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
    check_case(&hidden[i]);
}

static void test_kept(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
    check_case(&kept[i]);
}

/* The secret must be gone, not just decorated. */
static void test_no_secret_survives(void **state)
{
  (void)state;
  static const char *const lines[] = {
      "DB_PASSWORD=hunter2hunter2",
      "url=postgres://app:hunter2hunter2@db/app",
      "{\"auth\": {\"password\": \"hunter2hunter2\"}}",
      "  - PASSWORD=${PASSWORD:-hunter2hunter2}",
      "machine h login me password hunter2hunter2 --password=hunter2hunter2",
      "{\"admin:password\": \"hunter2hunter2\"}",
  };
  for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
    char *m = rc_mask_dup(lines[i]);
    if (strstr(m, "hunter2hunter2"))
      fail_msg("leaked in '%s'", m);
    assert_non_null(strstr(m, "****"));
    free(m);
  }
}

/* rc_mask_line appends, and a NUL inside the line is kept as data. */
static void test_appends_and_embedded_nul(void **state)
{
  (void)state;
  struct rc_buf b;
  rc_buf_init(&b);
  rc_buf_puts(&b, "> ");
  rc_mask_line("a\0TOKEN=abc", 11, &b);
  assert_int_equal(b.len, 2 + 12);
  assert_memory_equal(b.data, "> a\0TOKEN=****", b.len);
  rc_buf_release(&b);
}

/* A line with many keys and long values stays linear-ish and correct. */
static void test_long_line(void **state)
{
  (void)state;
  struct rc_buf in, out;
  rc_buf_init(&in);
  rc_buf_init(&out);
  for (int i = 0; i < 20000; i++)
    rc_buf_puts(&in, "token=token=");
  rc_mask_line(in.data, in.len, &out);
  assert_string_equal(out.data, "token=****");
  rc_buf_release(&in);
  rc_buf_release(&out);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hidden),
      cmocka_unit_test(test_kept),
      cmocka_unit_test(test_no_secret_survives),
      cmocka_unit_test(test_appends_and_embedded_nul),
      cmocka_unit_test(test_long_line),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_node_deps.c - the node_deps probe over scratch trees: undeclared
 * imports (the seed's framer-motion case), what is never reported (builtins,
 * relative paths, aliases, comments, workspace packages, @types), lockfile
 * sync for npm and yarn, and the inputs it cannot evaluate.
 */
#include "testutil.h"

#include <string.h>

#include "probe_helpers.h"
#include "readycheck/probe.h"

extern const struct rc_probe rc_probe_node_deps;

static int setup(void **state)
{
  struct rc_ph_fixture *f = rc_ph_fixture_new(&rc_probe_node_deps);
  rc_ph_strings(&f->ph, "manifest", "package.json", "**/package.json", NULL);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_ph_fixture_free(f);
  return 0;
}

static void run(struct rc_ph_fixture *f, const char *check)
{
  rc_ph_repo_index(&f->repo);
  rc_ph_enum(&f->ph, "check", check);
  rc_ph_check(&f->ph, &f->repo, &f->c);
}

static void test_undeclared_imports(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "landing/package.json",
                "{\"name\":\"landing\",\"dependencies\":{\"next\":\"14\"}}");
  rc_test_write(root, "landing/src/page.tsx",
                "import { motion } from 'framer-motion';\n"
                "import { ArrowRight } from \"lucide-react\";\n"
                "import Link from 'next/link';\n"
                "const x = require('lodash/get');\n");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message, "3 imported packages are not declared: "
                                    "'framer-motion', 'lucide-react', "
                                    "'lodash'");
  assert_true(rc_ph_has_ev(&f->c, "landing/src/page.tsx", 1,
                           "'framer-motion' is imported but not declared in "
                           "landing/package.json"));
  assert_true(rc_ph_has_ev(&f->c, "landing/src/page.tsx", 4, "'lodash'"));
  assert_false(rc_ph_has_ev(&f->c, NULL, 0, "'next'"));
}

static void test_never_reported(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json",
                "{\"name\":\"web\",\"dependencies\":{\"react\":\"18\"},"
                "\"devDependencies\":{\"@types/express\":\"4\","
                "\"@types/babel__core\":\"7\"}}");
  rc_test_write(root, "tsconfig.json",
                "{\"compilerOptions\":{\"paths\":{\"components/*\":"
                "[\"src/components/*\"]}}}");
  rc_test_write(root, "src/a.ts",
                "import fs from 'fs';\nimport p from 'node:path';\n"
                "import x from './x';\nimport y from '@/lib/y';\n"
                "import c from 'components/button';\n"
                "import type { Request } from 'express';\n"
                "import b from '@babel/core';\n"
                "// import gone from 'commented-out';\n"
                "/* require('block-comment') */\n"
                "const t = `import q from 'in-template'`;\n"
                "const s = 'from here';\nconst r = /'/;\n"
                "import React from 'react';\n"
                "import v from 'virtual:pwa';\nimport h from 'k6/http';\n");
  rc_test_write(root, "node_modules/zzz/index.js", "require('undeclared');\n");
  rc_test_write(root, "dist/bundle.js", "require('undeclared');\n");
  rc_test_write(root, "src/vendor.min.js", "require('undeclared');\n");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  assert_string_equal(f->c.message, "every package imported by 1 source file "
                                    "is declared in 1 package.json file");
}

/* Rails importmap: packages are pinned in config/importmap.rb, not npm */
static void test_rails_importmap(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json",
                "{\"name\":\"app\",\"devDependencies\":{\"prettier\":\"3\"}}");
  rc_test_write(root, "config/importmap.rb",
                "pin \"@hotwired/stimulus\", to: \"stimulus.min.js\"\n"
                "pin_all_from \"app/javascript/controllers\", under: "
                "\"controllers\"\n"
                "pin \"d3\" # @7.9.0\n");
  rc_test_write(root, "app/javascript/application.js",
                "import { Application } from \"@hotwired/stimulus\";\n"
                "import \"controllers\";\nimport * as d3 from \"d3\";\n"
                "import x from \"unpinned\";\n");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "1 imported package is not declared: 'unpinned'");
}

static void test_workspaces_and_hoisting(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(
      root, "package.json",
      "{\"private\":true,\"devDependencies\":{\"typescript\":\"5\"}}");
  rc_test_write(root, "packages/ui/package.json",
                "{\"name\":\"@acme/ui\",\"dependencies\":{\"react\":\"18\"}}");
  rc_test_write(root, "packages/web/package.json", "{\"name\":\"web\"}");
  rc_test_write(root, "packages/web/main.ts",
                "import { B } from '@acme/ui';\nimport ts from 'typescript';\n"
                "import r from 'react';\n");
  run(f, "imports");
  /* react is declared by a sibling, not by web or an enclosing package */
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "1 imported package is not declared: 'react'");
}

/* A transitive (phantom) dependency builds today; a package in no lockfile
 * breaks the build: in_lockfile tells the two apart. */
static void test_in_lockfile(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json", "{\"dependencies\":{\"a\":\"1\"}}");
  rc_test_write(root, "package-lock.json",
                "{\"packages\":{\"\":{},\"node_modules/a\":{},"
                "\"node_modules/a/node_modules/zod\":{}}}");
  rc_test_write(root, "main.js",
                "import a from 'a';\nimport z from 'zod';\n"
                "import m from 'framer-motion';\n");
  rc_ph_enum(&f->ph, "in_lockfile", "no");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "1 imported package is not declared: 'framer-motion'");
  assert_true(rc_ph_has_ev(&f->c, "main.js", 3, "nor in the lockfile"));

  rc_ph_enum(&f->ph, "in_lockfile", "yes");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "1 imported package is not declared: 'zod'");
  assert_true(rc_ph_has_ev(&f->c, "main.js", 2, "another package"));

  rc_ph_enum(&f->ph, "in_lockfile", "any");
  run(f, "imports");
  assert_string_equal(f->c.message, "2 imported packages are not declared: "
                                    "'zod', 'framer-motion'");
}

/* A `resolutions` (or `overrides`) entry pins a transitive package's
 * version without declaring it: the message says so, since a reader of
 * package.json takes the line for a declaration. */
static void test_pinned_not_declared(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json",
                "{\"dependencies\":{\"a\":\"1\"},"
                "\"resolutions\":{\"zod\":\"^3.0.0\"},"
                "\"overrides\":{\"b/@x/y@1\":\"2\"}}");
  rc_test_write(root, "package-lock.json",
                "{\"packages\":{\"\":{},\"node_modules/a\":{},"
                "\"node_modules/zod\":{},\"node_modules/@x/y\":{},"
                "\"node_modules/y\":{},\"node_modules/c\":{}}}");
  rc_test_write(root, "main.js",
                "import a from 'a';\nimport z from 'zod';\n"
                "import s from '@x/y';\nimport y from 'y';\n"
                "import c from 'c';\n");
  rc_ph_enum(&f->ph, "in_lockfile", "yes");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "main.js", 2,
                           "its 'resolutions' entry pins the version, it "
                           "does not declare it"));
  assert_true(rc_ph_has_ev(&f->c, "main.js", 3, "its 'overrides' entry"));
  assert_false(rc_ph_has_ev(&f->c, "main.js", 4, "entry pins"));
  assert_true(rc_ph_has_ev(&f->c, "main.js", 5, "another package)"));
}

static void test_exclude(void **state)
{
  struct rc_ph_fixture *f = *state;
  rc_test_write(f->repo.root, "package.json",
                "{\"name\":\"x\",\"dependencies\":{\"y\":\"1\"}}");
  rc_test_write(f->repo.root, "e2e/a.spec.ts", "import p from 'playwright';\n");
  rc_test_write(f->repo.root, "src/a.ts", "import y from 'y';\n");
  rc_ph_strings(&f->ph, "exclude", "e2e/**", NULL);
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
  /* nothing left to scan is no pass */
  rc_ph_strings(&f->ph, "exclude", "e2e/**", "src/**", NULL);
  rc_ph_fixture_expect(f, RC_OUT_SKIP, "no source file to scan");
}

static void test_lockfile_npm(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json",
                "{\"dependencies\":{\"react\":\"18\",\"ui\":\"file:../ui\"},"
                "\"devDependencies\":{\"jest\":\"29\"}}");
  rc_test_write(root, "package-lock.json",
                "{\"lockfileVersion\":3,\"packages\":{\"\":{\"dependencies\":"
                "{\"react\":\"18\"},\"devDependencies\":{}}}}");
  run(f, "lockfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_string_equal(f->c.message,
                      "1 declared dependency is missing from the lockfile");
  assert_true(rc_ph_has_ev(&f->c, "package.json", 0,
                           "devDependencies 'jest' is not in "
                           "package-lock.json"));

  rc_test_write(root, "package-lock.json",
                "{\"lockfileVersion\":1,\"dependencies\":{\"react\":{},"
                "\"jest\":{}}}");
  run(f, "lockfile");
  assert_int_equal(f->c.outcome, RC_OUT_OK);
}

static void test_lockfile_yarn_workspace(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  rc_test_write(root, "package.json", "{\"private\":true}");
  rc_test_write(root, "apps/web/package.json",
                "{\"dependencies\":{\"@scope/a\":\"1\",\"b\":\"2\"}}");
  rc_test_write(root, "yarn.lock",
                "\"@scope/a@^1\":\n  version \"1.0.0\"\n\nb@^2, b@^2.1:\n"
                "  version \"2.1.0\"\n");
  run(f, "lockfile");
  assert_int_equal(f->c.outcome, RC_OUT_OK);

  rc_test_write(root, "yarn.lock", "bb@^2:\n  version \"2.1.0\"\n");
  run(f, "lockfile");
  assert_int_equal(f->c.outcome, RC_OUT_FAIL);
  assert_true(rc_ph_has_ev(&f->c, "apps/web/package.json", 0, "'b'"));
}

static void test_cannot_evaluate(void **state)
{
  struct rc_ph_fixture *f = *state;
  const char *root = f->repo.root;
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message,
                      "no package.json matches the 'manifest' globs");

  /* no lockfile is node.lockfile's finding: nothing to compare here */
  rc_test_write(root, "package.json", "{\"dependencies\":{\"a\":\"1\"}}");
  run(f, "lockfile");
  assert_int_equal(f->c.outcome, RC_OUT_SKIP);
  assert_string_equal(f->c.message, "no lockfile at or above 'package.json'");

  rc_test_write(root, "package.json", "{broken");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "'package.json' is not a JSON object");

  /* a generator's template is no manifest: here none is left */
  rc_test_write(
      root, "package.json",
      "{\"name\": \"{{ name }}\", {{#if x}}\"private\": true{{/if}}}");
  run(f, "imports");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message,
                      "no package.json matches the 'manifest' globs");

  rc_test_write(root, "package.json", "{\"dependencies\":{\"a\":\"1\"}}");
  rc_test_write(root, "package-lock.json", "[not json");
  run(f, "lockfile");
  assert_int_equal(f->c.outcome, RC_OUT_ERROR);
  assert_string_equal(f->c.message, "'package-lock.json' is not valid JSON");
}

static void test_validate(void **state)
{
  struct rc_ph_fixture *f = *state;
  char msg[256];
  rc_ph_strings(&f->ph, "manifest", "{a,", NULL);
  assert_int_equal(rc_ph_validate(&f->ph, msg, sizeof(msg)), -1);
  assert_non_null(strstr(msg, "invalid glob '{a,'"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_undeclared_imports, setup, teardown),
      cmocka_unit_test_setup_teardown(test_never_reported, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rails_importmap, setup, teardown),
      cmocka_unit_test_setup_teardown(test_workspaces_and_hoisting, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_in_lockfile, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pinned_not_declared, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_exclude, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lockfile_npm, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lockfile_yarn_workspace, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cannot_evaluate, setup, teardown),
      cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

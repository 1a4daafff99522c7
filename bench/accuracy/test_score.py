#!/usr/bin/env python3
"""Self-test of score.py (python3, standard library only).

    bench/accuracy/test_score.py [READYCHECK]

The unit tests need nothing. The end-to-end test builds a one-repository
corpus in a temporary directory (a git checkout with a committed .env and a
Dockerfile without USER), runs score.py on it with the given readycheck
binary (default build/src/readycheck, or $READYCHECK) and checks the
figures; it is skipped when the binary is missing.
"""

import base64
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score  # noqa: E402

READYCHECK = os.environ.get("READYCHECK") or os.path.join(HERE, "..", "..", "build",
                                                          "src", "readycheck")


def check(status, evidence, message="msg", rule="r.x"):
    return {"id": rule, "status": status, "message": message, "evidence": evidence}


class Findings(unittest.TestCase):
    def test_one_finding_per_failing_target(self):
        c = check("WARN", [
            {"path": "a.yml", "line": 3, "text": "bad"},
            {"path": "a.yml", "line": 3, "text": "same key again"},
            {"path": "b.yml", "line": None, "text": "no line"},
            {"path": "c.yml", "line": 0, "text": "line 0"},
        ])
        got = [(f["rule"], f["target"], f["text"]) for f in score.check_findings(c)]
        self.assertEqual(got, [("r.x", "a.yml:3", "bad"), ("r.x", "b.yml", "no line"),
                               ("r.x", "c.yml", "line 0")])

    def test_passing_items_are_skipped(self):
        c = check("BLOCK", [
            {"path": "a", "line": 1, "text": "ok", "pass": True},
            {"path": "b", "line": 1, "text": "ok", "passed": True},
            {"path": "c", "line": 1, "text": "ok", "ok": True},
            {"path": "d", "line": 1, "text": "fails", "pass": False},
        ])
        self.assertEqual([f["target"] for f in score.check_findings(c)], ["d:1"])

    def test_no_path_gives_dash(self):
        c = check("WARN", [{"path": None, "line": None, "text": "x"}], message="the msg")
        self.assertEqual([(f["target"], f["text"]) for f in score.check_findings(c)],
                         [("-", "the msg")])
        only_passing = check("WARN", [{"path": "a", "line": 1, "text": "ok", "pass": True}])
        self.assertEqual([f["target"] for f in score.check_findings(only_passing)], ["-"])

    def test_other_statuses_are_not_findings(self):
        for status in ("PASS", "INFO", "SKIP", "ERROR"):
            self.assertEqual(score.check_findings(check(status, [{"path": "a"}])), [])


class Labels(unittest.TestCase):
    def test_split_off_rule_keeps_the_labels(self):
        report = {"checks": [
            check("WARN", [{"path": "web/a.ts", "line": 3, "text": "x"}],
                  rule="dependencies.imports-declared-ci-built"),
            check("WARN", [{"path": "b.yml", "line": 1, "text": "y"}], rule="r.new"),
        ]}
        triage = {
            ("dependencies.imports-declared", "web/a.ts:3"): {
                "rule": "dependencies.imports-declared", "target": "web/a.ts:3",
                "status": "BLOCK", "label": "false", "reason": "an alias", "line": 3},
        }
        found, gone = score.label_findings(report, triage)
        self.assertEqual([(f["rule"], f["label"], f["triaged_status"]) for f in found],
                         [("dependencies.imports-declared-ci-built", "false", "BLOCK"),
                          ("r.new", None, None)])
        self.assertEqual(gone, [])

    def test_split_off_info_rule_demotes_not_loses(self):
        report = {"checks": [
            check("INFO", [{"path": "Dockerfile", "line": None, "text": "x"}],
                  rule="docker.dockerignore-gap"),
        ]}
        triage = {
            ("docker.dockerignore-excludes", "Dockerfile"): {
                "rule": "docker.dockerignore-excludes", "target": "Dockerfile",
                "status": "WARN", "label": "true", "reason": "r", "line": None},
            ("docker.dockerignore-excludes", "web/Dockerfile"): {
                "rule": "docker.dockerignore-excludes", "target": "web/Dockerfile",
                "status": "WARN", "label": "true", "reason": "r", "line": None},
        }
        found, gone = score.label_findings(report, triage)
        self.assertEqual(found, [])
        self.assertEqual(sorted((t["target"], t["now_info"]) for t in gone),
                         [("Dockerfile", True), ("web/Dockerfile", False)])


class Figures(unittest.TestCase):
    def test_precision_counts_debatable_as_half(self):
        self.assertEqual(score.precision(["true", "false", "debatable", "true"]), 0.625)
        self.assertIsNone(score.precision([]))

    def test_gate_reasons(self):
        def f(label):
            return {"status": "BLOCK", "label": label}
        self.assertIsNone(score.gate_reason(0, [f("false")]))
        self.assertEqual(score.gate_reason(1, [f("false"), f("true")]), "true BLOCK")
        self.assertEqual(score.gate_reason(1, [f("false"), f(None)]), "untriaged BLOCK")
        self.assertEqual(score.gate_reason(1, [f("false"), f("debatable")]),
                         "false or debatable BLOCKs alone")
        self.assertEqual(score.gate_reason(1, [f("false")]), "false BLOCKs alone")
        self.assertEqual(score.gate_reason(3, []), "incomplete")
        self.assertEqual(score.gate_reason(3, [f("true")]), "incomplete")


class TriageFiles(unittest.TestCase):
    def write(self, text):
        fd, path = tempfile.mkstemp(suffix=".tsv")
        with os.fdopen(fd, "w") as out:
            out.write(text)
        self.addCleanup(os.unlink, path)
        return path

    def test_reads_labels_comments_and_placeholders(self):
        path = self.write("# commit x\nr.a\tp:1\tWARN\ttrue\treason\n"
                          "r.b\t-\tBLOCK\t?\treadycheck says: x\n")
        triage, comments = score.read_triage(path)
        self.assertEqual(comments, ["# commit x"])
        self.assertEqual(triage[("r.a", "p:1")]["label"], "true")
        self.assertEqual(triage[("r.b", "-")]["label"], "?")

    def test_errors_name_file_line_column(self):
        cases = [
            ("r\tt\tWARN\ttrue\n", ":1:1: expected 5"),
            ("r\tt\tPASS\ttrue\tx\n", ":1:5: status must be"),
            ("r\tt\tWARN\tmaybe\tx\n", ":1:10: label must be"),
            ("r\tt\tWARN\ttrue\t \n", ":1:15: a label needs a reason"),
            ("r\tt\tWARN\ttrue\tx\nr\tt\tBLOCK\tfalse\ty\n", ":2:1: r t is labelled twice"),
        ]
        for text, want in cases:
            path = self.write(text)
            with self.assertRaises(score.Fatal) as e:
                score.read_triage(path)
            self.assertIn(path + want, str(e.exception))

    def test_missing_file_is_empty(self):
        self.assertEqual(score.read_triage("/nonexistent/x.tsv"), ({}, []))

    def test_repos_tsv_is_checked(self):
        path = self.write("acme/app\t" + "a" * 40 + "\tnode\tprod\tdesc\n")
        with self.assertRaises(score.Fatal) as e:
            score.read_repos(path)
        self.assertIn(":1:", str(e.exception))
        self.assertIn("split must be dev, holdout, fresh or freshN", str(e.exception))
        self.assertIn("not 'prod'", str(e.exception))


class Splits(unittest.TestCase):
    def test_split_names_follow_a_rule(self):
        for bad in ("fresh0", "fresh05", "fresh-2", "freshx", "Dev", "prod", "all", ""):
            with self.subTest(split=bad):
                self.assertFalse(score.is_split(bad))
        self.assertFalse(score.is_blind("dev"))
        self.assertTrue(score.is_blind("holdout"))
        self.assertEqual(sorted(["fresh10", "dev", "fresh9", "fresh", "holdout"], key=score.split_order),
                         ["dev", "holdout", "fresh", "fresh9", "fresh10"])

    def test_split_option_is_checked(self):
        with self.assertRaises(SystemExit):
            with contextlib.redirect_stderr(io.StringIO()):
                score.parse_args(["--split", "prod", "rc", "/tmp"])
        self.assertEqual(score.parse_args(["--split", "fresh20", "rc", "/tmp"]).split, "fresh20")

    def test_blind_splits_are_listed_only_when_named(self):
        shown = ["dev", "holdout", "fresh"]
        self.assertEqual(score.detail_splits("all", False, shown), {"dev"})
        self.assertEqual(score.detail_splits("dev", False, shown), {"dev"})
        self.assertEqual(score.detail_splits("holdout", False, ["holdout"]), {"holdout"})
        self.assertEqual(score.detail_splits("fresh", False, ["fresh"]), {"fresh"})
        # --repo names one repository: its own split is shown
        self.assertEqual(score.detail_splits("all", True, ["fresh"]), {"fresh"})

    def test_fresh_is_a_split(self):
        fd, path = tempfile.mkstemp(suffix=".tsv")
        with os.fdopen(fd, "w") as out:
            out.write("acme/app\t" + "a" * 40 + "\tnode\tfresh\tdesc\n")
        self.addCleanup(os.unlink, path)
        self.assertEqual(score.read_repos(path)["acme/app"]["split"], "fresh")

    def test_later_fresh_sets_are_blind_splits(self):
        for split in ("fresh5", "fresh9", "fresh10", "fresh19", "fresh20", "fresh21", "fresh123"):
            with self.subTest(split=split):
                fd, path = tempfile.mkstemp(suffix=".tsv")
                with os.fdopen(fd, "w") as out:
                    out.write("acme/app\t" + "a" * 40 + "\tnode\t" + split + "\tdesc\n")
                self.addCleanup(os.unlink, path)
                self.assertEqual(score.read_repos(path)["acme/app"]["split"], split)
                self.assertTrue(score.is_blind(split))
                self.assertEqual(score.detail_splits("all", False, ["dev", split]), {"dev"})
                self.assertEqual(score.detail_splits(split, False, [split]), {split})


@unittest.skipUnless(os.access(READYCHECK, os.X_OK), "no readycheck binary")
class EndToEnd(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = tmp.name
        commit = self.make_checkout("acme+app")
        self.repos = os.path.join(self.root, "repos.tsv")
        with open(self.repos, "w") as out:
            out.write(f"# test corpus\nacme/app\t{commit}\tnode,docker\tdev\tfixture\n")
        self.triage = os.path.join(self.root, "triage")
        os.makedirs(self.triage)
        with open(os.path.join(self.triage, "acme+app.tsv"), "w") as out:
            out.write("# acme/app\n"
                      "secrets.private-keys\tserver.key:1\tBLOCK\tfalse\ta test key\n"
                      "ci.workflow-present\t-\tBLOCK\tfalse\tno CI wanted\n"
                      "docker.non-root-user\tDockerfile:1\tWARN\ttrue\tno USER\n"
                      "docker.non-root-user\tDockerfile:99\tWARN\ttrue\tstale key\n"
                      "docker.healthcheck\tDockerfile:1\tWARN\ttrue\tnow an info rule\n")

    def make_checkout(self, name):
        """A committed checkout CORPUS/name with findings -> its commit."""
        repo = os.path.join(self.root, "corpus", name)
        os.makedirs(repo)
        # a PEM-shaped key of made-up bytes the image copies: a BLOCK
        body = base64.b64encode(bytes(range(256)) * 2).decode()
        key = ("-----BEGIN PRIVATE KEY-----\n"
               + "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
               + "\n-----END PRIVATE KEY-----\n")
        files = {
            "Dockerfile": 'FROM node\nCOPY . /app\nCOPY server.key /etc/ssl/private/server.key\n'
                          'CMD ["node", "/app/server.js"]\n',
            "server.key": key,
            ".env": "DB_PASSWORD=not-a-real-one-1234\n",
            "server.js": 'require("http").createServer().listen(3000);\n',
        }
        for name, text in files.items():
            with open(os.path.join(repo, name), "w") as out:
                out.write(text)
        git = ["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.org"]
        subprocess.run(["git", "init", "-q", repo], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-qm", "fixture"], check=True)
        return subprocess.run(git + ["rev-parse", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.strip()

    def add_fresh_repo(self):
        commit = self.make_checkout("acme+new")
        with open(self.repos, "a") as out:
            out.write(f"acme/new\t{commit}\tnode,docker\tfresh\tunseen fixture\n")

    def run_score(self, *extra):
        cmd = [sys.executable, os.path.join(HERE, "score.py"), "--repos", self.repos,
               "--triage", self.triage, *extra, READYCHECK,
               os.path.join(self.root, "corpus")]
        return subprocess.run(cmd, capture_output=True, text=True)

    def test_figures(self):
        p = self.run_score("--json", "--untriaged-tsv", os.path.join(self.root, "u.tsv"))
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        r = d["repositories"][0]
        self.assertEqual(r["gate"], "false BLOCKs alone")
        self.assertEqual(r["BLOCK"]["precision"], 0.0)
        # the CI finding's label was given to a BLOCK; it is a WARN now:
        # counted as a WARN, and listed as a status change
        self.assertEqual(r["WARN"]["triaged"], 2)
        self.assertEqual(r["WARN"]["precision"], 0.5)
        self.assertEqual([(t["rule"], t["target"], t["label"], t["now_info"])
                          for t in r["disappeared"]],
                         [("docker.non-root-user", "Dockerfile:99", "true", False),
                          ("docker.healthcheck", "Dockerfile:1", "true", True)])
        total = d["totals"]["dev"]
        self.assertEqual(total["lost_recall"], 1)
        self.assertEqual(total["demoted_to_info"], 1)
        self.assertEqual(total["gate_fails_on_false_blocks"], ["acme/app"])
        self.assertEqual(total["incomplete"], 0)
        untriaged = {(f["rule"], f["target"]) for f in r["untriaged"]}
        self.assertNotIn(("docker.non-root-user", "Dockerfile:1"), untriaged)
        # labelled: the key (BLOCK), the CI finding and the USER (WARNs)
        self.assertEqual(len(untriaged),
                         r["BLOCK"]["findings"] + r["WARN"]["findings"] - 3)
        with open(os.path.join(self.root, "u.tsv")) as f:
            lines = [line for line in f if line.strip() and not line.startswith("#")]
        self.assertEqual(len(lines), len(untriaged))
        self.assertTrue(all(line.split("\t")[3] == "?" for line in lines))

    def test_text_output_and_bad_triage(self):
        p = self.run_score()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("failing the gate on false BLOCKs alone: 1 (acme/app)", p.stdout)
        self.assertIn("gone      WARN  docker.non-root-user\tDockerfile:99 "
                      "(labelled true: lost recall)", p.stdout)
        self.assertIn("gone      WARN  docker.healthcheck\tDockerfile:1 "
                      "(labelled true: now INFO)", p.stdout)
        with open(os.path.join(self.triage, "acme+app.tsv"), "a") as out:
            out.write("docs.readme\t-\tWARN\tyes\tx\n")
        p = self.run_score()
        self.assertEqual(p.returncode, 2)
        self.assertIn("acme+app.tsv:7:20: label must be true, false or debatable",
                      p.stderr)

    def test_fresh_findings_stay_out_of_dev_listings(self):
        self.add_fresh_repo()
        untriaged = os.path.join(self.root, "u.tsv")
        p = self.run_score("--json", "--untriaged-tsv", untriaged)
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        by_repo = {r["repo"]: r for r in d["repositories"]}
        fresh = by_repo["acme/new"]
        # figures of the fresh split are there, its findings are not
        self.assertGreater(fresh["BLOCK"]["findings"] + fresh["WARN"]["findings"], 0)
        self.assertEqual(d["totals"]["fresh"]["untriaged"], fresh["untriaged_count"])
        self.assertNotIn("untriaged", fresh)
        self.assertNotIn("disappeared", fresh)
        self.assertIn("untriaged", by_repo["acme/app"])
        with open(untriaged) as f:
            text = f.read()
        self.assertIn("acme/app", text)
        self.assertNotIn("acme/new", text)

        p = self.run_score()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("== fresh ==", p.stdout)
        self.assertIn("(findings of this split are listed only with --split fresh)",
                      p.stdout)
        dev_part, fresh_part = p.stdout.split("== fresh ==", 1)
        # the dev repository's findings are listed, the fresh one's are not
        self.assertIn("untriaged WARN  docker.pinned-base-image\tDockerfile:1", dev_part)
        self.assertNotIn("docker.pinned-base-image", fresh_part)
        self.assertNotIn("secrets.private-keys", fresh_part)

        p = self.run_score("--split", "dev")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("acme/new", p.stdout)

    def test_fresh_findings_are_listed_when_asked_for(self):
        self.add_fresh_repo()
        untriaged = os.path.join(self.root, "u.tsv")
        p = self.run_score("--split", "fresh", "--json", "--untriaged-tsv", untriaged)
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual([r["repo"] for r in d["repositories"]], ["acme/new"])
        fresh = d["repositories"][0]
        self.assertEqual(len(fresh["untriaged"]), fresh["untriaged_count"])
        self.assertGreater(fresh["untriaged_count"], 0)
        with open(untriaged) as f:
            text = f.read()
        self.assertIn("acme/new -> triage/acme+new.tsv", text)
        self.assertNotIn("acme/app", text)
        p = self.run_score("--repo", "acme+new")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("untriaged BLOCK secrets.private-keys\tserver.key:1", p.stdout)

    def test_needs_a_corpus(self):
        env = dict(os.environ)
        env.pop("READYCHECK_CORPUS", None)
        p = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), READYCHECK],
                           capture_output=True, text=True, env=env)
        self.assertEqual(p.returncode, 2)
        self.assertIn("give CORPUS_DIR or set READYCHECK_CORPUS", p.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        READYCHECK = os.path.abspath(sys.argv.pop(1))
    unittest.main()

#!/usr/bin/python3
"""Parse the CI examples in this directory and run their steps as shell
commands against examples/blocked-repo, with the readycheck binary given.

  run-examples.py READYCHECK_BINARY [WORKDIR]

What cannot run offline is said and skipped: installing packages (apt-get),
a step that uses another action (github/codeql-action/upload-sarif) and the
container image a GitLab job names. Everything else runs: the Action's
build step is replaced by the given binary on PATH, its check step runs
with GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, and the outputs each
example promises must exist and parse. Exit status 0 when every example
behaved (BLOCKED, exit 1, on the blocked example), 1 otherwise.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(os.path.dirname(HERE), "blocked-repo")
problems = []


def note(msg):
    print(f"run-examples: {msg}")


def fail(msg):
    problems.append(msg)
    print(f"run-examples: FAIL: {msg}", file=sys.stderr)


def sh(script, cwd, env):
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script],
                          cwd=cwd, env=env, capture_output=True, text=True)


def expand_inputs(text, inputs):
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}",
                  lambda m: inputs[m.group(1)], text)


def github_action(binary, work):
    with open(os.path.join(HERE, "action.yml")) as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite"
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    inputs["path"] = REPO
    ws = os.path.join(work, "github")
    os.makedirs(ws)
    summary = os.path.join(ws, "summary.md")
    with open(summary, "w") as f:
        f.write("## Earlier step\n\nkept\n")  # must not be overwritten
    output = os.path.join(ws, "output.txt")
    env = dict(os.environ, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=summary,
               GITHUB_OUTPUT=output, RUNNER_TEMP=ws, NO_COLOR="1",
               PATH=os.path.dirname(os.path.abspath(binary)) + ":" +
               os.environ["PATH"])
    status = None
    for step in action["runs"]["steps"]:
        name = step.get("name", "?")
        if "uses" in step:
            note(f"action step '{name}': uses {step['uses']}: needs GitHub, "
                 f"not run offline (its input file is checked below)")
            continue
        script = expand_inputs(step["run"], inputs)
        if "apt-get" in script:
            note(f"action step '{name}': package installation, not run "
                 f"offline")
            continue
        if "cmake" in script:
            note(f"action step '{name}': build replaced by the binary under "
                 f"test")
            continue
        res = sh(script, ws, env)
        note(f"action step '{name}': exit {res.returncode}")
        if step.get("id") == "check":
            if res.returncode != 0:
                fail(f"check step failed to run: {res.stderr[-500:]}")
            m = re.search(r"status=(\d+)", open(output).read())
            status = int(m.group(1)) if m else None
        elif name.startswith("Fail when"):
            if res.returncode != 1:
                fail(f"the gate step exited {res.returncode}, expected 1")
        if "::error" not in res.stderr and step.get("id") == "check":
            fail("no GitHub annotations on stderr")
    if status != 1:
        fail(f"the check step recorded status {status}, expected 1")
    text = open(summary).read()
    if not text.startswith("## Earlier step") or "Verdict: BLOCKED" not in text:
        fail("the step summary was overwritten or lacks the report")
    sarif = json.load(open(os.path.join(ws, "readycheck.sarif")))
    if sarif["version"] != "2.1.0":
        fail("readycheck.sarif is not SARIF 2.1.0")
    ET.parse(os.path.join(ws, "readycheck.xml"))


def gitlab_job(binary, work):
    with open(os.path.join(HERE, "gitlab-ci.yml")) as f:
        jobs = yaml.safe_load(f)
    job = jobs["readycheck"]
    note(f"gitlab job: image {job['image']['name']} not pulled offline; "
         f"its script runs with the binary under test")
    ws = os.path.join(work, "gitlab")
    shutil.copytree(REPO, ws)
    env = dict(os.environ, NO_COLOR="1", PATH=os.path.dirname(
        os.path.abspath(binary)) + ":" + os.environ["PATH"])
    for line in job["script"]:
        res = sh(line, ws, env)
        if res.returncode != 1:
            fail(f"gitlab script exited {res.returncode}, expected 1: "
                 f"{res.stderr[-300:]}")
    reports = job["artifacts"]["reports"]
    for kind, path in reports.items():
        full = os.path.join(ws, path)
        if not os.path.exists(full):
            fail(f"gitlab {kind} report {path} was not written")
        elif kind == "junit":
            ET.parse(full)
        else:
            json.load(open(full))
    for path in job["artifacts"]["paths"]:
        if not os.path.exists(os.path.join(ws, path)):
            fail(f"gitlab artifact {path} was not written")


def pre_commit(binary, work):
    with open(os.path.join(HERE, "pre-commit-hooks.yaml")) as f:
        hooks = yaml.safe_load(f)
    ws = os.path.join(work, "precommit")
    shutil.copytree(REPO, ws)
    env = dict(os.environ, NO_COLOR="1", PATH=os.path.dirname(
        os.path.abspath(binary)) + ":" + os.environ["PATH"])
    for hook in hooks:
        if hook["language"] != "system" or hook["pass_filenames"]:
            fail(f"hook {hook['id']}: expected a system hook without files")
        res = sh(hook["entry"], ws, env)
        note(f"pre-commit hook '{hook['id']}': exit {res.returncode}")
        if res.returncode != 1 or "BLOCKED" not in res.stdout:
            fail(f"hook {hook['id']} did not block the blocked example")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    binary = argv[1]
    work = argv[2] if len(argv) == 3 else tempfile.mkdtemp()
    try:
        github_action(binary, work)
        gitlab_job(binary, work)
        pre_commit(binary, work)
    finally:
        if len(argv) == 2:
            shutil.rmtree(work, ignore_errors=True)
    print(f"run-examples: {len(problems)} problems" if problems else
          "run-examples: all 3 examples ran as expected")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

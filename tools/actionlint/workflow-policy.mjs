// The project's own rules for workflows, on top of actionlint's checks:
// - every action is pinned to a full commit SHA, with the release it stands for in a comment
//   (`uses: owner/repo@<40 hex> # v4.2.2`), because tags can be moved by whoever owns the action;
// - the workflow grants no write permission at the top: writes are granted per job, to the jobs
//   that need them (and `write-all` is never used);
// - the workflow (or each of its jobs) belongs to a concurrency group, so two runs never deploy or
//   apply at the same time.
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";

const pinnedRef = /^[^@\s]+@[0-9a-f]{40}$/;
const versionComment = /#\s*v\d+(\.\d+)*\b/;

function finding(lineCounter, node, message, kind) {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col, message, kind };
}

// Every `uses:` scalar of the workflow with its node: step actions and reusable-workflow calls.
function* usesNodes(jobs) {
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const jobUses = job.value.get("uses", true);
    if (jobUses) yield jobUses;
    const steps = job.value.get("steps");
    for (const step of steps?.items ?? []) {
      const uses = isMap(step) ? step.get("uses", true) : undefined;
      if (uses) yield uses;
    }
  }
}

function checkPinning(text, lineCounter, jobs) {
  const lines = text.split("\n");
  const findings = [];
  for (const node of usesNodes(jobs)) {
    const ref = String(isScalar(node) ? node.value : "");
    if (ref.startsWith("./") || ref.startsWith("docker://")) continue;
    if (!pinnedRef.test(ref)) {
      findings.push(finding(lineCounter, node, `action "${ref}" is not pinned to a full commit SHA`, "pinning"));
      continue;
    }
    const { line } = lineCounter.linePos(node.range[0]);
    if (!versionComment.test(lines[line - 1] ?? "")) {
      findings.push(finding(lineCounter, node, `pinned action "${ref}" needs its version in a comment (# vX.Y.Z)`, "pinning"));
    }
  }
  return findings;
}

function grantsWrite(permissions) {
  if (isScalar(permissions)) return permissions.value === "write-all";
  if (!isMap(permissions)) return false;
  return permissions.items.some((pair) => isScalar(pair.value) && pair.value.value === "write");
}

function checkPermissions(lineCounter, doc, jobs) {
  const findings = [];
  const top = doc.get("permissions", true);
  if (top === undefined) {
    findings.push(finding(lineCounter, doc.contents, "workflow has no top-level permissions: set `permissions: {}` or read-only scopes and grant writes per job", "permissions"));
  } else if (grantsWrite(top)) {
    findings.push(finding(lineCounter, top, "top-level permissions grant write access: grant writes only to the jobs that need them", "permissions"));
  }
  for (const job of jobs.items) {
    const permissions = isMap(job.value) ? job.value.get("permissions", true) : undefined;
    if (isScalar(permissions) && permissions.value === "write-all") {
      findings.push(finding(lineCounter, permissions, `job "${job.key}" uses write-all: list the scopes it needs`, "permissions"));
    }
  }
  return findings;
}

function checkConcurrency(lineCounter, doc, jobs) {
  if (doc.has("concurrency")) return [];
  return jobs.items
    .filter((job) => !(isMap(job.value) && job.value.has("concurrency")))
    .map((job) => finding(lineCounter, job.key, `job "${job.key}" is in no concurrency group (set concurrency for the workflow or the job)`, "concurrency"));
}

// Returns the policy findings of one workflow's text. Syntax errors are left to actionlint.
export function checkWorkflowPolicy(text) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const jobs = doc.get("jobs", true);
  if (!isMap(jobs)) return [];
  return [
    ...checkPinning(text, lineCounter, jobs),
    ...checkPermissions(lineCounter, doc, jobs),
    ...checkConcurrency(lineCounter, doc, jobs),
  ];
}

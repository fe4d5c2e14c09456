package dev.ingresslab.lint;

import java.util.List;

/**
 * What lint found in a set of manifests.
 *
 * @param findings every finding, in file and line order
 * @param notes    what was read but not checked (a Deployment), in words
 */
public record LintReport(List<LintFinding> findings, List<String> notes) {

    public LintReport {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** True when nothing of severity error or warning was found (infos do not count). */
    public boolean clean() {
        return count(Severity.ERROR) == 0 && count(Severity.WARNING) == 0;
    }

    /** How many findings have this severity. */
    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** True when a file could not be read at all (missing, not UTF-8, too large): the CLI's exit code 2. */
    public boolean unreadable() {
        return findings.stream().anyMatch(f -> f.code().equals(FindingCodes.UNREADABLE));
    }
}

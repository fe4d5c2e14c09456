/**
 * {@code ingress-lab lint}: manifests checked before they reach a cluster, with the API server's own words (so they
 * can be searched) and a hint that says what to do, at {@code file:line:column}. Lint adds no second copy of a rule:
 * the API server's checks are {@link dev.ingresslab.manifest.ApiServerChecks} (which the sandbox's API server and
 * {@code explain} use too), the controller's are the translator's diagnostics, and only what neither makes (a TLS host
 * no rule serves) lives here. {@link dev.ingresslab.lint.LintFixer} rewrites a file to the v1 form by line edits at
 * the parser's positions, so comments and order stay.
 */
package dev.ingresslab.lint;

package dev.ingresslab.cli;

/**
 * What {@code ingress-lab version -o json|yaml} prints: the data of the three text lines, one field each, so that a
 * script reads the commit or the runtime without parsing words. The field names are a published interface (see
 * docs/cli.md): never renamed.
 *
 * @param version    the project's version ({@code 0.1.0}), or null for a development build (the classes do not run
 *                   from the built jar)
 * @param commit     the full git commit id this copy was built from, or null when it was built without git (a
 *                   source tarball)
 * @param commitTime the commit's time, ISO 8601 in UTC ({@code 2026-11-30T00:16:23Z}), or null with the commit
 * @param dirty      whether the work tree had uncommitted changes to tracked files when it was built
 * @param runtime    the Java runtime it runs on
 */
record VersionJson(String version, String commit, String commitTime, boolean dirty, JavaRuntime runtime) {

    /**
     * The Java runtime.
     *
     * @param vendor       {@code java.vendor} ({@code Eclipse Adoptium})
     * @param version      {@code java.runtime.version} ({@code 17.0.15+6})
     * @param home         {@code java.home}, an absolute path
     * @param installation the installed copy's folder ({@code /opt/ingress-lab}), or null when Ingress Lab does not
     *                     run from an installed copy (a clone's {@code ./ingress-lab})
     * @param bundled      whether the runtime is the one bundled with that installed copy
     */
    record JavaRuntime(String vendor, String version, String home, String installation, boolean bundled) {
    }

    /** The same data as {@link Version#lines}. */
    static VersionJson of(BuildInfo build, RuntimeInfo runtime) {
        return new VersionJson(build.version(), build.commit(), build.commitTime(), build.dirty(),
                new JavaRuntime(runtime.vendor(), runtime.version(), runtime.home().toString(),
                        runtime.installation() == null ? null : runtime.installation().toString(),
                        runtime.bundled()));
    }
}

package dev.ingresslab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * What this copy of Ingress Lab was built from: the project's version (the jar manifest's
 * {@code Implementation-Version}) and the git commit, which the build writes to {@code build-commit.properties}
 * beside this class (git-commit-id-maven-plugin, app/pom.xml).
 *
 * @param version the project's version, such as {@code 0.1.0-SNAPSHOT}, or null when the classes do not run from
 *                the built jar (tests, an IDE)
 * @param commit  the full commit id, or null when the build had no git repository (a source tarball)
 * @param commitTime the commit's time as the build wrote it (ISO 8601, UTC), or null with the commit
 * @param dirty   whether the work tree had uncommitted changes to tracked files when it was built
 */
record BuildInfo(String version, String commit, String commitTime, boolean dirty) {

    /** The resource the build writes, relative to this class. */
    static final String COMMIT_RESOURCE = "build-commit.properties";

    /** This copy's build: the manifest of the jar this class is in, and the commit file beside it. */
    static BuildInfo current() {
        Properties commit = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(COMMIT_RESOURCE)) {
            if (in != null) {
                commit.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + COMMIT_RESOURCE + " from the application", e);
        }
        return of(BuildInfo.class.getPackage().getImplementationVersion(), commit);
    }

    /**
     * A build from the manifest's version and the commit file's properties ({@code git.commit.id},
     * {@code git.commit.time}, {@code git.dirty}); missing or blank ones are unknown.
     */
    static BuildInfo of(String version, Properties commitFile) {
        Objects.requireNonNull(commitFile, "commitFile");
        String commit = blankToNull(commitFile.getProperty("git.commit.id"));
        return new BuildInfo(blankToNull(version), commit,
                commit == null ? null : blankToNull(commitFile.getProperty("git.commit.time")),
                commit != null && Boolean.parseBoolean(commitFile.getProperty("git.dirty")));
    }

    /** {@code 0.1.0-SNAPSHOT}, or {@code (development build)} when the classes run outside the built jar. */
    String versionText() {
        return version == null ? "(development build)" : version;
    }

    /**
     * {@code 4787c0596f33… (2026-11-30T00:16:23Z)}, with {@code , with uncommitted changes} when the work tree
     * was dirty, or {@code unknown (built without git: a source tarball)}.
     */
    String commitText() {
        if (commit == null) {
            return "unknown (built without git: a source tarball)";
        }
        return commit + (commitTime == null ? "" : " (" + commitTime + ")")
                + (dirty ? ", with uncommitted changes" : "");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

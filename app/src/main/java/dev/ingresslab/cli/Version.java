package dev.ingresslab.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The lines of {@code ingress-lab version} and {@code --version}: the project's version, the commit it was built
 * from and the Java runtime (see {@link BuildInfo} and {@link RuntimeInfo}).
 */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return lines(BuildInfo.current(), RuntimeInfo.current());
    }

    /** {@code Ingress Lab 0.1.0}, {@code commit:  …}, {@code runtime: …}. */
    static String[] lines(BuildInfo build, RuntimeInfo runtime) {
        return new String[] {
            "Ingress Lab " + build.versionText(),
            "commit:  " + build.commitText(),
            "runtime: " + runtime.text()
        };
    }
}

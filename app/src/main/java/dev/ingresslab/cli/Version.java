package dev.ingresslab.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (a build from the sources says "development build"). */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"Ingress Lab " + (version == null ? "(development build)" : version)};
    }
}

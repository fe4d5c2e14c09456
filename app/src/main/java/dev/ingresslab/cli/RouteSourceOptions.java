package dev.ingresslab.cli;

import dev.ingresslab.translate.TranslatorSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code explain} and {@code routes} read routes: manifests given with {@code -f} (offline, as {@link
 * ManifestOptions} reads them), or, without {@code -f}, the table in force in a running Ingress Lab ({@link
 * InstanceOptions}).
 */
final class RouteSourceOptions {

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "manifest file, folder of manifests, or - for standard input (repeatable); without -f,"
                    + " the routes in force in the running Ingress Lab")
    List<String> files = new ArrayList<>();

    @Option(names = "--ignore-classless",
            description = "with -f: do not serve Ingresses that name no IngressClass (they are served by default)")
    boolean ignoreClassless;

    /** The translator settings these options ask for, with the HTTPS port redirects name. */
    TranslatorSettings translatorSettings(int httpsPort) {
        return TranslatorSettings.defaults().withServeClassless(!ignoreClassless).withHttpsPort(httpsPort);
    }
}

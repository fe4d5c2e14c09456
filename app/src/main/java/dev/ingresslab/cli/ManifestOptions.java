package dev.ingresslab.cli;

import dev.ingresslab.translate.TranslatorSettings;
import picocli.CommandLine.Option;

import java.util.List;

/** The options of every command that reads manifests: where they are, and which Ingresses are served. */
final class ManifestOptions {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "manifest file, folder of manifests, or - for standard input (repeatable)")
    List<String> files;

    @Option(names = "--ignore-classless",
            description = "do not serve Ingresses that name no IngressClass (they are served by default)")
    boolean ignoreClassless;

    /** The translator settings these options ask for, with the HTTPS port redirects name. */
    TranslatorSettings translatorSettings(int httpsPort) {
        return TranslatorSettings.defaults().withServeClassless(!ignoreClassless).withHttpsPort(httpsPort);
    }
}

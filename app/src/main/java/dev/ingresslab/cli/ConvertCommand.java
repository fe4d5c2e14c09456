package dev.ingresslab.cli;

import dev.ingresslab.convert.BehaviourCheck;
import dev.ingresslab.convert.GatewayConversion;
import dev.ingresslab.convert.GatewayYaml;
import dev.ingresslab.core.ConversionReport;
import dev.ingresslab.core.OutputFile;
import dev.ingresslab.convert.Untranslatable;
import dev.ingresslab.manifest.ManifestException;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestProblem;
import dev.ingresslab.manifest.ManifestSet;
import dev.ingresslab.text.Plural;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ingress-lab convert -f PATH… [-o yaml|json] [--verify|--no-verify] [--output-file FILE [--force]]}: the
 * Gateway API objects that route as the Ingresses do, what could not be converted, and the requests the two decide
 * differently (docs/gateway-api.md, "convert").
 */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convert Ingress manifests to Gateway API objects and check that they route alike.",
                "Prints a Gateway and HTTPRoutes on standard output (or writes them to --output-file). On standard"
                + " error: what could not be converted, each with what to do, then the verification: requests"
                + " around every rule's paths, on every host, over http and https, explained against the"
                + " Ingresses and against the converted objects, and every request they decide differently."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ./ingress-lab convert -f samples/ch8/services.yaml \\",
                "      -f samples/ch8/path-ingress.yaml",
                "  ./ingress-lab convert -f samples/ch8/ --output-file gateway.yaml",
                "  ./ingress-lab convert -f ingress.yaml -o json --no-verify | jq .items"},
        exitCodeList = {"0:converted, and every request is decided alike (or --no-verify)",
                "1:converted, but some requests are decided differently (listed on standard error); or the output"
                        + " file could not be written",
                "2:manifests that cannot be read, hold no Ingress, or none that can be converted; an output file that"
                        + " exists, without --force"})
final class ConvertCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ManifestOptions manifests;

    @Mixin
    private OutputOptions output;

    @Option(names = "--verify", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "explain requests against both versions and list the differences (default: on;"
                    + " --no-verify skips it)")
    private boolean verify;

    @Option(names = "--output-file", paramLabel = "FILE",
            description = "write the objects to FILE (whole or not at all) instead of standard output")
    private Path outputFile;

    @Option(names = "--force", description = "with --output-file: replace FILE if it exists")
    private boolean force;

    @Option(names = "--https-port", defaultValue = "443", paramLabel = "PORT",
            description = "the port of the HTTPS listeners, which redirects name (default: ${DEFAULT-VALUE})")
    private int httpsPort;

    @Override
    public Integer call() throws CommandFailure {
        OutputOptions.Format format = output.format == null ? OutputOptions.Format.yaml
                : output.format(spec, OutputOptions.Format.yaml, OutputOptions.Format.json);
        if (httpsPort < 1 || httpsPort > 65535) {
            throw CommandFailure.badInput("--https-port must be from 1 to 65535");
        }
        if (force && outputFile == null) {
            throw CommandFailure.badInput("--force applies to --output-file: give the file to replace");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TranslationInput input = read();
        TranslatorSettings settings = manifests.translatorSettings(httpsPort);
        ConversionReport report = ConversionReport.run(input, settings, verify);
        GatewayConversion conversion = report.conversion();
        if (conversion.routes().isEmpty()) {
            listUntranslatable(conversion, err);
            throw CommandFailure.badInput("nothing was converted: convert reads the Ingresses Ingress Lab serves"
                    + " and ingress-nginx's (class nginx, or an IngressClass of controller k8s.io/ingress-nginx given"
                    + " with -f); see why each was left out, above");
        }
        String text = format == OutputOptions.Format.json ? GatewayYaml.json(conversion.objects())
                : GatewayYaml.yaml(conversion.objects());
        if (outputFile == null) {
            out.print(text);
            out.flush();
        } else {
            write(text);
            err.println("wrote " + Plural.of(conversion.objects().size(), "object") + " to " + outputFile);
        }
        if (conversion.untranslatable().isEmpty()) {
            err.println("everything converted");
        } else {
            listUntranslatable(conversion, err);
        }
        if (!verify) {
            err.flush();
            return ExitCodes.OK;
        }
        BehaviourCheck.Verification verification = report.verification().orElseThrow();
        for (BehaviourCheck.Difference difference : verification.differences()) {
            err.println("differs: " + difference.display());
        }
        err.println("verification: " + verification.summary());
        err.flush();
        return verification.equivalent() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void listUntranslatable(GatewayConversion conversion, PrintWriter err) {
        err.println("not converted, or converted with a difference (" + conversion.untranslatable().size() + "):");
        for (Untranslatable entry : conversion.untranslatable()) {
            err.println("  - " + entry.display());
        }
    }

    private TranslationInput read() throws CommandFailure {
        ManifestSet set;
        try {
            set = new ManifestLoader().load(manifests.files);
        } catch (ManifestException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().stream().map(ManifestProblem::display).forEach(err::println);
            throw CommandFailure.badInput("the manifests cannot be read (above); `ingress-lab lint PATH…` says"
                    + " more about each problem");
        }
        TranslationInput input = set.toInput();
        if (input.ingresses().isEmpty()) {
            throw CommandFailure.badInput("no Ingress in " + String.join(", ", manifests.files) + ": convert reads"
                    + " Ingresses (apiVersion networking.k8s.io/v1, kind Ingress); give the files that hold them,"
                    + " with the Services they name");
        }
        return input;
    }

    private void write(String text) throws CommandFailure {
        try {
            OutputFile.write(outputFile, text, force);
        } catch (FileAlreadyExistsException e) {
            throw CommandFailure.badInput(outputFile + " exists and was left as it is: give --force to replace it,"
                    + " or another file name");
        } catch (IOException e) {
            throw CommandFailure.failed("cannot write " + outputFile + " (" + e.getMessage() + "); it was left as"
                    + " it was");
        }
    }
}

package dev.ingresslab.cli;

import dev.ingresslab.control.ControlClient;
import dev.ingresslab.control.ControlException;
import dev.ingresslab.control.ControlFile;
import dev.ingresslab.control.ExplainQuery;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
import dev.ingresslab.manifest.ManifestProblem;
import dev.ingresslab.manifest.SourceLocation;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.TranslatorSettings;
import dev.ingresslab.text.ShellWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ingress-lab explain -f PATH… URL…}: what the proxy would do with each request, and why. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compile Ingress manifests and show, for each URL, which rule routes it and why every other"
                + " candidate lost. Nothing is deployed and no cluster is needed.",
                "Without -f it explains on the routes in force in the running Ingress Lab (demo, up or serve),"
                + " and says which on standard error."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ./ingress-lab explain -f samples/ch8/services.yaml \\",
                "      -f samples/ch8/path-ingress.yaml http://bandicoot.example.com/a",
                "  ./ingress-lab explain http://alpaca.example.com/      (a running demo)",
                "  ./ingress-lab explain -o json -H 'Host: alpaca.example.com' \\",
                "      http://127.0.0.1/ | jq '.[0].rule'"},
        exitCodeList = {"0:every URL was explained", "1:without -f, no running Ingress Lab to explain on"})
final class ExplainCommand implements Callable<Integer> {

    enum Format { text, json, yaml }

    @Spec
    private CommandSpec spec;

    @Mixin
    private RouteSourceOptions manifestOptions;

    @Mixin
    private InstanceOptions instanceOptions;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json or yaml (default: ${DEFAULT-VALUE})")
    private Format format;

    @Option(names = {"-X", "--request"}, defaultValue = "GET", paramLabel = "METHOD",
            description = "request method for every URL (default: ${DEFAULT-VALUE})")
    private String method;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'",
            description = "request header for every URL (repeatable); Host overrides the URL's host")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--https-port", defaultValue = "443", paramLabel = "PORT",
            description = "the HTTPS port redirects point to (default: ${DEFAULT-VALUE})")
    private int httpsPort;

    @Parameters(arity = "1..*", paramLabel = "URL", description = "absolute http:// or https:// URLs to explain")
    private List<String> urls;

    @Override
    public Integer call() throws InterruptedException, CommandFailure {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (httpsPort < 1 || httpsPort > 65535) {
            throw CommandFailure.badInput("--https-port must be from 1 to 65535");
        }
        Map<String, SimpleRequest> requests;
        try {
            requests = requests(method, headers, urls);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
        if (manifestOptions.files.isEmpty()) {
            return live(out, err);
        }
        TranslatorSettings settings = manifestOptions.translatorSettings(httpsPort);
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        LabSession session;
        try {
            session = LabSession.start(new Source.Manifests(manifestOptions.files.stream().map(Path::of).toList()),
                    SessionOptions.defaults().withTranslation(settings).withoutProxy(), event -> {
                        if (event instanceof SessionEvent.RoutesApplied applied) {
                            notes.addAll(applied.notes());
                        }
                    });
        } catch (SessionStartException e) {
            err.println("ingress-lab explain: " + e.getMessage());
            e.problems().stream().map(ManifestProblem::display).forEach(err::println);
            return ExitCodes.BAD_INPUT;
        }
        try (session) {
            session.initialSubscription().orElseThrow().awaitDelivered(Duration.ofSeconds(10));
            SessionSnapshot snapshot = session.current();
            notes.forEach(note -> err.println("note: " + note));
            for (Diagnostic diagnostic : snapshot.diagnostics()) {
                SourceLocation where = snapshot.locationOf(diagnostic.kind(), diagnostic.namespace(),
                        diagnostic.name()).orElse(null);
                err.println((where == null ? "" : where.display() + ": ") + diagnostic.display());
            }
            List<ExplainedRequest> explained = requests.entrySet().stream()
                    .map(e -> new ExplainedRequest(e.getKey(), e.getValue(), session.explain(e.getValue()))).toList();
            // the proxy resolves an ExternalName only when it connects: say so when this one would fail there
            explained.stream().map(item -> ExternalNameProbe.note(item.decision())).flatMap(java.util.Optional::stream)
                    .distinct().forEach(note -> err.println("note: " + note));
            out.print(switch (format) {
                case text -> ExplainText.render(explained);
                case json -> ExplainJson.render(explained);
                case yaml -> OutputOptions.yamlOf(ExplainJson.render(explained));
            });
            out.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * The requests to explain, by URL as given, checked as the offline and the live explain both check them.
     *
     * @throws IllegalArgumentException a method, header or URL that cannot be used; the message says what to give
     */
    static Map<String, SimpleRequest> requests(String method, List<String> headers, List<String> urls) {
        if (!method.matches("[A-Za-z]{1,20}")) {
            throw new IllegalArgumentException("-X takes a method name such as GET or POST, not \"" + method
                    + "\"");
        }
        Map<String, List<String>> headerMap = parseHeaders(headers);
        Map<String, SimpleRequest> requests = new LinkedHashMap<>();
        for (String url : urls) {
            if (!url.contains("://")) {
                throw new IllegalArgumentException("not an absolute URL: " + url + "; give the scheme too, as in"
                        + " " + ShellWords.quote("http://" + url));
            }
            requests.put(url, SimpleRequest.of(method.toUpperCase(java.util.Locale.ROOT), url, headerMap));
        }
        return requests;
    }

    /**
     * Explains on the table in force in the running instance (no {@code -f}): says on standard error which one.
     */
    private int live(PrintWriter out, PrintWriter err) throws CommandFailure, InterruptedException {
        for (String option : new String[] {"--ignore-classless", "--https-port"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw CommandFailure.badInput(option + " applies to the manifests given with -f; without -f, explain"
                        + " uses the settings of the running Ingress Lab (start it with " + option + " instead)");
            }
        }
        IngressLabCommand root = IngressLabCommand.of(spec);
        ControlFile instance = instanceOptions.choose(root.dataDirectory(), err).orElseThrow(() ->
                CommandFailure.failed("no running Ingress Lab to explain on, and no manifests: give them with -f"
                        + " (`ingress-lab explain -f samples/ch8/ http://alpaca.example.com/`), or start one"
                        + " (`ingress-lab demo`, `serve -f …` or `up`) and explain on its routes"));
        err.println("explaining on the routes in force in " + instance.display());
        ExplainQuery.Answer answer;
        try {
            // YAML is the JSON's data: asked as JSON, rewritten here (the instance renders text and JSON)
            answer = new ControlClient(instance).explain(new ExplainQuery(method, headers, urls,
                    format == Format.yaml ? Format.json.name() : format.name()));
        } catch (ControlException e) {
            throw e.status() == 400 ? CommandFailure.badInput(e.getMessage()) : CommandFailure.failed(e.getMessage());
        }
        answer.notes().forEach(note -> err.println("note: " + note));
        err.flush();
        out.print(format == Format.yaml ? OutputOptions.yamlOf(answer.output()) : answer.output());
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The live explain's answer on a session's table in force: the control endpoint's {@link ExplainQuery.Renderer},
     * the same checks and renderings as {@code explain -f}.
     */
    static ExplainQuery.Answer explainOn(LabSession session, ExplainQuery query) {
        Map<String, SimpleRequest> requests = requests(query.method() == null ? "GET" : query.method(),
                query.headers(), query.urls());
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("give the URLs to explain");
        }
        List<ExplainedRequest> explained = requests.entrySet().stream()
                .map(e -> new ExplainedRequest(e.getKey(), e.getValue(), session.explain(e.getValue()))).toList();
        List<String> notes = explained.stream().map(item -> ExternalNameProbe.note(item.decision()))
                .flatMap(java.util.Optional::stream).distinct().toList();
        String output = "json".equals(query.format()) ? ExplainJson.render(explained) : ExplainText.render(explained);
        return new ExplainQuery.Answer(output, notes);
    }

    /** Parses {@code Name: value} headers; names are case-insensitive and may repeat. */
    static Map<String, List<String>> parseHeaders(List<String> headers) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).trim();
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("-H takes 'Name: value', not \"" + header + "\"");
            }
            String value = header.substring(colon + 1).trim();
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new IllegalArgumentException("the value of header " + name + " has control characters");
            }
            parsed.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    /** A URL as given, the request made of it, and its explained decision. */
    record ExplainedRequest(String url, SimpleRequest request, Decision decision) {
    }
}

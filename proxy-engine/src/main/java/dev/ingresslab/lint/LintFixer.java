package dev.ingresslab.lint;

import dev.ingresslab.manifest.ParsedDocument;
import dev.ingresslab.manifest.SourceLocation;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rewrites a manifest to the {@code networking.k8s.io/v1} form of what it meant, by line edits at the YAML parser's
 * positions: comments, order, quoting and blank lines stay as written. One fix at a time, then the text is parsed
 * again, so every edit is placed on the text as it is; a fix that would not leave valid YAML is not made.
 * <p>
 * Fixed: a kind in the wrong case; a removed {@code v1beta1} Ingress apiVersion; {@code spec.backend} and the
 * chapter's {@code spec.service} (to {@code spec.defaultBackend}, the latter re-indented under it);
 * {@code serviceName}/{@code servicePort} (to {@code service: {name, port: {number|name}}}); a missing {@code
 * pathType} ({@code Prefix}, or {@code ImplementationSpecific} for a path with regex characters, which v1beta1 gave
 * it); a {@code pathType} in the wrong case ({@code prefix} → {@code Prefix}); a path without its leading {@code /}; a
 * rule host in upper case or with a trailing dot. What needs a person's
 * choice (an IP host, a Service in another namespace, a snippet) is left for lint to report.
 */
public final class LintFixer {

    private static final int MAX_FIXES = 500;
    private static final List<String> KINDS = List.of("Ingress", "IngressClass", "Service", "Secret",
            "EndpointSlice", "Deployment", "Namespace", "ConfigMap", "Pod");

    /**
     * What fixing gave.
     *
     * @param text    the fixed text (the same text when nothing was fixed)
     * @param applied one line per fix made: {@code 5: kind: ingress → Ingress}
     */
    public record FixResult(String text, List<String> applied) {

        public FixResult {
            applied = List.copyOf(applied);
        }

        public boolean changed() {
            return !applied.isEmpty();
        }
    }

    /** A fix found on the current text: its edits and what it does, in words. */
    private record Fix(List<LineEdit> edits, String description) {
    }

    /** Fixes {@code text}, named {@code name} (for positions only). Never throws on bad YAML: it fixes nothing. */
    public FixResult fix(String name, String text) {
        // Fixes work on LF lines; a file written with CRLF gets CRLF on every line back (edited ones too).
        // A byte order mark is set aside while fixing (positions are counted without it) and written back.
        String lineEnd = text.contains("\r\n") ? "\r\n" : "\n";
        String bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
        String current = text.substring(bom.length()).replace("\r\n", "\n");
        List<String> applied = new ArrayList<>();
        for (int round = 0; round < MAX_FIXES; round++) {
            Optional<Fix> next = nextFix(name, current);
            if (next.isEmpty()) {
                break;
            }
            String candidate = render(LineEdit.applyAll(lines(current), next.get().edits()), current);
            if (!parses(name, candidate) || candidate.equals(current)) {
                break; // never make the file worse than it was
            }
            current = candidate;
            applied.add(next.get().description());
        }
        return applied.isEmpty() ? new FixResult(text, applied)
                : new FixResult(bom + current.replace("\n", lineEnd), applied);
    }

    private static Optional<Fix> nextFix(String name, String text) {
        List<ParsedDocument> documents;
        try {
            documents = ParsedDocument.parseAll(name, text);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<String> lines = lines(text);
        for (ParsedDocument document : documents) {
            Optional<Fix> fix = new DocumentFixes(document, lines).first();
            if (fix.isPresent()) {
                return fix;
            }
        }
        return Optional.empty();
    }

    /** The fixes of one document, the first found first. */
    private static final class DocumentFixes {
        private final ParsedDocument document;
        private final JsonNode root;
        private final List<String> lines;

        DocumentFixes(ParsedDocument document, List<String> lines) {
            this.document = document;
            this.root = document.root();
            this.lines = lines;
        }

        Optional<Fix> first() {
            if (!root.isObject()) {
                return Optional.empty();
            }
            String kind = root.path("kind").isString() ? root.path("kind").asString() : "";
            String apiVersion = root.path("apiVersion").isString() ? root.path("apiVersion").asString() : "";
            for (String known : KINDS) {
                if (known.equalsIgnoreCase(kind) && !known.equals(kind)) {
                    return scalar("kind", known);
                }
            }
            if (!kind.equals("Ingress")) {
                return Optional.empty();
            }
            if (apiVersion.equals("extensions/v1beta1") || apiVersion.equals("networking.k8s.io/v1beta1")) {
                return scalar("apiVersion", "networking.k8s.io/v1");
            }
            JsonNode spec = root.path("spec");
            if (!spec.isObject()) {
                return Optional.empty();
            }
            for (String removed : List.of("backend", "service")) {
                if (spec.has(removed) && !spec.has("defaultBackend")) {
                    Optional<Fix> fix = removed.equals("backend") ? renameKey("spec.backend", "defaultBackend")
                            : wrap("spec.service", "defaultBackend");
                    if (fix.isPresent()) {
                        return fix;
                    }
                }
            }
            List<String> backends = new ArrayList<>(List.of("spec.defaultBackend"));
            List<String> paths = new ArrayList<>();
            JsonNode rules = spec.path("rules");
            for (int i = 0; rules.isArray() && i < rules.size(); i++) {
                JsonNode rulePaths = rules.get(i).path("http").path("paths");
                for (int j = 0; rulePaths.isArray() && j < rulePaths.size(); j++) {
                    String path = "spec.rules[" + i + "].http.paths[" + j + "]";
                    paths.add(path);
                    backends.add(path + ".backend");
                }
            }
            for (String backend : backends) {
                Optional<Fix> fix = serviceNameAndPort(backend);
                if (fix.isPresent()) {
                    return fix;
                }
            }
            for (String path : paths) {
                Optional<Fix> fix = pathFixes(path);
                if (fix.isPresent()) {
                    return fix;
                }
            }
            for (int i = 0; rules.isArray() && i < rules.size(); i++) {
                JsonNode host = rules.get(i).path("host");
                if (host.isString()) {
                    String fixed = host.asString().toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
                    if (!fixed.equals(host.asString()) && !fixed.isEmpty()) {
                        Optional<Fix> fix = scalar("spec.rules[" + i + "].host", fixed);
                        if (fix.isPresent()) {
                            return fix;
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<Fix> pathFixes(String path) {
            JsonNode item = node(path);
            if (!item.isObject()) {
                return Optional.empty();
            }
            JsonNode value = item.path("path");
            if (!document.written(path + ".pathType") && !item.has("pathType")) {
                String anchor = document.written(path + ".path") ? path + ".path" : path + ".backend";
                if (!document.written(anchor) || sameLine(anchor, path + ".backend") && !anchor.endsWith(".backend")) {
                    return Optional.empty(); // a flow mapping `{path: /, backend: …}`: not a line edit
                }
                SourceLocation at = document.positions().of(anchor);
                if (anchor.endsWith(".path") && YamlLine.valueAfterKey(line(at), at.column(), "path") == null) {
                    return Optional.empty();
                }
                String type = value.isString() && value.asString().matches(".*[\\^$()\\[\\]{}*+?|\\\\].*")
                        ? "ImplementationSpecific" : "Prefix";
                String text = " ".repeat(at.column() - 1) + "pathType: " + type;
                LineEdit edit = anchor.endsWith(".path") ? LineEdit.insertAfter(at.line(), text)
                        : LineEdit.insertBefore(at.line(), text);
                return Optional.of(new Fix(List.of(edit), at.line() + ": added `pathType: " + type + "`"));
            }
            JsonNode pathType = item.path("pathType");
            for (String known : List.of("Exact", "Prefix", "ImplementationSpecific")) {
                if (pathType.isString() && known.equalsIgnoreCase(pathType.asString())
                        && !known.equals(pathType.asString())) { // values are case-sensitive (networking/v1 PathType)
                    Optional<Fix> fix = scalar(path + ".pathType", known);
                    if (fix.isPresent()) {
                        return fix;
                    }
                }
            }
            if (value.isString() && !value.asString().isEmpty() && !value.asString().startsWith("/")) {
                return scalar(path + ".path", "/" + value.asString());
            }
            return Optional.empty();
        }

        /**
         * {@code serviceName: a} and {@code servicePort: 80} under a backend, to {@code service: {name, port}}. The
         * values keep the user's quoting and each replaced line's end-of-line comment moves to the line that now holds
         * its value. A port number written quoted ({@code "80"}) is written bare: the v1 {@code port.number} is an
         * int32 the API server refuses as a string.
         */
        private Optional<Fix> serviceNameAndPort(String backend) {
            JsonNode node = node(backend);
            if (!node.isObject() || node.has("service") || !node.has("serviceName")) {
                return Optional.empty();
            }
            JsonNode port = node.path("servicePort");
            SourceLocation nameAt = document.positions().of(backend + ".serviceName");
            SourceLocation backendAt = document.positions().of(backend);
            YamlLine.Span nameSpan = YamlLine.valueAfterKey(line(nameAt), nameAt.column(), "serviceName");
            if (nameSpan == null) {
                return Optional.empty();
            }
            String name = line(nameAt).substring(nameSpan.start(), nameSpan.end());
            String portText = null;
            SourceLocation portAt = null;
            YamlLine.Span portSpan = null;
            if (node.has("servicePort")) {
                portAt = document.positions().of(backend + ".servicePort");
                portSpan = YamlLine.valueAfterKey(line(portAt), portAt.column(), "servicePort");
                if (portSpan == null) {
                    return Optional.empty();
                }
                String written = line(portAt).substring(portSpan.start(), portSpan.end());
                portText = port.isNumber() || port.asString("").matches("\\d+") ? "number: " + port.asString()
                        : port.isString() ? "name: " + written : null;
            }
            String description = nameAt.line() + ": `serviceName`/`servicePort` → `service: {name: " + name
                    + (portText == null ? "" : ", port: {" + portText + "}") + "}`";
            if (nameAt.line() == backendAt.line()) { // flow: backend: {serviceName: a, servicePort: 80}
                String key = backend.substring(backend.lastIndexOf('.') + 1);
                return value(backend, key, "{service: {name: " + name + (portText == null ? "" : ", port: {"
                        + portText + "}") + "}}");
            }
            String indent = " ".repeat(nameAt.column() - 1);
            String nameComment = YamlLine.trailingComment(line(nameAt), nameSpan.end());
            List<String> block = new ArrayList<>(List.of(indent + "service:", indent + "  name: " + name
                    + nameComment));
            if (portText != null) {
                block.add(indent + "  port:");
                block.add(indent + "    " + portText + (portAt.line() == nameAt.line() ? ""
                        : YamlLine.trailingComment(line(portAt), portSpan.end())));
            }
            List<LineEdit> edits = new ArrayList<>();
            edits.add(LineEdit.replace(nameAt.line(), block));
            if (portAt != null) {
                if (portAt.line() == nameAt.line()) {
                    return Optional.empty();
                }
                edits.add(new LineEdit(portAt.line(), portAt.line(), List.of()));
            }
            return Optional.of(new Fix(edits, description));
        }

        /** Renames a key in place. */
        private Optional<Fix> renameKey(String field, String newKey) {
            SourceLocation at = document.positions().of(field);
            String key = field.substring(field.lastIndexOf('.') + 1);
            String text = line(at);
            if (!text.startsWith(key, at.column() - 1)) {
                return Optional.empty();
            }
            String fixed = text.substring(0, at.column() - 1) + newKey + text.substring(at.column() - 1
                    + key.length());
            return Optional.of(new Fix(List.of(LineEdit.replace(at.line(), List.of(fixed))), at.line() + ": `"
                    + field + "` → `" + field.substring(0, field.lastIndexOf('.') + 1) + newKey + "`"));
        }

        /** Puts {@code field} under a new key of its parent: {@code spec.service} → {@code spec.defaultBackend.service}. */
        private Optional<Fix> wrap(String field, String parentKey) {
            SourceLocation at = document.positions().of(field);
            String key = field.substring(field.lastIndexOf('.') + 1);
            String text = line(at);
            if (!text.startsWith(key, at.column() - 1)) {
                return Optional.empty();
            }
            String parent = field.substring(0, field.lastIndexOf('.'));
            String description = at.line() + ": `" + field + "` → `" + parent + "." + parentKey + "." + key + "`";
            if (document.positions().of(parent).line() == at.line()) { // flow: spec: {service: …}
                YamlLine.Span span = YamlLine.valueAfterKey(text, at.column(), key);
                if (span == null) {
                    return Optional.empty();
                }
                String fixed = text.substring(0, at.column() - 1) + parentKey + ": {" + key + ": "
                        + text.substring(span.start(), span.end()) + "}" + text.substring(span.end());
                return Optional.of(new Fix(List.of(LineEdit.replace(at.line(), List.of(fixed))), description));
            }
            int keyIndent = at.column() - 1;
            int last = at.line();
            for (int i = at.line() + 1; i <= lines.size(); i++) {
                String next = lines.get(i - 1);
                if (next.isBlank() || next.strip().startsWith("#")) {
                    continue;
                }
                if (YamlLine.indentation(next) <= keyIndent || next.startsWith("---")) {
                    break;
                }
                last = i;
            }
            List<String> block = new ArrayList<>();
            block.add(" ".repeat(keyIndent) + parentKey + ":");
            for (int i = at.line(); i <= last; i++) {
                String original = lines.get(i - 1);
                block.add(original.isBlank() ? original : "  " + original);
            }
            return Optional.of(new Fix(List.of(new LineEdit(at.line(), last, block)), description));
        }

        /** Replaces a scalar value written on its key's line. */
        private Optional<Fix> scalar(String field, String newValue) {
            return value(field, field.substring(field.lastIndexOf('.') + 1), newValue);
        }

        private Optional<Fix> value(String field, String key, String newValue) {
            if (!document.written(field)) {
                return Optional.empty();
            }
            SourceLocation at = document.positions().of(field);
            String text = line(at);
            YamlLine.Span span = YamlLine.valueAfterKey(text, at.column(), key);
            if (span == null) {
                return Optional.empty();
            }
            String old = text.substring(span.start(), span.end());
            String fixed = text.substring(0, span.start()) + newValue + text.substring(span.end());
            return Optional.of(new Fix(List.of(LineEdit.replace(at.line(), List.of(fixed))), at.line() + ": `" + key
                    + ": " + old + "` → `" + key + ": " + newValue + "`"));
        }

        private boolean sameLine(String a, String b) {
            return document.written(a) && document.written(b)
                    && document.positions().of(a).line() == document.positions().of(b).line();
        }

        private String line(SourceLocation at) {
            return at.line() >= 1 && at.line() <= lines.size() ? lines.get(at.line() - 1) : "";
        }

        /** The node at an API path ({@code spec.rules[0].http.paths[1]}), or a missing node. */
        private JsonNode node(String field) {
            JsonNode current = root;
            for (String part : field.split("\\.")) {
                int bracket = part.indexOf('[');
                current = current.path(bracket < 0 ? part : part.substring(0, bracket));
                while (bracket >= 0) {
                    int close = part.indexOf(']', bracket);
                    current = current.path(Integer.parseInt(part.substring(bracket + 1, close)));
                    bracket = part.indexOf('[', close);
                }
            }
            return current;
        }
    }

    private static boolean parses(String name, String text) {
        try {
            ParsedDocument.parseAll(name, text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n", -1)));
    }

    /** Lines back to text, joined with LF ({@link #fix} restores the file's own line ending at the end). */
    private static String render(List<String> lines, String original) {
        return String.join("\n", lines);
    }
}

package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads manifests as {@code kubectl apply -f} would: files, folders (their {@code .yaml}, {@code .yml} and
 * {@code .json} files, not recursing) or {@code -} for standard input; multi-document YAML; {@code v1 List}s.
 * Objects are checked as strictly as the API server checks them, and every problem is reported with its file and
 * line, all at once. Objects without a namespace are in {@code default}; an object keeps the creationTimestamp its
 * manifest gives and otherwise has none: no time is invented from the clock or the reading order, so the same files
 * route the same way at every run (undated Ingresses tie, and the tie is broken as ingress-nginx breaks one: see
 * {@link dev.ingresslab.route.Origin#PRECEDENCE}).
 */
public final class ManifestLoader {

    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private final InputStream stdin;
    private final KindRegistry kinds = new KindRegistry(new io.fabric8.kubernetes.client.utils.KubernetesSerialization());

    public ManifestLoader() {
        this(System.in);
    }

    /** @param stdin what {@code -} reads */
    public ManifestLoader(InputStream stdin) {
        this.stdin = stdin;
    }

    /**
     * Reads the sources (paths, or {@code -} for standard input).
     *
     * @throws ManifestException with every problem found, when there is any
     */
    public ManifestSet load(List<String> sources) throws ManifestException {
        return read(sources).orThrow();
    }

    /**
     * Reads manifest text, named for messages.
     *
     * @throws ManifestException with every problem found, when there is any
     */
    public ManifestSet loadText(String name, String text) throws ManifestException {
        return readText(name, text).orThrow();
    }

    /** Reads the sources, keeping the objects that could be read beside the problems of the others (for lint). */
    public ManifestReading read(List<String> sources) {
        Reading reading = new Reading();
        for (String source : sources) {
            if (source.equals("-")) {
                readStream("<stdin>", stdin, reading);
            } else {
                readPath(Path.of(source), reading);
            }
        }
        return reading.result();
    }

    /** Reads manifest text, keeping the objects that could be read beside the problems of the others. */
    public ManifestReading readText(String name, String text) {
        Reading reading = new Reading();
        readText(name, text, reading);
        return reading.result();
    }

    private void readPath(Path path, Reading reading) {
        String name = path.toString();
        if (!Files.exists(path)) {
            reading.problem(new SourceLocation(name, 0), "the path \"" + name + "\" does not exist",
                    "check the spelling; give files, folders, or - for standard input");
            return;
        }
        if (Files.isDirectory(path)) {
            List<Path> files;
            try {
                files = manifestFiles(path);
            } catch (IOException e) {
                reading.problem(new SourceLocation(name, 0), "cannot list the folder: " + e.getMessage(), "");
                return;
            }
            if (files.isEmpty()) {
                reading.problem(new SourceLocation(name, 0), "the folder holds no manifests (.yaml, .yml, .json)",
                        "folders are not searched recursively: name the subfolder");
            }
            files.forEach(file -> readFile(file, reading));
            return;
        }
        readFile(path, reading);
    }

    /**
     * The manifests of a folder as {@code -f FOLDER} reads them: its {@code .yaml}, {@code .yml} and {@code .json}
     * files, not recursing, sorted by name.
     */
    public static List<Path> manifestFiles(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(Files::isRegularFile).filter(ManifestLoader::isManifestName).sorted().toList();
        }
    }

    private static boolean isManifestName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private void readFile(Path file, Reading reading) {
        try (InputStream in = Files.newInputStream(file)) {
            readStream(file.toString(), in, reading);
        } catch (IOException e) {
            reading.problem(new SourceLocation(file.toString(), 0), "cannot read the file: " + e.getMessage(), "");
        }
    }

    private void readStream(String name, InputStream in, Reading reading) {
        try {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                reading.problem(new SourceLocation(name, 0), "the file is larger than 16 MiB", "split it");
                return;
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            readText(name, text, reading);
        } catch (CharacterCodingException e) {
            reading.problem(new SourceLocation(name, 0), "the file is not UTF-8 text", "is it a manifest?");
        } catch (IOException e) {
            reading.problem(new SourceLocation(name, 0), "cannot read: " + e.getMessage(), "");
        }
    }

    private void readText(String name, String text, Reading reading) {
        List<YamlDocument> documents = new ArrayList<>();
        try {
            YamlDocument.parseInto(text, documents);
        } catch (YamlDocument.DuplicateFieldException e) {
            readEach(name, documents, reading); // a broken document does not hide the findings of those before it
            // kubectl's words (sigs.k8s.io/yaml over yaml.v3); it refuses the file before sending anything
            String key = e.field.substring(e.field.lastIndexOf('.') + 1);
            reading.problem(new SourceLocation(name, e.line, e.column), "yaml: unmarshal errors: line " + e.line
                    + ": mapping key \"" + key + "\" already defined at line " + e.firstLine,
                    "a key may appear once in a mapping; when a block lost its indentation (pasted from a web page),"
                            + " indent the fields under their parent by two spaces per level");
            return;
        } catch (JacksonException e) {
            readEach(name, documents, reading);
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
            String message = syntaxMessage(e);
            reading.problem(new SourceLocation(name, line, column), "YAML syntax error: " + message,
                    message.contains("alias") || message.contains("anchor")
                            ? "a value starting with `*` or `&` is a YAML alias or anchor: quote it, as in"
                            + " `host: \"*.example.com\"`"
                            : "check the indentation (spaces, not tabs) and the quoting on and just before this line");
            return;
        }
        if (documents.isEmpty()) {
            reading.note(name + " holds no objects");
        }
        readEach(name, documents, reading);
    }

    private void readEach(String name, List<YamlDocument> documents, Reading reading) {
        for (YamlDocument document : documents) {
            new DocumentReader(name, document, reading).read();
        }
    }

    /** Reads one document: checks its kind, decodes it strictly, validates it. */
    private final class DocumentReader {
        private final String file;
        private final YamlDocument document;
        private final Reading reading;

        DocumentReader(String file, YamlDocument document, Reading reading) {
            this.file = file;
            this.document = document;
            this.reading = reading;
        }

        void read() {
            JsonNode root = document.root();
            if (!root.isObject()) {
                reading.problem(at(""), "a manifest must be a mapping with apiVersion and kind, not "
                        + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT), "");
                return;
            }
            if ("List".equals(text(root, "kind")) && "v1".equals(text(root, "apiVersion"))) {
                JsonNode items = root.get("items");
                for (int i = 0; items != null && i < items.size(); i++) {
                    readObject(items.get(i), "items[" + i + "].");
                }
                return;
            }
            readObject(root, "");
        }

        private void readObject(JsonNode node, String prefix) {
            if (!node.isObject()) {
                reading.problem(at(prefix), "a manifest must be a mapping with apiVersion and kind, not "
                        + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), "");
                return;
            }
            String kind = text(node, "kind");
            String apiVersion = text(node, "apiVersion");
            if (kind == null || kind.isEmpty()) {
                refuse(prefix, ApiServerChecks.missingKind(node, "Ingress"));
                return;
            }
            if (apiVersion == null || apiVersion.isEmpty()) {
                reading.problem(at(prefix + "apiVersion"), "Object 'apiVersion' is missing",
                        "an Ingress is `apiVersion: networking.k8s.io/v1`");
                return;
            }
            Class<? extends HasMetadata> type = kinds.readable(apiVersion, kind);
            if (type == null) {
                java.util.Optional<ApiServerChecks.Refusal> mistake = ApiServerChecks.kindMistake(apiVersion, kind);
                if (mistake.isPresent()) {
                    refuse(prefix, mistake.get());
                } else {
                    reading.skip(kind, describeName(node), at(prefix));
                }
                return;
            }
            ApiServerChecks.Decoded<? extends HasMetadata> decoded = ApiServerChecks.decode(node, type, apiVersion,
                    kind);
            if (decoded.refusal() != null) {
                refuse(prefix, decoded.refusal());
                return;
            }
            HasMetadata object = decoded.object();
            java.util.Optional<ApiServerChecks.Refusal> strict = ApiServerChecks.strictDecoding(object, apiVersion,
                    kind);
            if (strict.isPresent()) {
                refuse(prefix, strict.get());
                return;
            }
            if (object.getMetadata() == null || object.getMetadata().getName() == null
                    || object.getMetadata().getName().isEmpty()) {
                refuse(prefix, ApiServerChecks.nameRequired(kind));
                return;
            }
            boolean namespaced = object instanceof io.fabric8.kubernetes.api.model.Namespaced;
            if (namespaced && (object.getMetadata().getNamespace() == null
                    || object.getMetadata().getNamespace().isEmpty())) {
                object.getMetadata().setNamespace("default"); // cluster-scoped kinds (IngressClass) have none
            }
            List<ApiServerChecks.Refusal> invalid = object instanceof Ingress ingress
                    ? ApiServerChecks.ingressInvalid(ingress) : List.of();
            invalid.forEach(refusal -> refuse(prefix, refusal));
            if (!invalid.isEmpty()) {
                return;
            }
            reading.add(object, at(prefix), new FieldPositions(file, document, prefix));
        }

        private void refuse(String prefix, ApiServerChecks.Refusal refusal) {
            reading.problem(at(prefix + refusal.field()), refusal.message(), refusal.hint());
        }

        private SourceLocation at(String field) {
            String path = field.endsWith(".") ? field.substring(0, field.length() - 1) : field;
            return new SourceLocation(file, document.lineOf(path), document.columnOf(path));
        }

    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() ? null : value.asString();
    }

    private static String describeName(JsonNode node) {
        JsonNode metadata = node.get("metadata");
        JsonNode name = metadata == null ? null : metadata.get("name");
        return name == null || !name.isValueNode() ? "(no name)" : name.asString(); // `name: []` must not throw
    }

    /** The parser's message without the snippet of the input it quotes (the line number says where). */
    private static String syntaxMessage(JacksonException error) {
        String message = error.getOriginalMessage() == null ? error.toString() : error.getOriginalMessage();
        return message.lines().takeWhile(line -> !line.trim().startsWith("in reader"))
                .map(String::trim).filter(line -> !line.isEmpty()).collect(java.util.stream.Collectors.joining(" "));
    }

    /** The state of one load: what was read, what went wrong. */
    private static final class Reading {
        private final Map<String, LoadedObject> objects = new LinkedHashMap<>();
        private final List<ManifestProblem> problems = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, List<String>> skipped = new LinkedHashMap<>();
        private final Map<String, SourceLocation> firstSkipped = new LinkedHashMap<>();

        void problem(SourceLocation location, String message, String hint) {
            problems.add(new ManifestProblem(location, message, hint));
        }

        void note(String note) {
            notes.add(note);
        }

        void skip(String kind, String name, SourceLocation location) {
            skipped.computeIfAbsent(kind, k -> new ArrayList<>()).add(name);
            firstSkipped.putIfAbsent(kind, location);
        }

        /** One note per skipped kind: {@code skipped Deployment alpaca, bandicoot (services.yaml:6, …)}. */
        private List<String> skippedNotes() {
            List<String> result = new ArrayList<>();
            skipped.forEach((kind, names) -> result.add("skipped " + kind + " " + String.join(", ", names) + " ("
                    + firstSkipped.get(kind).display() + (names.size() > 1 ? ", …" : "") + "): Ingress Lab reads"
                    + " Ingress, IngressClass, Service, EndpointSlice, Secret, and the Gateway API's GatewayClass,"
                    + " Gateway, HTTPRoute and ReferenceGrant"));
            return result;
        }

        void add(HasMetadata object, SourceLocation location, FieldPositions positions) {
            String namespace = object.getMetadata().getNamespace();
            String key = object.getKind() + " " + (namespace == null ? "" : namespace + "/")
                    + object.getMetadata().getName();
            LoadedObject previous = objects.remove(key);
            if (object.getMetadata().getCreationTimestamp() == null && previous != null) {
                // an update keeps the object's creation time, if it had one; none is invented
                object.getMetadata().setCreationTimestamp(previous.object().getMetadata().getCreationTimestamp());
            }
            if (previous != null) {
                notes.add(key + " is defined twice; " + location.display() + " replaces "
                        + previous.location().display() + ", as a second `kubectl apply` would");
            }
            objects.put(key, new LoadedObject(object, location, positions));
        }

        ManifestReading result() {
            List<String> allNotes = new ArrayList<>(skippedNotes());
            allNotes.addAll(notes);
            return new ManifestReading(new ManifestSet(new ArrayList<>(objects.values()), allNotes), problems);
        }
    }
}

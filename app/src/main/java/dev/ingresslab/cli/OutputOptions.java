package dev.ingresslab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code -o/--output}, as kubectl spells it: the shared option of every command that prints data (a mixin:
 * {@code @Mixin OutputOptions output;}). A command says which formats it prints with {@link #format(CommandSpec,
 * Format...)}; another word is a usage error (exit code 2) naming those it takes. {@link #print} writes JSON
 * (indented, fields in declaration order) or YAML of a value, the same for every command, so that {@code jq} and
 * {@code yq} read any of them.
 */
final class OutputOptions {

    /** The output formats; a command takes some of them. */
    enum Format {
        /** For people: aligned columns, words. The default. */
        text,
        /** {@code text} with more columns. */
        wide,
        /** One JSON document (or JSON Lines for a stream): for jq and scripts. */
        json,
        /** The same data as {@code json}, as YAML. */
        yaml
    }

    /**
     * The mappers, made when a command first prints with them: picocli makes this mixin for every command of the tree
     * at each start, so building them here cost every start (that of {@code demo} and the window included) the CPU
     * of three Jackson mappers, YAML's among them, that a command printing text never uses (docs/benchmarks.md,
     * "demo's time to ready").
     */
    private static final class Mappers {
        static final JsonMapper JSON = JsonMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
        static final JsonMapper JSON_LINE = JsonMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .build();
        static final YAMLMapper YAML = YAMLMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .build();
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "output format: text (the default), wide, json or yaml, as the command takes them")
    Format format;

    /**
     * The format asked for, {@code text} when none was.
     *
     * @param allowed the formats this command prints ({@code text} among them)
     * @throws ParameterException when another was asked for: a usage error, exit code 2
     */
    Format format(CommandSpec spec, Format... allowed) {
        Format asked = format == null ? Format.text : format;
        if (!Arrays.asList(allowed).contains(asked)) {
            throw new ParameterException(spec.commandLine(), spec.name() + " prints "
                    + Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", ")) + "; -o " + asked
                    + " is not one of them");
        }
        return asked;
    }

    /** Writes {@code value} as an indented JSON document or as YAML, and a line end. */
    static void print(PrintWriter out, Format format, Object value) {
        switch (format) {
            case json -> out.println(Mappers.JSON.writeValueAsString(value));
            case yaml -> out.print(Mappers.YAML.writeValueAsString(value));
            default -> throw new IllegalArgumentException("print writes json or yaml, not " + format);
        }
        out.flush();
    }

    /**
     * A JSON document rewritten as YAML: the same data, for the commands whose JSON is rendered to text
     * ({@code explain}, whose live answer comes rendered from the instance; {@code lint}).
     */
    static String yamlOf(String json) {
        return Mappers.YAML.writeValueAsString(Mappers.JSON.readTree(json));
    }

    /** One JSON value on one line (JSON Lines, for streams). */
    static String jsonLine(Object value) {
        return Mappers.JSON_LINE.writeValueAsString(value);
    }

    /** The formats, for completion and docs. */
    static List<String> names() {
        return Arrays.stream(Format.values()).map(Enum::name).toList();
    }
}

package dev.ingresslab.manifest;

/**
 * A place in a manifest file: {@code samples/ch8/host-ingress.yaml:12}, or with its column
 * {@code samples/ch8/host-ingress.yaml:12:7}.
 *
 * @param file   the file as named by the user ({@code <stdin>} for standard input)
 * @param line   1-based line, or 0 when the place is the whole file
 * @param column 1-based column of the field's key or value as the YAML parser located it, or 0 when unknown
 */
public record SourceLocation(String file, int line, int column) {

    /** A place known to its line only. */
    public SourceLocation(String file, int line) {
        this(file, line, 0);
    }

    /** {@code file:line}, as explain and the sandbox's notes print places. */
    public String display() {
        return line > 0 ? file + ":" + line : file;
    }

    /** {@code file:line:column}, as compilers and lint print places (editors jump to them); shorter when unknown. */
    public String displayPrecise() {
        return line > 0 && column > 0 ? display() + ":" + column : display();
    }
}

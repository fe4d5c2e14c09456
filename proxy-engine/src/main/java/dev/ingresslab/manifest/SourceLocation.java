package dev.ingresslab.manifest;

/** A place in a manifest file: {@code samples/ch8/host-ingress.yaml:12}. */
public record SourceLocation(String file, int line) {

    public String display() {
        return line > 0 ? file + ":" + line : file;
    }
}

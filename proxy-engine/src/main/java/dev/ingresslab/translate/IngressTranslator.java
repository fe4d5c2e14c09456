package dev.ingresslab.translate;

/**
 * The standard pipeline under the name its callers know: {@link RouteCompiler#standard} (Ingresses, then TLS
 * Secrets). Kept so that {@code explain}, lint, the sessions and the benchmarks need not change; new code can use
 * {@link RouteCompiler} directly.
 */
public final class IngressTranslator {

    private final RouteCompiler compiler;

    public IngressTranslator(TranslatorSettings settings) {
        this.compiler = RouteCompiler.standard(settings);
    }

    /**
     * The standard pipeline whose TLS processor asks {@code trust} whether this machine's clients would trust each
     * served certificate (diagnostic {@code TLSCertificateNotTrusted}).
     */
    public IngressTranslator(TranslatorSettings settings, dev.ingresslab.tls.CertificateTrust trust) {
        this.compiler = RouteCompiler.standard(settings, trust, java.time.Clock.systemUTC());
    }

    /** Compiles the objects into a table and its diagnostics; see {@link RouteCompiler#compile}. */
    public Translation translate(TranslationInput input) {
        return compiler.compile(input);
    }

    /** The compiler this runs. */
    public RouteCompiler compiler() {
        return compiler;
    }
}

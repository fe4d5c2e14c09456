package dev.ingresslab.cli;

import dev.ingresslab.convert.GatewayCompiler;

import java.util.Optional;

/** The Gateway API compiler {@code convert} verifies with. */
final class GatewayCompilers {

    private GatewayCompilers() {
    }

    /** Empty until the Gateway API route compiler (issue #19, point 1) is in this build. */
    static Optional<GatewayCompiler> standard() {
        return Optional.empty();
    }
}

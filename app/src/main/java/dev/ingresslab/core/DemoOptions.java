package dev.ingresslab.core;

import java.nio.file.Path;

/**
 * What {@code demo} was asked for.
 *
 * @param dataDirectory where the sandbox's kubeconfig, its saved objects and the instance locks live
 *                      ({@link DataDirectory#resolve()}, or a temporary folder in tests)
 * @param withSamples   deploy the chapter's services and its host and path Ingresses when there is no saved sandbox
 * @param fresh         set the saved sandbox aside and start clean ({@code --fresh})
 * @param portNote      the line saying which port was chosen and why ({@link PortChoice#message()}), printed once
 *                      the port is claimed; null for none
 */
public record DemoOptions(Path dataDirectory, boolean withSamples, boolean fresh, String portNote) {
}

package dev.ingresslab.translate;

/**
 * The kinds, besides Ingress, that translation reads. A kind is <em>given</em> when the input is authoritative
 * for it: always for a cluster; for a set of manifest files, only when the files hold at least one object of
 * that kind. What is not given is not checked ("Service not checked"), rather than reported missing.
 */
public enum InputKind {
    INGRESS_CLASS,
    SERVICE,
    ENDPOINT_SLICE,
    SECRET
}

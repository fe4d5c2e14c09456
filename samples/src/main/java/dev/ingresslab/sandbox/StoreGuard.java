package dev.ingresslab.sandbox;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.concurrent.TimeUnit;

/**
 * The object store's own door: fabric8's mock server listens on a loopback port of its own, and without this any
 * process or web page could write to it past the front's checks (Host, Origin, token, body limit). It answers 401
 * to every request (WebSocket watches included: the mock server upgrades only what its dispatcher says to) that
 * does not carry the store's token ({@link AccessTokens#store()}), which only the front and the sandbox's own
 * clients, in this process, know.
 *
 * <p>A request the store fails on (its dispatcher throws) is answered with a 500 {@code Status}, as kube-apiserver
 * answers a failure of its own, rather than left without an answer.
 *
 * <p>It also forgets each request once it is dispatched: the mock server records every request it gets, bodies
 * included, for tests to inspect, and would otherwise keep them all for as long as the sandbox runs.
 */
final class StoreGuard extends Dispatcher {

    private final Dispatcher store;
    private final String token;
    private final MockWebServer server;

    /**
     * @param store  the dispatcher that holds the objects (fabric8's CRUD dispatcher)
     * @param token  the token a request must carry as {@code Authorization: Bearer …}
     * @param server the mock server whose record of requests is emptied as requests come
     */
    StoreGuard(Dispatcher store, String token, MockWebServer server) {
        this.store = store;
        this.token = token;
        this.server = server;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        forgetRecordedRequests();
        if (!AccessTokens.presents(request.getHeader("Authorization"), token)) {
            return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                    .setBody(new ApiStatus(401, "Unauthorized", "Unauthorized", null).json());
        }
        try {
            return store.dispatch(request);
        } catch (RuntimeException e) {
            // fabric8's mock server answers a dispatcher that throws with nothing at all: the client waits until it
            // times out (a minute for kubectl). kube-apiserver answers a failure of its own with a 500 Status.
            return new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
                    .setBody(ApiStatus.internalError("the sandbox's object store failed on " + request.getMethod()
                            + " " + request.getPath() + ": " + e, "this is a fault of Ingress Lab's sandbox, not of"
                            + " your request if kube-apiserver takes it: report it with this message; the objects"
                            + " stored are unchanged").json());
        }
    }

    private void forgetRecordedRequests() {
        try {
            while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                // dropped: nothing reads the record
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    @Override
    public void releaseResources() {
        store.releaseResources();
    }
}

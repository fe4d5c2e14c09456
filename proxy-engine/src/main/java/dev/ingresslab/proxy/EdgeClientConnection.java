package dev.ingresslab.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientStatistics;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.ChannelListener;
import org.xnio.Option;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An upstream connection as Undertow's proxy handler sees it for one exchange (requests with a body, upgrades): it
 * is the pooled connection, but the request head it is given goes out with the edge's fields restated by
 * {@link ForwardingPolicy#restate}, after the handler has added its own (X-Forwarded-Server, its X-Forwarded-*,
 * {@code Connection: keep-alive}). The handler offers no other hook between composing a request and sending it.
 * Everything else is the pooled connection's: the pool keeps and returns that one, never this view.
 */
final class EdgeClientConnection implements ClientConnection {

    private final ClientConnection pooled;
    private final HttpServerExchange exchange;
    private final ProxiedRequest request;

    EdgeClientConnection(ClientConnection pooled, HttpServerExchange exchange, ProxiedRequest request) {
        this.pooled = pooled;
        this.exchange = exchange;
        this.request = request;
    }

    @Override
    public void sendRequest(ClientRequest upstream, ClientCallback<ClientExchange> callback) {
        // Upgrade survives ForwardingPolicy.clear only on a real upgrade
        boolean upgrade = exchange.getRequestHeaders().contains(Headers.UPGRADE);
        ForwardingPolicy.restate(upstream.getRequestHeaders(), upgrade, request.requestId, request.client,
                exchange.getRequestHeaders().getFirst(Headers.HOST),
                ForwardingPolicy.portText(exchange.getDestinationAddress().getPort()), exchange.getRequestScheme());
        pooled.sendRequest(upstream, callback);
    }

    @Override
    public StreamConnection performUpgrade() throws IOException {
        return pooled.performUpgrade();
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return pooled.getBufferPool();
    }

    @Override
    public SocketAddress getPeerAddress() {
        return pooled.getPeerAddress();
    }

    @Override
    public <A extends SocketAddress> A getPeerAddress(Class<A> type) {
        return pooled.getPeerAddress(type);
    }

    @Override
    public ChannelListener.Setter<? extends ClientConnection> getCloseSetter() {
        return pooled.getCloseSetter();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return pooled.getLocalAddress();
    }

    @Override
    public <A extends SocketAddress> A getLocalAddress(Class<A> type) {
        return pooled.getLocalAddress(type);
    }

    @Override
    public XnioWorker getWorker() {
        return pooled.getWorker();
    }

    @Override
    public XnioIoThread getIoThread() {
        return pooled.getIoThread();
    }

    @Override
    public boolean isOpen() {
        return pooled.isOpen();
    }

    @Override
    public void close() throws IOException {
        pooled.close();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return pooled.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return pooled.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return pooled.setOption(option, value);
    }

    @Override
    public boolean isUpgraded() {
        return pooled.isUpgraded();
    }

    @Override
    public boolean isPushSupported() {
        return pooled.isPushSupported();
    }

    @Override
    public boolean isMultiplexingSupported() {
        return pooled.isMultiplexingSupported();
    }

    @Override
    public ClientStatistics getStatistics() {
        return pooled.getStatistics();
    }

    @Override
    public boolean isUpgradeSupported() {
        return pooled.isUpgradeSupported();
    }

    @Override
    public void addCloseListener(ChannelListener<ClientConnection> listener) {
        pooled.addCloseListener(listener);
    }

    @Override
    public boolean isPingSupported() {
        return pooled.isPingSupported();
    }

    @Override
    public void sendPing(PingListener listener, long timeout, TimeUnit timeUnit) {
        pooled.sendPing(listener, timeout, timeUnit);
    }
}

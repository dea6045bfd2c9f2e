package io.backline.edge.proxy;

import io.backline.condition.RequestView;
import io.netty.handler.codec.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * The client's request as conditions read it, before the edge rewrites anything. One instance per
 * client connection, reset for each request and read only during selection on that connection's
 * event loop, so selecting a backend allocates nothing here.
 */
final class EdgeRequestView implements RequestView {
    private @Nullable HttpRequest request;
    private String url = "/";
    private String clientIp = "";
    private @Nullable String path;
    private @Nullable String query;

    EdgeRequestView reset(HttpRequest newRequest, String newUrl, String newClientIp) {
        request = newRequest;
        url = newUrl;
        clientIp = newClientIp;
        path = null;
        query = null;
        return this;
    }

    private HttpRequest request() {
        var current = request;
        if (current == null) {
            throw new IllegalStateException("no request");
        }
        return current;
    }

    @Override
    public String method() {
        return request().method().name();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String path() {
        var value = path;
        if (value == null) {
            int q = url.indexOf('?');
            value = q < 0 ? url : url.substring(0, q);
            path = value;
        }
        return value;
    }

    @Override
    public String query() {
        var value = query;
        if (value == null) {
            int q = url.indexOf('?');
            value = q < 0 ? "" : url.substring(q + 1);
            query = value;
        }
        return value;
    }

    @Override
    public String proto() {
        return request().protocolVersion().text();
    }

    @Override
    public boolean isSsl() {
        return false;
    }

    @Override
    public @Nullable String header(String name) {
        return request().headers().get(name);
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    /** The selector answers these with the selection in progress; a bare view has no backend. */
    @Override
    public boolean backendHealthy() {
        return false;
    }

    @Override
    public boolean backendHealthy(String name) {
        return false;
    }
}

package io.backline.app;

/** A listen address such as {@code 127.0.0.1:8080} or {@code [::1]:8080}. */
public record HostPort(String host, int port) {

    static HostPort parse(String option, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(option + ": '" + text + "' (expected: HOST:PORT, e.g. 127.0.0.1:8080)");
        }
        var host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' has a port that is not a number (expected: 0 to 65535)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(option + ": port " + port + " (expected: 0 to 65535)");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

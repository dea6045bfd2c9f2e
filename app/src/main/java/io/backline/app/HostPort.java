package io.backline.app;

import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A listen address such as {@code 127.0.0.1:8080} or {@code [::1]:8080}. */
public record HostPort(String host, int port) {

    /** Reads {@code HOST:PORT}; {@link IllegalArgumentException} says what is wrong with the text. */
    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' (expected: HOST:PORT, e.g. 127.0.0.1:8080)");
        }
        var host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a port that is not a number (expected: 0 to 65535)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " (expected: 0 to 65535)");
        }
        return new HostPort(host, port);
    }

    /** {@code http://HOST:PORT/}, with an IPv6 host in brackets. */
    URI httpUri() {
        return URI.create("http://" + this);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Picocli's converter for HOST:PORT options: a bad value is a usage error naming the option. */
    static final class Converter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

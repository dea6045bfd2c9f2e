package io.backline.edge.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A line with the prefix of its {@code message_type}, as Fastly's "Changing log line formats"
 * guide shows them. Priority is always {@code <134>} (local0, informational).
 *
 * <ul>
 * <li>classic (RFC 3164 with an RFC 3339 time): {@code <134>2016-07-04T22:37:26Z cache-host endpoint[pid]: line}
 * <li>loggly (RFC 5424): {@code <134>1 2016-07-04T22:37:26.123Z cache-host endpoint pid - - line}, the token,
 *     when set, as the structured data {@code [token@41058]} Loggly reads
 * <li>logplex (Heroku, octet counted): {@code 87 <134>1 2016-07-04T22:37:26.123Z cache-host endpoint pid - line}
 * <li>blank: the line alone
 * </ul>
 *
 * <p>A syslog endpoint's {@code token} is sent in front of the line (after the prefix) for every
 * type but blank and loggly, as Fastly documents ("to send a token, the format must be other than
 * Blank").
 */
final class SyslogMessage {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final long PID = ProcessHandle.current().pid();

    private SyslogMessage() {}

    static String format(MessageType type, String hostname, String endpoint, @Nullable String token, String line, Instant now) {
        var tokenPrefix = token == null || token.isBlank() ? "" : token + " ";
        var app = appName(endpoint);
        return switch (type) {
            case BLANK -> line;
            case CLASSIC -> "<134>" + SECONDS.format(now) + " " + hostname + " " + app + "[" + PID + "]: " + tokenPrefix + line;
            case LOGGLY -> "<134>1 " + MILLIS.format(now) + " " + hostname + " " + app + " " + PID + " - "
                    + (tokenPrefix.isEmpty() ? "-" : "[" + token + "@41058]") + " " + line;
            case LOGPLEX -> {
                var message = "<134>1 " + MILLIS.format(now) + " " + hostname + " " + app + " " + PID + " - " + tokenPrefix + line;
                yield message.getBytes(StandardCharsets.UTF_8).length + " " + message;
            }
        };
    }

    /** The endpoint's name as a syslog APP-NAME: no spaces (RFC 5424 allows printable US-ASCII only). */
    private static String appName(String endpoint) {
        var out = new StringBuilder(endpoint.length());
        for (int i = 0; i < endpoint.length(); i++) {
            char c = endpoint.charAt(i);
            out.append(c > 32 && c < 127 ? c : '_');
        }
        return out.isEmpty() ? "-" : out.toString();
    }
}

package io.backline.edge.logging;

import io.backline.edge.ExchangeRecord;
import io.backline.edge.tls.EndpointTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Sends an HTTPS endpoint's lines in batches with the JDK's {@link HttpClient}: a batch goes when
 * it holds {@code request_max_entries} lines, when one more line would take its body past
 * {@code request_max_bytes}, or {@code period} after its first line, whichever comes first. The
 * body by {@code json_format}: {@code 0} the lines joined by newlines, {@code 1} a JSON array of
 * them ({@code [l1,l2]}; each line is expected to be a JSON value, as Fastly requires of a JSON
 * format), {@code 2} each line followed by a newline (NDJSON). A status other than 2xx, a timeout
 * or a refused connection loses the batch (counted as failed) and backs off; Fastly's retries are
 * not reproduced.
 */
final class HttpsSender extends EndpointSender {
    private final HttpsEndpoint https;
    private final HttpClient client;

    HttpsSender(HttpsEndpoint https, DeliveryConfig config, Function<ExchangeRecord, String> render) {
        super(https, config, render);
        this.https = https;
        var builder = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equalsIgnoreCase(https.url().getScheme())) {
            builder.sslContext(EndpointTls.context(https.tlsCaCert(), https.tlsClientCert(), https.tlsClientKey(),
                    https.verificationName()));
        }
        this.client = builder.build();
    }

    @Override
    void run() throws InterruptedException {
        var batch = new ArrayList<byte[]>();
        long bytes = 0;
        long deadline = 0;
        while (!stopped() || !batch.isEmpty()) {
            if (batch.isEmpty()) {
                backOff();
            } else if (System.nanoTime() - deadline >= 0) { // the period is up, however fast lines arrive
                send(batch, bytes);
                batch.clear();
                bytes = 0;
                continue;
            }
            long wait = batch.isEmpty() ? Duration.ofSeconds(1).toNanos() : deadline - System.nanoTime();
            var line = next(Duration.ofNanos(Math.max(wait, 0)));
            if (line == null) {
                if (!batch.isEmpty() && stopped()) {
                    send(batch, bytes);
                    batch.clear();
                    bytes = 0;
                }
                continue;
            }
            var encoded = line.getBytes(StandardCharsets.UTF_8);
            if (bodySize(encoded.length, 1) > https.maxBytes()) {
                failed(1, "a line of " + encoded.length + " bytes is larger than request_max_bytes (" + https.maxBytes() + ")");
                continue;
            }
            if (!batch.isEmpty() && bodySize(bytes + encoded.length, batch.size() + 1) > https.maxBytes()) {
                send(batch, bytes);
                batch.clear();
                bytes = 0;
            }
            if (batch.isEmpty()) {
                deadline = System.nanoTime() + https.period().toNanos();
            }
            batch.add(encoded);
            bytes += encoded.length;
            if (batch.size() >= https.maxEntries()) {
                send(batch, bytes);
                batch.clear();
                bytes = 0;
            }
        }
    }

    /** The body's size for {@code lines} lines of {@code lineBytes} bytes in all. */
    private long bodySize(long lineBytes, int lines) {
        return switch (https.jsonFormat()) {
            case "1" -> lineBytes + (lines - 1) + 2;
            case "2" -> lineBytes + lines;
            default -> lineBytes + (lines - 1);
        };
    }

    /** The body gzipped at {@code level} (the JDK's zlib; a stream subclass is the only way to set the level). */
    static byte[] gzip(byte[] body, int level) throws IOException {
        var out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var zip = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    private void send(List<byte[]> lines, long lineBytes) {
        var body = new ByteArrayOutputStream((int) Math.min(bodySize(lineBytes, lines.size()), Integer.MAX_VALUE - 8));
        var json = https.jsonFormat();
        if (json.equals("1")) {
            body.write('[');
        }
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && !json.equals("2")) {
                body.write(json.equals("1") ? ',' : '\n');
            }
            body.writeBytes(lines.get(i));
            if (json.equals("2")) {
                body.write('\n');
            }
        }
        if (json.equals("1")) {
            body.write(']');
        }
        try {
            var bytes = body.toByteArray();
            var request = HttpRequest.newBuilder(https.url())
                    .timeout(config.requestTimeout())
                    .header("Content-Type", https.effectiveContentType());
            if (https.gzipLevel() > 0) {
                bytes = gzip(bytes, https.gzipLevel());
                request.header("Content-Encoding", "gzip");
            }
            request.method(https.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
            var headerName = https.headerName();
            if (headerName != null && !headerName.isBlank()) {
                var value = https.headerValue();
                request.header(headerName.strip(), value == null ? "" : value);
            }
            var response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                succeeded(lines.size());
            } else {
                failed(lines.size(), "HTTP " + response.statusCode() + " from " + https.url());
            }
        } catch (IOException | IllegalArgumentException e) {
            var message = e.getMessage();
            failed(lines.size(), e.getClass().getSimpleName() + (message == null ? "" : ": " + message));
        } catch (InterruptedException e) {
            failed(lines.size(), "stopped while sending");
            Thread.currentThread().interrupt();
        }
    }

    @Override
    void disconnect() {
        if (closing) {
            client.shutdownNow();
        }
    }
}

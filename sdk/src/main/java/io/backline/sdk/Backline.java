package io.backline.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The client of the Fastly configuration API, as Backline serves it and as Fastly itself does:
 * built once with a token and a server URL, immutable and safe to share between threads. Its
 * operation groups ({@link #backend()}, {@link #director()}, {@link #service()}, {@link #version()},
 * …, one per kind of object) take request objects and return response objects named after the
 * operation. The groups' accessors come from the generated {@link OperationGroups}, so a kind added
 * to the model needs no edit here.
 *
 * <pre>{@code
 * Backline client = Backline.builder()
 *         .security(Security.of(System.getenv("FASTLY_API_TOKEN")))
 *         .serverUrl("http://127.0.0.1:8080")          // leave out to talk to Fastly itself
 *         .build();
 * CreateBackendResponse res = client.backend().createBackend(CreateBackendRequest.builder()
 *         .serviceId("SU1Z0isxPaozGVKXdv0eY")
 *         .versionId(1)
 *         .backend(Backend.builder().name("test-backend").address("example.com").port(443).build())
 *         .build());
 * res.backendResponse().ifPresent(backend -> System.out.println(backend.name()));
 * }</pre>
 */
public final class Backline extends OperationGroups {
    /** Fastly's production API, the default, so the same code runs against Fastly unchanged. */
    public static final String DEFAULT_SERVER_URL = "https://api.fastly.com";

    private final URI serverUrl;
    private final RequestOptions defaults;
    private final Purges purge;
    private final TlsOperations tls;

    private Backline(Builder builder) {
        this(builder, transport(builder));
    }

    private Backline(Builder builder, Transport transport) {
        super(transport);
        this.purge = new Purges(transport);
        this.tls = new TlsOperations(transport);
        this.serverUrl = builder.serverUrl;
        this.defaults = builder.options;
    }

    private static Transport transport(Builder builder) {
        var http = builder.httpClient != null ? builder.httpClient
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        return new Transport(http, builder.serverUrl, Objects.requireNonNull(builder.security, "security is required"), builder.options,
                builder.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Purges: everything of a service, by surrogate key, by URL ({@link Purges}). */
    public Purges purge() {
        return purge;
    }

    /** Fastly's custom TLS API: private keys, certificates, configurations, activations ({@link TlsOperations}). */
    public TlsOperations tls() {
        return tls;
    }

    public URI serverUrl() {
        return serverUrl;
    }

    /** The options every call uses unless it passes its own. */
    public RequestOptions defaultOptions() {
        return defaults;
    }

    @Override
    public String toString() {
        return "Backline[" + serverUrl + "]";
    }

    /** Builds a {@link Backline}; every setting has a default except the security. */
    public static final class Builder {
        private @Nullable Security security;
        private URI serverUrl = URI.create(DEFAULT_SERVER_URL);
        private RequestOptions options = RequestOptions.defaults();
        private @Nullable HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder security(Security value) {
            this.security = Objects.requireNonNull(value, "security");
            return this;
        }

        /** Where the API is: Backline's {@code --api-listen} address, or Fastly's (the default). */
        public Builder serverUrl(String value) {
            return serverUrl(URI.create(Objects.requireNonNull(value, "serverUrl")));
        }

        public Builder serverUrl(URI value) {
            Objects.requireNonNull(value, "serverUrl");
            if (!"http".equals(value.getScheme()) && !"https".equals(value.getScheme())) {
                throw new IllegalArgumentException("serverUrl must be http or https: " + value);
            }
            this.serverUrl = value;
            return this;
        }

        public Builder defaultOptions(RequestOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /** A JDK client of your own (proxy, TLS settings, executor); the SDK never closes it. */
        public Builder httpClient(HttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /** The clock that rate-limit resets are compared with (tests). */
        Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Backline build() {
            return new Backline(this);
        }
    }
}

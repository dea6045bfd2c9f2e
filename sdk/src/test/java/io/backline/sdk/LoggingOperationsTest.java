package io.backline.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.sdk.models.components.LoggingHttps;
import io.backline.sdk.models.components.LoggingSyslog;
import io.backline.sdk.models.operations.CreateLoggingHttpsRequest;
import io.backline.sdk.models.operations.CreateLoggingSyslogRequest;
import io.backline.sdk.models.operations.DeleteLoggingSyslogRequest;
import io.backline.sdk.models.operations.GetLoggingSyslogRequest;
import io.backline.sdk.models.operations.ListLoggingHttpsEndpointsRequest;
import io.backline.sdk.models.operations.ListLoggingSyslogsRequest;
import io.backline.sdk.models.operations.UpdateLoggingHttpsRequest;
import io.backline.sdk.models.operations.UpdateLoggingSyslogRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The syslog and HTTPS logging groups against the real server: the two path segments of
 * {@code logging/syslog} route, and the answers' strings ({@code port "514"}, {@code use_tls "1"})
 * read as numbers and flags.
 */
class LoggingOperationsTest {
    @AutoClose
    private static final SdkTestServer server = SdkTestServer.start();
    private static final Backline client = server.client();

    @Test
    void aSyslogEndpointIsCreatedReadListedRenamedAndDeleted() {
        var serviceId = server.newService(client);
        var created = client.loggingSyslog().createLoggingSyslog(CreateLoggingSyslogRequest.builder().serviceId(serviceId).versionId(1)
                .loggingSyslog(LoggingSyslog.builder().name("sys").address("logs.example.com").useTls(true).build()).build())
                .loggingSyslogResponse().orElseThrow();
        assertThat(created.port()).isEqualTo(514);
        assertThat(created.useTls()).isTrue();
        assertThat(created.formatVersion()).isEqualTo(2);
        assertThat(created.version()).isEqualTo(1);

        client.loggingSyslog().updateLoggingSyslog(UpdateLoggingSyslogRequest.builder().serviceId(serviceId).versionId(1)
                .loggingSyslogName("sys").loggingSyslog(LoggingSyslog.builder().name("sys2").port(6514).build()).build());
        var read = client.loggingSyslog().getLoggingSyslog(GetLoggingSyslogRequest.builder().serviceId(serviceId).versionId(1)
                .loggingSyslogName("sys2").build()).loggingSyslogResponse().orElseThrow();
        assertThat(read.port()).isEqualTo(6514);
        assertThat(client.loggingSyslog().listLoggingSyslogs(ListLoggingSyslogsRequest.builder().serviceId(serviceId).versionId(1).build())
                .loggingSyslogResponses().orElseThrow()).hasSize(1);

        client.loggingSyslog().deleteLoggingSyslog(DeleteLoggingSyslogRequest.builder().serviceId(serviceId).versionId(1)
                .loggingSyslogName("sys2").build());
        assertThatThrownBy(() -> client.loggingSyslog().getLoggingSyslog(GetLoggingSyslogRequest.builder().serviceId(serviceId)
                .versionId(1).loggingSyslogName("sys2").build())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anHttpsEndpointWithABadFormatIsABadRequestNamingThePosition() {
        var serviceId = server.newService(client);
        client.loggingHttps().createLoggingHttps(CreateLoggingHttpsRequest.builder().serviceId(serviceId).versionId(1)
                .loggingHttps(LoggingHttps.builder().name("web").url("https://logs.example.com/").build()).build());

        assertThatThrownBy(() -> client.loggingHttps().updateLoggingHttps(UpdateLoggingHttpsRequest.builder().serviceId(serviceId)
                .versionId(1).loggingHttpsName("web").loggingHttps(LoggingHttps.builder().format("%h %Q").build()).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("format: unknown directive %Q at position 4");
        var listed = client.loggingHttps().listLoggingHttpsEndpoints(ListLoggingHttpsEndpointsRequest.builder().serviceId(serviceId)
                .versionId(1).build()).loggingHttpsResponses().orElseThrow();
        assertThat(listed).singleElement().satisfies(web -> assertThat(web.format()).isEqualTo("%h %l %u %t \"%r\" %>s %b"));
    }
}

package io.backline.compat;

import static io.backline.compat.BacklineApi.form;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fastly pops} against a real server (docs/shielding.md): the CLI reads
 * {@code GET /datacenters} and lists the POPs Backline knows: the one of {@code backline serve}'s
 * own edge ({@code local} by default) and those edge nodes report through the edge feed.
 */
class CliPopsCommandTest {

    @RegisterExtension
    static final BacklineExtension backline = new BacklineExtension();

    @Test
    void fastlyPopsListsTheServersOwnPopAndThePopsEdgesReport() {
        // An edge node of POP "shield-east" reporting through the feed, as `backline edge --pop shield-east` does.
        var sync = backline.api().post("/_backline/edge/sync", form("edge_id", "compat-edge-1", "serving", "", "wait_seconds", "0",
                "pop", "shield-east", "address", "127.0.0.1:9"));
        assertThat(sync.status()).as(sync.describe()).isEqualTo(200);

        ProcessResult pops = backline.cli().run("pops");

        assertThat(pops.exitCode()).as(pops.describe()).isZero();
        assertThat(pops.stdout()).as(pops.describe()).contains("NAME", "CODE", "GROUP", "SHIELD", "COORDINATES");
        var rows = pops.stdout().lines().filter(line -> line.contains("Backline")).toList();
        assertThat(rows).as(pops.describe()).anySatisfy(row -> assertThat(row.split("\\s+")).startsWith("local", "local", "Backline", "local"));
        assertThat(rows).as(pops.describe()).anySatisfy(row ->
                assertThat(row.split("\\s+")).startsWith("shield-east", "shield-east", "Backline", "shield-east"));
    }
}

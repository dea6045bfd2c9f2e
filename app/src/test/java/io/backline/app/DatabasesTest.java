package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The database URL as the start-up line shows it: never with its password, wherever the URL carries it. */
class DatabasesTest {

    @Test
    void theStartUpLineHidesAPasswordInTheAuthorityAndInTheQuery() {
        assertThat(Databases.redacted("postgresql://backline:s3cret@db:5432/backline"))
                .doesNotContain("s3cret").contains("backline", "db:5432/backline");
        assertThat(Databases.redacted("postgresql://db/backline?user=backline&password=s3cret&sslmode=require"))
                .doesNotContain("s3cret").contains("user=backline", "sslmode=require");
    }
}

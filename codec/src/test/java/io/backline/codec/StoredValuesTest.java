package io.backline.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.model.BackendSchema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import org.junit.jupiter.api.Test;

class StoredValuesTest {
    private static final Values BACKEND = BackendSchema.SCHEMA.defaults(ServiceType.VCL)
            .with(BackendSchema.NAME, "origin")
            .with(BackendSchema.ADDRESS, "192.0.2.1")
            .with(BackendSchema.HOSTNAME, null)
            .with(BackendSchema.PORT, 443)
            .with(BackendSchema.USE_SSL, true);

    @Test
    void valuesReadBackAsWritten() {
        var body = StoredValues.write(BACKEND);

        assertThat(StoredValues.read(BackendSchema.SCHEMA, body)).isEqualTo(BACKEND);
        assertThat(StoredValues.decode(BackendSchema.SCHEMA, StoredValues.encode(BACKEND))).isEqualTo(BACKEND);
    }

    @Test
    void everyFieldIsWrittenByNameWithNullWhereUnset() {
        var node = StoredValues.encode(BACKEND);

        assertThat(node.size()).isEqualTo(BackendSchema.SCHEMA.fields().size());
        assertThat(node.get("port").intValue()).isEqualTo(443);
        assertThat(node.get("use_ssl").booleanValue()).isTrue();
        assertThat(node.get("hostname").isNull()).isTrue();
    }

    @Test
    void aFieldTheBodyLacksReadsAsUnset() {
        var values = StoredValues.read(BackendSchema.SCHEMA, "{\"name\":\"origin\",\"port\":80}");

        assertThat(values.get(BackendSchema.NAME)).isEqualTo("origin");
        assertThat(values.get(BackendSchema.PORT)).isEqualTo(80);
        assertThat(values.get(BackendSchema.ADDRESS)).isNull();
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefused() {
        assertThatThrownBy(() -> StoredValues.read(BackendSchema.SCHEMA, "{\"name\":\"a\"} junk"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("backend body: not JSON");
        assertThatThrownBy(() -> StoredValues.read(BackendSchema.SCHEMA, "[1]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("backend body: ARRAY (expected: a JSON object)");
    }
}

package io.backline.store;

import static io.backline.store.StoreFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.model.BackendSchema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Field values come back as stored for every field kind: text, null, integer, boolean, text list. */
interface StoredValuesContract extends StoreContractSupport {

    /**
     * Stores the values through an insert and again through an update, answers what the store read
     * back, and deletes the object so that the next round trip may reuse its name.
     */
    private Values roundTrip(Values values) {
        var name = String.valueOf(values.raw(Objects.requireNonNull(values.schema().field("name"))));
        writeAll(tx -> tx.insertObject(object(SHOP, 1, values)));
        var inserted = store().read(tx -> tx.object(SHOP, 1, values.schema(), name)).orElseThrow().values();

        writeAll(tx -> tx.updateObject(name, object(SHOP, 1, values)));
        var updated = store().read(tx -> tx.object(SHOP, 1, values.schema(), name)).orElseThrow().values();
        assertThat(updated).as("the same values stored by an update").isEqualTo(inserted);
        writeAll(tx -> tx.deleteObject(SHOP, 1, values.schema(), name));
        return inserted;
    }

    @ParameterizedTest
    @EnumSource(ServiceType.class)
    default void backendDefaultsRoundTrip(ServiceType type) {
        givenShopWithVersionOne();
        var defaults = BackendSchema.SCHEMA.defaults(type).with(BackendSchema.NAME, "origin");

        assertThat(roundTrip(defaults)).isEqualTo(defaults);
    }

    @Test
    default void backendWithEveryKindOfFieldSetRoundTrips() {
        givenShopWithVersionOne();
        var values = BackendSchema.SCHEMA.defaults(ServiceType.VCL)
                .with(BackendSchema.NAME, "origin/with slash")
                .with(BackendSchema.COMMENT, "")
                .with(BackendSchema.ADDRESS, "192.0.2.1")
                .with(BackendSchema.HOSTNAME, null)
                .with(BackendSchema.PORT, 443)
                .with(BackendSchema.USE_SSL, true)
                .with(BackendSchema.SSL_CHECK_CERT, false)
                .with(BackendSchema.TCP_KEEPALIVE_ENABLE, false)
                .with(BackendSchema.KEEPALIVE_TIME, 0)
                .with(BackendSchema.MAX_USE, Integer.MAX_VALUE)
                .with(BackendSchema.SSL_CA_CERT, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

        assertThat(roundTrip(values)).isEqualTo(values);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " spaces around ", "quote \" backslash \\ slash /", "line\nbreak\ttab\r", "Ünïcødé ☃ 服务 😀",
        "{\"json\": [1, 2], \"x\": null}", "null", "0", "true", "a,b,c"
    })
    default void textRoundTripsExactly(String text) {
        givenShopWithVersionOne();
        var values = WidgetSchema.named("w").with(WidgetSchema.NOTE, text).with(WidgetSchema.LABEL, text);

        var read = roundTrip(values);
        assertThat(read.get(WidgetSchema.NOTE)).isEqualTo(text);
        assertThat(read.get(WidgetSchema.LABEL)).isEqualTo(text);
    }

    @Test
    default void nullTextStaysNullAndEmptyTextStaysEmpty() {
        givenShopWithVersionOne();
        var values = WidgetSchema.named("w").with(WidgetSchema.NOTE, "").with(WidgetSchema.LABEL, null);

        var read = roundTrip(values);
        assertThat(read.get(WidgetSchema.NOTE)).isEmpty();
        assertThat(read.get(WidgetSchema.LABEL)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, 65_535, Integer.MAX_VALUE})
    default void integersRoundTripAcrossTheWholeRange(int number) {
        givenShopWithVersionOne();
        var values = WidgetSchema.named("w").with(WidgetSchema.SIZE, number).with(WidgetSchema.LIMIT, number);

        assertThat(roundTrip(values)).isEqualTo(values);
    }

    @Test
    default void aNullIntegerStaysNull() {
        givenShopWithVersionOne();
        var values = WidgetSchema.named("w").with(WidgetSchema.LIMIT, null);

        assertThat(roundTrip(values).get(WidgetSchema.LIMIT)).isNull();
    }

    @ParameterizedTest(name = "enabled {0}, strict {1}")
    @CsvSource(value = {"true, NULL", "false, false", "true, true", "false, true"}, nullValues = "NULL")
    default void booleansRoundTripAndNullStaysApartFromFalse(Boolean enabled, Boolean strict) {
        givenShopWithVersionOne();
        var values = WidgetSchema.named("w").with(WidgetSchema.ENABLED, enabled).with(WidgetSchema.STRICT, strict);

        var read = roundTrip(values);
        assertThat(read.get(WidgetSchema.ENABLED)).isEqualTo(enabled);
        assertThat(read.get(WidgetSchema.STRICT)).isEqualTo(strict);
    }

    @Test
    default void textListsRoundTripInOrderWithDuplicates() {
        givenShopWithVersionOne();
        var lists = List.of(
                List.<String>of(),
                List.of("one"),
                List.of("b", "a", "b"),
                List.of("with, comma", "with \"quote\"", "", "☃", "line\nbreak"));
        for (var list : lists) {
            var values = WidgetSchema.named("w").with(WidgetSchema.TAGS, list);

            assertThat(roundTrip(values).get(WidgetSchema.TAGS)).isEqualTo(list);
        }
    }
}

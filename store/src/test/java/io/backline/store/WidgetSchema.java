package io.backline.store;

import io.backline.model.Field;
import io.backline.model.Schema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.List;

/**
 * A small schema with one field of every storable shape, so that the contract covers what
 * {@code BackendSchema} does not (a text list) and a second kind beside backends.
 */
final class WidgetSchema {
    private static final Schema.Builder B = Schema.builder("widget", "Widget");

    static final Field<String> NAME = B.add(Field.text("name").required());
    static final Field<String> NOTE = B.add(Field.text("note"));
    static final Field<String> LABEL = B.add(Field.optionalText("label"));
    static final Field<Integer> SIZE = B.add(Field.integer("size", 7, Integer.MIN_VALUE, Integer.MAX_VALUE));
    static final Field<Integer> LIMIT = B.add(Field.optionalInteger("limit", 0, Integer.MAX_VALUE));
    static final Field<Boolean> ENABLED = B.add(Field.bool("enabled", type -> true));
    static final Field<Boolean> STRICT = B.add(Field.optionalBool("strict"));
    static final Field<List<String>> TAGS = B.add(Field.textList("tags"));

    static final Schema SCHEMA = B.build();

    private WidgetSchema() {}

    static Values named(String name) {
        return SCHEMA.defaults(ServiceType.VCL).with(NAME, name);
    }
}

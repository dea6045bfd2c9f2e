package io.backline.condition;

import static io.backline.model.ConditionSchema.NAME;
import static io.backline.model.ConditionSchema.SCHEMA;
import static io.backline.model.ConditionSchema.STATEMENT;
import static io.backline.model.ConditionSchema.TYPE;

import io.backline.model.Changes;
import io.backline.model.ConfigException;
import io.backline.model.ObjectRules;
import io.backline.model.Patch;
import io.backline.model.Schema;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.Locale;

/**
 * The condition's rules: the statement must compile for its type when it is written, so a typo
 * is refused at once instead of at activation; names cannot change (Fastly answers 400
 * "Cannot change name").
 */
public final class ConditionRules implements ObjectRules {
    public static final ConditionRules INSTANCE = new ConditionRules();

    private ConditionRules() {}

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public Values create(Changes changes, ServiceType type) {
        var values = SCHEMA.apply(SCHEMA.defaults(type), changes, type);
        SCHEMA.requirePresent(values);
        return check(values);
    }

    @Override
    public Values update(Values current, Changes changes, ServiceType type) {
        if (changes.get(NAME) instanceof Patch.Set<String> rename && !rename.value().equals(current.require(NAME))) {
            throw ConfigException.invalid("Cannot change name");
        }
        var values = SCHEMA.apply(current, changes, type);
        SCHEMA.requirePresent(values);
        return check(values);
    }

    private static Values check(Values values) {
        var type = ConditionType.parse(values.require(TYPE));
        try {
            Conditions.compile(values.require(STATEMENT), type);
        } catch (ConditionSyntaxException e) {
            throw ConfigException.invalid("statement: " + e.getMessage());
        }
        return values.with(TYPE, type.name().toUpperCase(Locale.ROOT));
    }
}

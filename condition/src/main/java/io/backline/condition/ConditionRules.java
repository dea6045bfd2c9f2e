package io.backline.condition;

import static io.backline.model.ConditionSchema.NAME;
import static io.backline.model.ConditionSchema.SCHEMA;
import static io.backline.model.ConditionSchema.STATEMENT;
import static io.backline.model.ConditionSchema.TYPE;

import io.backline.model.Changes;
import io.backline.model.ConfigException;
import io.backline.model.Patch;
import io.backline.model.SchemaRules;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import java.util.Locale;

/**
 * The condition's rules: the statement must compile for its type when it is written, so a typo
 * is refused at once instead of at activation; names cannot change (Fastly answers 400
 * "Cannot change name").
 */
public final class ConditionRules extends SchemaRules {
    public static final ConditionRules INSTANCE = new ConditionRules();

    private ConditionRules() {
        super(SCHEMA);
    }

    @Override
    public Values update(Values current, Changes changes, ServiceType type) {
        if (changes.get(NAME) instanceof Patch.Set<String> rename && !rename.value().equals(current.require(NAME))) {
            throw ConfigException.invalid("Cannot change name");
        }
        return super.update(current, changes, type);
    }

    @Override
    protected Values check(Values values) {
        var type = ConditionType.parse(values.require(TYPE));
        try {
            Conditions.compile(values.require(STATEMENT), type);
        } catch (ConditionSyntaxException e) {
            throw ConfigException.invalid("statement: " + e.getMessage());
        }
        return values.with(TYPE, type.name().toUpperCase(Locale.ROOT));
    }
}

package io.backline.model;

import static io.backline.model.DirectorSchema.SCHEMA;
import static io.backline.model.DirectorSchema.TYPE;

/**
 * The director's rules beyond its fields' ranges: {@code type} is one of Fastly's three policies.
 * Members are not written here: a create starts with none, and an update keeps them.
 *
 * <p>An update keeps the director's name: Fastly answered a PUT carrying {@code name} with the old
 * name and went on serving the director under it (go-fastly's fixtures directors/update.yaml,
 * delete.yaml and cleanup.yaml), and the Terraform provider never renames one (a new name is a
 * new director there).
 */
public final class DirectorRules extends SchemaRules {
    public static final DirectorRules INSTANCE = new DirectorRules();

    private DirectorRules() {
        super(SCHEMA);
    }

    @Override
    public Values update(Values current, Changes changes, ServiceType type) {
        return write(current, changes.with(DirectorSchema.NAME, Patch.absent()), type);
    }

    @Override
    protected Values check(Values values) {
        int code = values.require(TYPE);
        if (DirectorType.of(code).isEmpty()) {
            throw ConfigException.invalid(TYPE.name() + ": " + code + " (expected: " + DirectorType.RULE + ")");
        }
        return values;
    }
}

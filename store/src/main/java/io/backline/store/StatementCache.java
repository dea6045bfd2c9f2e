package io.backline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of one connection, prepared once and reused: preparing costs more than
 * running the short queries of this store. Confined to whichever thread holds the connection.
 */
final class StatementCache {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean broken;

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** Marks the connection as not to be used again (it failed in a way that may have left state). */
    void markBroken() {
        broken = true;
    }

    boolean broken() {
        return broken;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        var statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }
}

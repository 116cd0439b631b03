package org.facilitymonitor.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC reads of a native stack's PostgreSQL, for tests that run the service as a separate process. */
public final class StackDb {

    private final String url;
    private final String user;
    private final String password;

    public StackDb(NativeStack stack) {
        this.url = stack.setting("QUARKUS_DATASOURCE_JDBC_URL");
        this.user = stack.setting("QUARKUS_DATASOURCE_USERNAME");
        this.password = stack.setting("QUARKUS_DATASOURCE_PASSWORD");
    }

    /** Every row of a query, as column → value maps in column order. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single number a query such as {@code select count(*) …} answers. */
    public long number(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException(sql + " answered " + rows);
        }
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    /** Runs an update and answers how many rows it changed. */
    public int execute(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}

package org.facilitymonitor.platform;

import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The where-clause of a listing from optional request parameters: only the conditions whose value
 * was given take part, and every value is a bound parameter, never text in the query.
 */
public final class QueryFilter {

    private final List<String> clauses = new ArrayList<>();
    private final Parameters parameters = new Parameters();

    /** {@code attribute = value} when a non-blank value is given. */
    public QueryFilter eq(String attribute, String value) {
        return value == null || value.isBlank() ? this : where(attribute + " = :" + attribute, attribute, value);
    }

    /** {@code attribute = value} when a value is given. */
    public QueryFilter eq(String attribute, Object value) {
        return value == null ? this : where(attribute + " = :" + attribute, attribute, value);
    }

    /** {@code attribute <> value} when a value is given. */
    public QueryFilter ne(String attribute, Object value) {
        return value == null ? this : where(attribute + " <> :" + attribute, attribute, value);
    }

    /** The entity's {@code tags} collection holds this marker tag. */
    public QueryFilter tag(String tag) {
        return tag == null || tag.isBlank() ? this : where(":tag member of tags", "tag", tag);
    }

    /** Case-insensitive substring of the name. */
    public QueryFilter nameContains(String text) {
        return text == null || text.isBlank() ? this : where("lower(name) like :q", "q",
                "%" + text.toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
    }

    public String jpql() {
        return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
    }

    public Parameters parameters() {
        return parameters;
    }

    private QueryFilter where(String clause, String name, Object value) {
        clauses.add(clause);
        parameters.and(name, value);
        return this;
    }
}

package dev.saasextract.schema;

import java.util.Locale;
import java.util.Set;

/** Columns the tool adds to warehouse tables; they never count as source columns. */
public final class ToolColumns {
    public static final String UPLOADED_AT = "_uploaded_at";
    public static final String TASK_INSTANCE = "_task_instance";
    public static final String IS_DELETED = "is_deleted";
    public static final String IS_DELETED_UPDATED_AT = "is_deleted_updated_at";

    private static final Set<String> ALL = Set.of(UPLOADED_AT, TASK_INSTANCE, IS_DELETED, IS_DELETED_UPDATED_AT);

    private ToolColumns() {
    }

    public static boolean isToolColumn(String name) {
        return ALL.contains(name.toLowerCase(Locale.ROOT));
    }
}

package dev.saasextract.load;

import dev.saasextract.parquet.ConstantColumn;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ToolColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The columns the tool adds to every staged row (CONTRACT §7): {@code _uploaded_at}, and {@code _task_instance}
 * from {@code $TASK_INSTANCE} when the manifest asks for advanced metadata.
 */
final class ToolColumnValues {
    private static final ColumnSpec UPLOADED_AT =
            new ColumnSpec(ToolColumns.UPLOADED_AT, ColumnType.of(ColumnType.Kind.TIMESTAMPTZ, "timestamptz"));
    private static final ColumnSpec TASK_INSTANCE =
            new ColumnSpec(ToolColumns.TASK_INSTANCE, ColumnType.of(ColumnType.Kind.TEXT, "text"));

    private final boolean advancedMetadata;
    private final Optional<String> taskInstance;

    ToolColumnValues(boolean advancedMetadata, Optional<String> taskInstance) {
        this.advancedMetadata = advancedMetadata;
        this.taskInstance = taskInstance;
    }

    List<ColumnSpec> columns() {
        return advancedMetadata ? List.of(UPLOADED_AT, TASK_INSTANCE) : List.of(UPLOADED_AT);
    }

    List<ConstantColumn> valuesAt(Instant uploadedAt) {
        List<ConstantColumn> values = new ArrayList<>();
        values.add(new ConstantColumn(UPLOADED_AT, uploadedAt));
        // Without $TASK_INSTANCE the column is left out of the file and loads as NULL.
        if (advancedMetadata && taskInstance.isPresent()) {
            values.add(new ConstantColumn(TASK_INSTANCE, taskInstance.get()));
        }
        return values;
    }

    /** Source columns followed by the tool's columns: the shape of the warehouse table. */
    List<ColumnSpec> appendedTo(List<ColumnSpec> sourceColumns) {
        List<ColumnSpec> all = new ArrayList<>(sourceColumns);
        all.addAll(columns());
        return all;
    }
}

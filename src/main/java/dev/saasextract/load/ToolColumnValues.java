package dev.saasextract.load;

import dev.saasextract.parquet.ConstantColumn;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.schema.ToolColumns;
import dev.saasextract.schema.UploadedAtForm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The columns the tool adds to every staged row (CONTRACT §7): {@code _uploaded_at}, and {@code _task_instance}
 * from {@code $TASK_INSTANCE} when the manifest asks for advanced metadata.
 */
final class ToolColumnValues {
    private static final ColumnSpec TASK_INSTANCE =
            new ColumnSpec(ToolColumns.TASK_INSTANCE, ColumnType.of(ColumnType.Kind.TEXT, "text"));

    private final boolean advancedMetadata;
    private final Optional<String> taskInstance;

    ToolColumnValues(boolean advancedMetadata, Optional<String> taskInstance) {
        this.advancedMetadata = advancedMetadata;
        this.taskInstance = taskInstance;
    }

    List<ColumnSpec> columns(UploadedAtForm form) {
        return advancedMetadata ? List.of(form.column(), TASK_INSTANCE) : List.of(form.column());
    }

    List<ConstantColumn> valuesAt(Instant uploadedAt, UploadedAtForm form) {
        List<ConstantColumn> values = new ArrayList<>();
        values.add(new ConstantColumn(form.column(), form.value(uploadedAt)));
        // Without $TASK_INSTANCE the column is left out of the file and loads as NULL.
        if (advancedMetadata && taskInstance.isPresent()) {
            values.add(new ConstantColumn(TASK_INSTANCE, taskInstance.get()));
        }
        return values;
    }

    /** Source columns followed by the tool's columns: the shape of the warehouse table. */
    List<ColumnSpec> appendedTo(List<ColumnSpec> sourceColumns, UploadedAtForm form) {
        List<ColumnSpec> all = new ArrayList<>(sourceColumns);
        all.addAll(columns(form));
        return all;
    }
}

package dev.saasextract.warehouse;

import dev.saasextract.errors.InvalidInputException;
import dev.saasextract.schema.ColumnSpec;
import dev.saasextract.schema.ColumnType;
import dev.saasextract.warehouse.dialect.TableName;

/** A source column has no warehouse type that holds it without loss; the manifest query must cast it. Exit 2. */
public class UnsupportedColumnTypeException extends InvalidInputException {

    public UnsupportedColumnTypeException(TableName table, ColumnSpec column, String engine) {
        super("%s.%s: %s has no type for %s".formatted(table, column.name(), engine, describe(column.type())));
    }

    private static String describe(ColumnType type) {
        return switch (type.kind()) {
            case DECIMAL -> "%s(%d,%d)".formatted(type.sourceName(), type.precision(), type.scale());
            case ARRAY -> type.sourceName() + " (array of " + describe(type.element()) + ")";
            default -> type.sourceName();
        };
    }
}

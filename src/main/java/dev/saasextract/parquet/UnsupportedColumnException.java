package dev.saasextract.parquet;

import dev.saasextract.errors.InvalidInputException;

/** A column that cannot become a Parquet column at all, whatever its values (e.g. numeric(50,2)). */
public final class UnsupportedColumnException extends InvalidInputException {

    UnsupportedColumnException(String column, String why) {
        super("column " + column + ": " + why);
    }
}

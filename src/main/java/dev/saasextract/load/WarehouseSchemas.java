package dev.saasextract.load;

/** Warehouse schemas of CONTRACT §1–§6 ({@code raw.tap_postgres}, {@code raw.deletes_tap_postgres}). */
public final class WarehouseSchemas {
    public static final String TAP_POSTGRES = "tap_postgres";
    public static final String DELETES_TAP_POSTGRES = "deletes_tap_postgres";

    private WarehouseSchemas() {
    }
}

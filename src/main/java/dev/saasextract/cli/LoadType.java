package dev.saasextract.cli;

/** {@code --load-type} values (CONTRACT §1). */
enum LoadType { auto, backfill, incremental, scd, deletes }

package dev.yakata.store.api;

/**
 * A finished export.
 *
 * @param file the absolute path of the CSV file written
 * @param rows data rows written (the header not counted)
 */
public record ExportResult(String file, long rows) {
}

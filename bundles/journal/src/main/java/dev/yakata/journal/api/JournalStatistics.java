package dev.yakata.journal.api;

import java.util.Map;

/**
 * Counters of a journal since it opened.
 *
 * @param head          position of the last record
 * @param appended      records appended since open
 * @param durable       position forced to disk
 * @param bytesOnDisk   bytes of all segment files
 * @param segments      number of segment files
 * @param removedForSpace records removed for space before every named cursor had committed them (all of them
 *                        when there was no named cursor)
 * @param corrupted     corrupted records or segment tails found since open
 * @param cursorLag     per named cursor, records appended after its committed position
 */
public record JournalStatistics(long head, long appended, long durable, long bytesOnDisk, int segments,
        long removedForSpace, long corrupted, Map<String, Long> cursorLag) {
}

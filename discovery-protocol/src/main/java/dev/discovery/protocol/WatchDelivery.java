package dev.discovery.protocol;

/**
 * The answer of {@code GET /api/v1/watch/delivered?index=N&wait=D}: whether every change up to {@code index} has
 * been handed to every open watch stream's socket. A deregistering instance waits for it before it drains, so
 * that callers fed by the watch have stopped choosing it.
 *
 * @param index the index waited for
 * @param delivered {@code true} if delivered before the wait ended
 */
public record WatchDelivery(long index, boolean delivered) {
}

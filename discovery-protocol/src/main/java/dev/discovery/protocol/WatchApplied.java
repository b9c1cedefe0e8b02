package dev.discovery.protocol;

/**
 * The answer of {@code GET /api/v1/services/{service}/propagation/applied?index=N&wait=D}: whether every
 * subscriber of the service that acknowledges has applied the change at {@code index} to its view.
 *
 * @param service the service
 * @param index the index waited for
 * @param applied {@code true} if every acknowledging subscriber applied it before the wait ended
 */
public record WatchApplied(String service, long index, boolean applied) {
}

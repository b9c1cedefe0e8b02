package dev.discovery.protocol;

/**
 * One entry of {@code GET /api/v1/services}.
 *
 * @param name the service name
 * @param instances how many instances are registered
 * @param passing how many of them are in the passing view
 * @param index the registry index of the last change to the service
 */
public record ServiceSummary(String name, int instances, int passing, long index) {
}

package dev.discovery.protocol;

/**
 * The body of {@code PUT /api/v1/services/{service}/instances/{instanceId}/status}.
 *
 * @param status the new status
 */
public record StatusUpdate(InstanceStatus status) {
}

package dev.discovery.protocol;

import java.util.List;

/**
 * The body of {@code POST /api/v1/watch}: the services to watch, for watchers whose list is too long for a query
 * parameter. The answer is the same event stream as {@code GET /api/v1/watch?services=...}.
 *
 * @param services the service names; {@code ["*"]} for every service
 * @param passing whether the snapshot lists only instances that should get traffic ({@code true} when absent)
 */
public record WatchSubscription(List<String> services, Boolean passing) {
}

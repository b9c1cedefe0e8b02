package dev.discovery.server.connector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what the connector limits refuse: {@code discovery.http.refused} by {@code reason}:
 * {@code address-connections} and {@code address-requests} (over a per-address limit), {@code request-timeout} (a
 * request that did not arrive in time) and {@code unread-body} (a connection closed instead of drained after an
 * answer given before the body was read).
 */
final class ConnectorMeters {

	private final Counter addressConnections;

	private final Counter addressRequests;

	private final Counter requestTimeout;

	private final Counter unreadBody;

	ConnectorMeters(MeterRegistry meters) {
		this.addressConnections = refused(meters, "address-connections");
		this.addressRequests = refused(meters, "address-requests");
		this.requestTimeout = refused(meters, "request-timeout");
		this.unreadBody = refused(meters, "unread-body");
	}

	private static Counter refused(MeterRegistry meters, String reason) {
		return Counter.builder("discovery.http.refused")
			.description("Connections and requests refused or cut short by the connector limits")
			.tag("reason", reason)
			.register(meters);
	}

	void addressConnections() {
		this.addressConnections.increment();
	}

	void addressRequests() {
		this.addressRequests.increment();
	}

	void requestTimeout() {
		this.requestTimeout.increment();
	}

	void unreadBody() {
		this.unreadBody.increment();
	}

}

package dev.discovery.server.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Checks names and registrations against the wire contract and the server's limits, collecting every problem, and
 * turns a valid registration into an {@link InstanceSpec}. Each part of a registration has its rules in its own
 * class: {@link InstanceAddress}, {@link InstanceLabels}, {@link HealthCheckDefaults}, and {@link WireText} for the
 * text in all of them; the lease is bounded here.
 */
public class RegistrationValidator {

	private final LeaseProperties lease;

	private final InstanceLabels labels;

	private final HealthCheckDefaults healthCheckDefaults;

	public RegistrationValidator(LeaseProperties lease, LimitsProperties limits,
			HealthCheckDefaults healthCheckDefaults) {
		this.lease = lease;
		this.labels = new InstanceLabels(limits);
		this.healthCheckDefaults = healthCheckDefaults;
	}

	/**
	 * Checks a service name from a request path.
	 * @param name the name as given
	 * @return the name in lower case
	 * @throws InvalidRequestException if it is not an RFC 1123 label
	 */
	public static String serviceName(String name) {
		return WireText.label("service", name);
	}

	/**
	 * Checks an instance id from a request path.
	 * @param id the id as given
	 * @return the id in lower case
	 * @throws InvalidRequestException if it is not an RFC 1123 label
	 */
	public static String instanceId(String id) {
		return WireText.label("instanceId", id);
	}

	/**
	 * Whether a host is an IP address or a host name the registry accepts.
	 * @param host the host
	 * @return {@code true} if a registration may use it
	 */
	public static boolean validHost(String host) {
		return InstanceAddress.validHost(host);
	}

	/**
	 * Validates a registration body.
	 * @param registration the body, or {@code null} if none was sent
	 * @return the normalised registration
	 * @throws InvalidRequestException listing every problem found
	 */
	public InstanceSpec validate(@Nullable InstanceRegistration registration) {
		if (registration == null) {
			throw new InvalidRequestException(List.of(new FieldError("body", "a registration body is required")), false);
		}
		List<FieldError> errors = new ArrayList<>();
		String host = InstanceAddress.host(registration.host(), errors);
		int port = InstanceAddress.port(registration.port(), errors);
		Map<String, String> metadata = this.labels.metadata(registration.metadata(), errors);
		List<String> tags = this.labels.tags(registration.tags(), errors);
		String zone = InstanceLabels.zone(registration.zone() != null ? registration.zone() : metadata.get("zone"),
				errors);
		int weight = InstanceLabels.weight(registration.weight(), metadata.get("weight"), errors);
		Duration ttl = leaseTtl(registration.leaseTtl(), errors);
		HealthCheckSpec check = this.healthCheckDefaults.apply(registration.healthCheck(), errors);
		InstanceStatus status = (registration.status() != null) ? registration.status() : InstanceStatus.UP;
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors, false);
		}
		if (zone != null) {
			metadata.put("zone", zone);
		}
		metadata.put("weight", Integer.toString(weight));
		boolean secure = Boolean.TRUE.equals(registration.secure());
		return new InstanceSpec(host, port, secure, metadata, tags, zone, weight, ttl, check, status);
	}

	private Duration leaseTtl(@Nullable String text, List<FieldError> errors) {
		if (text == null) {
			return this.lease.getDefaultTtl();
		}
		Duration ttl = HealthCheckDefaults.duration("leaseTtl", text, errors);
		if (ttl == null) {
			return this.lease.getDefaultTtl();
		}
		if (ttl.compareTo(this.lease.getMinTtl()) < 0) {
			return this.lease.getMinTtl();
		}
		return (ttl.compareTo(this.lease.getMaxTtl()) > 0) ? this.lease.getMaxTtl() : ttl;
	}

}

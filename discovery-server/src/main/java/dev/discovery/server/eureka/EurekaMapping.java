package dev.discovery.server.eureka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;

/**
 * Maps Eureka instances to registrations and registered instances back to Eureka instances, so an instance looks
 * the same whichever API registered it. What Eureka knows and the registry does not (the Eureka id, a second port,
 * page URLs, a reported DOWN, an operator's override) travels in metadata entries under {@code eureka.}, which
 * Eureka clients do not see.
 */
final class EurekaMapping {

	static final String PREFIX = "eureka.";

	static final String INSTANCE_ID = PREFIX + "instanceId";

	static final String HOST_NAME = PREFIX + "hostName";

	static final String IP_ADDR = PREFIX + "ipAddr";

	static final String PORT = PREFIX + "port";

	static final String STATUS = PREFIX + "status";

	static final String OVERRIDDEN_STATUS = PREFIX + "overriddenStatus";

	static final String RENEWAL_INTERVAL = PREFIX + "renewalIntervalInSecs";

	static final String VIP_ADDRESS = PREFIX + "vipAddress";

	static final String SECURE_VIP_ADDRESS = PREFIX + "secureVipAddress";

	static final String HOME_PAGE_URL = PREFIX + "homePageUrl";

	static final String STATUS_PAGE_URL = PREFIX + "statusPageUrl";

	static final String HEALTH_CHECK_URL = PREFIX + "healthCheckUrl";

	static final String SECURE_HEALTH_CHECK_URL = PREFIX + "secureHealthCheckUrl";

	private final RegistrationValidator validator;

	EurekaMapping(RegistrationValidator validator) {
		this.validator = validator;
	}

	/**
	 * Validates a Eureka registration as the registry's own.
	 * @param in the Eureka instance
	 * @param service the service it registers under
	 * @param held the instance held under the same id, whose override survives a re-registration
	 * @return the spec to register
	 */
	InstanceSpec toSpec(EurekaInstance in, String service, @Nullable RegisteredInstance held) {
		Map<String, String> metadata = new LinkedHashMap<>();
		in.metadata().forEach((key, value) -> {
			if (!key.startsWith(PREFIX) && !key.startsWith("@")) {
				metadata.put(key, value);
			}
		});
		// Eureka clients call hostName; one the registry cannot take (an underscore, say) gives way to the IP.
		String host = (!in.hostName().isBlank()
				&& (RegistrationValidator.validHost(in.hostName()) || in.ipAddr().isBlank())) ? in.hostName()
						: in.ipAddr();
		boolean secure = in.securePortEnabled();
		putIf(metadata, INSTANCE_ID, in.instanceId(), !in.instanceId().equals(EurekaIds.instanceId(in.instanceId())));
		putIf(metadata, HOST_NAME, in.hostName(), !in.hostName().equals(host));
		putIf(metadata, IP_ADDR, in.ipAddr(), !in.ipAddr().isBlank() && !in.ipAddr().equals(host));
		putIf(metadata, PORT, Integer.toString(in.port()), secure && in.portEnabled());
		putIf(metadata, VIP_ADDRESS, in.vipAddress(), !service.equalsIgnoreCase(String.valueOf(in.vipAddress())));
		putIf(metadata, SECURE_VIP_ADDRESS, in.secureVipAddress(),
				!service.equalsIgnoreCase(String.valueOf(in.secureVipAddress())));
		putIf(metadata, HOME_PAGE_URL, in.homePageUrl(), true);
		putIf(metadata, STATUS_PAGE_URL, in.statusPageUrl(), true);
		putIf(metadata, HEALTH_CHECK_URL, in.healthCheckUrl(), true);
		putIf(metadata, SECURE_HEALTH_CHECK_URL, in.secureHealthCheckUrl(), true);
		putIf(metadata, RENEWAL_INTERVAL, Integer.toString(in.lease().renewalIntervalInSecs()),
				in.lease().renewalIntervalInSecs() > 0);
		EurekaStatus override = (in.overriddenStatus() != EurekaStatus.UNKNOWN) ? in.overriddenStatus()
				: (held != null) ? override(held) : null;
		putIf(metadata, OVERRIDDEN_STATUS, (override != null) ? override.name() : null, true);
		putIf(metadata, STATUS, in.status().name(), in.status() != EurekaStatus.UP);
		int duration = (in.lease().durationInSecs() > 0) ? in.lease().durationInSecs()
				: EurekaInstance.Lease.DEFAULT.durationInSecs();
		InstanceRegistration registration = new InstanceRegistration(host, secure ? in.securePort() : in.port(),
				secure, metadata, null, null, null, duration + "s", HealthCheckSpec.ttl(),
				registryStatus(effective(in.status(), override)));
		return this.validator.validate(registration);
	}

	/**
	 * A held instance's spec, changed: for overrides and metadata updates, which keep everything else, the health
	 * check of an instance registered through the v1 API included.
	 * @param held the instance
	 * @param metadataChange the change to its metadata
	 * @param status the new status
	 * @return the validated spec
	 */
	InstanceSpec changed(RegisteredInstance held, UnaryOperator<Map<String, String>> metadataChange,
			InstanceStatus status) {
		InstanceSpec spec = held.spec();
		Map<String, String> metadata = metadataChange.apply(new LinkedHashMap<>(spec.metadata()));
		return this.validator.validate(new InstanceRegistration(spec.host(), spec.port(), spec.secure(), metadata,
				spec.tags(), spec.zone(), null, Durations.format(spec.leaseTtl()), spec.healthCheck(), status));
	}

	/**
	 * The status that decides, as Eureka's rules have it: an instance that says it is down or starting is believed;
	 * otherwise an operator's override wins over what the instance says.
	 * @param own what the instance reports
	 * @param override the override, or {@code null}
	 * @return the effective status
	 */
	static EurekaStatus effective(EurekaStatus own, @Nullable EurekaStatus override) {
		if (own == EurekaStatus.DOWN || own == EurekaStatus.STARTING || override == null) {
			return own;
		}
		return override;
	}

	static InstanceStatus registryStatus(EurekaStatus status) {
		return switch (status) {
			case UP -> InstanceStatus.UP;
			case STARTING -> InstanceStatus.STARTING;
			default -> InstanceStatus.OUT_OF_SERVICE;
		};
	}

	/**
	 * The operator's override an instance carries.
	 * @param instance the instance
	 * @return the override, or {@code null} for none
	 */
	static @Nullable EurekaStatus override(RegisteredInstance instance) {
		String value = instance.spec().metadata().get(OVERRIDDEN_STATUS);
		return (value != null) ? EurekaStatus.parse(value, EurekaStatus.UNKNOWN) : null;
	}

	/**
	 * The status the instance itself reported, under any override.
	 * @param instance the instance
	 * @return the status
	 */
	static EurekaStatus reported(RegisteredInstance instance) {
		String marker = instance.spec().metadata().get(STATUS);
		if (marker != null) {
			return EurekaStatus.parse(marker, EurekaStatus.UNKNOWN);
		}
		return switch (instance.status()) {
			case UP -> EurekaStatus.UP;
			case STARTING -> EurekaStatus.STARTING;
			case OUT_OF_SERVICE -> (override(instance) != null) ? EurekaStatus.UP : EurekaStatus.OUT_OF_SERVICE;
		};
	}

	/**
	 * The status Eureka clients see.
	 * @param instance a registered instance
	 * @return its Eureka status
	 */
	static EurekaStatus status(RegisteredInstance instance) {
		return switch (instance.status()) {
			case UP -> (instance.health() == HealthState.CRITICAL) ? EurekaStatus.DOWN : EurekaStatus.UP;
			case STARTING -> EurekaStatus.STARTING;
			case OUT_OF_SERVICE -> {
				EurekaStatus own = EurekaStatus.parse(instance.spec().metadata().get(STATUS),
						EurekaStatus.OUT_OF_SERVICE);
				EurekaStatus effective = effective(own, override(instance));
				yield (effective == EurekaStatus.UP) ? EurekaStatus.OUT_OF_SERVICE : effective;
			}
		};
	}

	/**
	 * The Eureka form of a registered instance, whichever API registered it.
	 * @param r the instance
	 * @param actionType ADDED, MODIFIED or DELETED
	 * @return the Eureka instance
	 */
	static EurekaInstance toEureka(RegisteredInstance r, String actionType) {
		InstanceSpec spec = r.spec();
		Map<String, String> meta = spec.metadata();
		Map<String, String> visible = new LinkedHashMap<>();
		meta.forEach((key, value) -> {
			if (!key.startsWith(PREFIX)) {
				visible.put(key, value);
			}
		});
		String host = spec.host();
		String scheme = spec.secure() ? "https" : "http";
		String base = scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + spec.port();
		String otherPort = meta.get(PORT);
		int port = spec.secure() ? number(otherPort, 80) : spec.port();
		boolean portEnabled = !spec.secure() || otherPort != null;
		int securePort = spec.secure() ? spec.port() : 443;
		String healthUrl = (spec.healthCheck().type() == HealthCheckType.HTTP) ? base + spec.healthCheck().path()
				: null;
		long ttl = spec.leaseTtl().toSeconds();
		String renewal = meta.get(RENEWAL_INTERVAL);
		long registered = r.registeredAt().toEpochMilli();
		EurekaInstance.Lease lease = new EurekaInstance.Lease(
				number(renewal, (int) Math.max(1, ttl / 3)), (int) ttl, registered,
				r.lastHeartbeat().toEpochMilli(), registered);
		EurekaStatus override = override(r);
		long updated = (r.lastCheckAt() != null) ? Math.max(registered, r.lastCheckAt().toEpochMilli()) : registered;
		return new EurekaInstance(meta.getOrDefault(INSTANCE_ID, r.id()), EurekaIds.app(r.service()),
				meta.getOrDefault(HOST_NAME, host), meta.getOrDefault(IP_ADDR, host), status(r),
				(override != null) ? override : EurekaStatus.UNKNOWN, port, portEnabled, securePort, spec.secure(),
				meta.getOrDefault(VIP_ADDRESS, r.service()), meta.getOrDefault(SECURE_VIP_ADDRESS, r.service()),
				meta.getOrDefault(HOME_PAGE_URL, base + "/"), meta.get(STATUS_PAGE_URL),
				meta.getOrDefault(HEALTH_CHECK_URL, spec.secure() ? null : healthUrl),
				meta.getOrDefault(SECURE_HEALTH_CHECK_URL, spec.secure() ? healthUrl : null), lease, visible, updated,
				registered, actionType);
	}

	/**
	 * A number from metadata, which any v1 client may set to anything: a bad one must not break Eureka's reads.
	 */
	private static int number(@Nullable String text, int fallback) {
		if (text == null) {
			return fallback;
		}
		try {
			return Integer.parseInt(text.trim());
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	private static void putIf(Map<String, String> metadata, String key, @Nullable String value, boolean condition) {
		if (condition && value != null && !value.isEmpty()) {
			metadata.put(key, value);
		}
	}

}

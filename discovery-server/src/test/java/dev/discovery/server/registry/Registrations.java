package dev.discovery.server.registry;

import java.time.Duration;
import java.util.Map;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;

/**
 * Valid registrations for tests.
 */
public final class Registrations {

	private static final RegistrationValidator VALIDATOR = new RegistrationValidator(new LeaseProperties(), new LimitsProperties(),
			HealthCheckDefaults.standard());

	private Registrations() {
	}

	public static InstanceSpec spec(String host, int port) {
		return VALIDATOR.validate(InstanceRegistration.of(host, port));
	}

	public static InstanceSpec spec(InstanceRegistration registration) {
		return VALIDATOR.validate(registration);
	}

	public static InstanceSpec spec(String host, int port, Duration ttl) {
		InstanceRegistration r = InstanceRegistration.of(host, port);
		return VALIDATOR.validate(new InstanceRegistration(r.host(), r.port(), r.secure(), Map.of(), null, null, null,
				ttl.toSeconds() + "s", null, null));
	}

}

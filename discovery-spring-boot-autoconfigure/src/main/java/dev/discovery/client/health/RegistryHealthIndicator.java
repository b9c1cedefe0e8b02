package dev.discovery.client.health;

import java.util.Map;

import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the registry answers, and which registry URL does; {@code DOWN} with the operations it refuses
 * while it answers 401 or 403 to this application's token (registration, heartbeats, the watch...).
 */
public class RegistryHealthIndicator extends AbstractHealthIndicator {

	private final RegistryClient client;

	/**
	 * Creates the indicator.
	 * @param client the registry client
	 */
	public RegistryHealthIndicator(RegistryClient client) {
		super("Discovery registry health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		try {
			int services = this.client.services().size();
			builder.up().withDetail("registry", this.client.currentUrl().toString()).withDetail("services", services);
			Map<String, String> refused = this.client.access().refusals();
			if (!refused.isEmpty()) {
				builder.down().withDetail("refused", refused);
			}
		}
		catch (RegistryException ex) {
			builder.down()
				.withDetail("registry", ex.getRegistryUrl().toString())
				.withDetail("status", ex.getStatus())
				.withDetail("error", ex.getMessage());
			Map<String, String> refused = this.client.access().refusals();
			if (!refused.isEmpty()) {
				builder.withDetail("refused", refused);
			}
		}
	}

}

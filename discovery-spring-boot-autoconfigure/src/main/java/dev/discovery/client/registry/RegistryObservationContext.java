package dev.discovery.client.registry;

import java.net.URI;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What one registry operation (a register, heartbeat, lookup...) is about, for its observation. It spans the
 * attempts at every registry URL tried; {@link #getRegistryUrl()} and {@link #getOutcome()} describe the last one.
 */
public class RegistryObservationContext extends Observation.Context {

	private final String operation;

	private final @Nullable String service;

	private final @Nullable String instanceId;

	private volatile @Nullable URI registryUrl;

	private volatile @Nullable String outcome;

	private volatile int attempts;

	/**
	 * Creates the context.
	 * @param operation the operation ({@code register}, {@code heartbeat}, {@code instances}...)
	 * @param service the service it is about, if any
	 * @param instanceId the instance it is about, if any
	 */
	public RegistryObservationContext(String operation, @Nullable String service, @Nullable String instanceId) {
		this.operation = operation;
		this.service = service;
		this.instanceId = instanceId;
	}

	/** The operation, for example {@code register} or {@code heartbeat}. */
	public String getOperation() {
		return this.operation;
	}

	/** The service the operation is about, or {@code null} (listing services, for example). */
	public @Nullable String getService() {
		return this.service;
	}

	/** The instance the operation is about, or {@code null}. */
	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	/** The registry URL of the last attempt, or {@code null} before the first. */
	public @Nullable URI getRegistryUrl() {
		return this.registryUrl;
	}

	/** {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or {@code UNREACHABLE}; {@code null} before the first attempt ended. */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/** How many registry URLs were tried. */
	public int getAttempts() {
		return this.attempts;
	}

	void attempted(URI registryUrl, String outcome) {
		this.registryUrl = registryUrl;
		this.outcome = outcome;
		this.attempts++;
	}

}

package dev.discovery.test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;

/**
 * An instance of another service, registered with the embedded registry and answered by a stub HTTP server on
 * 127.0.0.1: your application finds it by name and calls it like a real one. It answers its health paths with
 * {@code UP} (or {@code DOWN} after {@link #failHealthChecks()}), the responses you give it, and any other path with
 * {@code {"service":..., "instanceId":..., "path":...}}. The registry checks its {@code /health/ready} like an app's.
 * Created with {@link TestRegistry#registerFake(String)} or {@link TestRegistry#fake(String)}; removed after each
 * test when the registry comes from {@link EmbeddedRegistry}.
 */
public final class FakeInstance {

	private final TestRegistry registry;

	private final String service;

	private final String instanceId;

	private final StubServer stub;

	private volatile boolean crashed;

	private FakeInstance(TestRegistry registry, String service, String instanceId, StubServer stub) {
		this.registry = registry;
		this.service = service;
		this.instanceId = instanceId;
		this.stub = stub;
	}

	/** The service it is an instance of. */
	public String service() {
		return this.service;
	}

	/** Its instance id, which load balancers and {@code ServiceInstance.getInstanceId()} report. */
	public String instanceId() {
		return this.instanceId;
	}

	/** Its port on 127.0.0.1. */
	public int port() {
		return this.stub.port();
	}

	/**
	 * An address on it, to call it directly.
	 * @param path the path, starting with {@code /}
	 * @return {@code http://127.0.0.1:<port><path>}
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	/**
	 * Answers a path with {@code 200} and a JSON body.
	 * @param path the request path, without query
	 * @param json the body
	 * @return this instance
	 */
	public FakeInstance respond(String path, String json) {
		return respond(path, 200, json);
	}

	/**
	 * Answers a path with a status and a JSON body.
	 * @param path the request path, without query
	 * @param status the HTTP status
	 * @param json the body (may be empty)
	 * @return this instance
	 */
	public FakeInstance respond(String path, int status, String json) {
		this.stub.respond(path, status, json);
		return this;
	}

	/** The requests it has received, as {@code "GET /payments/1"}, oldest first (health probes left out). */
	public List<String> requests() {
		return this.stub.requests();
	}

	/**
	 * Makes its health paths answer {@code 503}: the registry's checks fail from their next run on (move the clock
	 * with {@link TestRegistry#advance(Duration)} for them to run).
	 * @return this instance
	 */
	public FakeInstance failHealthChecks() {
		this.stub.healthy(false);
		return this;
	}

	/**
	 * Makes its health paths answer {@code 200} again.
	 * @return this instance
	 */
	public FakeInstance passHealthChecks() {
		this.stub.healthy(true);
		return this;
	}

	/**
	 * Makes it hang, as a stuck process whose heartbeat thread still runs: its server takes every request (health
	 * checks and calls alike) and never answers, while its lease is still renewed. The registry's checks then time
	 * out and it leaves the passing view after its failure threshold (move the clock with
	 * {@link TestRegistry#advance(Duration)}; each timed-out check takes its real timeout, 2 s).
	 * @return this instance
	 */
	public FakeInstance hang() {
		this.stub.hang();
		return this;
	}

	/** Sets it {@code OUT_OF_SERVICE}, as an operator would: it leaves the passing view at once. */
	public void takeOutOfService() {
		this.registry.takeOutOfService(this.service, this.instanceId);
	}

	/** Sets it {@code UP} again. */
	public void putInService() {
		this.registry.putInService(this.service, this.instanceId);
	}

	/**
	 * Stops renewing its lease: the next {@link TestRegistry#advance(Duration)} past its TTL expires it, while its
	 * server keeps answering (a process that hangs, or lost its way to the registry).
	 */
	public void stopHeartbeats() {
		this.registry.stopRenewing(this.service, this.instanceId);
	}

	/**
	 * Kills it: its server stops answering and its lease is no longer renewed, as after {@code kill -9}. The registry
	 * notices only through its health checks and the lease, that is when the clock moves.
	 */
	public void crash() {
		stopHeartbeats();
		this.crashed = true;
		this.stub.stop();
	}

	/** Deregisters it, as a graceful shutdown would, and stops its server. */
	public void deregister() {
		this.registry.deregister(this.service, this.instanceId);
		close();
	}

	/**
	 * The registry's view of it, passing or not.
	 * @return the view, or {@code null} if the registry no longer holds it
	 */
	public @Nullable InstanceView view() {
		return this.registry.instance(this.service, this.instanceId);
	}

	void close() {
		if (!this.crashed) {
			this.crashed = true;
			this.stub.stop();
		}
	}

	@Override
	public String toString() {
		return this.service + "/" + this.instanceId + " at 127.0.0.1:" + port();
	}

	/**
	 * How a fake instance registers. Without changes: status {@code UP}, a lease of 15 s, and an HTTP check of
	 * {@code /health/ready} every 5 s (3 failures make it critical), as the starter registers an app.
	 */
	public static final class Builder {

		private final TestRegistry registry;

		private final String service;

		private String instanceId;

		private final Map<String, String> metadata = new LinkedHashMap<>();

		private final List<String> tags = new ArrayList<>();

		private @Nullable String zone;

		private @Nullable Integer weight;

		private Duration leaseTtl = Duration.ofSeconds(15);

		private HealthCheckSpec healthCheck = new HealthCheckSpec(HealthCheckType.HTTP, "/health/ready", "5s", "2s",
				3, 1, "1m");

		Builder(TestRegistry registry, String service, String instanceId) {
			this.registry = registry;
			this.service = service;
			this.instanceId = instanceId;
		}

		/**
		 * Sets its instance id (by default {@code <service>-fake-<n>}).
		 * @param instanceId the id
		 * @return this builder
		 */
		public Builder instanceId(String instanceId) {
			this.instanceId = instanceId;
			return this;
		}

		/**
		 * Adds a metadata entry.
		 * @param key the key
		 * @param value the value
		 * @return this builder
		 */
		public Builder metadata(String key, String value) {
			this.metadata.put(key, value);
			return this;
		}

		/**
		 * Adds tags.
		 * @param tags the tags
		 * @return this builder
		 */
		public Builder tags(String... tags) {
			this.tags.addAll(List.of(tags));
			return this;
		}

		/**
		 * Sets its availability zone (for LoadBalancer's zone preference).
		 * @param zone the zone
		 * @return this builder
		 */
		public Builder zone(String zone) {
			this.zone = zone;
			return this;
		}

		/**
		 * Sets its weight (for LoadBalancer's weighted choice).
		 * @param weight 1-1000
		 * @return this builder
		 */
		public Builder weight(int weight) {
			this.weight = weight;
			return this;
		}

		/**
		 * Sets its lease's time to live.
		 * @param ttl the TTL
		 * @return this builder
		 */
		public Builder leaseTtl(Duration ttl) {
			this.leaseTtl = ttl;
			return this;
		}

		/**
		 * Sets the registry's HTTP check of {@code /health/ready}.
		 * @param interval time between checks
		 * @param failureThreshold consecutive failures that make it critical
		 * @return this builder
		 */
		public Builder healthCheck(Duration interval, int failureThreshold) {
			this.healthCheck = new HealthCheckSpec(HealthCheckType.HTTP, "/health/ready", Durations.format(interval),
					"2s", failureThreshold, 1, "1m");
			return this;
		}

		/**
		 * Registers it with no check but its lease (a heartbeat-only, TTL check).
		 * @return this builder
		 */
		public Builder withoutHealthCheck() {
			this.healthCheck = HealthCheckSpec.ttl();
			return this;
		}

		/**
		 * Starts its stub server and registers it.
		 * @return the registered instance
		 */
		public FakeInstance register() {
			StubServer stub = new StubServer(this.service, this.instanceId);
			FakeInstance fake = new FakeInstance(this.registry, this.service, this.instanceId, stub);
			try {
				this.registry.register(fake, new InstanceRegistration("127.0.0.1", stub.port(), false,
						Map.copyOf(this.metadata), List.copyOf(this.tags), this.zone, this.weight,
						Durations.format(this.leaseTtl), this.healthCheck, InstanceStatus.UP));
			}
			catch (RuntimeException ex) {
				stub.stop();
				throw ex;
			}
			return fake;
		}

	}

}

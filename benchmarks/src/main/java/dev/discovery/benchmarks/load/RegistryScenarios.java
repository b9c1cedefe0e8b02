package dev.discovery.benchmarks.load;

import java.time.Duration;

/**
 * The registry's request scenarios, each measured with the same connections and concurrency as the ceiling.
 */
public final class RegistryScenarios {

	/** The service whose 100 instances the read scenario lists. */
	public static final String READ_SERVICE = "bench-read";

	/** Warm-up instances of {@link #warmUpOnOwnInstances()}: 100 per service, as in the measured read. */
	private static final int WARM_UP_INSTANCES = 2_000;

	private final LoadRun load;

	private final int concurrency;

	private final Duration duration;

	public RegistryScenarios(LoadRun load, int concurrency, Duration duration) {
		this.load = load;
		this.concurrency = concurrency;
		this.duration = duration;
	}

	/**
	 * The ceiling: the server's cheapest answer, its own liveness probe.
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult ceiling() throws InterruptedException {
		byte[] request = HttpConnection.request("GET", "/health/live", null);
		return this.load.run("ceiling GET /health/live", this.concurrency, this.duration, Long.MAX_VALUE, 200,
				(n) -> request);
	}

	/**
	 * Sends every kind of request, unmeasured, in rounds until neither the cheapest request nor the read gets
	 * faster (two rounds in a row in which neither is more than 5% over its best, and four rounds at least), so the
	 * registry's code is compiled before anything is measured; gives up after three minutes. On two cores the
	 * compiler competes with the load for CPU, so this takes far longer than on a big machine. Settling on the
	 * probe alone stopped too early: a registry's probe then answered 11.8k requests/s right after the warm-up and
	 * 20.2k/s a minute later in the same run.
	 * @throws InterruptedException if interrupted
	 */
	public void warmUp() throws InterruptedException {
		byte[] heartbeat = HttpConnection.request("PUT", "/api/v1/services/warm-up/instances/w-1/heartbeat", null);
		byte[] read = HttpConnection.request("GET", "/api/v1/services/warm-up/instances", null);
		// Ids repeat, so warm-up registrations replace each other instead of filling the registry.
		settle((n) -> HttpConnection.request("PUT", "/api/v1/services/warm-up/instances/w-" + (n % 500), body(n)),
				(n) -> heartbeat, read, false);
	}

	/**
	 * The warm-up of {@link #warmUp()} over instances of their own, which it deregisters at the end, settling on the
	 * heartbeats too. Every heartbeat goes to another instance, round robin, and each round's registrations replace
	 * them with fresh leases, so the heartbeats renew leases in every round as the measured first heartbeats do:
	 * on etcd that compiles the keep-alive stream's path (jetcd, gRPC) that the registry in memory mode never runs.
	 * Measured instances are never touched, so their heartbeats still renew every lease when measured.
	 * @return the warm-up rounds until the figures settled
	 * @throws InterruptedException if interrupted
	 */
	public int warmUpOnOwnInstances() throws InterruptedException {
		this.load.run("warm-up setup", this.concurrency, Duration.ofMinutes(2), WARM_UP_INSTANCES, 201,
				(n) -> HttpConnection.request("PUT", warmUpPath(n), body(n)));
		byte[][] heartbeats = new byte[WARM_UP_INSTANCES][];
		for (int i = 0; i < WARM_UP_INSTANCES; i++) {
			heartbeats[i] = HttpConnection.request("PUT", warmUpPath(i) + "/heartbeat", null);
		}
		byte[] read = HttpConnection.request("GET", "/api/v1/services/warm-up-0/instances", null);
		int rounds = settle((n) -> HttpConnection.request("PUT", warmUpPath(n % WARM_UP_INSTANCES), body(n)),
				(n) -> heartbeats[(int) (n % WARM_UP_INSTANCES)], read, true);
		this.load.run("warm-up cleanup", this.concurrency, Duration.ofMinutes(2), WARM_UP_INSTANCES, 204,
				(n) -> HttpConnection.request("DELETE", warmUpPath(n), null));
		return rounds;
	}

	private static String warmUpPath(long n) {
		return "/api/v1/services/warm-up-" + (n / 100) + "/instances/w-" + n;
	}

	private int settle(LoadRun.Requests registration, LoadRun.Requests heartbeat, byte[] read, boolean onHeartbeats)
			throws InterruptedException {
		Duration each = Duration.ofSeconds(3);
		byte[] live = HttpConnection.request("GET", "/health/live", null);
		double bestRead = 0;
		double bestLive = 0;
		double bestHeartbeat = 0;
		int flat = 0;
		int rounds = 0;
		long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while ((flat < 2 || rounds < 4) && System.nanoTime() < end) {
			this.load.run("warm-up", this.concurrency, each, 3_000, 201, registration);
			double heartbeats = this.load.run("warm-up", this.concurrency, each, Long.MAX_VALUE, 200,
					heartbeat).throughput();
			double reads = this.load.run("warm-up", this.concurrency, each, Long.MAX_VALUE, 200, (n) -> read)
				.throughput();
			double lives = this.load.run("warm-up", this.concurrency, each, Long.MAX_VALUE, 200, (n) -> live)
				.throughput();
			boolean better = reads > bestRead * 1.05 || lives > bestLive * 1.05
					|| (onHeartbeats && heartbeats > bestHeartbeat * 1.05);
			flat = better ? 0 : flat + 1;
			bestRead = Math.max(bestRead, reads);
			bestLive = Math.max(bestLive, lives);
			bestHeartbeat = Math.max(bestHeartbeat, heartbeats);
			rounds++;
		}
		return rounds;
	}

	/**
	 * Registers {@code count} instances spread over {@code services} services.
	 * @param name the scenario's name
	 * @param first the number of the first instance
	 * @param count how many to register
	 * @param services how many services to spread them over
	 * @param limit the longest the scenario may run
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult register(String name, long first, long count, int services, Duration limit)
			throws InterruptedException {
		return this.load.run(name, this.concurrency, limit, count, 201,
				(n) -> registration(first + n, services));
	}

	/**
	 * Deregisters instances registered by {@link #register}.
	 * @param name the scenario's name
	 * @param first the number of the first instance
	 * @param count how many to deregister
	 * @param services how many services they are spread over
	 * @param limit the longest the scenario may run
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult deregister(String name, long first, long count, int services, Duration limit)
			throws InterruptedException {
		return this.load.run(name, this.concurrency, limit, count, 204,
				(n) -> HttpConnection.request("DELETE", path(first + n, services), null));
	}

	/**
	 * Renews the leases of instances registered by {@link #register}, round robin, for the scenario duration.
	 * @param count how many instances there are
	 * @param services how many services they are spread over
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult heartbeat(long count, int services) throws InterruptedException {
		return heartbeatRange(0, count, services);
	}

	/**
	 * Renews the leases of instances numbered {@code first} to {@code first + count - 1}, round robin.
	 * @param first the first instance's number
	 * @param count how many instances there are
	 * @param services how many services they are spread over
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult heartbeatRange(long first, long count, int services) throws InterruptedException {
		byte[][] requests = new byte[(int) count][];
		for (int i = 0; i < count; i++) {
			requests[i] = HttpConnection.request("PUT", path(first + i, services) + "/heartbeat", null);
		}
		return this.load.run("heartbeat", this.concurrency, this.duration, Long.MAX_VALUE, 200,
				(n) -> requests[(int) (n % count)]);
	}

	/**
	 * Registers 100 instances of one service, then lists them.
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult readHundred() throws InterruptedException {
		registerHundred();
		return readRegisteredHundred();
	}

	/**
	 * Registers the 100 instances that {@link #readRegisteredHundred()} lists.
	 * @throws InterruptedException if interrupted
	 */
	public void registerHundred() throws InterruptedException {
		this.load.run("setup", 4, Duration.ofMinutes(1), 100, 201, (n) -> HttpConnection.request("PUT",
				"/api/v1/services/" + READ_SERVICE + "/instances/r-" + n, body(n)));
	}

	/**
	 * Deregisters the 100 instances {@link #registerHundred()} registered.
	 * @throws InterruptedException if interrupted
	 */
	public void deregisterHundred() throws InterruptedException {
		this.load.run("cleanup", 4, Duration.ofMinutes(1), 100, 204, (n) -> HttpConnection.request("DELETE",
				"/api/v1/services/" + READ_SERVICE + "/instances/r-" + n, null));
	}

	/**
	 * Lists the 100 instances {@link #registerHundred()} registered.
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult readRegisteredHundred() throws InterruptedException {
		byte[] request = HttpConnection.request("GET", "/api/v1/services/" + READ_SERVICE + "/instances", null);
		return this.load.run("GET service of 100", this.concurrency, this.duration, Long.MAX_VALUE, 200,
				(n) -> request);
	}

	/**
	 * Lists the services.
	 * @return the result
	 * @throws InterruptedException if interrupted
	 */
	public RunResult services() throws InterruptedException {
		byte[] request = HttpConnection.request("GET", "/api/v1/services", null);
		return this.load.run("GET services", this.concurrency, this.duration, Long.MAX_VALUE, 200, (n) -> request);
	}

	static byte[] registration(long n, int services) {
		return HttpConnection.request("PUT", path(n, services), body(n));
	}

	static String path(long n, int services) {
		return "/api/v1/services/svc-" + (n % services) + "/instances/i-" + n;
	}

	/** Made-up addresses, so TTL checks: the registry must never probe them. */
	static String body(long n) {
		return "{\"host\":\"10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255)
				+ "\",\"port\":8080,\"metadata\":{\"version\":\"1.4.2\",\"zone\":\"zone-" + (n % 3)
				+ "\"},\"leaseTtl\":\"5m\",\"healthCheck\":{\"type\":\"TTL\"}}";
	}

}

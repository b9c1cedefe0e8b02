package dev.discovery.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Eureka API under load, in a registry process of its own: lease renewals as Eureka clients send them
 * ({@code PUT /eureka/apps/{app}/{host:app:port}?status=UP&lastDirtyTimestamp=...}) next to the v1 heartbeat of as
 * many instances, and {@code GET /eureka/apps/delta} as a Eureka client polls it, each against this process's
 * ceiling measured in the same run. The delta window keeps the last 10 changes (a registry where a few instances
 * changed recently); the registry holds {@code instances} Eureka instances and as many v1 instances.
 */
public final class EurekaScenario {

	/** Changes the delta window keeps: what each delta answer carries. */
	public static final int DELTA_CHANGES = 10;

	private static final long MAX_INSTANCES = 10_000;

	private final LoadRun load;

	private final RegistryScenarios scenarios;

	private final int concurrency;

	private final Duration duration;

	/**
	 * How many instances of each API the scenario registers: the suite's registrations, at most 10,000 (a large
	 * Eureka fleet), so the setup stays short.
	 * @param registrations the suite's registration count
	 * @return the count
	 */
	public static long instances(long registrations) {
		return Math.min(registrations, MAX_INSTANCES);
	}

	private EurekaScenario(LoadRun load, int concurrency, Duration duration) {
		this.load = load;
		this.scenarios = new RegistryScenarios(load, concurrency, duration);
		this.concurrency = concurrency;
		this.duration = duration;
	}

	/**
	 * Starts a registry, warms it up, fills it and measures.
	 * @param jar the registry's jar
	 * @param jvm its JVM options
	 * @param concurrency connections at once
	 * @param duration how long each timed scenario runs
	 * @param instances Eureka instances (and v1 instances) to register
	 * @param services services to spread them over
	 * @return the ceiling, the v1 heartbeat, the Eureka renewal, the Eureka delta and the ceiling again
	 * @throws IOException if the registry cannot be started
	 * @throws InterruptedException if interrupted
	 */
	public static List<RunResult> run(Path jar, List<String> jvm, int concurrency, Duration duration, long instances,
			int services) throws IOException, InterruptedException {
		List<String> arguments = List.of("--discovery.server.snapshot.enabled=false",
				"--discovery.server.eureka.delta-capacity=" + DELTA_CHANGES);
		try (ServerProcess server = ServerProcess.start(jar, jvm, arguments, Path.of("target/bench-eureka.log"))) {
			EurekaScenario scenario = new EurekaScenario(new LoadRun("127.0.0.1", server.port()), concurrency,
					duration);
			return scenario.measure(instances, services);
		}
	}

	private List<RunResult> measure(long instances, int services) throws InterruptedException {
		this.scenarios.warmUp();
		Duration limit = this.duration.multipliedBy(6);
		check(this.load.run("setup", this.concurrency, limit, instances, 204, (n) -> registration(n, services)));
		check(this.scenarios.register("setup", 0, instances, services, limit));
		// Unmeasured rounds of the Eureka requests, so their code is compiled too.
		for (int i = 0; i < 3; i++) {
			renewals(instances, services, "warm-up");
			delta("warm-up");
		}
		List<RunResult> results = new ArrayList<>();
		results.add(this.scenarios.ceiling());
		results.add(this.scenarios.heartbeat(instances, services));
		results.add(renewals(instances, services, "Eureka renew"));
		results.add(delta("Eureka GET apps/delta"));
		results.add(this.scenarios.ceiling());
		results.forEach(System.out::println);
		return results;
	}

	private RunResult renewals(long instances, int services, String name) throws InterruptedException {
		byte[][] requests = new byte[(int) instances][];
		for (int i = 0; i < instances; i++) {
			requests[i] = HttpConnection.request("PUT", "/eureka/apps/" + app(i, services) + "/" + eurekaId(i, services)
					+ "?status=UP&lastDirtyTimestamp=1700000000000", null);
		}
		return this.load.run(name, this.concurrency, this.duration, Long.MAX_VALUE, 200,
				(n) -> requests[(int) (n % instances)]);
	}

	private RunResult delta(String name) throws InterruptedException {
		byte[] request = ("GET /eureka/apps/delta HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		return this.load.run(name, this.concurrency, this.duration, Long.MAX_VALUE, 200, (n) -> request);
	}

	private static byte[] registration(long n, int services) {
		String app = app(n, services);
		String host = "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
		String body = "{\"instance\":{\"instanceId\":\"" + eurekaId(n, services) + "\",\"app\":\"" + app
				+ "\",\"hostName\":\"" + host + "\",\"ipAddr\":\"" + host + "\",\"status\":\"UP\","
				+ "\"overriddenStatus\":\"UNKNOWN\",\"port\":{\"$\":8080,\"@enabled\":\"true\"},"
				+ "\"securePort\":{\"$\":443,\"@enabled\":\"false\"},\"vipAddress\":\"" + app.toLowerCase()
				+ "\",\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\","
				+ "\"name\":\"MyOwn\"},\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":90},"
				+ "\"metadata\":{\"zone\":\"zone-" + (n % 3) + "\",\"management.port\":\"8080\"}}}";
		return HttpConnection.request("POST", "/eureka/apps/" + app, body);
	}

	private static String app(long n, int services) {
		return "EUREKA-" + (n % services);
	}

	/** Spring Cloud's form, {@code host:app:port}: not a DNS label, so the registry maps it on every request. */
	private static String eurekaId(long n, int services) {
		return "host-" + n + ":eureka-" + (n % services) + ":8080";
	}

	private static void check(RunResult setup) {
		if (setup.errors() > 0) {
			throw new IllegalStateException("Setting up the Eureka scenario failed: " + setup);
		}
	}

}

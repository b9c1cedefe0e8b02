package dev.discovery.benchmarks.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.discovery.benchmarks.load.HttpConnection;

/**
 * This project's registry, started from its executable jar as {@code ServerProcess} starts it for the main suite.
 */
final class OwnTarget extends Target {

	private static final String READ_ONE = "/api/v1/services/svc-%d/instances";

	OwnTarget(Path jar, List<String> jvm, Path log) throws IOException, InterruptedException {
		super(command(jar, jvm), log);
	}

	private static List<String> command(Path jar, List<String> jvm) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvm);
		command.addAll(List.of("-jar", jar.toString(), "--discovery.server.snapshot.enabled=false",
				"--discovery.server.dns.port=0", "--discovery.server.xds.port=0", "--logging.level.root=WARN",
				// One load generator stands in for thousands of clients: its writes must not be rate limited.
				"--discovery.server.limits.write-rate=0"));
		return command;
	}

	@Override
	String name() {
		return "discovery";
	}

	@Override
	String command() {
		return "`java -Xmx1g -XX:+UseG1GC -jar discovery-server/target/discovery-server.jar` (memory only, no write "
				+ "rate limit)";
	}

	@Override
	byte[] register(long n, long service) {
		return HttpConnection.request("PUT", path(n, service), body(n));
	}

	@Override
	int registeredStatus() {
		return 201;
	}

	@Override
	byte[] renew(long n, long service) {
		return HttpConnection.request("PUT", path(n, service) + "/heartbeat", null);
	}

	@Override
	Get readOne(long service) {
		return new Get(READ_ONE.formatted(service), List.of());
	}

	/** Every instance in one answer, which only the registry's Eureka API gives: the same endpoint as Eureka's. */
	@Override
	Get readAll() {
		return new Get("/eureka/apps", List.of("Accept", "application/json"));
	}

	@Override
	Get ready() {
		return new Get("/health/ready", List.of());
	}

	@Override
	String endpoint(Scenario scenario) {
		return switch (scenario) {
			case REGISTER -> "`PUT /api/v1/services/{service}/instances/{id}`";
			case RENEW -> "`PUT …/instances/{id}/heartbeat`";
			case READ_ONE -> "`GET /api/v1/services/{service}/instances`";
			case READ_ALL -> "`GET /eureka/apps` (the registry's Eureka API; the v1 API lists one service per answer)";
			case READ_ONE_GZIP -> "the same with `Accept-Encoding: gzip`";
		};
	}

	private static String path(long n, long service) {
		return "/api/v1/services/svc-" + service + "/instances/i-" + n;
	}

	/** Made-up addresses and a TTL check: the registry must never probe them. */
	private static String body(long n) {
		return "{\"host\":\"10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255)
				+ "\",\"port\":8080,\"metadata\":{\"version\":\"1.4.2\",\"zone\":\"zone-" + (n % 3)
				+ "\"},\"leaseTtl\":\"5m\",\"healthCheck\":{\"type\":\"TTL\"}}";
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

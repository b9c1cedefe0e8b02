package dev.discovery.benchmarks.peer;

import java.nio.file.Path;
import java.time.Duration;

import dev.discovery.protocol.Durations;

/**
 * The comparison's settings, from {@code benchmarks/run --peer eureka [--name=value ...]}.
 *
 * @param jar the registry's executable jar
 * @param eurekaJar the Eureka server's executable jar
 * @param output the report whose comparison section is written
 * @param duration how long each timed scenario runs
 * @param concurrency connections at once, the same for both registries and every scenario
 * @param instances instances registered, then renewed
 * @param services services they are spread over (instances per service: their quotient, the one-service read)
 * @param rounds rounds, each starting both registries afresh, one after the other
 * @param serverHeap each registry JVM's maximum heap
 */
public record PeerSettings(Path jar, Path eurekaJar, Path output, Duration duration, int concurrency, long instances,
		int services, int rounds, String serverHeap) {

	/**
	 * Reads settings from {@code --name=value} arguments ({@code --peer eureka} itself is the caller's).
	 * @param args the arguments
	 * @return the settings
	 */
	public static PeerSettings parse(String[] args) {
		PeerSettings settings = new PeerSettings(Path.of("discovery-server/target/discovery-server.jar"),
				Path.of("benchmarks/eureka-peer/target/eureka-peer.jar"), Path.of("docs/benchmarks.md"),
				Duration.ofSeconds(10), 16, 10_000, 100, 2, "1g");
		for (String arg : args) {
			settings = settings.with(arg);
		}
		return settings;
	}

	private PeerSettings with(String arg) {
		String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
		String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
		return switch (name) {
			case "--quick" -> new PeerSettings(this.jar, this.eurekaJar, this.output, Duration.ofSeconds(2),
					this.concurrency, 1_000, 10, this.rounds, this.serverHeap);
			case "--duration" -> new PeerSettings(this.jar, this.eurekaJar, this.output, Durations.parse(value),
					this.concurrency, this.instances, this.services, this.rounds, this.serverHeap);
			case "--concurrency" -> new PeerSettings(this.jar, this.eurekaJar, this.output, this.duration,
					Integer.parseInt(value), this.instances, this.services, this.rounds, this.serverHeap);
			case "--rounds" -> new PeerSettings(this.jar, this.eurekaJar, this.output, this.duration,
					this.concurrency, this.instances, this.services, Math.max(2, Integer.parseInt(value)),
					this.serverHeap);
			case "--jar" -> new PeerSettings(Path.of(value), this.eurekaJar, this.output, this.duration,
					this.concurrency, this.instances, this.services, this.rounds, this.serverHeap);
			case "--eureka-jar" -> new PeerSettings(this.jar, Path.of(value), this.output, this.duration,
					this.concurrency, this.instances, this.services, this.rounds, this.serverHeap);
			case "--out" -> new PeerSettings(this.jar, this.eurekaJar, Path.of(value), this.duration,
					this.concurrency, this.instances, this.services, this.rounds, this.serverHeap);
			default -> throw new IllegalArgumentException("Unknown argument " + arg
					+ "; with --peer eureka use --quick, --duration=, --concurrency=, --rounds= (at least 2), --jar=, "
					+ "--eureka-jar=, --out=");
		};
	}

}

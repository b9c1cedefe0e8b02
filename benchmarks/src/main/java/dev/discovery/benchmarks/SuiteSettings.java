package dev.discovery.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.discovery.protocol.Durations;

/**
 * The suite's settings, from its command line.
 *
 * @param jar the registry's executable jar
 * @param output the report to write
 * @param duration how long each timed scenario runs
 * @param concurrency connections at once, the same for every scenario and the ceiling
 * @param registrations instances registered by the registration scenario
 * @param services services those instances are spread over
 * @param memorySizes instance counts at which the footprint is measured
 * @param jmh whether to run the JMH benchmarks
 * @param serverHeap the registry JVM's maximum heap
 * @param watchers the watcher counts of the propagation scenario
 * @param rounds changes measured per watcher count
 * @param only the one section to run ({@code durability}, {@code eureka}, {@code register}), or empty for all
 */
public record SuiteSettings(Path jar, Path output, Duration duration, int concurrency, long registrations,
		int services, long[] memorySizes, boolean jmh, String serverHeap, List<Integer> watchers, int rounds,
		String only) {

	/**
	 * Reads settings from {@code --name=value} arguments; {@code --quick} gives a short smoke run.
	 * @param args the arguments
	 * @return the settings
	 */
	public static SuiteSettings parse(String[] args) {
		SuiteSettings settings = new SuiteSettings(Path.of("discovery-server/target/discovery-server.jar"),
				Path.of("docs/benchmarks.md"), Duration.ofSeconds(10), 16, 50_000, 100,
				new long[] { 10_000, 100_000 }, true, "1g", List.of(1, 100, 1000), 50, "");
		for (String arg : args) {
			settings = settings.with(arg);
		}
		return settings;
	}

	private SuiteSettings with(String arg) {
		String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
		String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
		return switch (name) {
			case "--quick" -> new SuiteSettings(this.jar, this.output, Duration.ofSeconds(2), this.concurrency, 2_000,
					this.services, new long[] { 10_000 }, false, this.serverHeap, List.of(1, 100), 10, this.only);
			case "--jar" -> new SuiteSettings(Path.of(value), this.output, this.duration, this.concurrency,
					this.registrations, this.services, this.memorySizes, this.jmh, this.serverHeap, this.watchers,
					this.rounds, this.only);
			case "--out" -> new SuiteSettings(this.jar, Path.of(value), this.duration, this.concurrency,
					this.registrations, this.services, this.memorySizes, this.jmh, this.serverHeap, this.watchers,
					this.rounds, this.only);
			case "--duration" -> new SuiteSettings(this.jar, this.output, Durations.parse(value), this.concurrency,
					this.registrations, this.services, this.memorySizes, this.jmh, this.serverHeap, this.watchers,
					this.rounds, this.only);
			case "--concurrency" -> new SuiteSettings(this.jar, this.output, this.duration, Integer.parseInt(value),
					this.registrations, this.services, this.memorySizes, this.jmh, this.serverHeap, this.watchers,
					this.rounds, this.only);
			case "--no-jmh" -> new SuiteSettings(this.jar, this.output, this.duration, this.concurrency,
					this.registrations, this.services, this.memorySizes, false, this.serverHeap, this.watchers,
					this.rounds, this.only);
			case "--only" -> new SuiteSettings(this.jar, this.output, this.duration, this.concurrency,
					this.registrations, this.services, this.memorySizes, this.jmh, this.serverHeap, this.watchers,
					this.rounds, value);
			default -> throw new IllegalArgumentException("Unknown argument " + arg
					+ "; use --quick, --jar=, --out=, --duration=, --concurrency=, --no-jmh, --only=durability|eureka|register");
		};
	}

}

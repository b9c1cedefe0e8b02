package dev.discovery.sample.e2e.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * What to start: a jar, a name for its log, Spring properties (passed as {@code --key=value}, one value per key) and
 * JVM options. Every process listens on 127.0.0.1 and a free port the harness picks.
 */
public final class ProcessSpec {

	/** JVM options that shorten start-up, which matters more here than peak speed: C1 only, serial GC. */
	static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
			"-Xmx256m");

	final Jar jar;

	final String name;

	final Map<String, String> properties = new LinkedHashMap<>();

	final List<String> jvmOptions = new ArrayList<>(FAST_START);

	boolean awaitReady = true;

	/** The port to listen on, or {@code null} for a free one the harness picks. */
	@Nullable Integer port;

	@Nullable SSLContext tls;

	private ProcessSpec(Jar jar, String name) {
		this.jar = jar;
		this.name = name;
		property("server.address", "127.0.0.1");
		property("spring.jmx.enabled", "false");
	}

	/**
	 * The registry, with nothing that outlives it (no snapshot) and its DNS and xDS interfaces on free ports.
	 * @param name the name of its log
	 * @return the spec
	 */
	public static ProcessSpec registry(String name) {
		return new ProcessSpec(Jar.REGISTRY, name).property("discovery.server.dns.port", "0")
			.property("discovery.server.xds.port", "0")
			.property("discovery.server.snapshot.enabled", "false");
	}

	/**
	 * A sample app that registers with the registry under {@code instanceId} and sends a heartbeat every second.
	 * @param jar the app
	 * @param instanceId its instance id, also the name of its log
	 * @param registry the registry it uses
	 * @return the spec
	 */
	public static ProcessSpec app(Jar jar, String instanceId, AppProcess registry) {
		return new ProcessSpec(jar, instanceId).property("discovery.registry.url", registry.baseUrl())
			.property("discovery.instance.instance-id", instanceId)
			.property("discovery.heartbeat.interval", "1s");
	}

	/**
	 * Sets a Spring property, replacing an earlier value.
	 * @param key the property
	 * @param value its value
	 * @return this spec
	 */
	public ProcessSpec property(String key, String value) {
		this.properties.remove(key);
		this.properties.put(key, value);
		return this;
	}

	/**
	 * Listens on the given port instead of a free one: to restart a process where its clients expect it.
	 * @param port the port, e.g. {@link AppProcess#port()} of the process it replaces
	 * @return this spec
	 */
	public ProcessSpec port(int port) {
		this.port = port;
		return this;
	}

	/**
	 * Adds a JVM option.
	 * @param option the option, e.g. {@code -Xmx160m}
	 * @return this spec
	 */
	public ProcessSpec jvmOption(String option) {
		this.jvmOptions.add(option);
		return this;
	}

	/**
	 * Marks it as serving HTTPS only: its URLs become {@code https://127.0.0.1:<port>} and its readiness is checked
	 * over TLS, trusting what {@code trust} trusts.
	 * @param trust trust material for its certificate
	 * @return this spec
	 */
	public ProcessSpec https(SSLContext trust) {
		this.tls = trust;
		return this;
	}

	/**
	 * Returns at once after launching instead of waiting for {@code /health/ready}: for a process expected to fail
	 * or one whose readiness the test observes itself.
	 * @return this spec
	 */
	public ProcessSpec launchOnly() {
		this.awaitReady = false;
		return this;
	}

	List<String> command(int port) {
		List<String> command = new ArrayList<>();
		command.add(Processes.java());
		command.addAll(this.jvmOptions);
		command.add("-jar");
		command.add(this.jar.file().toString());
		command.add("--server.port=" + port);
		this.properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		return command;
	}

}

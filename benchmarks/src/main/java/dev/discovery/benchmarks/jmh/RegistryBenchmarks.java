package dev.discovery.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.HealthCheckDefaults;
import dev.discovery.server.reads.InstanceJson;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

/**
 * The registry's hot paths without HTTP: listing a service, renewing a lease, publishing a change, reading, checking
 * and answering a registration, and encoding a 100-instance answer as JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryBenchmarks {

	private static final int INSTANCES = 100;

	private final Registry registry = new MemoryStore(Clock.systemUTC());

	private final JsonMapper json = JsonMapper.builder().build();

	private List<InstanceView> views;

	private InstanceSpec spec;

	private RegistrationValidator validator;

	private final ObjectReader registrationReader = this.json.readerFor(InstanceRegistration.class);

	/** A registration body as the benchmarks' load generator sends it. */
	private final byte[] registrationBody = ("{\"host\":\"10.0.1.7\",\"port\":8080,\"metadata\":{\"version\":\"1.4.2\","
			+ "\"zone\":\"zone-1\"},\"leaseTtl\":\"5m\",\"healthCheck\":{\"type\":\"TTL\"}}")
		.getBytes(StandardCharsets.UTF_8);

	private InstanceRegistration registration;

	private boolean flip;

	@Setup
	public void setUp() {
		RegistrationValidator validator = new RegistrationValidator(new LeaseProperties(), new LimitsProperties(),
				HealthCheckDefaults.standard());
		this.validator = validator;
		this.registration = this.registrationReader.readValue(this.registrationBody);
		for (int i = 0; i < INSTANCES; i++) {
			InstanceSpec each = validator.validate(new InstanceRegistration("10.0.0." + i, 8080, false,
					Map.of("version", "1.4.2"), List.of("blue"), "zone-" + (i % 3), null, "30s", null, null));
			this.registry.register("payment", "payment-" + i, each);
			this.spec = each;
		}
		this.views = this.registry.instances("payment", true).stream().map(RegisteredInstance::toView).toList();
	}

	@Benchmark
	public List<RegisteredInstance> lookupService() {
		return this.registry.instances("payment", true);
	}

	@Benchmark
	public RegisteredInstance heartbeat() {
		return this.registry.heartbeat("payment", "payment-42");
	}

	@Benchmark
	public RegisteredInstance publishStatusChange() {
		this.flip = !this.flip;
		return this.registry.setStatus("payment", "payment-7", this.flip ? InstanceStatus.OUT_OF_SERVICE : InstanceStatus.UP);
	}

	@Benchmark
	public Object replaceRegistration() {
		return this.registry.register("payment", "payment-99", this.spec);
	}

	@Benchmark
	public byte[] encodeHundredInstances() {
		return this.json.writeValueAsBytes(this.views);
	}

	/** The read fast path's encoder, full view: what {@link #encodeHundredInstances} writes, by hand. */
	@Benchmark
	public byte[] encodeHundredInstancesByHand() {
		return InstanceJson.array(this.registry.instances("payment", true), true).getBytes(StandardCharsets.UTF_8);
	}

	/** The registration fast path's body reader: Jackson's reader for the wire record, as the filter uses it. */
	@Benchmark
	public InstanceRegistration readRegistrationBody() {
		return this.registrationReader.readValue(this.registrationBody);
	}

	/** Checking a registration and turning it into the stored spec. */
	@Benchmark
	public InstanceSpec validateRegistration() {
		return this.validator.validate(this.registration);
	}

	/** The registration answer: one instance, full view, by hand. */
	@Benchmark
	public byte[] encodeOneInstanceByHand() {
		StringBuilder json = new StringBuilder(768);
		InstanceJson.write(json, this.registry.instance("payment", "payment-42"), true);
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** The read fast path's encoder, compact view without the fields that hold their default (the default answer). */
	@Benchmark
	public byte[] encodeHundredInstancesCompact() {
		return InstanceJson.array(this.registry.instances("payment", true), false, true)
			.getBytes(StandardCharsets.UTF_8);
	}

}

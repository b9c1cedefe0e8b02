package dev.discovery.benchmarks.jmh;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

import org.springframework.cloud.client.ServiceInstance;

import dev.discovery.client.discovery.InstanceLookup;
import dev.discovery.client.discovery.RegistryDiscoveryClient;
import dev.discovery.client.registry.RegistryTokenSupplier;
import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.client.watch.RegistryView;
import dev.discovery.client.watch.RegistryWatch;
import dev.discovery.client.watch.WatchingInstanceLookup;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.WatchSnapshot;

/**
 * {@code DiscoveryClient.getInstances} answered from the watch-fed local view (target: at most 1 µs), for a
 * service of 10 instances. The watch is never started: the view is filled from a snapshot, as the stream would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocalViewBenchmarks {

	private RegistryDiscoveryClient discoveryClient;

	private WatchingInstanceLookup lookup;

	@Setup
	public void setUp() {
		RegistryView view = new RegistryView();
		List<InstanceView> instances = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < 10; i++) {
			instances.add(new InstanceView("payment-service", "payment-" + i, "10.0.0." + i, 8080, false,
					Map.of("version", "1.4.2", "zone", "eu-1"), List.of("blue"), "eu-1", 1, InstanceStatus.UP,
					HealthState.PASSING, null, null, null, "15s", now, now, now, i + 1));
		}
		view.apply(new WatchSnapshot(10, Map.of("payment-service", instances)));
		RegistryWatch watch = new RegistryWatch(List.of(URI.create("http://127.0.0.1:1")), HttpClient.newHttpClient(),
				RegistryTokenSupplier.NONE, view, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), Duration.ofSeconds(35));
		this.lookup = new WatchingInstanceLookup(unreachable(), view, watch);
		this.discoveryClient = new RegistryDiscoveryClient(this.lookup);
	}

	@Benchmark
	public List<InstanceView> lookupFromView() {
		return this.lookup.instances("payment-service");
	}

	@Benchmark
	public List<ServiceInstance> discoveryClientGetInstances() {
		return this.discoveryClient.getInstances("payment-service");
	}

	private static InstanceLookup unreachable() {
		return new InstanceLookup() {

			@Override
			public List<String> services() {
				throw new IllegalStateException("the benchmark must not reach the registry");
			}

			@Override
			public List<InstanceView> instances(String service) {
				throw new IllegalStateException("the benchmark must not reach the registry");
			}

		};
	}

}

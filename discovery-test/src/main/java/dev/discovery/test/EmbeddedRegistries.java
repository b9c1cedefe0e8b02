package dev.discovery.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registries of {@link EmbeddedRegistry} tests in this JVM, one per set of properties, started on first use and
 * kept until the JVM exits: Spring caches application contexts across test classes, and a cached application must
 * keep finding the registry it was pointed at.
 */
final class EmbeddedRegistries {

	private static final Map<List<String>, TestRegistry> registries = new ConcurrentHashMap<>();

	private EmbeddedRegistries() {
	}

	static TestRegistry get(EmbeddedRegistry annotation) {
		return get(List.of(annotation.properties()));
	}

	static TestRegistry get(List<String> properties) {
		return registries.computeIfAbsent(List.copyOf(properties), (key) -> TestRegistry.start(key, true));
	}

}

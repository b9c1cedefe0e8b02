package dev.discovery.sample.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executable jars the end-to-end tests run, as the build leaves them under each module's {@code target}.
 */
public enum Jar {

	/** The registry server. */
	REGISTRY("discovery-server/target/discovery-server.jar"),

	/** The payment-service sample. */
	PAYMENT_SERVICE("sample-apps/payment-service/target/payment-service.jar"),

	/** The order-service sample. */
	ORDER_SERVICE("sample-apps/order-service/target/order-service.jar"),

	/** The gateway sample. */
	GATEWAY("sample-apps/gateway/target/gateway.jar"),

	/** payment-service over gRPC. */
	GRPC_PAYMENT_SERVICE("sample-apps/grpc-payment-service/target/grpc-payment-service.jar"),

	/** inventory-service: a Spring Cloud Netflix Eureka client, not the starter. */
	INVENTORY_SERVICE("sample-apps/inventory-service/target/inventory-service.jar");

	private final String path;

	Jar(String path) {
		this.path = path;
	}

	/**
	 * The jar's file, checked to exist.
	 * @return the path
	 * @throws IllegalStateException if the jar has not been built
	 */
	public Path file() {
		Path file = projectRoot().resolve(this.path).normalize();
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(file + " does not exist: build it first (./mvnw verify builds every jar "
					+ "before these tests run; ./mvnw test does not package)");
		}
		return file;
	}

	/**
	 * The repository's root directory: {@code discovery.project.root}, set by the build, or the nearest parent of
	 * the working directory that holds {@code mvnw}.
	 * @return the root
	 */
	public static Path projectRoot() {
		String configured = System.getProperty("discovery.project.root");
		if (configured != null) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("sample-apps"))) {
				return dir;
			}
		}
		throw new IllegalStateException("Cannot find the project root: set -Ddiscovery.project.root");
	}

}

package dev.discovery.sample.e2e;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;
import tools.jackson.databind.JsonNode;

/**
 * What the tests ask the running samples.
 */
final class Samples {

	private Samples() {
	}

	/**
	 * The instance ids order-service's discovery client lists for a service (its local view).
	 * @param order the order-service process
	 * @param service the service
	 * @return the instance ids
	 */
	static List<String> known(AppProcess order, String service) {
		List<String> ids = new ArrayList<>();
		for (JsonNode instance : Http.json(order.uri("/instances/" + service))) {
			ids.add(instance.get("instanceId").asString());
		}
		return ids;
	}

	/**
	 * Calls order-service and answers which payment-service instance served the payment.
	 * @param order the order-service process
	 * @param path the order path, e.g. {@code /orders/1}
	 * @return the payment instance's id
	 */
	static String servedBy(AppProcess order, String path) {
		return Http.json(order.uri(path)).get("payment").get("servedBy").asString();
	}

	/**
	 * The payment-service instances that served a number of calls through order-service.
	 * @param order the order-service process
	 * @param calls how many calls
	 * @return the instance ids that answered
	 */
	static Set<String> servedBy(AppProcess order, int calls) {
		Set<String> servedBy = new HashSet<>();
		for (int i = 0; i < calls; i++) {
			servedBy.add(servedBy(order, "/orders/1"));
		}
		return servedBy;
	}

	/**
	 * The instance ids the registry lists as passing for a service.
	 * @param registry the registry process
	 * @param service the service
	 * @return the instance ids
	 */
	static List<String> passing(AppProcess registry, String service) {
		List<String> ids = new ArrayList<>();
		for (JsonNode instance : Http.json(registry.uri("/api/v1/services/" + service + "/instances"))) {
			ids.add(instance.get("instanceId").asString());
		}
		return ids;
	}

	/**
	 * Registers an instance through the v1 API with a TTL check only (the registry never probes it).
	 * @param registry the registry process
	 * @param service the service
	 * @param id the instance id
	 * @param port the port it claims
	 */
	static void registerTtl(AppProcess registry, String service, String id, int port) {
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"healthCheck\":{\"type\":\"TTL\"},"
				+ "\"leaseTtl\":\"5m\"}";
		int status = Http.send(HttpRequest.newBuilder(registry.uri("/api/v1/services/" + service + "/instances/" + id))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build()).statusCode();
		if (status != 201) {
			throw new AssertionError("Registering " + service + "/" + id + " answered " + status);
		}
	}

	/**
	 * How many times Eureka clients fetched the registry.
	 * @param registry the registry process
	 * @param document {@code full} or {@code delta}
	 * @return the count of the registry's {@code discovery.eureka.fetches} meter
	 */
	static double eurekaFetches(AppProcess registry, String document) {
		return Http.json(registry.uri("/actuator/metrics/discovery.eureka.fetches?tag=document:" + document))
			.get("measurements")
			.get(0)
			.get("value")
			.asDouble();
	}

}

package dev.discovery.sample.e2e;

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

}

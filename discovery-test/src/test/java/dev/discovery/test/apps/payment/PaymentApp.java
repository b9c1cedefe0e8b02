package dev.discovery.test.apps.payment;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A second application in the same JVM: payment-service, which says which instance answered.
 */
@SpringBootApplication
public class PaymentApp {

	@RestController
	static class Payments {

		private final Registration registration;

		Payments(Registration registration) {
			this.registration = registration;
		}

		@GetMapping("/payments/{id}")
		Map<String, String> payment(@PathVariable String id) {
			return Map.of("paymentId", id, "instanceId", this.registration.getInstanceId());
		}

	}

}

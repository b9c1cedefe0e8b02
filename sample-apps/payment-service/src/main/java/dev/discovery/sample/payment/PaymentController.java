package dev.discovery.sample.payment;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers payment look-ups and captures, and says which instance answered.
 */
@RestController
class PaymentController {

	private final Registration registration;

	PaymentController(Registration registration) {
		this.registration = registration;
	}

	@GetMapping("/payments/{id}")
	Payment payment(@PathVariable String id) {
		return new Payment(id, "PAID", this.registration.getInstanceId());
	}

	@PostMapping("/payments/{id}")
	Payment capture(@PathVariable String id) {
		return new Payment(id, "CAPTURED", this.registration.getInstanceId());
	}

	/**
	 * A payment.
	 *
	 * @param paymentId the payment id
	 * @param status the payment status
	 * @param servedBy the instance id of the payment-service instance that answered
	 */
	record Payment(String paymentId, String status, String servedBy) {
	}

}

package dev.discovery.sample.inventory;

import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

/**
 * Answers stock look-ups, says which instance answered, and checks the item's payment at
 * {@code http://payment-service}, a service name that Eureka resolves.
 */
@RestController
class StockController {

	private final Registration registration;

	private final RestTemplate restTemplate;

	StockController(Registration registration, @LoadBalanced RestTemplate restTemplate) {
		this.registration = registration;
		this.restTemplate = restTemplate;
	}

	@GetMapping("/stock/{item}")
	Stock stock(@PathVariable String item) {
		return new Stock(item, 7, this.registration.getInstanceId());
	}

	@GetMapping("/stock/{item}/payment")
	PaidStock paidStock(@PathVariable String item) {
		Payment payment = this.restTemplate.getForObject("http://payment-service/payments/{id}", Payment.class, item);
		return new PaidStock(stock(item), payment);
	}

	/**
	 * Stock of an item.
	 *
	 * @param item the item
	 * @param quantity how many are in stock
	 * @param servedBy the Eureka instance id of the inventory-service instance that answered
	 */
	record Stock(String item, int quantity, String servedBy) {
	}

	/**
	 * Stock and the payment for it, as payment-service answered.
	 *
	 * @param stock the stock
	 * @param payment the payment
	 */
	record PaidStock(Stock stock, Payment payment) {
	}

	/**
	 * A payment, as payment-service answers.
	 *
	 * @param paymentId the payment id
	 * @param status the payment status
	 * @param servedBy the instance id of the payment-service instance that answered
	 */
	record Payment(String paymentId, String status, String servedBy) {
	}

}

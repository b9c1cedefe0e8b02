package dev.discovery.sample.order;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Looks up an order's payment at {@code http://payment-service}, a service name rather than a host.
 */
@RestController
class OrderController {

	private static final String PAYMENT = "http://payment-service/payments/{id}";

	private final RestTemplate restTemplate;

	private final RestClient restClient;

	private final WebClient webClient;

	OrderController(@LoadBalanced RestTemplate restTemplate, @LoadBalanced RestClient.Builder restClient,
			@LoadBalanced WebClient.Builder webClient) {
		this.restTemplate = restTemplate;
		this.restClient = restClient.build();
		this.webClient = webClient.build();
	}

	@GetMapping("/orders/{id}")
	Order viaRestTemplate(@PathVariable String id) {
		return new Order(id, "rest-template", this.restTemplate.getForObject(PAYMENT, Payment.class, id));
	}

	@GetMapping("/orders/{id}/rest-client")
	Order viaRestClient(@PathVariable String id) {
		return new Order(id, "rest-client", this.restClient.get().uri(PAYMENT, id).retrieve().body(Payment.class));
	}

	/** A call that is not safe to repeat: retried on another instance only if it never reached the first. */
	@PostMapping("/orders/{id}/payments")
	Order capture(@PathVariable String id) {
		return new Order(id, "rest-client", this.restClient.post().uri(PAYMENT, id).retrieve().body(Payment.class));
	}

	/** Calls inventory-service, which runs the Eureka client, not the starter: the same registry finds it. */
	@GetMapping(path = "/orders/{id}/stock", produces = "application/json")
	String stock(@PathVariable String id) {
		return this.restClient.get().uri("http://inventory-service/stock/{id}", id).retrieve().body(String.class);
	}

	@GetMapping("/orders/{id}/web-client")
	Mono<Order> viaWebClient(@PathVariable String id) {
		return this.webClient.get()
			.uri(PAYMENT, id)
			.retrieve()
			.bodyToMono(Payment.class)
			.map((payment) -> new Order(id, "web-client", payment));
	}

	/**
	 * An order and its payment.
	 *
	 * @param orderId the order id
	 * @param client the HTTP client style that fetched the payment
	 * @param payment the payment, as payment-service answered
	 */
	record Order(String orderId, String client, Payment payment) {
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

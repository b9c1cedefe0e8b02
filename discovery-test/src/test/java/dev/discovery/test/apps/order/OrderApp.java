package dev.discovery.test.apps.order;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * An application under test: it calls payment-service by name.
 */
@SpringBootApplication
public class OrderApp {

	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
		return configurer.configure(RestClient.builder());
	}

	@RestController
	static class Orders {

		private final RestClient payments;

		Orders(@LoadBalanced RestClient.Builder builder) {
			this.payments = builder.baseUrl("http://payment-service").build();
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			return this.payments.get().uri("/payments/{id}", id).retrieve().body(String.class);
		}

	}

}

package dev.discovery.sample.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestTemplate;

/**
 * An inventory service on the Eureka client: it registers with the registry's Eureka API and calls payment-service
 * (on the discovery starter) by name through Spring Cloud LoadBalancer fed by Eureka.
 */
@SpringBootApplication
public class InventoryServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(InventoryServiceApplication.class, args);
	}

	/**
	 * A load-balanced {@code RestTemplate}, not a {@code RestClient.Builder} bean: the Eureka client builds its own
	 * transport from the context's {@code RestClient.Builder}, and a load-balanced one would send its calls to the
	 * registry through the load balancer.
	 */
	@Bean
	@LoadBalanced
	RestTemplate restTemplate(RestTemplateBuilder builder) {
		return builder.build();
	}

}

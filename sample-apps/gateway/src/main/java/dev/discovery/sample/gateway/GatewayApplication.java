package dev.discovery.sample.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An API gateway for clients that know one address only: Spring Cloud Gateway routes {@code /payments/**} to
 * {@code lb://payment-service} and {@code /orders/**} to {@code lb://order-service}, and the starter's discovery
 * client and LoadBalancer pick a passing instance for every request. Its routes live in {@code application.yml};
 * their {@code DiscoveryRetry} filter ({@link DiscoveryRetryFilterFunctions}) retries as the starter's clients do.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

	@Bean
	DiscoveryRetryFilterFunctions.FilterSupplier discoveryRetryFilterSupplier() {
		return new DiscoveryRetryFilterFunctions.FilterSupplier();
	}

}

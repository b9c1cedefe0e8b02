package dev.discovery.sample.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An API gateway for clients that know one address only: Spring Cloud Gateway routes {@code /payments/**} to
 * {@code lb://payment-service} and {@code /orders/**} to {@code lb://order-service}, and the starter's discovery
 * client and LoadBalancer pick a passing instance for every request. Its routes live in {@code application.yml}.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}

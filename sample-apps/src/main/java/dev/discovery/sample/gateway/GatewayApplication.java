package dev.discovery.sample.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * An API gateway for clients that know one address only: Spring Cloud Gateway routes {@code /payments/**} to
 * {@code lb://payment-service} and {@code /orders/**} to {@code lb://order-service}, and the starter's discovery
 * client and LoadBalancer pick a passing instance for every request. Its routes live in {@code gateway.yml}.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		builder().run(args);
	}

	/**
	 * The application, reading {@code gateway.yml} so that it shares a classpath with the other samples.
	 * @return the application builder
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway");
	}

}

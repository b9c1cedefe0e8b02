package dev.discovery.sample.payment;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A payment service that registers itself with the registry. Run it twice, on two ports, to see calls balanced.
 */
@SpringBootApplication
public class PaymentServiceApplication {

	public static void main(String[] args) {
		builder().run(args);
	}

	/**
	 * The application, reading {@code payment-service.yml} so that it shares a classpath with order-service.
	 * @return the application builder
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(PaymentServiceApplication.class)
			.properties("spring.config.name=payment-service");
	}

}

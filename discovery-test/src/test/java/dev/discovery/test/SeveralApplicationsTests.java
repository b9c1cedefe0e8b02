package dev.discovery.test;

import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.discovery.test.apps.order.OrderApp;
import dev.discovery.test.apps.payment.PaymentApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several applications in one JVM, started by the test itself and pointed at the embedded registry with
 * {@link TestRegistry#clientArgs()}: they find each other by name.
 */
@EmbeddedRegistry
class SeveralApplicationsTests {

	@Test
	void applicationsShouldFindEachOtherByName(TestRegistry registry) {
		try (ConfigurableApplicationContext payment1 = start(PaymentApp.class, "payment-service", registry);
				ConfigurableApplicationContext payment2 = start(PaymentApp.class, "payment-service", registry);
				ConfigurableApplicationContext order = start(OrderApp.class, "order-service", registry)) {
			registry.awaitRegistered(payment1);
			registry.awaitRegistered(payment2);
			registry.awaitRegistered(order);
			assertThat(registry.choices(order, "payment-service", 4)).containsOnly(id(payment1), id(payment2));
			RestClient orders = RestClient.create("http://127.0.0.1:" + port(order));
			String answer = orders.get().uri("/orders/3").retrieve().body(String.class);
			assertThat(answer).contains("\"paymentId\":\"3\"").containsAnyOf(id(payment1), id(payment2));

			payment2.close();
			assertThat(registry.choices(order, "payment-service", 4)).containsOnly(id(payment1));
			assertThat(Set.of(orders.get().uri("/orders/4").retrieve().body(String.class))).allMatch(
					(body) -> body.contains(id(payment1)));
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, String name, TestRegistry registry) {
		return new SpringApplicationBuilder(application).run(args(name, registry));
	}

	private static String[] args(String name, TestRegistry registry) {
		String[] client = registry.clientArgs();
		String[] args = new String[client.length + 3];
		System.arraycopy(client, 0, args, 0, client.length);
		args[client.length] = "--spring.application.name=" + name;
		args[client.length + 1] = "--server.port=0";
		args[client.length + 2] = "--spring.jmx.enabled=false";
		return args;
	}

	private static String id(ConfigurableApplicationContext application) {
		return application.getBean(Registration.class).getInstanceId();
	}

	private static int port(ConfigurableApplicationContext application) {
		return Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port"));
	}

}

package dev.discovery.server;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Gives a registry under test a {@link MutableClock} in place of the system clock: {@code @Import(TestClock.class)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

	@Bean
	@Primary
	MutableClock testClock() {
		return new MutableClock();
	}

}

package dev.discovery.server;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import dev.discovery.server.registry.Registry;

/**
 * Tests of a registry on a random port (a {@code @SpringBootTest} with {@code RANDOM_PORT}): the registry is emptied
 * before each test, and {@link #http} hands every answer back, errors included, so tests can assert on problem
 * details.
 */
public abstract class AbstractRegistryHttpTests {

	@LocalServerPort
	protected int port;

	@Autowired
	protected Registry registry;

	protected RestClient http;

	@BeforeEach
	protected final void emptyRegistry() {
		this.http = TestClients.lenient(this.port);
		this.registry.allInstances().forEach((i) -> this.registry.deregister(i.service(), i.id()));
	}

}

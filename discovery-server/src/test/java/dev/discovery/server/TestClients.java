package dev.discovery.server;

import org.springframework.web.client.RestClient;

/**
 * HTTP clients for tests against a registry on a random port.
 */
public final class TestClients {

	private TestClients() {
	}

	/**
	 * A client that hands every answer back, errors included, so tests can assert on 4xx problem details.
	 * @param port the registry's port on 127.0.0.1
	 * @return the client
	 */
	public static RestClient lenient(int port) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

}

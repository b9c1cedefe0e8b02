package dev.discovery.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpConnectionTests {

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/fixed", (exchange) -> {
			byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.createContext("/chunked", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(201, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 50; i++) {
					out.write("x".repeat(1000).getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
			}
		});
		this.server.createContext("/missing", (exchange) -> {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void connectionShouldBeReusedAcrossBodyKinds() throws IOException {
		try (HttpConnection connection = new HttpConnection("127.0.0.1", this.server.getAddress().getPort())) {
			for (int i = 0; i < 20; i++) {
				assertThat(connection.exchange(HttpConnection.request("GET", "/fixed", null))).isEqualTo(200);
				assertThat(connection.exchange(HttpConnection.request("PUT", "/chunked", "{\"a\":1}"))).isEqualTo(201);
				assertThat(connection.exchange(HttpConnection.request("DELETE", "/missing", null))).isEqualTo(404);
			}
		}
	}

	@Test
	void loadRunShouldCountEveryRequestWithinBudget() throws InterruptedException {
		byte[] request = HttpConnection.request("GET", "/fixed", null);
		RunResult result = new LoadRun("127.0.0.1", this.server.getAddress().getPort()).run("fixed", 4,
				Duration.ofSeconds(30), 500, 200, (n) -> request);
		assertThat(result.requests()).isEqualTo(500);
		assertThat(result.errors()).isZero();
		assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.p99());
		assertThat(result.p99()).isLessThanOrEqualTo(result.max());
	}

	@Test
	void unexpectedStatusShouldCountAsError() throws InterruptedException {
		byte[] request = HttpConnection.request("GET", "/missing", null);
		RunResult result = new LoadRun("127.0.0.1", this.server.getAddress().getPort()).run("missing", 2,
				Duration.ofSeconds(30), 10, 200, (n) -> request);
		assertThat(result.errors()).isEqualTo(10);
	}

}

package dev.discovery.server.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;

import com.sun.net.httpserver.HttpServer;

/**
 * A tiny instance run in its own JVM by the crash-detection test, so the test can kill it with SIGKILL: it serves
 * {@code /health/ready} and {@code /hello}, registers itself with an HTTP check, prints {@code READY <port>} and
 * then waits to be killed.
 */
public final class CrashableInstance {

	private CrashableInstance() {
	}

	/**
	 * Starts the instance.
	 * @param args the registry URL, the service name, the instance id and the health-check spec as JSON
	 * @throws Exception if it cannot start or register
	 */
	public static void main(String[] args) throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = args[2].getBytes();
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		int port = server.getAddress().getPort();
		register(args[0], args[1], args[2], port, args[3]);
		System.out.println("READY " + port);
		System.out.flush();
		Thread.currentThread().join();
	}

	private static void register(String registry, String service, String id, int port, String check)
			throws IOException, InterruptedException {
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"leaseTtl\":\"5m\",\"healthCheck\":" + check + "}";
		URI uri = URI.create(registry + "/api/v1/services/" + service + "/instances/" + id);
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build();
		int status = HttpClient.newHttpClient().send(request, BodyHandlers.discarding()).statusCode();
		if (status != 201 && status != 200) {
			throw new IllegalStateException("Registration of " + service + "/" + id + " answered " + status);
		}
	}

}

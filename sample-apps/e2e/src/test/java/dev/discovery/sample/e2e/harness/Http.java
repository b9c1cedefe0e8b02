package dev.discovery.sample.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP calls with bounded time, as a user's {@code curl} would make them.
 */
public final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private Http() {
	}

	/**
	 * A client that trusts what {@code tls} trusts, or the shared one.
	 * @param tls trust material, {@code null} for the JDK's defaults
	 * @return the client
	 */
	static HttpClient client(@Nullable SSLContext tls) {
		return (tls != null) ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build()
				: client;
	}

	/**
	 * Sends a GET.
	 * @param uri where
	 * @return the response
	 * @throws UncheckedIOException if there is no answer
	 */
	public static HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build());
	}

	/**
	 * Sends a request.
	 * @param request the request
	 * @return the response
	 * @throws UncheckedIOException if there is no answer
	 */
	public static HttpResponse<String> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The status of a GET, or {@code -1} if nothing answered.
	 * @param uri where
	 * @return the status
	 */
	public static int status(URI uri) {
		return status(uri, client);
	}

	/**
	 * The status of a GET, or {@code -1} if nothing answered.
	 * @param uri where
	 * @param http the client to send it with
	 * @return the status
	 */
	static int status(URI uri, HttpClient http) {
		try {
			return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * The JSON body of a GET that must answer 200.
	 * @param uri where
	 * @return the body
	 */
	public static JsonNode json(URI uri) {
		HttpResponse<String> response = get(uri);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

	/**
	 * Parses JSON.
	 * @param body the text
	 * @return the tree
	 */
	public static JsonNode parse(String body) {
		return json.readTree(body);
	}

}

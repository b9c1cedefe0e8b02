package dev.discovery.server.connector;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The two sides of a connector attack on loopback: raw sockets from the attacker's address (127.0.0.2), and a
 * well-behaved client from 127.0.0.1 whose requests must keep succeeding.
 */
public final class AttackClients {

	static final String ATTACKER = "127.0.0.2";

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	AttackClients(int port) {
		this.port = port;
	}

	/** A connection from the attacker's address; {@code null} if the server does not take it. */
	Socket connect() {
		Socket socket = new Socket();
		try {
			socket.bind(new InetSocketAddress(ATTACKER, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			return socket;
		}
		catch (IOException ex) {
			close(socket);
			return null;
		}
	}

	static void write(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
	}

	/** Whether the server has closed the connection (reads end of stream or a reset without waiting). */
	public static boolean closedByServer(Socket socket) {
		if (socket.isClosed()) {
			return true;
		}
		try {
			socket.setSoTimeout(1);
			InputStream in = socket.getInputStream();
			while (true) {
				if (in.read(new byte[4096]) < 0) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	public static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Done with it either way.
		}
	}

	/** Why the last request that failed did, for the test's report. */
	volatile String lastFailure = "";

	/** A request from the other client; its status, or -1 if it failed (a timeout, a refused connection). */
	int send(String method, String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			this.lastFailure = ex.toString();
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

}

package dev.discovery.client.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A registry (or whatever answers in its place) that answers {@code 200} with a body that never ends must fail the
 * call with a {@link RegistryException}, not fill the application's heap. The body here is whitespace inside a JSON
 * list, which a parser skips without keeping anything: without the bound, the call reads it until the read timeout
 * (gigabytes on loopback). The read timeout is generous, so it is the bound that ends the call.
 */
class RegistryAnswerLimitTests {

	private final ServerSocket server;

	private final Thread answerer;

	private volatile long sent;

	RegistryAnswerLimitTests() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.answerer = new Thread(this::answer, "hostile-registry");
		this.answerer.setDaemon(true);
		this.answerer.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void anEndlessAnswerShouldFailTheCallOnceItPassesTheLimit() {
		RegistryClient client = new RegistryClient(
				new RegistryEndpoints(List.of(url()), Duration.ofSeconds(30), Clock.systemUTC()), Duration.ofSeconds(2),
				Duration.ofSeconds(120), RegistryMetrics.NONE);
		assertThatExceptionOfType(RegistryException.class).isThrownBy(() -> client.instances("pay", true))
			.withMessageContaining("no readable answer")
			.withMessageContaining("larger than " + AnswerSizeLimit.DEFAULT_MAX_BYTES);
		assertThat(this.sent).isLessThan(2 * AnswerSizeLimit.DEFAULT_MAX_BYTES);
	}

	private URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	/** Answers every request with {@code 200}, {@code [}, and whitespace until the client goes. */
	private void answer() {
		byte[] spaces = new byte[64 * 1024];
		Arrays.fill(spaces, (byte) ' ');
		while (!this.server.isClosed()) {
			try (Socket socket = this.server.accept()) {
				InputStream in = socket.getInputStream();
				StringBuilder head = new StringBuilder();
				int next;
				while (!head.toString().endsWith("\r\n\r\n") && (next = in.read()) >= 0) {
					head.append((char) next);
				}
				OutputStream out = socket.getOutputStream();
				out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n["
					.getBytes(StandardCharsets.US_ASCII));
				while (true) {
					out.write(spaces);
					this.sent += spaces.length;
				}
			}
			catch (IOException ex) {
				// The client went away, or the test is over.
			}
		}
	}

}

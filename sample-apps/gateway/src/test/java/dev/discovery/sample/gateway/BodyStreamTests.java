package dev.discovery.sample.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept request body, replayed for a retry, can be read the non-blocking way too: a proxy that registers a read
 * listener gets the whole body.
 */
class BodyStreamTests {

	@Test
	void readListenerShouldGetTheWholeBody() {
		DiscoveryRetryFilterFunctions.BodyStream stream = new DiscoveryRetryFilterFunctions.BodyStream(
				"{\"amount\":12}".getBytes(StandardCharsets.UTF_8));
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		StringBuilder events = new StringBuilder();
		stream.setReadListener(new ReadListener() {

			@Override
			public void onDataAvailable() throws IOException {
				events.append("data;");
				byte[] buffer = new byte[4];
				while (stream.isReady() && !stream.isFinished()) {
					read.write(buffer, 0, stream.read(buffer, 0, buffer.length));
				}
			}

			@Override
			public void onAllDataRead() {
				events.append("all;");
			}

			@Override
			public void onError(Throwable failure) {
				events.append("error;");
			}

		});
		assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("{\"amount\":12}");
		assertThat(events).hasToString("data;all;");
	}

}

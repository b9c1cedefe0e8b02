package dev.discovery.client.watch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A registry, or whatever answers in its place, that sends a line or an event that never ends must cost the watcher a
 * reconnect, not its application's heap: bytes keep coming, so the idle timeout never sees it.
 */
class WatchEventLimitTests {

	@Test
	void aLineThatNeverEndsShouldFailTheStreamOnceItPassesTheLimit() {
		Endless endless = new Endless("data: ".getBytes(StandardCharsets.US_ASCII), (byte) 'x');
		assertThatIOException()
			.isThrownBy(() -> WatchRequests.read(endless, () -> true, () -> {
			}, (event) -> {
			}, 1024 * 1024))
			.withMessageContaining("larger than 1048576 bytes");
		assertThat(endless.sent).isLessThan(2L * 1024 * 1024);
	}

	@Test
	void anEventOfEndlessLinesShouldFailTheStreamOnceItPassesTheLimit() {
		Endless endless = new Endless("event: snapshot\n".getBytes(StandardCharsets.US_ASCII), "data: xxxxxxxxxxxxx\n");
		assertThatIOException().isThrownBy(() -> WatchRequests.read(endless, () -> true, () -> {
		}, (event) -> {
		}, 1024 * 1024));
		assertThat(endless.sent).isLessThan(2L * 1024 * 1024);
	}

	@Test
	void eventsUnderTheLimitShouldBeReadWithEveryLineEnding() throws IOException {
		String stream = ":hb\r\n\r\nevent: change\rid: 7\r\ndata: " + "y".repeat(1000) + "\n\n:hb\n\nevent: change\ndata: z\n\n";
		List<SseEvent> events = new ArrayList<>();
		// Heartbeats and events many times the limit in all, each event under it.
		InputStream many = new SequenceInputStream(java.util.Collections.enumeration(
				java.util.Collections.nCopies(2000, stream).stream().map((s) -> (InputStream) new ByteArrayInputStream(
						s.getBytes(StandardCharsets.UTF_8))).toList()));
		WatchRequests.read(many, () -> true, () -> {
		}, events::add, 2000);
		assertThat(events).hasSize(4000);
		assertThat(events.get(0)).isEqualTo(new SseEvent("change", "7", "y".repeat(1000)));
		assertThat(events.get(1)).isEqualTo(new SseEvent("change", null, "z"));
	}

	/** A stream that begins with a prefix and then repeats a pattern for ever. */
	private static final class Endless extends InputStream {

		private final byte[] prefix;

		private final byte[] pattern;

		long sent;

		Endless(byte[] prefix, byte fill) {
			this.prefix = prefix;
			this.pattern = new byte[4096];
			Arrays.fill(this.pattern, fill);
		}

		Endless(byte[] prefix, String pattern) {
			this.prefix = prefix;
			this.pattern = pattern.getBytes(StandardCharsets.US_ASCII);
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			read(one, 0, 1);
			return one[0];
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			int n = 0;
			while (n < length) {
				long at = this.sent++;
				buffer[offset + n++] = (at < this.prefix.length) ? this.prefix[(int) at]
						: this.pattern[(int) ((at - this.prefix.length) % this.pattern.length)];
			}
			return n;
		}

	}

}

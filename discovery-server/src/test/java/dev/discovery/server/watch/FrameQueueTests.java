package dev.discovery.server.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameQueueTests {

	private final QueuedBytes queued = new QueuedBytes(0);

	@Test
	void theByteBoundShouldCountChangesButNotTheSnapshot() {
		FrameQueue frames = new FrameQueue(100, 10, this.queued);
		frames.addSnapshot(frame(50));
		Frame change = frame(6);
		assertThat(frames.full(change)).as("the first change always fits").isFalse();
		frames.add(change);
		assertThat(frames.full(frame(4))).isFalse();
		assertThat(frames.full(frame(5))).isTrue();
		assertThat(this.queued.total()).isEqualTo(56);
	}

	@Test
	void heartbeatsWrittenShouldNotWearTheByteBoundDown() throws IOException {
		FrameQueue frames = new FrameQueue(100, 10, this.queued);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		frames.addConstant(WatchConnection.RETRY);
		frames.writeChunk(out);
		for (int i = 0; i < 3; i++) {
			frames.addConstant(WatchConnection.HEARTBEAT);
			frames.writeChunk(out);
		}
		frames.add(frame(6));
		assertThat(frames.full(frame(5))).isTrue();
	}

	@Test
	void theFrameBoundShouldCountEveryFrameWaiting() {
		FrameQueue frames = new FrameQueue(2, 1_000, this.queued);
		frames.addConstant(WatchConnection.RETRY);
		frames.add(frame(1));
		assertThat(frames.full(frame(1))).isTrue();
	}

	@Test
	void aFrameShouldGoOutAChunkAtATimeAndBeReleasedWhenWhole() throws IOException {
		FrameQueue frames = new FrameQueue(10, 100_000, this.queued);
		Frame big = frame(FrameQueue.CHUNK + 10);
		frames.add(big);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(frames.writeChunk(out)).isNull();
		assertThat(out.size()).isEqualTo(FrameQueue.CHUNK);
		assertThat(frames.midFrame()).isTrue();
		assertThat(this.queued.total()).isEqualTo(big.length());
		assertThat(frames.writeChunk(out)).isSameAs(big);
		assertThat(out.toByteArray()).isEqualTo(big.bytes());
		assertThat(frames.midFrame()).isFalse();
		assertThat(frames.isEmpty()).isTrue();
		assertThat(this.queued.total()).isZero();
	}

	@Test
	void clearShouldReleaseEveryFrameAndForgetAPartlyWrittenOne() throws IOException {
		FrameQueue frames = new FrameQueue(10, 100_000, this.queued);
		frames.addSnapshot(frame(FrameQueue.CHUNK * 2));
		frames.add(frame(3));
		frames.writeChunk(new ByteArrayOutputStream());
		frames.clear();
		assertThat(frames.isEmpty()).isTrue();
		assertThat(frames.midFrame()).isFalse();
		assertThat(this.queued.total()).isZero();
		assertThat(frames.full(frame(10))).isFalse();
	}

	private static Frame frame(int length) {
		return Frame.of("x".repeat(length).getBytes(StandardCharsets.US_ASCII));
	}

}

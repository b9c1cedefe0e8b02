package dev.discovery.benchmarks.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many {@link AckingWatcher}s, their watch streams and acknowledgement connections read by one selector thread.
 */
final class AckingWatchers implements AutoCloseable {

	final List<AckingWatcher> watchers = new ArrayList<>();

	private final Selector selector;

	private final List<SocketChannel> channels = new ArrayList<>();

	private final Thread reader;

	private volatile boolean running = true;

	AckingWatchers(int port, String service, int count, boolean acknowledging, Duration interval) throws IOException {
		this.selector = Selector.open();
		byte[] request = ("GET /api/v1/watch?services=" + service + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
				+ "Accept: text/event-stream\r\n" + (acknowledging ? "X-Discovery-Watcher: bench\r\n" : "") + "\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < count; i++) {
			SocketChannel acks = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			acks.configureBlocking(false);
			SocketChannel stream = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			stream.write(ByteBuffer.wrap(request));
			stream.configureBlocking(false);
			AckingWatcher watcher = new AckingWatcher(acks, acknowledging, interval.toNanos());
			stream.register(this.selector, SelectionKey.OP_READ, watcher);
			acks.register(this.selector, SelectionKey.OP_READ, new AckSide(watcher));
			this.channels.add(stream);
			this.channels.add(acks);
			this.watchers.add(watcher);
		}
		this.reader = new Thread(this::read, "acking-watch-reader");
		this.reader.start();
	}

	private void read() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
		try {
			while (this.running) {
				this.selector.select(10);
				long now = System.nanoTime();
				for (SelectionKey key : this.selector.selectedKeys()) {
					buffer.clear();
					if (((SocketChannel) key.channel()).read(buffer) < 0) {
						key.cancel();
						continue;
					}
					buffer.flip();
					if (key.attachment() instanceof AckSide side) {
						side.watcher.feedAcks(buffer);
					}
					else {
						((AckingWatcher) key.attachment()).feed(buffer, now);
					}
				}
				this.selector.selectedKeys().clear();
				long later = System.nanoTime();
				for (AckingWatcher watcher : this.watchers) {
					watcher.pump(later);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws Exception {
		this.running = false;
		this.reader.join();
		for (SocketChannel channel : this.channels) {
			channel.close();
		}
		this.selector.close();
	}

	private record AckSide(AckingWatcher watcher) {
	}

}

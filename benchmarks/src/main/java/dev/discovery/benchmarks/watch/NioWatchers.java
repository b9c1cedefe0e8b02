package dev.discovery.benchmarks.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Many watch streams read by one selector thread, so the load generator's own cost per watcher stays small next
 * to the server's and the measured delay is mostly the registry's.
 */
public final class NioWatchers implements AutoCloseable {

	/** The streams, in the order they were opened. */
	public final List<Watcher> watchers = new ArrayList<>();

	private final Selector selector;

	private final List<SocketChannel> channels = new ArrayList<>();

	private final Thread reader;

	private volatile boolean running = true;

	/**
	 * Opens watch streams and starts reading them.
	 * @param port the registry's port
	 * @param path the watch request's path and query
	 * @param count how many streams
	 * @throws IOException if one cannot be opened
	 */
	public NioWatchers(int port, String path, int count) throws IOException {
		this.selector = Selector.open();
		byte[] request = ("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < count; i++) {
			SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			channel.write(ByteBuffer.wrap(request));
			channel.configureBlocking(false);
			Watcher watcher = new Watcher();
			channel.register(this.selector, SelectionKey.OP_READ, watcher);
			this.channels.add(channel);
			this.watchers.add(watcher);
		}
		this.reader = new Thread(this::read, "watch-reader");
		this.reader.start();
	}

	private void read() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
		try {
			while (this.running) {
				this.selector.select(100);
				long now = System.nanoTime();
				for (SelectionKey key : this.selector.selectedKeys()) {
					buffer.clear();
					if (((SocketChannel) key.channel()).read(buffer) < 0) {
						key.cancel();
						continue;
					}
					buffer.flip();
					((Watcher) key.attachment()).feed(buffer, now);
				}
				this.selector.selectedKeys().clear();
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

}

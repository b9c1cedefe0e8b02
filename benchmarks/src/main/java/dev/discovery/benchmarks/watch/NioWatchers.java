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
 * Many watch streams read by one selector thread, so the load generator's own cost per watcher stays small next
 * to the server's and the measured delay is mostly the registry's. What a kind of watcher adds (request headers,
 * connections of its own, something to send between reads) comes with its {@link Opener}.
 *
 * @param <W> the kind of watcher
 */
public final class NioWatchers<W extends NioWatchers.Stream> implements AutoCloseable {

	/** The streams, in the order they were opened. */
	public final List<W> watchers = new ArrayList<>();

	private final int port;

	private final Selector selector;

	private final List<SocketChannel> channels = new ArrayList<>();

	private final long tickMillis;

	private final Thread reader;

	private volatile boolean running = true;

	/**
	 * Opens the watch streams and starts reading them.
	 * @param port the registry's port
	 * @param path the watch path and query
	 * @param headers further request header lines, each ending in CRLF
	 * @param count how many streams
	 * @param tick how long the reader waits for bytes before it {@linkplain Stream#tick ticks} again
	 * @param opener makes each stream's watcher
	 * @throws IOException if a connection fails
	 */
	NioWatchers(int port, String path, String headers, int count, Duration tick, Opener<W> opener)
			throws IOException {
		this.port = port;
		this.selector = Selector.open();
		this.tickMillis = tick.toMillis();
		byte[] request = ("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + headers
				+ "\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < count; i++) {
			W watcher = opener.open(this);
			SocketChannel stream = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			stream.write(ByteBuffer.wrap(request));
			read(stream, watcher);
			this.watchers.add(watcher);
		}
		this.reader = new Thread(this::read, "watch-reader");
		this.reader.start();
	}

	/**
	 * Opens a further connection for a watcher to write to, read by this owner's thread once {@linkplain #read
	 * registered}.
	 * @return the connection, not blocking
	 * @throws IOException if it fails
	 */
	SocketChannel connect() throws IOException {
		SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.port));
		channel.configureBlocking(false);
		return channel;
	}

	/**
	 * Reads a connection on this owner's thread, and closes it with the others.
	 * @param channel the connection
	 * @param stream what reads its bytes
	 * @throws IOException if it cannot be registered
	 */
	void read(SocketChannel channel, Stream stream) throws IOException {
		channel.configureBlocking(false);
		channel.register(this.selector, SelectionKey.OP_READ, stream);
		this.channels.add(channel);
	}

	private void read() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
		try {
			while (this.running) {
				this.selector.select(this.tickMillis);
				long now = System.nanoTime();
				for (SelectionKey key : this.selector.selectedKeys()) {
					buffer.clear();
					if (((SocketChannel) key.channel()).read(buffer) < 0) {
						key.cancel();
						continue;
					}
					buffer.flip();
					((Stream) key.attachment()).feed(buffer, now);
				}
				this.selector.selectedKeys().clear();
				long later = System.nanoTime();
				for (W watcher : this.watchers) {
					watcher.tick(later);
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

	/** The reader of one connection's bytes, on the selector thread: nothing in it may block. */
	@FunctionalInterface
	public interface Stream {

		/**
		 * Bytes that arrived.
		 * @param bytes the bytes
		 * @param now when, in {@link System#nanoTime()}
		 * @throws IOException if answering them fails
		 */
		void feed(ByteBuffer bytes, long now) throws IOException;

		/**
		 * Called after each round of reads, at least once a tick: a chance to send what is due.
		 * @param now {@link System#nanoTime()}
		 * @throws IOException if sending fails
		 */
		default void tick(long now) throws IOException {
		}

	}

	/** Makes each stream's watcher, with any connection of its own ({@link #connect()}, {@link #read}). */
	@FunctionalInterface
	interface Opener<W extends Stream> {

		W open(NioWatchers<W> owner) throws IOException;

	}

}

package dev.discovery.server.dns;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.discovery.server.watch.WatcherQuota;

/**
 * Serves DNS over TCP (RFC 7766): length-prefixed messages, several per connection. Connections are bounded in
 * all and per client address, and a connection beyond either bound is closed at once. Between messages a
 * connection may be idle for the idle timeout; once a message has begun, all of it must arrive within the message
 * timeout. So a client trickling bytes holds a connection (and its thread) for a bounded time, and one address
 * cannot hold all of them.
 */
final class TcpTransport {

	private static final Log logger = LogFactory.getLog(TcpTransport.class);

	private static final long MIN_ACCEPT_PAUSE_MILLIS = 10;

	private static final long MAX_ACCEPT_PAUSE_MILLIS = 1000;

	private final ServerSocket server;

	private final DnsResponder responder;

	private final DnsMetrics metrics;

	private final int idleTimeoutMillis;

	private final long messageTimeoutNanos;

	private final ThreadPoolExecutor connections;

	private final WatcherQuota perAddress;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Thread acceptor;

	TcpTransport(ServerSocket server, DnsResponder responder, DnsProperties properties) {
		this.server = server;
		this.responder = responder;
		this.metrics = responder.metrics();
		this.idleTimeoutMillis = (int) Math.min(Integer.MAX_VALUE,
				Math.max(1, properties.getTcpIdleTimeout().toMillis()));
		this.messageTimeoutNanos = Math.max(1, properties.getTcpMessageTimeout().toNanos());
		this.perAddress = new WatcherQuota(properties.getMaxTcpConnectionsPerAddress());
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dns-tcp-");
		threads.setDaemon(true);
		this.connections = new ThreadPoolExecutor(0, properties.getMaxTcpConnections(), 30, TimeUnit.SECONDS,
				new SynchronousQueue<>(), threads);
		this.acceptor = new Thread(this::accept, "dns-tcp-accept");
		this.acceptor.setDaemon(true);
	}

	void start() {
		this.acceptor.start();
	}

	void stop() {
		closeQuietly(this.server);
		this.open.forEach(TcpTransport::closeQuietly);
		this.connections.shutdownNow();
	}

	private void accept() {
		long pauseMillis = 0;
		while (!this.server.isClosed()) {
			try {
				admit(this.server.accept());
				pauseMillis = 0;
			}
			catch (IOException | RuntimeException | Error ex) {
				if (this.server.isClosed()) {
					return;
				}
				// accept() that fails at once (out of file descriptors, say) would fail again at once: without a
				// pause this thread would spin on a core until the cause went away. An Error must not end the only
				// thread that takes DNS connections either.
				pauseMillis = Math.min(MAX_ACCEPT_PAUSE_MILLIS, Math.max(MIN_ACCEPT_PAUSE_MILLIS, pauseMillis * 2));
				logger.warn("DNS over TCP: accepting a connection failed, trying again in " + pauseMillis + " ms: "
						+ ex);
				if (!pause(pauseMillis)) {
					return;
				}
			}
		}
	}

	private static boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void admit(Socket socket) {
		String address = socket.getInetAddress().getHostAddress();
		if (!this.perAddress.acquire(address)) {
			this.metrics.closedPerAddress();
			closeQuietly(socket);
			return;
		}
		try {
			this.connections.execute(() -> serve(socket, address));
		}
		catch (RejectedExecutionException ex) {
			this.perAddress.release(address);
			this.metrics.closedAtCapacity();
			logger.debug("DNS over TCP: connection limit reached, closing " + socket.getRemoteSocketAddress());
			closeQuietly(socket);
		}
	}

	private void serve(Socket socket, String address) {
		this.open.add(socket);
		try (socket) {
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream());
			DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
			for (byte[] query = next(socket, in); query != null; query = next(socket, in)) {
				answer(query, out);
			}
		}
		catch (EOFException ex) {
			// The client is done.
		}
		catch (SocketTimeoutException ex) {
			// Idle for too long, or too slow to send a message: either way the connection ends here.
		}
		catch (IOException ex) {
			logger.debug("DNS over TCP: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("DNS over TCP: failed to answer " + socket.getRemoteSocketAddress(), ex);
		}
		finally {
			this.open.remove(socket);
			this.perAddress.release(address);
		}
	}

	private void answer(byte[] query, DataOutputStream out) throws IOException {
		byte[] response = this.responder.respond(query, true);
		if (response != null) {
			out.writeShort(response.length);
			out.write(response);
			out.flush();
		}
	}

	/**
	 * Reads the next message: up to the idle timeout for its first byte, then until the message deadline for the
	 * rest.
	 * @return the message, or {@code null} when the client closed the connection between messages
	 */
	private byte @Nullable [] next(Socket socket, InputStream in) throws IOException {
		socket.setSoTimeout(this.idleTimeoutMillis);
		int high = in.read();
		if (high < 0) {
			return null;
		}
		long deadline = System.nanoTime() + this.messageTimeoutNanos;
		byte[] length = new byte[1];
		readFully(socket, in, length, deadline);
		byte[] message = new byte[(high << 8) | (length[0] & 0xff)];
		readFully(socket, in, message, deadline);
		return message;
	}

	private void readFully(Socket socket, InputStream in, byte[] buffer, long deadline) throws IOException {
		for (int read = 0; read < buffer.length;) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				this.metrics.closedSlow();
				throw new SocketTimeoutException("DNS message not complete within its deadline");
			}
			long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
			socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
			int n;
			try {
				n = in.read(buffer, read, buffer.length - read);
			}
			catch (SocketTimeoutException ex) {
				this.metrics.closedSlow();
				throw ex;
			}
			if (n < 0) {
				throw new EOFException();
			}
			read += n;
		}
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Closing on the way out: nothing left to do with the failure.
		}
	}

}

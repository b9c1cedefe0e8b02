package dev.discovery.server.dns;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Serves DNS over TCP (RFC 7766): length-prefixed messages, several per connection, with a bounded number of
 * connections and an idle timeout. A connection beyond the bound is closed at once, so a flood of connections cannot
 * take more than the bound's threads.
 */
final class TcpTransport {

	private static final Log logger = LogFactory.getLog(TcpTransport.class);

	private final ServerSocket server;

	private final DnsResponder responder;

	private final int idleTimeoutMillis;

	private final ThreadPoolExecutor connections;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Thread acceptor;

	TcpTransport(ServerSocket server, DnsResponder responder, int maxConnections, Duration idleTimeout) {
		this.server = server;
		this.responder = responder;
		this.idleTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis()));
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dns-tcp-");
		threads.setDaemon(true);
		this.connections = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				threads);
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
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				try {
					this.connections.execute(() -> serve(socket));
				}
				catch (RejectedExecutionException ex) {
					logger.debug("DNS over TCP: connection limit reached, closing " + socket.getRemoteSocketAddress());
					closeQuietly(socket);
				}
			}
			catch (IOException ex) {
				if (!this.server.isClosed()) {
					logger.debug("DNS over TCP: " + ex.getMessage());
				}
			}
		}
	}

	private void serve(Socket socket) {
		this.open.add(socket);
		try (socket) {
			socket.setSoTimeout(this.idleTimeoutMillis);
			socket.setTcpNoDelay(true);
			DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
			DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
			while (answerNext(in, out)) {
				out.flush();
			}
		}
		catch (EOFException | SocketTimeoutException ex) {
			// The client is done, or has gone quiet: either way the connection ends here.
		}
		catch (IOException ex) {
			logger.debug("DNS over TCP: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("DNS over TCP: failed to answer " + socket.getRemoteSocketAddress(), ex);
		}
		finally {
			this.open.remove(socket);
		}
	}

	/** Answers one message; returns {@code false} when the client closed the connection mid-message. */
	private boolean answerNext(DataInputStream in, DataOutputStream out) throws IOException {
		int length = in.readUnsignedShort();
		byte[] query = in.readNBytes(length);
		if (query.length < length) {
			return false;
		}
		byte[] response = this.responder.respond(query, true);
		if (response != null) {
			out.writeShort(response.length);
			out.write(response);
		}
		return true;
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

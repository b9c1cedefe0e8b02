package dev.discovery.server.connector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.coyote.Processor;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO endpoint with two limits it lacks: connections per client address (one over the limit is closed as
 * soon as it is accepted), and a deadline on a request's header as a whole (Tomcat's own timeout starts again with
 * every byte, so a header trickled a byte at a time never times out). It also tells the {@link RequestLimitValve}
 * which connection the current thread serves, so the valve can bound each blocking body read by the same deadline.
 */
public class LimitedNioEndpoint extends NioEndpoint {

	private static final ThreadLocal<@Nullable SocketWrapperBase<?>> serving = new ThreadLocal<>();

	private final Map<SocketChannel, String> addresses = new ConcurrentHashMap<>();

	private volatile @Nullable ConnectorLimits limits;

	void limits(ConnectorLimits limits) {
		this.limits = limits;
	}

	/** The connection the calling thread is processing, if it is one of this endpoint's worker threads. */
	static @Nullable SocketWrapperBase<?> serving() {
		return serving.get();
	}

	@Override
	public void setHandler(Handler<NioChannel> handler) {
		super.setHandler(new LimitingHandler(handler));
	}

	@Override
	protected boolean setSocketOptions(SocketChannel socket) {
		ConnectorLimits current = this.limits;
		String address = (current != null) ? address(socket) : null;
		if (current != null && address != null) {
			if (!current.connections().acquire(address)) {
				current.meters().addressConnections();
				// The acceptor only closes sockets it has wrapped: this one must be closed, and uncounted, here.
				destroySocket(socket);
				return false;
			}
			this.addresses.put(socket, address);
		}
		boolean accepted = super.setSocketOptions(socket);
		if (!accepted) {
			forget(socket);
		}
		return accepted;
	}

	private void forget(SocketChannel socket) {
		String address = this.addresses.remove(socket);
		ConnectorLimits current = this.limits;
		if (address != null && current != null) {
			current.connections().release(address);
		}
	}

	private static @Nullable String address(SocketChannel socket) {
		try {
			SocketAddress remote = socket.getRemoteAddress();
			return (remote instanceof InetSocketAddress inet) ? inet.getAddress().getHostAddress() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * While a request's header is arriving, Tomcat parks the connection with its processor and waits for more
	 * bytes up to its connection timeout, counted from the last byte. This lowers that wait to what is left of the
	 * request's deadline, so the poller closes a connection that falls silent, and closes at once one whose bytes
	 * keep coming after the deadline: the poller skips its timeout check for a connection that has just become
	 * readable, so a header trickled faster than once a second would never be timed out there.
	 * @return whether the connection may stay open
	 */
	private boolean boundHeaderWait(SocketWrapperBase<NioChannel> wrapper) {
		ConnectorLimits current = this.limits;
		if (current == null || !(wrapper.getCurrentProcessor() instanceof Processor processor) || processor.isAsync()
				|| processor.isUpgrade()) {
			return true;
		}
		// A processor that is neither async nor upgraded comes back LONG only while its header is incomplete. Its
		// stage says nothing here: Tomcat marks it ended before returning.
		long start = processor.getRequest().getStartTimeNanos();
		if (start <= 0) {
			return true;
		}
		long left = current.millisLeft(start);
		if (left <= 0) {
			current.meters().requestTimeout();
			return false;
		}
		long connectionTimeout = getConnectionTimeout();
		wrapper.setReadTimeout((connectionTimeout > 0) ? Math.min(left, connectionTimeout) : left);
		return true;
	}

	private final class LimitingHandler implements Handler<NioChannel> {

		private final Handler<NioChannel> delegate;

		LimitingHandler(Handler<NioChannel> delegate) {
			this.delegate = delegate;
		}

		@Override
		public SocketState process(SocketWrapperBase<NioChannel> wrapper, SocketEvent status) {
			serving.set(wrapper);
			try {
				SocketState state = this.delegate.process(wrapper, status);
				if (state == SocketState.LONG && !boundHeaderWait(wrapper)) {
					return SocketState.CLOSED;
				}
				return state;
			}
			finally {
				serving.remove();
			}
		}

		@Override
		public Object getGlobal() {
			return this.delegate.getGlobal();
		}

		@Override
		public void release(SocketWrapperBase<NioChannel> wrapper) {
			try {
				this.delegate.release(wrapper);
			}
			finally {
				NioChannel channel = wrapper.getSocket();
				if (channel != null && channel.getIOChannel() != null) {
					forget(channel.getIOChannel());
				}
			}
		}

		@Override
		public void pause() {
			this.delegate.pause();
		}

		@Override
		public void recycle() {
			this.delegate.recycle();
		}

	}

}

package dev.discovery.server.connector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Bounds what one request can hold once its header has arrived: a client address may have only so many requests in
 * progress (further ones answer 429), the body must arrive by the request's deadline (each blocking read waits only
 * for what is left of it; a late body answers 408), and a request answered before its body was read (a 401, a 413,
 * a 429) closes its connection instead of leaving Tomcat to drain the rest of the body on a worker thread, however
 * slowly it comes. It lingers briefly first, reading and discarding: a body that arrives within that time keeps the
 * connection open and in step with the client, which then reads the answer rather than a reset. Requests that go
 * asynchronous (watch streams, blocking queries) stop counting once their thread is released.
 */
final class RequestLimitValve extends ValveBase {

	private final ConnectorLimits limits;

	RequestLimitValve(ConnectorLimits limits) {
		super(true);
		this.limits = limits;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		String address = request.getRemoteAddr();
		if (!this.limits.requests().acquire(address)) {
			this.limits.meters().addressRequests();
			response.setHeader("Retry-After", "1");
			problem(response, 429, "Too many requests",
					"This address already has " + this.limits.requests().perAddress()
							+ " requests in progress, the most the registry allows");
			// No lingering here: the address's slots are all taken, and lingering would take a thread each.
			closeIfBodyUnread(request, response, System.nanoTime(), false);
			return;
		}
		DeadlineRequest timed = null;
		long start = request.getCoyoteRequest().getStartTimeNanos();
		try {
			if (hasBody(request)) {
				timed = new DeadlineRequest(request.getRequest(), this.limits, start);
				request.setRequest(timed);
			}
			getNext().invoke(request, response);
			if (timed != null && timed.late()) {
				this.limits.meters().requestTimeout();
				if (!response.isCommitted()) {
					response.reset();
					problem(response, HttpServletResponse.SC_REQUEST_TIMEOUT, "Request timeout",
							"The request body did not arrive within the registry's request timeout");
				}
			}
			if (!request.isAsync()) {
				closeIfBodyUnread(request, response, start, true);
			}
		}
		finally {
			this.limits.requests().release(address);
		}
	}

	private static boolean hasBody(Request request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	/**
	 * Tomcat would otherwise read the rest of the body on this thread, however slowly it comes. A body that comes
	 * in full within the linger time is read and discarded and the connection stays open, in step with the client;
	 * otherwise the answer says {@code Connection: close} and the connection is closed after it.
	 */
	private void closeIfBodyUnread(Request request, Response response, long start, boolean linger) {
		if (bodyRead(request)) {
			return;
		}
		if (linger) {
			try {
				linger(request, start);
			}
			catch (IOException | RuntimeException ex) {
				// The client has gone, or the body cannot be read: closing is all that is left.
			}
			if (bodyRead(request)) {
				return;
			}
		}
		this.limits.meters().unreadBody();
		if (!response.isCommitted()) {
			response.setHeader("Connection", "close");
		}
		request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
	}

	private static boolean bodyRead(Request request) {
		AtomicBoolean read = new AtomicBoolean(true);
		request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, read);
		return read.get();
	}

	/**
	 * Reads and discards what comes of the body for the linger time, never past the request's deadline. Reads from
	 * the connector's request: the servlet stream is closed once an answer has been completed.
	 */
	private void linger(Request request, long start) throws IOException {
		SocketWrapperBase<?> connection = LimitedNioEndpoint.serving();
		if (connection == null) {
			return;
		}
		long until = System.nanoTime() + this.limits.lingerNanos();
		Discard discard = new Discard();
		while (true) {
			long left = Math.min(this.limits.millisLeft(start),
					TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
			if (left <= 0) {
				return;
			}
			connection.setReadTimeout(left);
			if (request.getCoyoteRequest().doRead(discard) < 0) {
				return;
			}
		}
	}

	/** Takes whatever the connector reads and lets it go. */
	private static final class Discard implements ApplicationBufferHandler {

		private ByteBuffer buffer = ByteBuffer.allocate(0);

		@Override
		public void setByteBuffer(ByteBuffer buffer) {
			this.buffer = buffer;
		}

		@Override
		public ByteBuffer getByteBuffer() {
			return this.buffer;
		}

		@Override
		public void expand(int size) {
		}

	}

	private static void problem(Response response, int status, String title, String detail) throws IOException {
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
					+ detail + "\"}");
	}

}

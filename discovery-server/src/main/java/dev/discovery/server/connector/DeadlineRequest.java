package dev.discovery.server.connector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.servlet.GuardedRequest;

/**
 * A request whose body must arrive by a deadline. Before each read it lowers the connection's read timeout to what
 * is left of the deadline, so one blocking read cannot outlast it; past the deadline a read fails at once.
 */
final class DeadlineRequest extends GuardedRequest {

	private final ConnectorLimits limits;

	private final long startNanos;

	private final @Nullable SocketWrapperBase<?> connection;

	private @Nullable BufferedReader reader;

	private volatile boolean late;

	DeadlineRequest(HttpServletRequest request, ConnectorLimits limits, long startNanos) {
		super(request);
		this.limits = limits;
		this.startNanos = (startNanos > 0) ? startNanos : System.nanoTime();
		this.connection = LimitedNioEndpoint.serving();
	}

	/** Whether a read ran into the deadline. */
	boolean late() {
		return this.late;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.reader == null) {
			String encoding = getCharacterEncoding();
			Charset charset;
			try {
				charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			}
			catch (IllegalArgumentException ex) {
				throw new UnsupportedEncodingException(encoding);
			}
			this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}
		return this.reader;
	}

	@Override
	protected void beforeRead(ServletInputStream in) throws IOException {
		long left = this.limits.millisLeft(this.startNanos);
		if (left <= 0) {
			if (in.isFinished() || in.available() > 0) {
				// Arrived in time; only read late.
				return;
			}
			this.late = true;
			throw new SocketTimeoutException("The request did not arrive within the request timeout");
		}
		SocketWrapperBase<?> wrapper = this.connection;
		if (wrapper != null && wrapper.getReadTimeout() > left) {
			wrapper.setReadTimeout(left);
		}
	}

	@Override
	protected IOException readFailed(IOException ex) {
		if (this.limits.millisLeft(this.startNanos) <= 0) {
			this.late = true;
		}
		return ex;
	}

}

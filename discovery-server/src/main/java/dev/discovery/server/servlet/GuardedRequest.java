package dev.discovery.server.servlet;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body is read through hooks: a subclass checks each read of {@link #getInputStream()} before it
 * blocks, after it returns bytes, or when it fails, and keeps only the rule it enforces.
 */
public abstract class GuardedRequest extends HttpServletRequestWrapper {

	private @Nullable ServletInputStream stream;

	protected GuardedRequest(HttpServletRequest request) {
		super(request);
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.stream == null) {
			this.stream = new GuardedInputStream(super.getInputStream());
		}
		return this.stream;
	}

	/**
	 * Called before each read.
	 * @param in the request's own stream, to ask what has arrived
	 * @throws IOException to refuse the read
	 */
	protected void beforeRead(ServletInputStream in) throws IOException {
	}

	/**
	 * Called after each read that returned bytes.
	 * @param count how many
	 * @throws IOException to fail the read
	 */
	protected void afterRead(int count) throws IOException {
	}

	/**
	 * Called when a read fails.
	 * @param ex the failure
	 * @return what the read throws
	 */
	protected IOException readFailed(IOException ex) {
		return ex;
	}

	private final class GuardedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		GuardedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			beforeRead(this.delegate);
			int b;
			try {
				b = this.delegate.read();
			}
			catch (IOException ex) {
				throw readFailed(ex);
			}
			if (b >= 0) {
				afterRead(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			beforeRead(this.delegate);
			int n;
			try {
				n = this.delegate.read(buffer, offset, length);
			}
			catch (IOException ex) {
				throw readFailed(ex);
			}
			if (n > 0) {
				afterRead(n);
			}
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}

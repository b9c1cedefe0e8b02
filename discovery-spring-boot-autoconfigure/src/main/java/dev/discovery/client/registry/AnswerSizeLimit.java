package dev.discovery.client.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Bounds the body of a registry's answer: a registry (or whatever answers in its place) that sends more than this,
 * endless whitespace or a list that never ends, fails the call instead of filling the application's heap.
 */
final class AnswerSizeLimit implements ClientHttpRequestInterceptor {

	/** Far above any answer of a registry within its own limits (5,000 instances of a service are about 2 MB). */
	static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

	private final long maxBytes;

	AnswerSizeLimit(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		ClientHttpResponse response = execution.execute(request, body);
		if (response.getHeaders().getContentLength() > this.maxBytes) {
			response.close();
			throw new IOException("Answer of " + response.getHeaders().getContentLength() + " bytes is larger than "
					+ this.maxBytes + " bytes, the most a registry client reads");
		}
		return new Limited(response, this.maxBytes);
	}

	private record Limited(ClientHttpResponse response, long maxBytes) implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() throws IOException {
			return new LimitedStream(this.response.getBody(), this.maxBytes);
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

	private static final class LimitedStream extends FilterInputStream {

		private final long maxBytes;

		private long read;

		LimitedStream(InputStream in, long maxBytes) {
			super(in);
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int next = super.read();
			if (next >= 0) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.read += n;
			if (this.read > this.maxBytes) {
				// Closed here, so that closing the answer cannot drain the rest of it until the read timeout.
				this.in.close();
				throw new IOException("Answer larger than " + this.maxBytes + " bytes, the most a registry client reads");
			}
		}

	}

}

package dev.discovery.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.servlet.GuardedRequest;

/**
 * Refuses request bodies over the configured size before they are parsed: at once when {@code Content-Length}
 * says so, and while reading when the body is chunked. The refusal goes through the same exception handling as
 * every other error, so it is a problem detail too. Registered for a request's first dispatch only.
 */
class BodySizeLimitFilter extends HttpFilter {

	private final long limit;

	private final HandlerExceptionResolver resolver;

	BodySizeLimitFilter(long limit, HandlerExceptionResolver resolver) {
		this.limit = limit;
		this.resolver = resolver;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > this.limit) {
			this.resolver.resolveException(request, response, null, new BodyTooLargeException(this.limit));
			return;
		}
		chain.doFilter(hasNoBody(request, length) ? request : new LimitedRequest(request, this.limit), response);
	}

	/**
	 * An HTTP/1 request with neither {@code Content-Length} nor {@code Transfer-Encoding} has no body (RFC 9112,
	 * 6.3), so there is nothing to count: most requests (reads, heartbeats) go on unwrapped, and every filter after
	 * this one reaches the request one wrapper sooner. HTTP/2 frames a body without either header, so it is counted.
	 */
	private static boolean hasNoBody(HttpServletRequest request, long length) {
		return length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null
				&& request.getProtocol().startsWith("HTTP/1");
	}

	private static final class LimitedRequest extends GuardedRequest {

		private final long limit;

		private long read;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		protected void afterRead(int count) {
			this.read += count;
			if (this.read > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

	}

}

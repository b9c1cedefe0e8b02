package dev.discovery.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.servlet.GuardedRequest;

/**
 * Refuses request bodies over the configured size before they are parsed: at once when {@code Content-Length}
 * says so, and while reading when the body is chunked. The refusal goes through the same exception handling as
 * every other error, so it is a problem detail too.
 */
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final HandlerExceptionResolver resolver;

	BodySizeLimitFilter(long limit, HandlerExceptionResolver resolver) {
		this.limit = limit;
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			this.resolver.resolveException(request, response, null, new BodyTooLargeException(this.limit));
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.limit), response);
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

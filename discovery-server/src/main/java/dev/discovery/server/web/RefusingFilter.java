package dev.discovery.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A filter that refuses some requests before anything else runs, from their headers alone. A refusal goes through
 * the same exception handling as every other error, so it is a problem detail too; any other request goes on as it
 * came. Registered for a request's first dispatch only.
 */
abstract class RefusingFilter extends HttpFilter {

	private final HandlerExceptionResolver resolver;

	RefusingFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected final void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Exception refusal = refusal(request);
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		this.resolver.resolveException(request, response, null, refusal);
	}

	/**
	 * Why the request is refused.
	 * @param request the request
	 * @return the error to answer with, or {@code null} to let the request through
	 */
	abstract @Nullable Exception refusal(HttpServletRequest request);

}

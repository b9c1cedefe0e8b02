package dev.discovery.server.fastpath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.protocol.Headers;

/**
 * Answers one method and path before Spring MVC's handler dispatch, leaving to Spring MVC whatever it declines or
 * cannot match (percent-encoded paths included), so a subclass keeps only what its request does. Its errors go to
 * the application's exception resolver: the same problem details as the mapping it stands in front of. It sees only
 * a request's first dispatch ({@link DispatcherType#REQUEST}), as a {@code OncePerRequestFilter} would, without the
 * request attributes that one sets and removes on every request.
 */
public abstract class FastPathFilter extends HttpFilter {

	/**
	 * After the security filters (Spring Security's chain runs at -100), before Spring's servlet filters that only
	 * Spring MVC needs and Spring MVC itself.
	 */
	public static final int ORDER = 0;

	private final String method;

	private final String pattern;

	private final PathTemplate path;

	private final @Nullable HandlerExceptionResolver resolver;

	/**
	 * A filter for one request.
	 * @param method the HTTP method it answers
	 * @param pattern the path it answers, each variable a whole segment, as Spring MVC's mapping spells it (the
	 * metrics' {@code uri} tag)
	 * @param resolver what answers a {@link RuntimeException} of {@link #answer}, or {@code null} to let it propagate
	 */
	protected FastPathFilter(String method, String pattern, @Nullable HandlerExceptionResolver resolver) {
		this.method = method;
		this.pattern = pattern;
		this.path = PathTemplate.of(pattern);
		this.resolver = resolver;
	}

	/**
	 * Registers a fast path after the security filters and before Spring MVC.
	 * @param <F> the filter's type
	 * @param filter the filter
	 * @param urlPattern the servlet URL pattern it sees, such as {@code /api/*}
	 * @return its registration
	 */
	public static <F extends FastPathFilter> FilterRegistrationBean<F> registration(F filter, String urlPattern) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns(urlPattern);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(ORDER);
		return registration;
	}

	/**
	 * Answers a matching request, or declines it before writing anything.
	 * @param request the request
	 * @param response the response
	 * @param variables the path's variables in the pattern's order, each a non-empty segment, not yet validated
	 * @return whether it answered; {@code false} passes the request on to Spring MVC
	 * @throws IOException if the client cannot be read or written
	 */
	protected abstract boolean answer(HttpServletRequest request, HttpServletResponse response, String[] variables)
			throws IOException;

	@Override
	protected final void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		String[] variables = (this.method.equals(request.getMethod()) && uri.startsWith(this.path.prefix()))
				? this.path.match(uri) : null;
		if (variables == null) {
			chain.doFilter(request, response);
			return;
		}
		boolean answered;
		try {
			answered = answer(request, response, variables);
		}
		catch (RuntimeException ex) {
			if (this.resolver == null) {
				throw ex;
			}
			observed(request);
			this.resolver.resolveException(request, response, null, ex);
			return;
		}
		catch (IOException ex) {
			// The client went away mid-answer: still a request of this pattern.
			observed(request);
			throw ex;
		}
		if (answered) {
			observed(request);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	/** Tags the request's metrics with the pattern, as Spring MVC's mapping would have. */
	private void observed(HttpServletRequest request) {
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(this.pattern));
	}

	/**
	 * Writes a JSON body with the registry's index, after the status and any other header.
	 * @param response the response
	 * @param index the registry's index the body reflects ({@code X-Discovery-Index})
	 * @param json the body
	 * @throws IOException if the client cannot be written to
	 */
	protected static void writeJson(HttpServletResponse response, long index, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		response.setHeader(Headers.INDEX, Long.toString(index));
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}

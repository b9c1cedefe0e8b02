package dev.discovery.server.reads;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.registry.RegistrationValidator;

/**
 * Answers reads of a service's instances, the registry's most frequent read, without Spring MVC's handler dispatch:
 * it runs after the security filters and writes the service's answer, encoded once per change. Same contract as
 * the {@code ServiceController} mapping, which still serves what this filter leaves alone (blocking queries,
 * percent-encoded names, other query parameters or values), same problem details on errors.
 */
class ReadFilter extends OncePerRequestFilter {

	static final String PATTERN = "/api/v1/services/{service}/instances";

	private static final String PREFIX = "/api/v1/services/";

	private static final String SUFFIX = "/instances";

	private final InstanceLists answers;

	private final HandlerExceptionResolver resolver;

	ReadFilter(InstanceLists answers, HandlerExceptionResolver resolver) {
		this.answers = answers;
		this.resolver = resolver;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return !"GET".equals(request.getMethod()) || !uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)
				|| uri.length() <= PREFIX.length() + SUFFIX.length() || uri.indexOf('%') >= 0
				|| uri.indexOf('/', PREFIX.length()) != uri.length() - SUFFIX.length();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Query query = Query.parse(request.getQueryString());
		if (query == null) {
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATTERN));
		String uri = request.getRequestURI();
		try {
			String service = RegistrationValidator
				.serviceName(uri.substring(PREFIX.length(), uri.length() - SUFFIX.length()));
			this.answers.write(request, response, service, query.passing, query.full);
		}
		catch (RuntimeException ex) {
			this.resolver.resolveException(request, response, null, ex);
		}
	}

	/** The query parameters the fast path serves: {@code passing=true|false}, {@code view=compact|full}, once each. */
	private record Query(boolean passing, boolean full) {

		static @Nullable Query parse(@Nullable String query) {
			Boolean passing = null;
			Boolean full = null;
			if (query == null || query.isEmpty()) {
				return new Query(true, false);
			}
			for (String pair : query.split("&", -1)) {
				if (passing == null && (pair.equals("passing=true") || pair.equals("passing=false"))) {
					passing = pair.endsWith("true");
				}
				else if (full == null && (pair.equals("view=compact") || pair.equals("view=full"))) {
					full = pair.endsWith("full");
				}
				else {
					// Anything else (a blocking query, a repeated or unknown parameter) is Spring MVC's to answer.
					return null;
				}
			}
			return new Query(passing == null || passing, full != null && full);
		}

	}

}

package dev.discovery.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.protocol.Headers;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;

/**
 * Answers heartbeats, the registry's most frequent request, without Spring MVC's handler dispatch: it runs after
 * the security filters, renews the lease and writes the {@code LeaseView} itself. Same contract as the
 * {@code InstanceController} mapping (which still serves any heartbeat path this filter leaves alone, such as
 * percent-encoded names), same problem details on errors.
 */
class HeartbeatFilter extends OncePerRequestFilter {

	static final String PATTERN = "/api/v1/services/{service}/instances/{instanceId}/heartbeat";

	private static final String PREFIX = "/api/v1/services/";

	private static final String MIDDLE = "/instances/";

	private static final String SUFFIX = "/heartbeat";

	private final Registry registry;

	private final HandlerExceptionResolver resolver;

	HeartbeatFilter(Registry registry, HandlerExceptionResolver resolver) {
		this.registry = registry;
		this.resolver = resolver;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return !"PUT".equals(request.getMethod()) || !uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)
				|| uri.indexOf('%') >= 0 || request.getQueryString() != null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		int middle = uri.indexOf(MIDDLE, PREFIX.length());
		int end = uri.length() - SUFFIX.length();
		if (middle <= PREFIX.length() || middle + MIDDLE.length() >= end
				|| uri.indexOf('/', PREFIX.length()) != middle || uri.indexOf('/', middle + MIDDLE.length()) != end) {
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATTERN));
		try {
			RegisteredInstance renewed = this.registry.heartbeat(
					RegistrationValidator.serviceName(uri.substring(PREFIX.length(), middle)),
					RegistrationValidator.instanceId(uri.substring(middle + MIDDLE.length(), end)));
			byte[] body = LeaseJson.encode(renewed).getBytes(StandardCharsets.UTF_8);
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setHeader(Headers.INDEX, Long.toString(this.registry.index()));
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		catch (RuntimeException ex) {
			this.resolver.resolveException(request, response, null, ex);
		}
	}

}

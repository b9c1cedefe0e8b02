package dev.discovery.server.eureka;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.registry.Registry;

/**
 * Answers Eureka renewals ({@code PUT /eureka/apps/{app}/{id}}, every 30 s from every Eureka client) without Spring
 * MVC's handler dispatch, as the v1 heartbeat filter does: after the security filters, same contract and problem
 * details as {@link EurekaWriteController#renew}, which serves what this filter leaves alone (encoded paths).
 */
class EurekaRenewFilter extends OncePerRequestFilter {

	static final String PATTERN = "/eureka/apps/{app}/{id}";

	private static final String PREFIX = "/eureka/apps/";

	private final Registry registry;

	private final HandlerExceptionResolver resolver;

	EurekaRenewFilter(Registry registry, HandlerExceptionResolver resolver) {
		this.registry = registry;
		this.resolver = resolver;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return !"PUT".equals(request.getMethod()) || !uri.startsWith(PREFIX) || uri.indexOf('%') >= 0;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		int slash = uri.indexOf('/', PREFIX.length());
		if (slash <= PREFIX.length() || slash == uri.length() - 1 || uri.indexOf('/', slash + 1) >= 0) {
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATTERN));
		try {
			this.registry.heartbeat(EurekaIds.service(uri.substring(PREFIX.length(), slash)),
					EurekaIds.instanceId(uri.substring(slash + 1)));
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentLength(0);
		}
		catch (RuntimeException ex) {
			this.resolver.resolveException(request, response, null, ex);
		}
	}

}

package dev.discovery.server.eureka;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.registry.Registry;

/**
 * Answers Eureka renewals ({@code PUT /eureka/apps/{app}/{id}}, every 30 s from every Eureka client) without Spring
 * MVC's handler dispatch, as the v1 heartbeat filter does: after the security filters, same contract and problem
 * details as {@link EurekaWriteController#renew}, which serves what this filter leaves alone (encoded paths).
 */
class EurekaRenewFilter extends FastPathFilter {

	private final Registry registry;

	EurekaRenewFilter(Registry registry, HandlerExceptionResolver resolver) {
		super("PUT", "/eureka/apps/{app}/{id}", resolver);
		this.registry = registry;
	}

	@Override
	protected boolean answer(HttpServletRequest request, HttpServletResponse response, String[] variables) {
		this.registry.heartbeat(EurekaIds.service(variables[0]), EurekaIds.instanceId(variables[1]));
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentLength(0);
		return true;
	}

}

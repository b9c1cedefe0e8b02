package dev.discovery.server.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;

/**
 * Answers heartbeats, the registry's most frequent request, without Spring MVC's handler dispatch: it runs after
 * the security filters, renews the lease and writes the {@code LeaseView} itself. Same contract as the
 * {@code InstanceController} mapping (which still serves any heartbeat path this filter leaves alone, such as
 * percent-encoded names or a query string), same problem details on errors.
 */
class HeartbeatFilter extends FastPathFilter {

	private final Registry registry;

	HeartbeatFilter(Registry registry, HandlerExceptionResolver resolver) {
		super("PUT", "/api/v1/services/{service}/instances/{instanceId}/heartbeat", resolver);
		this.registry = registry;
	}

	@Override
	protected boolean answer(HttpServletRequest request, HttpServletResponse response, String[] variables)
			throws IOException {
		if (request.getQueryString() != null) {
			return false;
		}
		RegisteredInstance renewed = this.registry.heartbeat(RegistrationValidator.serviceName(variables[0]),
				RegistrationValidator.instanceId(variables[1]));
		response.setStatus(HttpServletResponse.SC_OK);
		writeJson(response, this.registry.index(), LeaseJson.encode(renewed));
		return true;
	}

}

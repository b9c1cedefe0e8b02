package dev.discovery.server.security;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Lets a token change instances only of the services it was given, by matching the {@code {service}} path
 * variable against its patterns.
 */
class ServiceOwnership implements AuthorizationManager<RequestAuthorizationContext> {

	@Override
	public @Nullable AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication current = authentication.get();
		String service = context.getVariables().get("service");
		boolean allowed = current != null && current.getPrincipal() instanceof TokenPrincipal principal
				&& service != null && principal.mayActOn(service);
		return new AuthorizationDecision(allowed);
	}

}

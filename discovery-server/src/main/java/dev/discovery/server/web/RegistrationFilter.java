package dev.discovery.server.web;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.health.AddressVerifier;
import dev.discovery.server.reads.InstanceJson;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;

/**
 * Answers registrations without Spring MVC's handler dispatch and message conversion: after the security filters it
 * reads the body (a plain one by hand with {@link RegistrationJson}, any other with the application's own
 * {@link JsonMapper}, so the same strict rules and the same problem details), registers, and writes the instance view
 * with the hand-written encoder. Same contract as the {@code InstanceController} mapping, which still serves what
 * this filter leaves alone (percent-encoded names, a query string, another content type).
 */
class RegistrationFilter extends FastPathFilter {

	private final Registry registry;

	private final RegistrationValidator validator;

	private final Supplier<@Nullable AddressVerifier> addressVerifier;

	private final ObjectReader reader;

	RegistrationFilter(Registry registry, RegistrationValidator validator,
			ObjectProvider<AddressVerifier> addressVerifier, JsonMapper json, HandlerExceptionResolver resolver) {
		super("PUT", "/api/v1/services/{service}/instances/{instanceId}", resolver);
		this.registry = registry;
		this.validator = validator;
		this.addressVerifier = AddressVerifier.once(addressVerifier);
		this.reader = json.readerFor(InstanceRegistration.class);
	}

	@Override
	protected boolean answer(HttpServletRequest request, HttpServletResponse response, String[] variables)
			throws IOException {
		if (request.getQueryString() != null || !json(request.getContentType())) {
			return false;
		}
		String service = RegistrationValidator.serviceName(variables[0]);
		String id = RegistrationValidator.instanceId(variables[1]);
		InstanceSpec spec = this.validator.validate(read(request));
		AddressVerifier verifier = this.addressVerifier.get();
		if (verifier != null) {
			verifier.verify(spec);
		}
		RegistryChange change = this.registry.register(service, id, spec);
		StringBuilder json = new StringBuilder(768);
		InstanceJson.write(json, change.instance(), true);
		if (change.kind() == RegistryChange.Kind.REGISTERED) {
			response.setStatus(HttpServletResponse.SC_CREATED);
			// Both are validated DNS labels: nothing in them needs encoding.
			response.setHeader(HttpHeaders.LOCATION, "/api/v1/services/" + service + "/instances/" + id);
		}
		else {
			response.setStatus(HttpServletResponse.SC_OK);
		}
		writeJson(response, change.index(), json.toString());
		return true;
	}

	/** The body, {@code null} when there is none, as Spring MVC reads an optional body. */
	private @Nullable InstanceRegistration read(HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readAllBytes();
		if (body.length == 0) {
			return null;
		}
		InstanceRegistration plain = RegistrationJson.read(body);
		if (plain != null) {
			return plain;
		}
		try {
			return this.reader.readValue(body);
		}
		catch (JacksonException ex) {
			throw new HttpMessageNotReadableException("JSON parse error: " + ex.getOriginalMessage(), ex,
					new ServletServerHttpRequest(request));
		}
	}

	/** JSON in UTF-8, the one encoding this filter reads; anything else is Spring MVC's to negotiate. */
	private static boolean json(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
		return type.equals("application/json") || type.equals("application/json;charset=utf-8");
	}

}

package dev.discovery.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.health.AddressVerifier;
import dev.discovery.server.reads.InstanceJson;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;

/**
 * Answers registrations without Spring MVC's handler dispatch and message conversion: after the security filters it
 * reads the body with the application's own {@link JsonMapper} (so the same strict rules and the same problem
 * details), registers, and writes the instance view with the hand-written encoder. Same contract as the
 * {@code InstanceController} mapping, which still serves what this filter leaves alone (percent-encoded names, a
 * query string, another content type).
 */
class RegistrationFilter extends OncePerRequestFilter {

	static final String PATTERN = "/api/v1/services/{service}/instances/{instanceId}";

	private static final String PREFIX = "/api/v1/services/";

	private static final String MIDDLE = "/instances/";

	private final Registry registry;

	private final RegistrationValidator validator;

	private final ObjectProvider<AddressVerifier> addressVerifier;

	private final ObjectReader reader;

	private final HandlerExceptionResolver resolver;

	RegistrationFilter(Registry registry, RegistrationValidator validator,
			ObjectProvider<AddressVerifier> addressVerifier, JsonMapper json, HandlerExceptionResolver resolver) {
		this.registry = registry;
		this.validator = validator;
		this.addressVerifier = addressVerifier;
		this.reader = json.readerFor(InstanceRegistration.class);
		this.resolver = resolver;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return !"PUT".equals(request.getMethod()) || !uri.startsWith(PREFIX) || uri.indexOf('%') >= 0
				|| request.getQueryString() != null || !json(request.getContentType());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		int middle = uri.indexOf(MIDDLE, PREFIX.length());
		if (middle <= PREFIX.length() || middle + MIDDLE.length() >= uri.length()
				|| uri.indexOf('/', PREFIX.length()) != middle || uri.indexOf('/', middle + MIDDLE.length()) >= 0) {
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATTERN));
		try {
			String service = RegistrationValidator.serviceName(uri.substring(PREFIX.length(), middle));
			String id = RegistrationValidator.instanceId(uri.substring(middle + MIDDLE.length()));
			InstanceSpec spec = this.validator.validate(read(request));
			this.addressVerifier.ifAvailable((verifier) -> verifier.verify(spec));
			RegistryChange change = this.registry.register(service, id, spec);
			StringBuilder json = new StringBuilder(768);
			InstanceJson.write(json, change.instance(), true);
			byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
			if (change.kind() == RegistryChange.Kind.REGISTERED) {
				response.setStatus(HttpServletResponse.SC_CREATED);
				// Both are validated DNS labels: nothing in them needs encoding.
				response.setHeader(HttpHeaders.LOCATION, PREFIX + service + MIDDLE + id);
			}
			else {
				response.setStatus(HttpServletResponse.SC_OK);
			}
			response.setHeader(Headers.INDEX, Long.toString(change.index()));
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		catch (RuntimeException ex) {
			this.resolver.resolveException(request, response, null, ex);
		}
	}

	/** The body, {@code null} when there is none, as Spring MVC reads an optional body. */
	private @Nullable InstanceRegistration read(HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readAllBytes();
		if (body.length == 0) {
			return null;
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

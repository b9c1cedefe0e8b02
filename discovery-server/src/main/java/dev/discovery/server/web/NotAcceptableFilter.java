package dev.discovery.server.web;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers {@code 406} before anything runs when a request accepts nothing the API answers: JSON, or Server-Sent
 * Events for the watch stream. Without it the fast paths answer JSON regardless, and Spring MVC refuses a write only
 * after its handler has changed the registry.
 */
class NotAcceptableFilter extends OncePerRequestFilter {

	private static final String WATCH = "/api/v1/watch";

	private final HandlerExceptionResolver resolver;

	NotAcceptableFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		MediaType produced = WATCH.equals(request.getRequestURI()) ? MediaType.TEXT_EVENT_STREAM
				: MediaType.APPLICATION_JSON;
		if (accept.isEmpty() || (accept.size() == 1 && isAnything(accept.get(0), produced))) {
			chain.doFilter(request, response);
			return;
		}
		if (!accepts(accept, produced)) {
			this.resolver.resolveException(request, response, null,
					new HttpMediaTypeNotAcceptableException(List.of(produced)));
			return;
		}
		chain.doFilter(request, response);
	}

	/** The headers most requests send, decided without parsing. */
	private static boolean isAnything(String accept, MediaType produced) {
		return accept.isBlank() || accept.equals("*/*") || accept.equals(produced.toString());
	}

	private static boolean accepts(List<String> accept, MediaType produced) {
		try {
			for (MediaType type : MediaType.parseMediaTypes(accept)) {
				if (type.getQualityValue() > 0 && type.isCompatibleWith(produced)) {
					return true;
				}
			}
			return false;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}

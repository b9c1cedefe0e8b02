package dev.discovery.server.web;

import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers {@code 406} before anything runs when a request accepts nothing the API answers: JSON, or Server-Sent
 * Events for the watch stream. Without it the fast paths answer JSON regardless, and Spring MVC refuses a write only
 * after its handler has changed the registry.
 */
class NotAcceptableFilter extends RefusingFilter {

	private static final String WATCH = "/api/v1/watch";

	NotAcceptableFilter(HandlerExceptionResolver resolver) {
		super(resolver);
	}

	@Override
	@Nullable Exception refusal(HttpServletRequest request) {
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		MediaType produced = WATCH.equals(request.getRequestURI()) ? MediaType.TEXT_EVENT_STREAM
				: MediaType.APPLICATION_JSON;
		if (accept.isEmpty() || (accept.size() == 1 && isAnything(accept.get(0), produced))
				|| accepts(accept, produced)) {
			return null;
		}
		return new HttpMediaTypeNotAcceptableException(List.of(produced));
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

package dev.discovery.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses request bodies sent with a content coding ({@code Content-Encoding: gzip}, ...) with {@code 415}: the
 * registry reads bodies as they come, so it would otherwise parse a compressed body as JSON, or take a plain one
 * labelled compressed at its word.
 */
class ContentEncodingFilter extends RefusingFilter {

	ContentEncodingFilter(HandlerExceptionResolver resolver) {
		super(resolver);
	}

	@Override
	@Nullable Exception refusal(HttpServletRequest request) {
		String coding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		if (coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity")) {
			return null;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Content-Encoding is not supported: send the body uncompressed");
		ErrorResponseException refused = new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem, null);
		refused.getHeaders().set(HttpHeaders.ACCEPT_ENCODING, "identity");
		return refused;
	}

}

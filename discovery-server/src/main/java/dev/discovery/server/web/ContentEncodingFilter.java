package dev.discovery.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses request bodies sent with a content coding ({@code Content-Encoding: gzip}, ...) with {@code 415}: the
 * registry reads bodies as they come, so it would otherwise parse a compressed body as JSON, or take a plain one
 * labelled compressed at its word.
 */
class ContentEncodingFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver resolver;

	ContentEncodingFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String coding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		if (coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity")) {
			chain.doFilter(request, response);
			return;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Content-Encoding is not supported: send the body uncompressed");
		ErrorResponseException refused = new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem, null);
		refused.getHeaders().set(HttpHeaders.ACCEPT_ENCODING, "identity");
		this.resolver.resolveException(request, response, null, refused);
	}

}

package dev.discovery.server.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem detail names its {@code type}: Spring leaves it out when it is {@code about:blank}, which RFC 9457
 * allows, but clients that check the member (and the problems written outside Spring MVC) expect it.
 */
@ControllerAdvice
class ProblemTypeAdvice implements ResponseBodyAdvice<Object> {

	/** The type of a problem that has no more to say than its status, as RFC 9457 defines it. */
	static final URI BLANK = URI.create("about:blank");

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && problem.getType() == null) {
			problem.setType(BLANK);
		}
		return body;
	}

}

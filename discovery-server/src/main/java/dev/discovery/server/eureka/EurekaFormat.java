package dev.discovery.server.eureka;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

/**
 * JSON or XML, chosen as the Eureka server chooses: JSON when the client accepts it by name (the Spring Cloud and
 * JavaScript clients send {@code Accept: application/json}), XML otherwise.
 */
enum EurekaFormat {

	/** {@code application/json}. */
	JSON(MediaType.APPLICATION_JSON),

	/** {@code application/xml}. */
	XML(MediaType.APPLICATION_XML);

	private final MediaType mediaType;

	EurekaFormat(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * The format to answer in.
	 * @param accept the request's {@code Accept} header
	 * @return JSON if it names JSON, XML otherwise
	 */
	static EurekaFormat accepting(@Nullable String accept) {
		return (accept != null && accept.toLowerCase(Locale.ROOT).contains("json")) ? JSON : XML;
	}

	/**
	 * The format a body was sent in.
	 * @param contentType the request's {@code Content-Type}
	 * @return XML if it names XML, JSON otherwise
	 */
	static EurekaFormat sentAs(@Nullable String contentType) {
		return (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("xml")) ? XML : JSON;
	}

}

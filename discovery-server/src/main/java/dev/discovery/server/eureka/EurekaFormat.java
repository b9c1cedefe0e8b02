package dev.discovery.server.eureka;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;

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
	 * The format a body was sent in. Like the Eureka server, which consumes JSON and XML only, the registry refuses
	 * any other type, but it reads a body sent without a {@code Content-Type} as JSON.
	 * @param contentType the request's {@code Content-Type}
	 * @return XML if it names XML, JSON if it names JSON or is missing
	 * @throws HttpMediaTypeNotSupportedException if it names neither
	 */
	static EurekaFormat sentAs(@Nullable String contentType) throws HttpMediaTypeNotSupportedException {
		if (contentType == null || contentType.isBlank()) {
			return JSON;
		}
		String type = contentType.toLowerCase(Locale.ROOT);
		if (type.contains("xml")) {
			return XML;
		}
		if (type.contains("json")) {
			return JSON;
		}
		throw new HttpMediaTypeNotSupportedException("Content-Type '" + contentType + "' is not supported: send "
				+ "the instance as application/json or application/xml", List.of(JSON.mediaType, XML.mediaType));
	}

}

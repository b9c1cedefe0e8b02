package dev.discovery.server.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.discovery.server.registry.CapacityExceededException;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.ServiceNotFoundException;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * Turns every error into an RFC 9457 problem detail with a {@code detail} a person can act on, and never a stack
 * trace. Spring MVC's own errors (wrong method, media type, unreadable body...) come through the base class.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalid(InvalidRequestException ex) {
		HttpStatus status = ex.isInPath() ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT;
		ProblemDetail problem = problem(status, ex.isInPath() ? "Invalid name in path" : "Invalid registration",
				ex.getMessage());
		problem.setProperty("errors", ex.getErrors());
		return problem;
	}

	@ExceptionHandler(InstanceNotFoundException.class)
	ProblemDetail instanceNotFound(InstanceNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Instance not registered", ex.getMessage());
	}

	@ExceptionHandler(ServiceNotFoundException.class)
	ProblemDetail serviceNotFound(ServiceNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Service not registered", ex.getMessage());
	}

	@ExceptionHandler(CapacityExceededException.class)
	ProblemDetail capacityExceeded(CapacityExceededException ex) {
		return problem(HttpStatus.CONFLICT, "Registry limit reached", ex.getMessage());
	}

	/** The store could not commit in time (its disk or its cluster): try again, here or at another registry. */
	@ExceptionHandler(StoreUnavailableException.class)
	ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException ex) {
		log.warn("Refused a write: " + ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Registry store unavailable", ex.getMessage()));
	}

	@ExceptionHandler(BodyTooLargeException.class)
	ProblemDetail bodyTooLarge(BodyTooLargeException ex) {
		ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", ex.getMessage());
		problem.setProperty("limit", ex.getLimit());
		return problem;
	}

	/**
	 * Spring Security's firewall refuses some parameter names and values (control characters, for one) only when
	 * they are read, which is inside the handler: the client's mistake, not the registry's.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ProblemDetail rejected(RequestRejectedException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Bad Request", "The request has a parameter name or value the registry "
				+ "does not accept (for example one with control characters)");
	}

	/** Tomcat refuses query parameters that are not valid UTF-8 once percent-decoded, when they are first read. */
	@ExceptionHandler(InvalidParameterException.class)
	ProblemDetail undecodable(InvalidParameterException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Bad Request",
				"A query parameter is not valid UTF-8 once percent-decoded");
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Request failed unexpectedly", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The registry could not handle this request; the server log has the cause");
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		BodyTooLargeException tooLarge = cause(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(bodyTooLarge(tooLarge));
		}
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Unreadable request body", unreadable(ex));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

	private static String unreadable(HttpMessageNotReadableException ex) {
		DatabindException binding = cause(ex, DatabindException.class);
		if (binding != null && !binding.getPath().isEmpty()) {
			if (binding instanceof InvalidFormatException format && format.getTargetType() != null
					&& format.getTargetType().isEnum()) {
				// The values are the wire's: name them, so a client sending DOWN learns what to send instead.
				return "Field '" + path(binding.getPath()) + "' must be one of "
						+ Arrays.stream(format.getTargetType().getEnumConstants())
							.map((constant) -> ((Enum<?>) constant).name())
							.collect(Collectors.joining(", "));
			}
			return "Field '" + path(binding.getPath()) + "' has a value of the wrong type or form";
		}
		JacksonException json = cause(ex, JacksonException.class);
		if (json != null && json.getOriginalMessage() != null
				&& json.getOriginalMessage().startsWith("Duplicate Object property")) {
			return "Request body gives a field twice: " + json.getOriginalMessage().substring(26);
		}
		if (json != null) {
			TokenStreamLocation at = json.getLocation();
			String where = (at != null && at.getLineNr() > 0)
					? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "";
			return "Request body is not valid JSON" + where;
		}
		return "Request body is missing or cannot be read";
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

}

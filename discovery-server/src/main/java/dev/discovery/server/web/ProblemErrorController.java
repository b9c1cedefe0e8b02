package dev.discovery.server.web;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside Spring MVC's handlers (by the servlet container or a filter calling
 * {@code sendError}) as problem details too, in place of Boot's default error body.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
		problem.setTitle(status.getReasonPhrase());
		problem.setInstance(requestPath(request));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** The path of the request that failed, not {@code /error}, when it is a valid URI reference. */
	private static @Nullable URI requestPath(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path && !path.isEmpty()) {
			try {
				return new URI(path);
			}
			catch (URISyntaxException ex) {
				return null;
			}
		}
		return null;
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "No such resource; the API lives under /api/v1";
			case BAD_REQUEST -> "The request is malformed";
			case METHOD_NOT_ALLOWED -> "This method is not allowed here";
			default -> status.is5xxServerError() ? "The registry could not handle this request; the server log has "
					+ "the cause" : status.getReasonPhrase();
		};
	}

}

package dev.discovery.server.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes RFC 9457 problem details from filters, which answer before Spring MVC's exception handling is reached.
 */
public class ProblemWriter {

	private final JsonMapper json;

	public ProblemWriter(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Writes a problem as the response.
	 * @param request the request
	 * @param response the response
	 * @param status the status
	 * @param title the problem's title
	 * @param detail what happened, for a person
	 * @param headers extra response headers
	 * @throws IOException if the response cannot be written
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
			String detail, Map<String, String> headers) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(java.net.URI.create("about:blank"));
		problem.setTitle(title);
		problem.setInstance(java.net.URI.create(safePath(request)));
		response.setStatus(status.value());
		headers.forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	private static String safePath(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return (uri != null && uri.matches("[A-Za-z0-9/_.~%-]*")) ? uri : "/";
	}

}

package dev.discovery.server.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Answers errors that Tomcat raises before a request reaches the application (a malformed URI, an invalid
 * percent-encoding) as problem details, where Tomcat would otherwise send an HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status
						+ ",\"detail\":\"" + detail(status) + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client has gone or the response was committed: nothing more can be sent.
		}
	}

	private static String title(int status) {
		return (status == 400) ? "Bad Request" : (status >= 500) ? "Internal error" : "Request refused";
	}

	private static String detail(int status) {
		return (status == 400) ? "The request is malformed or too large: its request line, path (for example an "
				+ "invalid or forbidden percent-encoding) or headers" : (status >= 500) ? "The registry could not handle this request"
						: "The server refused this request";
	}

}

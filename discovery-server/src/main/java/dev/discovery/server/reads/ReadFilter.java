package dev.discovery.server.reads;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.registry.RegistrationValidator;

/**
 * Answers reads of a service's instances, the registry's most frequent read, without Spring MVC's handler dispatch:
 * it runs after the security filters and writes the service's answer, encoded once per change. Same contract as
 * the {@code ServiceController} mapping, which still serves what this filter leaves alone (blocking queries,
 * percent-encoded names, other query parameters or values), same problem details on errors.
 */
class ReadFilter extends FastPathFilter {

	private final InstanceLists answers;

	ReadFilter(InstanceLists answers, HandlerExceptionResolver resolver) {
		super("GET", "/api/v1/services/{service}/instances", resolver);
		this.answers = answers;
	}

	@Override
	protected boolean answer(HttpServletRequest request, HttpServletResponse response, String[] variables)
			throws IOException {
		Query query = Query.parse(request.getQueryString());
		if (query == null) {
			return false;
		}
		this.answers.write(request, response, RegistrationValidator.serviceName(variables[0]), query.passing,
				query.full);
		return true;
	}

	/** The query parameters the fast path serves: {@code passing=true|false}, {@code view=compact|full}, once each. */
	private record Query(boolean passing, boolean full) {

		static @Nullable Query parse(@Nullable String query) {
			Boolean passing = null;
			Boolean full = null;
			if (query == null || query.isEmpty()) {
				return new Query(true, false);
			}
			for (String pair : query.split("&", -1)) {
				if (passing == null && (pair.equals("passing=true") || pair.equals("passing=false"))) {
					passing = pair.endsWith("true");
				}
				else if (full == null && (pair.equals("view=compact") || pair.equals("view=full"))) {
					full = pair.endsWith("full");
				}
				else {
					// Anything else (a blocking query, a repeated or unknown parameter) is Spring MVC's to answer.
					return null;
				}
			}
			return new Query(passing == null || passing, full != null && full);
		}

	}

}

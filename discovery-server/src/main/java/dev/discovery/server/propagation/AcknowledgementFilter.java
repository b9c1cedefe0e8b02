package dev.discovery.server.propagation;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers acknowledgements, which every subscribed client sends after the changes it applies, without Spring MVC's
 * handler dispatch: it runs after the security filters, records them and answers {@code 204}. Anything it cannot
 * take (a bad parameter, an unknown stream) goes on to {@link PropagationController}, which answers the problem.
 */
class AcknowledgementFilter extends OncePerRequestFilter {

	static final String PATTERN = "/api/v1/watch/{id}/applied";

	private static final String PREFIX = "/api/v1/watch/";

	private static final String SUFFIX = "/applied";

	private final PropagationTracker tracker;

	private final Duration maxHeld;

	AcknowledgementFilter(PropagationTracker tracker, Duration maxHeld) {
		this.tracker = tracker;
		this.maxHeld = maxHeld;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return !"PUT".equals(request.getMethod()) || !uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)
				|| uri.indexOf('/', PREFIX.length()) != uri.length() - SUFFIX.length() || uri.indexOf('%') >= 0;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		String id = uri.substring(PREFIX.length(), uri.length() - SUFFIX.length());
		Acknowledgement acknowledgement;
		try {
			acknowledgement = Acknowledgement.parse(request.getParameter("index"), request.getParameter("held"),
					request.getParameter("earlier"), this.maxHeld);
		}
		catch (IllegalArgumentException ex) {
			chain.doFilter(request, response);
			return;
		}
		if (id.isEmpty() || !this.tracker.applied(id, acknowledgement)) {
			chain.doFilter(request, response);
			return;
		}
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATTERN));
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

}

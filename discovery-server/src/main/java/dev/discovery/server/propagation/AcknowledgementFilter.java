package dev.discovery.server.propagation;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.discovery.server.fastpath.FastPathFilter;

/**
 * Answers acknowledgements, which every subscribed client sends after the changes it applies, without Spring MVC's
 * handler dispatch: it runs after the security filters, records them and answers {@code 204}. Anything it cannot
 * take (a bad parameter, an unknown stream) goes on to {@link PropagationController}, which answers the problem.
 */
class AcknowledgementFilter extends FastPathFilter {

	private final PropagationTracker tracker;

	private final Duration maxHeld;

	AcknowledgementFilter(PropagationTracker tracker, Duration maxHeld) {
		super("PUT", "/api/v1/watch/{id}/applied", null);
		this.tracker = tracker;
		this.maxHeld = maxHeld;
	}

	@Override
	protected boolean answer(HttpServletRequest request, HttpServletResponse response, String[] variables) {
		Acknowledgement acknowledgement;
		try {
			acknowledgement = Acknowledgement.parse(request.getParameter("index"), request.getParameter("held"),
					request.getParameter("earlier"), this.maxHeld);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (!this.tracker.applied(variables[0], acknowledgement)) {
			return false;
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		return true;
	}

}

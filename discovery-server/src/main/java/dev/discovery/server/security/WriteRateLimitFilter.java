package dev.discovery.server.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} when a client writes faster than its bucket allows. Reads are not limited, and
 * neither are lease renewals (as cheap as a read, and behind one ingress or with one token per service a fleet's
 * heartbeats would otherwise share one bucket) nor opening a watch with {@code POST /api/v1/watch} (a read) or
 * acknowledging what a watch applied. A renewal needs the token to own the service like any write. Suspect reports
 * have a limiter of their own.
 */
class WriteRateLimitFilter extends OncePerRequestFilter {

	private static final String HEARTBEAT = "/heartbeat";

	private static final String WATCH = "/api/v1/watch";

	private static final String EUREKA_APPS = "/eureka/apps/";

	private static final String SUSPECT = "/suspect";

	private static final String APPLIED = "/applied";

	private final WriteRateLimiter limiter;

	private final ProblemWriter problems;

	WriteRateLimitFilter(WriteRateLimiter limiter, ProblemWriter problems) {
		this.limiter = limiter;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		String uri = request.getRequestURI();
		return !this.limiter.enabled() || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
				|| !(uri.startsWith("/api/") || uri.startsWith(EUREKA_APPS))
				|| (method.equals("PUT") && (uri.endsWith(HEARTBEAT) || eurekaRenewal(uri)))
				|| (method.equals("POST") && (uri.equals(WATCH) || uri.endsWith(SUSPECT)))
				|| (method.equals("PUT") && uri.startsWith(WATCH + "/") && uri.endsWith(APPLIED));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String client = (authentication != null && authentication.getPrincipal() instanceof TokenPrincipal principal)
				? "token:" + principal.name() : "address:" + request.getRemoteAddr();
		long wait = this.limiter.acquire(client);
		if (wait > 0) {
			this.problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many writes",
					"This client sends writes faster than the registry allows; retry after " + wait + " s",
					Map.of(HttpHeaders.RETRY_AFTER, Long.toString(wait)));
			return;
		}
		chain.doFilter(request, response);
	}

	/** A Eureka renewal, {@code PUT /eureka/apps/{app}/{id}}: the Eureka client's heartbeat, not limited either. */
	private static boolean eurekaRenewal(String uri) {
		if (!uri.startsWith(EUREKA_APPS)) {
			return false;
		}
		int slash = uri.indexOf('/', EUREKA_APPS.length());
		return slash > EUREKA_APPS.length() && slash < uri.length() - 1 && uri.indexOf('/', slash + 1) < 0;
	}

}

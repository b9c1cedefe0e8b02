package dev.discovery.server.suspect;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.discovery.server.health.HealthChecker;
import dev.discovery.server.health.Suspicion;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.security.TokenPrincipal;
import dev.discovery.server.security.WriteRateLimiter;

/**
 * {@code POST /api/v1/services/{service}/instances/{id}/suspect}: a caller reports that an instance looks dead
 * (it refused a connection, or failed calls in a row). The registry does not take its word for it: it checks that
 * registered instance at once with its own health check, and only a failed check takes it out of the passing view
 * (and tells every watcher). Needs the {@code read} role like lookups; limited per caller; unknown instances answer
 * 404 and are never probed.
 */
@RestController
@ConditionalOnBooleanProperty(name = "discovery.server.suspect.enabled", matchIfMissing = true)
class SuspectController {

	private static final Log logger = LogFactory.getLog(SuspectController.class);

	private final Registry registry;

	private final ObjectProvider<HealthChecker> checker;

	private final WriteRateLimiter limiter;

	private final Duration minInterval;

	private final MeterRegistry meters;

	SuspectController(Registry registry, ObjectProvider<HealthChecker> checker, SuspectProperties properties,
			Clock clock, MeterRegistry meters) {
		this.registry = registry;
		this.checker = checker;
		this.limiter = new WriteRateLimiter(clock, Math.max(properties.getRate(), 1), properties.getBurst());
		this.minInterval = properties.getMinInterval();
		this.meters = meters;
	}

	@PostMapping("/api/v1/services/{service}/instances/{instanceId}/suspect")
	ResponseEntity<?> suspect(@PathVariable String service, @PathVariable String instanceId,
			HttpServletRequest request) {
		String name = RegistrationValidator.serviceName(service);
		String id = RegistrationValidator.instanceId(instanceId);
		String caller = caller(request);
		long wait = this.limiter.acquire(caller);
		if (wait > 0) {
			count("rate-limited");
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
					"This caller reports suspects faster than the registry allows; retry after " + wait + " s");
			problem.setTitle("Too many suspect reports");
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(wait))
				.body(problem);
		}
		// Throws InstanceNotFoundException (404) for anything not registered: nothing else is ever probed.
		this.registry.instance(name, id);
		HealthChecker checker = this.checker.getIfAvailable();
		Suspicion suspicion = (checker != null) ? checker.checkNow(name, id, this.minInterval) : Suspicion.NOT_CHECKED;
		String check = suspicion.name().toLowerCase(Locale.ROOT).replace('_', '-');
		count(check);
		if (suspicion == Suspicion.STARTED) {
			logger.info("Checking " + name + "/" + id + " at once: " + caller + " reported it as suspect");
		}
		return ResponseEntity.accepted().body(Map.of("service", name, "instanceId", id, "check", check));
	}

	private static String caller(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof TokenPrincipal principal)
				? "token:" + principal.name() : "address:" + request.getRemoteAddr();
	}

	private void count(String outcome) {
		Counter.builder("discovery.server.suspect.reports")
			.description("Suspect reports from callers, by what they led to")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

}

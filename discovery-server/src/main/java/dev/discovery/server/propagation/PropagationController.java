package dev.discovery.server.propagation;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.Headers;
import dev.discovery.protocol.PropagationReport;
import dev.discovery.protocol.WatchApplied;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.watch.WatchProperties;

/**
 * Time to truth over HTTP: watchers acknowledge what they applied, anyone with read access sees a service's
 * figures and lagging subscribers, and a stopping instance waits until its removal was applied everywhere.
 */
@RestController
class PropagationController {

	private final PropagationTracker tracker;

	private final AppliedWaits waits;

	private final WatchProperties watch;

	PropagationController(PropagationTracker tracker, AppliedWaits waits, WatchProperties watch) {
		this.tracker = tracker;
		this.waits = waits;
		this.watch = watch;
	}

	/**
	 * A watcher applied every change up to {@code index}, {@code held} ago (default 0ms), and the {@code earlier}
	 * indexes of the same batch at theirs. {@link AcknowledgementFilter} answers the valid ones first; what reaches
	 * this method is refused with the reason.
	 */
	@PutMapping("/api/v1/watch/{id}/applied")
	ResponseEntity<Void> applied(@PathVariable String id, @RequestParam(required = false) @Nullable String index,
			@RequestParam(required = false) @Nullable String held,
			@RequestParam(required = false) @Nullable String earlier) {
		Acknowledgement acknowledgement;
		try {
			acknowledgement = Acknowledgement.parse(index, held, earlier, this.watch.getMaxWait());
		}
		catch (IllegalArgumentException ex) {
			throw problem(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		if (!this.tracker.applied(id, acknowledgement)) {
			throw problem(HttpStatus.NOT_FOUND, "No open watch stream has this id: it ended, or the registry "
					+ "restarted. The next stream's X-Discovery-Watch-Id is the one to acknowledge with");
		}
		return ResponseEntity.noContent().build();
	}

	/** Every service's report, by name: the dashboard's overview. */
	@GetMapping("/api/v1/propagation")
	List<PropagationReport> propagation() {
		return this.tracker.reports();
	}

	@GetMapping("/api/v1/services/{service}/propagation")
	ResponseEntity<PropagationReport> propagation(@PathVariable String service) {
		PropagationReport report = this.tracker.report(RegistrationValidator.serviceName(service));
		return ResponseEntity.ok().header(Headers.INDEX, Long.toString(report.index())).body(report);
	}

	/** Waits until every subscriber of the service applied {@code index} (default: its last change). */
	@GetMapping("/api/v1/services/{service}/propagation/applied")
	DeferredResult<ResponseEntity<WatchApplied>> appliedBy(@PathVariable String service,
			@RequestParam(required = false) @Nullable Long index, @RequestParam(required = false) @Nullable String wait) {
		String name = RegistrationValidator.serviceName(service);
		if (index != null && index < 0) {
			throw problem(HttpStatus.BAD_REQUEST, "Query parameter 'index' must not be negative");
		}
		long upTo = (index != null) ? index : this.tracker.lastIndex(name);
		Duration waitFor = duration(wait, this.watch.getDefaultWait());
		if (waitFor.compareTo(this.watch.getMaxWait()) > 0) {
			waitFor = this.watch.getMaxWait();
		}
		return this.waits.await(name, upTo, waitFor);
	}

	private static Duration duration(@Nullable String text, Duration otherwise) {
		if (text == null || text.isBlank()) {
			return otherwise;
		}
		try {
			return Durations.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw problem(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
	}

	private static ErrorResponseException problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle((status == HttpStatus.NOT_FOUND) ? "Unknown watch stream" : "Invalid propagation request");
		return new ErrorResponseException(status, problem, null);
	}

}

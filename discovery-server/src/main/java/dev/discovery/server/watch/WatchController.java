package dev.discovery.server.watch;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.Headers;
import dev.discovery.protocol.WatchDelivery;
import dev.discovery.protocol.WatchEvents;
import dev.discovery.protocol.WatchSubscription;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.reads.InstanceLists;
import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;

/**
 * The push side of the v1 API: the watch stream ({@code GET /api/v1/watch}) and blocking queries on a service's
 * instances ({@code GET /api/v1/services/{service}/instances?index=N&wait=D}). Without {@code index} the plain,
 * non-blocking read answers instead.
 */
@RestController
class WatchController {

	private final WatchHub hub;

	private final BlockingQueries queries;

	private final Deliveries deliveries;

	private final Registry registry;

	private final WatchProperties properties;

	private final RegistryEpoch epoch;

	WatchController(WatchHub hub, BlockingQueries queries, Deliveries deliveries, Registry registry,
			WatchProperties properties, RegistryEpoch epoch) {
		this.epoch = epoch;
		this.hub = hub;
		this.queries = queries;
		this.deliveries = deliveries;
		this.registry = registry;
		this.properties = properties;
	}

	/**
	 * The watch stream of the services named in {@code services}, or of every service with {@code services=*}.
	 */
	@GetMapping("/api/v1/watch")
	void watch(@RequestParam(required = false) @Nullable String services,
			@RequestParam(defaultValue = "true") boolean passing, @RequestParam(required = false) @Nullable Long index,
			@RequestParam(required = false) @Nullable String epoch,
			@RequestHeader(name = WatchEvents.LAST_EVENT_ID, required = false) @Nullable String lastEventId,
			@RequestHeader(name = Headers.EPOCH, required = false) @Nullable String epochHeader,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (services == null || services.isBlank()) {
			throw badRequest("Query parameter 'services' is required: names separated by commas, or '*' for every "
					+ "service (POST /api/v1/watch takes a list of any length)");
		}
		open(List.of(services.split(",")), passing, index, lastEventId, (epochHeader != null) ? epochHeader : epoch,
				request, response);
	}

	/** The same stream for a list of services of any length, sent as a {@link WatchSubscription} body. */
	@PostMapping(path = "/api/v1/watch", consumes = MediaType.APPLICATION_JSON_VALUE)
	void watch(@RequestBody(required = false) @Nullable WatchSubscription subscription,
			@RequestHeader(name = WatchEvents.LAST_EVENT_ID, required = false) @Nullable String lastEventId,
			@RequestHeader(name = Headers.EPOCH, required = false) @Nullable String epoch, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (subscription == null || subscription.services() == null || subscription.services().isEmpty()) {
			throw badRequest("Field 'services' is required: a list of names, or [\"*\"] for every service");
		}
		open(subscription.services(), !Boolean.FALSE.equals(subscription.passing()), null, lastEventId, epoch,
				request, response);
	}

	private void open(List<@Nullable String> services, boolean passing, @Nullable Long index,
			@Nullable String lastEventId, @Nullable String epoch, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		// Not a ternary: it would unbox a missing index.
		Long resume = index;
		if (lastEventId != null && !lastEventId.isBlank()) {
			resume = parseIndex(lastEventId);
		}
		if (resume != null && resume < 0) {
			throw badRequest("A resume index ('index' or 'Last-Event-ID') must not be negative");
		}
		String resumeEpoch = (epoch != null && !epoch.isBlank()) ? epoch.trim() : null;
		this.hub.open(new WatchRequest(serviceNames(services), passing, resume, resumeEpoch), request, response);
	}

	@GetMapping(path = "/api/v1/services/{service}/instances", params = "index")
	DeferredResult<ResponseEntity<?>> blockingInstances(@PathVariable String service, @RequestParam long index,
			@RequestParam(required = false) @Nullable String wait, @RequestParam(defaultValue = "true") boolean passing,
			@RequestParam(required = false) @Nullable String view,
			@RequestParam(required = false) @Nullable String epoch,
			@RequestHeader(name = Headers.EPOCH, required = false) @Nullable String epochHeader,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch,
			@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) @Nullable String acceptEncoding) {
		if (index < 0) {
			throw badRequest("Query parameter 'index' must not be negative");
		}
		String asked = (epochHeader != null) ? epochHeader : epoch;
		boolean sameEpoch = asked == null || asked.isBlank() || this.epoch.matches(asked);
		return this.queries.query(RegistrationValidator.serviceName(service), index, waitFor(wait), passing,
				InstanceLists.full(view), sameEpoch, new BlockingQueries.Conditions(ifNoneMatch, acceptEncoding));
	}

	/** Waits until every change up to {@code index} (default: the current index) has reached every watcher. */
	@GetMapping("/api/v1/watch/delivered")
	DeferredResult<ResponseEntity<WatchDelivery>> delivered(@RequestParam(required = false) @Nullable Long index,
			@RequestParam(required = false) @Nullable String wait) {
		if (index != null && index < 0) {
			throw badRequest("Query parameter 'index' must not be negative");
		}
		long upTo = (index != null) ? index : this.registry.index();
		return this.deliveries.await(upTo, waitFor(wait));
	}

	private Duration waitFor(@Nullable String wait) {
		if (wait == null || wait.isBlank()) {
			return this.properties.getDefaultWait();
		}
		try {
			Duration asked = Durations.parse(wait);
			return (asked.compareTo(this.properties.getMaxWait()) > 0) ? this.properties.getMaxWait() : asked;
		}
		catch (IllegalArgumentException ex) {
			throw badRequest("Query parameter 'wait': " + ex.getMessage());
		}
	}

	/** The names asked for; empty for every service ({@code *}). */
	private static Set<String> serviceNames(List<@Nullable String> services) {
		Set<String> names = new LinkedHashSet<>();
		for (String name : services) {
			if (name == null) {
				throw badRequest("Service names must not be null");
			}
			if (name.trim().equals("*")) {
				if (services.size() > 1) {
					throw badRequest("'*' watches every service and stands alone, not with other names");
				}
				return Set.of();
			}
			if (!name.isBlank()) {
				try {
					names.add(RegistrationValidator.serviceName(name.trim()));
				}
				catch (InvalidRequestException ex) {
					throw badRequest("Query parameter 'services': " + ex.getMessage());
				}
			}
		}
		if (names.isEmpty()) {
			throw badRequest("No service named: give names, or '*' for every service");
		}
		return names;
	}

	private static long parseIndex(String lastEventId) {
		try {
			return Long.parseLong(lastEventId.trim());
		}
		catch (NumberFormatException ex) {
			throw badRequest("Header 'Last-Event-ID' must be a registry index, not '" + lastEventId + "'");
		}
	}

	private static ErrorResponseException badRequest(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid watch request");
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

}

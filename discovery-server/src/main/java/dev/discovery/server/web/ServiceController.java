package dev.discovery.server.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.reads.InstanceLists;

/**
 * The read side of the v1 API: the services and a service's instances, each answer stamped with the change index
 * it reflects.
 */
@RestController
@RequestMapping("/api/v1/services")
class ServiceController {

	private final Registry registry;

	private final InstanceLists answers;

	ServiceController(Registry registry, InstanceLists answers) {
		this.registry = registry;
		this.answers = answers;
	}

	/**
	 * The services with their instance counts. The list does not block: a Consul-style client sending
	 * {@code index} and {@code wait} would get the list at once, again and again, so such a query is refused with
	 * what to use instead.
	 */
	@GetMapping
	ResponseEntity<List<ServiceSummary>> services(@RequestParam(name = "index", required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String wait) {
		if (since != null || wait != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The list of services "
					+ "does not take 'index' or 'wait': it answers at once. To hear of new and removed services, watch "
					+ "them all (GET /api/v1/watch?services=*); a service's instances take a blocking query");
			problem.setTitle("Invalid watch request");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		long index = this.registry.index();
		return ResponseEntity.ok().header(Headers.INDEX, Long.toString(index)).body(this.registry.services());
	}

	/**
	 * A service's instances. A service with none (never registered, or its last instance left) is {@code 200 []}
	 * with the index like any other, so a blocking query can start on a service that does not exist yet. The
	 * {@code ReadFilter} answers most of these before Spring MVC; this mapping answers the rest alike.
	 */
	@GetMapping("/{service}/instances")
	void instances(@PathVariable String service, @RequestParam(defaultValue = "true") boolean passing,
			@RequestParam(required = false) @Nullable String view, @RequestParam(required = false) @Nullable String wait,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (wait != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Query parameter 'wait' "
					+ "needs 'index': a blocking query waits for a change after the X-Discovery-Index the caller has");
			problem.setTitle("Invalid watch request");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		boolean full = InstanceLists.full(view);
		this.answers.write(request, response, RegistrationValidator.serviceName(service), passing, full);
	}

}

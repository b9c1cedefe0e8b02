package dev.discovery.server.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * The read side of the v1 API: the services and a service's instances, each answer stamped with the change index
 * it reflects.
 */
@RestController
@RequestMapping("/api/v1/services")
class ServiceController {

	private static final byte[] EMPTY = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private final Registry registry;

	private final JsonMapper json;

	ServiceController(Registry registry, JsonMapper json) {
		this.registry = registry;
		this.json = json;
	}

	@GetMapping
	ResponseEntity<List<ServiceSummary>> services() {
		long index = this.registry.index();
		return ResponseEntity.ok().header(Headers.INDEX, Long.toString(index)).body(this.registry.services());
	}

	/**
	 * A service's instances. A service with none (never registered, or its last instance left) is {@code 200 []}
	 * with the index like any other, so a blocking query can start on a service that does not exist yet.
	 */
	@GetMapping("/{service}/instances")
	ResponseEntity<?> instances(@PathVariable String service, @RequestParam(defaultValue = "true") boolean passing,
			@RequestParam(required = false) @Nullable String wait) {
		if (wait != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Query parameter 'wait' "
					+ "needs 'index': a blocking query waits for a change after the X-Discovery-Index the caller has");
			problem.setTitle("Invalid watch request");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		// Read the index first: the list is then at least as new as the index it is sent with.
		long index = this.registry.index();
		String name = RegistrationValidator.serviceName(service);
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().header(Headers.INDEX, Long.toString(index));
		try {
			if (passing) {
				// The common read: rendered once per change to the service, not once per request.
				return ok.contentType(MediaType.APPLICATION_JSON)
					.body(this.registry.renderedPassing(name,
							(instances) -> this.json.writeValueAsBytes(views(instances))));
			}
			return ok.body(views(this.registry.instances(name, false)));
		}
		catch (ServiceNotFoundException ex) {
			return ok.contentType(MediaType.APPLICATION_JSON).body(EMPTY);
		}
	}

	private static List<InstanceView> views(List<RegisteredInstance> instances) {
		return instances.stream().map(RegisteredInstance::toView).toList();
	}

}

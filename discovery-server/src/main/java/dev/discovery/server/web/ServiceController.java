package dev.discovery.server.web;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

/**
 * The read side of the v1 API: the services and a service's instances, each answer stamped with the change index
 * it reflects.
 */
@RestController
@RequestMapping("/api/v1/services")
class ServiceController {

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

	@GetMapping("/{service}/instances")
	ResponseEntity<?> instances(@PathVariable String service, @RequestParam(defaultValue = "true") boolean passing) {
		// Read the index first: the list is then at least as new as the index it is sent with.
		long index = this.registry.index();
		String name = RegistrationValidator.serviceName(service);
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().header(Headers.INDEX, Long.toString(index));
		if (passing) {
			// The common read: rendered once per change to the service, not once per request.
			return ok.contentType(MediaType.APPLICATION_JSON)
				.body(this.registry.renderedPassing(name, (instances) -> this.json.writeValueAsBytes(views(instances))));
		}
		return ok.body(views(this.registry.instances(name, false)));
	}

	private static List<InstanceView> views(List<RegisteredInstance> instances) {
		return instances.stream().map(RegisteredInstance::toView).toList();
	}

}

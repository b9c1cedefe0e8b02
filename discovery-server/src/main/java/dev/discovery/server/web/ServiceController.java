package dev.discovery.server.web;

import java.util.List;

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

	ServiceController(Registry registry) {
		this.registry = registry;
	}

	@GetMapping
	ResponseEntity<List<ServiceSummary>> services() {
		long index = this.registry.index();
		return ResponseEntity.ok().header(Headers.INDEX, Long.toString(index)).body(this.registry.services());
	}

	@GetMapping("/{service}/instances")
	ResponseEntity<List<InstanceView>> instances(@PathVariable String service,
			@RequestParam(defaultValue = "true") boolean passing) {
		// Read the index first: the list is then at least as new as the index it is sent with.
		long index = this.registry.index();
		List<InstanceView> views = this.registry.instances(RegistrationValidator.serviceName(service), passing)
			.stream()
			.map(RegisteredInstance::toView)
			.toList();
		return ResponseEntity.ok().header(Headers.INDEX, Long.toString(index)).body(views);
	}

}

package dev.discovery.server.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.StatusUpdate;
import dev.discovery.server.health.AddressVerifier;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.InvalidRequestException.FieldError;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;

/**
 * The write side of the v1 API: register, heartbeat, status and deregister one instance.
 */
@RestController
@RequestMapping("/api/v1/services/{service}/instances/{instanceId}")
class InstanceController {

	private final Registry registry;

	private final RegistrationValidator validator;

	private final ObjectProvider<AddressVerifier> addressVerifier;

	InstanceController(Registry registry, RegistrationValidator validator,
			ObjectProvider<AddressVerifier> addressVerifier) {
		this.registry = registry;
		this.validator = validator;
		this.addressVerifier = addressVerifier;
	}

	@PutMapping
	ResponseEntity<InstanceView> register(@PathVariable String service, @PathVariable String instanceId,
			@RequestBody(required = false) @Nullable InstanceRegistration registration) {
		String name = RegistrationValidator.serviceName(service);
		String id = RegistrationValidator.instanceId(instanceId);
		InstanceSpec spec = this.validator.validate(registration);
		this.addressVerifier.ifAvailable((verifier) -> verifier.verify(spec));
		RegistryChange change = this.registry.register(name, id, spec);
		HttpStatus status = (change.kind() == RegistryChange.Kind.REGISTERED) ? HttpStatus.CREATED : HttpStatus.OK;
		return view(ResponseEntity.status(status), change.instance());
	}

	/**
	 * Renews a lease. The answer is the lease, not the whole instance: heartbeats are the registry's most frequent
	 * request, and the client needs only to know that it is still held, and in what state.
	 */
	@PutMapping("/heartbeat")
	ResponseEntity<LeaseView> heartbeat(@PathVariable String service, @PathVariable String instanceId) {
		RegisteredInstance renewed = this.registry.heartbeat(RegistrationValidator.serviceName(service),
				RegistrationValidator.instanceId(instanceId));
		return ResponseEntity.ok().header(Headers.INDEX, Long.toString(this.registry.index())).body(renewed.toLeaseView());
	}

	@PutMapping("/status")
	ResponseEntity<InstanceView> status(@PathVariable String service, @PathVariable String instanceId,
			@RequestBody(required = false) @Nullable StatusUpdate update) {
		String name = RegistrationValidator.serviceName(service);
		String id = RegistrationValidator.instanceId(instanceId);
		if (update == null || update.status() == null) {
			throw new InvalidRequestException(
					List.of(new FieldError("status", "is required: one of UP, OUT_OF_SERVICE, STARTING")),
					false);
		}
		return view(ResponseEntity.ok(), this.registry.setStatus(name, id, update.status()));
	}

	@DeleteMapping
	ResponseEntity<Void> deregister(@PathVariable String service, @PathVariable String instanceId) {
		RegistryChange change = this.registry.deregister(RegistrationValidator.serviceName(service),
				RegistrationValidator.instanceId(instanceId));
		return ResponseEntity.noContent().header(Headers.INDEX, Long.toString(change.index())).build();
	}

	private ResponseEntity<InstanceView> view(ResponseEntity.BodyBuilder builder, RegisteredInstance instance) {
		return builder.header(Headers.INDEX, Long.toString(this.registry.index())).body(instance.toView());
	}

}

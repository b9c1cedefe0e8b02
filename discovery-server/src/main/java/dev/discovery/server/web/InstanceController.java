package dev.discovery.server.web;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

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

	private final Supplier<@Nullable AddressVerifier> addressVerifier;

	InstanceController(Registry registry, RegistrationValidator validator,
			ObjectProvider<AddressVerifier> addressVerifier) {
		this.registry = registry;
		this.validator = validator;
		this.addressVerifier = AddressVerifier.once(addressVerifier);
	}

	@PutMapping
	ResponseEntity<InstanceView> register(@PathVariable String service, @PathVariable String instanceId,
			@RequestBody(required = false) @Nullable InstanceRegistration registration) {
		String name = RegistrationValidator.serviceName(service);
		String id = RegistrationValidator.instanceId(instanceId);
		InstanceSpec spec = this.validator.validate(registration);
		AddressVerifier verifier = this.addressVerifier.get();
		if (verifier != null) {
			verifier.verify(spec);
		}
		RegistryChange change = this.registry.register(name, id, spec);
		if (change.kind() == RegistryChange.Kind.REGISTERED) {
			URI location = UriComponentsBuilder.fromPath("/api/v1/services/{service}/instances/{instanceId}")
				.buildAndExpand(name, id)
				.encode()
				.toUri();
			return view(ResponseEntity.created(location), change.instance(), change.index());
		}
		return view(ResponseEntity.ok(), change.instance(), change.index());
	}

	/** One instance, passing or not: where {@code Location} of a registration points. */
	@GetMapping
	ResponseEntity<InstanceView> instance(@PathVariable String service, @PathVariable String instanceId) {
		long index = this.registry.index();
		RegisteredInstance instance = this.registry.instance(RegistrationValidator.serviceName(service),
				RegistrationValidator.instanceId(instanceId));
		return view(ResponseEntity.ok(), instance, index);
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
		RegisteredInstance updated = this.registry.setStatus(name, id, update.status());
		return view(ResponseEntity.ok(), updated, updated.index());
	}

	@DeleteMapping
	ResponseEntity<Void> deregister(@PathVariable String service, @PathVariable String instanceId) {
		RegistryChange change = this.registry.deregister(RegistrationValidator.serviceName(service),
				RegistrationValidator.instanceId(instanceId));
		return ResponseEntity.noContent().header(Headers.INDEX, Long.toString(change.index())).build();
	}

	private static ResponseEntity<InstanceView> view(ResponseEntity.BodyBuilder builder, RegisteredInstance instance,
			long index) {
		return builder.header(Headers.INDEX, Long.toString(index)).body(instance.toView());
	}

}

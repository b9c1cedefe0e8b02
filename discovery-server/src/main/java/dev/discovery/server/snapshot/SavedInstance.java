package dev.discovery.server.snapshot;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistrationValidator;

/**
 * An instance as saved on disk: its registration in wire form, so that loading it runs exactly the validation (and
 * the limits) a registration through the API runs. Every field may be missing or wrong in a damaged file.
 *
 * @param service the service name
 * @param id the instance id
 * @param registration what it registered with
 * @param status its status
 * @param health its health
 * @param healthOutput the last check's output
 * @param lastCheckAt when it was last checked
 * @param registeredAt when it registered
 * @param index the index of its last change
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SavedInstance(@Nullable String service, @Nullable String id, @Nullable InstanceRegistration registration,
		@Nullable InstanceStatus status, @Nullable HealthState health, @Nullable String healthOutput,
		@Nullable Instant lastCheckAt, @Nullable Instant registeredAt, long index) {

	private static final int MAX_OUTPUT = 1024;

	static SavedInstance of(RegisteredInstance instance) {
		InstanceSpec spec = instance.spec();
		InstanceRegistration registration = new InstanceRegistration(spec.host(), spec.port(), spec.secure(),
				spec.metadata(), spec.tags(), spec.zone(), spec.weight(), Durations.format(spec.leaseTtl()),
				spec.healthCheck(), spec.status());
		return new SavedInstance(instance.service(), instance.id(), registration, instance.status(), instance.health(),
				instance.healthOutput(), instance.lastCheckAt(), instance.registeredAt(), instance.index());
	}

	/** The key of an instance in saved state. */
	static String key(String service, String id) {
		return service + "/" + id;
	}

	/**
	 * The instance this entry describes, checked as the API checks a registration.
	 * @param validator the registry's validator
	 * @return the instance, its lease from {@code registeredAt} (the store renews it on start)
	 * @throws IllegalArgumentException naming what is wrong
	 */
	RegisteredInstance toInstance(RegistrationValidator validator) {
		if (this.service == null || this.id == null) {
			throw new IllegalArgumentException("no service name or instance id");
		}
		try {
			String name = RegistrationValidator.serviceName(this.service);
			String instanceId = RegistrationValidator.instanceId(this.id);
			InstanceSpec spec = validator.validate(this.registration);
			if (this.status == null || this.health == null || this.registeredAt == null || this.index < 0) {
				throw new IllegalArgumentException("status, health, registeredAt and index are required");
			}
			String output = (this.healthOutput != null && this.healthOutput.length() > MAX_OUTPUT)
					? this.healthOutput.substring(0, MAX_OUTPUT) : this.healthOutput;
			return new RegisteredInstance(name, instanceId, spec, this.status, this.health, output, this.lastCheckAt,
					this.registeredAt, this.registeredAt, this.index);
		}
		catch (InvalidRequestException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

}

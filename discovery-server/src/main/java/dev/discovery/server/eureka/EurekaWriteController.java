package dev.discovery.server.eureka;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.discovery.server.health.AddressVerifier;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.InvalidRequestException.FieldError;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * The writes a Eureka client makes: register, renew, cancel, status overrides and metadata updates. Renewals of an
 * unknown instance answer 404, which makes the client register again. Most renewals never get here:
 * {@link EurekaRenewFilter} answers them first.
 */
@RestController
@ConditionalOnBooleanProperty(name = "discovery.server.eureka.enabled", matchIfMissing = true)
@RequestMapping("/eureka/apps/{app}")
class EurekaWriteController {

	private final Registry registry;

	private final EurekaMapping mapping;

	private final EurekaJson json;

	private final Supplier<@Nullable AddressVerifier> addressVerifier;

	EurekaWriteController(Registry registry, EurekaMapping mapping, EurekaJson json,
			ObjectProvider<AddressVerifier> addressVerifier) {
		this.registry = registry;
		this.mapping = mapping;
		this.json = json;
		this.addressVerifier = AddressVerifier.once(addressVerifier);
	}

	/**
	 * Registers an instance. The body is read as a stream, after its type was checked: read through Spring MVC's
	 * converters, a form's body would be parsed into parameters first.
	 */
	@PostMapping({ "", "/" })
	ResponseEntity<Void> register(@PathVariable String app,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			InputStream content) throws HttpMediaTypeNotSupportedException, IOException {
		String service = EurekaIds.service(app);
		EurekaFormat format = EurekaFormat.sentAs(contentType);
		byte[] body = content.readAllBytes();
		if (body.length == 0) {
			throw EurekaJson.invalid("body", "a Eureka instance is required");
		}
		EurekaInstance instance = (format == EurekaFormat.XML) ? EurekaXml.readInstance(body)
				: this.json.readInstance(body);
		if (!instance.app().equalsIgnoreCase(app)) {
			throw new InvalidRequestException(List.of(new FieldError("app",
					"the instance's app '" + instance.app() + "' is not the application in the path")), true);
		}
		String id = EurekaIds.instanceId(instance.instanceId());
		RegisteredInstance held = held(service, id);
		if (held != null && !EurekaMapping.toEureka(held, "ADDED").instanceId().equals(instance.instanceId())) {
			throw EurekaJson.invalid("instanceId", "maps to the registry id '" + id
					+ "', which another instance holds; choose another instance id");
		}
		InstanceSpec spec = this.mapping.toSpec(instance, service, held);
		AddressVerifier verifier = this.addressVerifier.get();
		if (verifier != null) {
			verifier.verify(spec);
		}
		this.registry.register(service, id, spec);
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/{id}")
	ResponseEntity<Void> renew(@PathVariable String app, @PathVariable String id) {
		this.registry.heartbeat(EurekaIds.service(app), EurekaIds.instanceId(id));
		return ResponseEntity.ok().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> cancel(@PathVariable String app, @PathVariable String id) {
		this.registry.deregister(EurekaIds.service(app), EurekaIds.instanceId(id));
		return ResponseEntity.ok().build();
	}

	/** An operator's override: it outlives re-registrations of the instance until it is deleted. */
	@PutMapping("/{id}/status")
	ResponseEntity<Void> override(@PathVariable String app, @PathVariable String id,
			@RequestParam(name = "value", required = false) @Nullable String value) {
		EurekaStatus override = status(value, true);
		RegisteredInstance held = this.registry.instance(EurekaIds.service(app), EurekaIds.instanceId(id));
		EurekaStatus own = EurekaMapping.reported(held);
		InstanceSpec spec = this.mapping.changed(held, (metadata) -> {
			metadata.put(EurekaMapping.OVERRIDDEN_STATUS, override.name());
			marker(metadata, own);
			return metadata;
		}, EurekaMapping.registryStatus(EurekaMapping.effective(own, override)));
		this.registry.register(held.service(), held.id(), spec);
		return ResponseEntity.ok().build();
	}

	@DeleteMapping("/{id}/status")
	ResponseEntity<Void> deleteOverride(@PathVariable String app, @PathVariable String id,
			@RequestParam(name = "value", required = false) @Nullable String value) {
		RegisteredInstance held = this.registry.instance(EurekaIds.service(app), EurekaIds.instanceId(id));
		EurekaStatus own = (value != null) ? status(value, false) : EurekaMapping.reported(held);
		InstanceSpec spec = this.mapping.changed(held, (metadata) -> {
			metadata.remove(EurekaMapping.OVERRIDDEN_STATUS);
			marker(metadata, own);
			return metadata;
		}, EurekaMapping.registryStatus(own));
		this.registry.register(held.service(), held.id(), spec);
		return ResponseEntity.ok().build();
	}

	/** Adds or replaces metadata entries, one per query parameter. */
	@PutMapping("/{id}/metadata")
	ResponseEntity<Void> metadata(@PathVariable String app, @PathVariable String id,
			@RequestParam MultiValueMap<String, String> entries) {
		if (entries.isEmpty()) {
			throw EurekaJson.invalid("metadata", "give the entries as query parameters: ?key=value");
		}
		RegisteredInstance held = this.registry.instance(EurekaIds.service(app), EurekaIds.instanceId(id));
		InstanceSpec spec = this.mapping.changed(held, (metadata) -> {
			for (Map.Entry<String, List<String>> entry : entries.entrySet()) {
				if (!entry.getKey().startsWith(EurekaMapping.PREFIX)) {
					metadata.put(entry.getKey(), entry.getValue().get(entry.getValue().size() - 1));
				}
			}
			return metadata;
		}, held.status());
		this.registry.register(held.service(), held.id(), spec);
		return ResponseEntity.ok().build();
	}

	private static void marker(Map<String, String> metadata, EurekaStatus own) {
		if (own == EurekaStatus.UP) {
			metadata.remove(EurekaMapping.STATUS);
		}
		else {
			metadata.put(EurekaMapping.STATUS, own.name());
		}
	}

	private static EurekaStatus status(@Nullable String value, boolean required) {
		EurekaStatus status = EurekaStatus.parse(value, EurekaStatus.UNKNOWN);
		String problem = null;
		if (value == null && required) {
			problem = "is required";
		}
		else if (status == EurekaStatus.UNKNOWN && value != null && !value.trim().equalsIgnoreCase("UNKNOWN")) {
			problem = "'" + value + "' is not a status";
		}
		if (problem != null) {
			String message = problem + ": use one of UP, DOWN, STARTING, OUT_OF_SERVICE, UNKNOWN";
			ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "value: " + message);
			detail.setTitle("Invalid status");
			detail.setProperty("errors", List.of(new FieldError("value", message)));
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, detail, null);
		}
		return status;
	}

	private @Nullable RegisteredInstance held(String service, String id) {
		try {
			return this.registry.instance(service, id);
		}
		catch (InstanceNotFoundException | ServiceNotFoundException ex) {
			return null;
		}
	}

}

package dev.discovery.client.registry;

import java.net.URI;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Observations named {@value #NAME}, shown in traces as {@code discovery <operation>}. Low-cardinality keys (also
 * tags of the timer Micrometer derives): {@code operation}, {@code outcome} ({@code SUCCESS}, {@code CLIENT_ERROR},
 * {@code SERVER_ERROR}, {@code UNREACHABLE}, or {@code NONE} when no attempt ended) and {@code registry} (the
 * registry URL of the last attempt). High-cardinality keys (traces only): {@code service} and {@code instance.id}
 * when the operation is about one, and {@code attempts}.
 */
public class DefaultRegistryObservationConvention implements RegistryObservationConvention {

	/** The observation's name. */
	public static final String NAME = "discovery.client.registry.calls";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(RegistryObservationContext context) {
		return "discovery " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RegistryObservationContext context) {
		String outcome = context.getOutcome();
		URI registry = context.getRegistryUrl();
		return KeyValues.of(KeyValue.of("operation", context.getOperation()),
				KeyValue.of("outcome", (outcome != null) ? outcome : "NONE"),
				KeyValue.of("registry", (registry != null) ? registry.toString() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(RegistryObservationContext context) {
		KeyValues values = KeyValues.of(KeyValue.of("attempts", Integer.toString(context.getAttempts())));
		if (context.getService() != null) {
			values = values.and("service", context.getService());
		}
		if (context.getInstanceId() != null) {
			values = values.and("instance.id", context.getInstanceId());
		}
		return values;
	}

}

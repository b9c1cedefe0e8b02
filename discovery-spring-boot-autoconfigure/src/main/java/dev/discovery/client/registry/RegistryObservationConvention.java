package dev.discovery.client.registry;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of registry operations. Declare a bean of this type to replace
 * {@link DefaultRegistryObservationConvention}, or extend that one.
 */
public interface RegistryObservationConvention extends ObservationConvention<RegistryObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RegistryObservationContext;
	}

}

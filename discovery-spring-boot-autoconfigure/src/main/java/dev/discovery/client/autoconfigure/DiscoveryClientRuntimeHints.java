package dev.discovery.client.autoconfigure;

import java.util.List;

import dev.discovery.client.discovery.DiscoveryServiceInstance;
import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;
import dev.discovery.protocol.PropagationReport;
import dev.discovery.protocol.ServiceSummary;
import dev.discovery.protocol.StatusUpdate;
import dev.discovery.protocol.WatchApplied;
import dev.discovery.protocol.WatchChange;
import dev.discovery.protocol.WatchDelivery;
import dev.discovery.protocol.WatchSnapshot;
import dev.discovery.protocol.WatchSubscription;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.cloud.commons.util.InetUtilsProperties;
import org.springframework.http.ProblemDetail;

/**
 * What the client reaches by reflection, for AOT processing and native images: the wire records and enums Jackson
 * writes and reads, the registry's problem details, the service instances applications often write as JSON, and
 * the properties bound by the binder (also
 * {@code spring.cloud.inetutils.*}, bound by hand when Spring Cloud's bean is off). Registered in
 * {@code META-INF/spring/aot.factories}; a guard test checks that every wire type and properties class is here.
 */
public class DiscoveryClientRuntimeHints implements RuntimeHintsRegistrar {

	/** The wire types of the v1 API and the watch. */
	static final List<Class<?>> WIRE_TYPES = List.of(HealthCheckSpec.class, HealthCheckType.class,
			HealthState.class, InstanceRegistration.class, InstanceStatus.class, InstanceView.class, LeaseView.class,
			PropagationReport.class, ServiceSummary.class, StatusUpdate.class, WatchApplied.class, WatchChange.class,
			WatchDelivery.class, WatchSnapshot.class, WatchSubscription.class, ProblemDetail.class);

	/** What applications get from the discovery clients and commonly write as JSON themselves. */
	static final List<Class<?>> VALUES = List.of(DiscoveryServiceInstance.class);

	/** The classes the binder fills. */
	static final List<Class<?>> PROPERTIES = List.of(DiscoveryProperties.class, WatchProperties.class,
			DiscoveryLoadBalancerProperties.class, InetUtilsProperties.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		binding.registerReflectionHints(hints.reflection(), WIRE_TYPES.toArray(Class<?>[]::new));
		binding.registerReflectionHints(hints.reflection(), PROPERTIES.toArray(Class<?>[]::new));
		binding.registerReflectionHints(hints.reflection(), VALUES.toArray(Class<?>[]::new));
	}

}

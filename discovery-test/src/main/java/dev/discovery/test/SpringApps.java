package dev.discovery.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationContext;

import dev.discovery.protocol.InstanceView;

/**
 * What the kit asks an application that runs the starter: its registration, its view, its LoadBalancer's choice.
 * Kept apart from {@link TestRegistry} so that plain JUnit tests never load Spring classes.
 */
final class SpringApps {

	private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

	private SpringApps() {
	}

	static InstanceView awaitRegistered(TestRegistry registry, ApplicationContext application, Duration timeout) {
		Registration registration = application.getBean(Registration.class);
		return registry.awaitRegistered(registration.getServiceId(), registration.getInstanceId(), timeout);
	}

	/** The application's instance as the registry holds it, once it has registered. */
	static InstanceView instance(TestRegistry registry, ApplicationContext application) {
		Registration registration = application.getBean(Registration.class);
		long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
		InstanceView instance = registry.instance(registration.getServiceId(), registration.getInstanceId());
		while (instance == null && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			instance = registry.instance(registration.getServiceId(), registration.getInstanceId());
		}
		if (instance == null) {
			throw new AssertionError(registration.getServiceId() + "/" + registration.getInstanceId()
					+ " did not register within " + DEFAULT_WAIT);
		}
		return instance;
	}

	/**
	 * What the application's LoadBalancer chooses, once its view matches the registry. A choice of an instance the
	 * registry no longer offers is retried until the timeout: LoadBalancer's cache is cleared just after the view
	 * changes, and a LoadBalancer that keeps choosing it is a failure worth reporting.
	 */
	static List<@Nullable String> choices(TestRegistry registry, ApplicationContext application, String service,
			int calls, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		DiscoveryClient discovery = application.getBean(DiscoveryClient.class);
		LoadBalancerClient loadBalancer = application.getBean(LoadBalancerClient.class);
		while (true) {
			Set<String> offered = awaitInSync(registry, discovery, service, deadline);
			List<@Nullable String> chosen = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				ServiceInstance instance = loadBalancer.choose(service);
				chosen.add((instance != null) ? instance.getInstanceId() : null);
			}
			boolean current = chosen.stream().allMatch((id) -> (id == null) ? offered.isEmpty() : offered.contains(id));
			if (current) {
				return chosen;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("The application's LoadBalancer chose " + chosen + " for " + service
						+ " but the registry offers " + offered);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	/**
	 * Waits until the application's pushed view of a service lists what the registry offers callers.
	 * @return the instance ids offered
	 */
	private static Set<String> awaitInSync(TestRegistry registry, DiscoveryClient discovery, String service,
			long deadline) {
		while (true) {
			Set<String> offered = ids(registry.instances(service).stream().map(InstanceView::instanceId).toList());
			Set<String> seen = ids(discovery.getInstances(service).stream().map(ServiceInstance::getInstanceId).toList());
			if (seen.equals(offered)) {
				return offered;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("The application's view of " + service + " lists " + seen
						+ " but the registry offers " + offered);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	private static Set<String> ids(List<String> ids) {
		return new TreeSet<>(ids);
	}

}
